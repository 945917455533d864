/**
 * What every emulated service shares: the request a handler sees, the answer it returns, and the route table
 * matching. Services never touch node:http; the server turns these plain values into wire traffic.
 */
import { QueryPairs } from "../signing/encoding";

export type CloudId = "huawei" | "alibaba";
export type ServiceId = "huawei-apig" | "huawei-asm" | "alibaba-sae" | "alibaba-asm";

/** A request after parsing: decoded path, query pairs, lower-case header names, exact body text. */
export interface ServiceRequest {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: QueryPairs;
  headers: Readonly<Record<string, string>>;
  body: string;
  now: Date;
  requestId: string;
}

export interface ServiceResponse {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
}

export interface Route {
  method: string;
  /** Path template, `{name}` matching one non-empty segment. */
  path: string;
  /** API operation name, as the cloud's reference spells it (used by the request log and fault matching). */
  action: string;
  /** RPC style: the operation is named by `x-acs-action` (or `Action`), not by the path. */
  rpc?: boolean;
  handle(request: ServiceRequest): ServiceResponse;
}

export interface Service {
  id: ServiceId;
  cloud: CloudId;
  routes: readonly Route[];
}

export interface RouteMatch {
  service: Service;
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
  services: readonly Service[],
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

/** The first value of a query parameter. */
export function queryValue(query: QueryPairs, name: string): string | undefined {
  return query.find(([k]) => k === name)?.[1];
}
