/** Route matching: method + path template, or `x-acs-action` for RPC routes. */
import type { EmulatedService, Route } from "./service";

export interface RouteMatch {
  service: EmulatedService;
  route: Route;
  params: Record<string, string>;
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith("{") && w.endsWith("}")) {
      if (g === "") return undefined;
      params[w.slice(1, -1)] = g;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a request; `rpcAction` is the `x-acs-action` header (or `Action` parameter). */
export function matchRoute(
  services: readonly EmulatedService[],
  method: string,
  path: string,
  rpcAction: string | undefined,
): RouteMatch | undefined {
  for (const service of services) {
    for (const route of service.routes) {
      if (route.method !== method) continue;
      if (route.rpc && route.action !== rpcAction) continue;
      const params = matchTemplate(route.path, path);
      if (params) return { service, route, params };
    }
  }
  return undefined;
}
