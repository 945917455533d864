/**
 * The admin API under `/_emulator/` (never signed, JSON in and out): reset, state dump, request log, faults and
 * rate limit here; seeding and nudging each cloud service under `/_emulator/<cloud>/<service>/…`, by the routes
 * the service brings. Seed files hold the same bodies, one section per service (see `applySeed`).
 */
import { z } from "zod";
import { FaultSpecSchema, FaultTable, RateLimiter } from "./faults";
import { AdminError, EmulatedService, parseAdmin, ServiceResponse } from "./service";

export interface RequestLogEntry {
  method: string;
  path: string;
  service: string;
  action: string;
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number;
  at: string;
  requestId: string;
}

/** What the admin API reaches into (implemented by the server). */
export interface AdminTarget {
  services: readonly EmulatedService[];
  faults: FaultTable;
  rateLimiter: RateLimiter;
  requests: RequestLogEntry[];
  reset(): void;
  snapshot(): unknown;
}

/** Fixtures: `{<cloud>: {<service>: section}}`, e.g. `{huawei: {apig: {vpcChannels: […]}}}`; each service reads its own. */
export function applySeed(target: AdminTarget, raw: unknown): void {
  const seed = parseAdmin(z.record(z.record(z.unknown())), raw);
  for (const [cloud, sections] of Object.entries(seed)) {
    for (const [name, section] of Object.entries(sections)) {
      const service = target.services.find((s) => s.id === `${cloud}-${name}`);
      if (!service) throw new AdminError(400, `${cloud}.${name}: no emulated service of that name`);
      service.seed(section);
    }
  }
}

type AdminHandler = (target: AdminTarget, body: unknown) => ServiceResponse;

const ok = (body: unknown = { ok: true }, status = 200): ServiceResponse => ({ status, body });

const ROUTES: Array<[method: string, path: string, handler: AdminHandler]> = [
  ["GET", "/health", () => ok()],
  ["POST", "/reset", (t) => (t.reset(), ok())],
  ["GET", "/state", (t) => ok(t.snapshot())],
  ["GET", "/requests", (t) => ok({ requests: t.requests })],
  ["DELETE", "/requests", (t) => ((t.requests.length = 0), ok())],
  ["GET", "/faults", (t) => ok({ faults: t.faults.list() })],
  ["POST", "/faults", (t, b) => ok(t.faults.add(parseAdmin(FaultSpecSchema, b)), 201)],
  ["DELETE", "/faults", (t) => (t.faults.clear(), ok())],
  [
    "PUT",
    "/rate-limit",
    (t, b) => {
      const { perSecond } = parseAdmin(z.object({ perSecond: z.number().int().min(0).nullable() }), b);
      t.rateLimiter.perSecond = perSecond ?? undefined;
      return ok({ perSecond: t.rateLimiter.perSecond ?? null });
    },
  ],
];

function route(target: AdminTarget, method: string, path: string, body: unknown): ServiceResponse | undefined {
  for (const [m, p, handler] of ROUTES) if (m === method && p === path) return handler(target, body);
  const scoped = /^\/([a-z]+)\/([a-z]+)(\/.*)$/.exec(path);
  const service = scoped && target.services.find((s) => s.id === `${scoped[1]}-${scoped[2]}`);
  for (const [m, pattern, handle] of service?.adminRoutes ?? []) {
    const match = m === method ? pattern.exec(scoped![3]!) : null;
    if (match) return handle(match.slice(1), body);
  }
  return undefined;
}

/** Answers an admin call; `path` is what follows `/_emulator`. Cloud errors thrown by the services pass through. */
export function handleAdmin(target: AdminTarget, method: string, path: string, rawBody: string): ServiceResponse {
  let body: unknown = {};
  try {
    if (rawBody.trim() !== "") body = JSON.parse(rawBody);
  } catch {
    return ok({ error: "the body is not valid JSON" }, 400);
  }
  try {
    return route(target, method, path, body) ?? ok({ error: `no admin route ${method} /_emulator${path}` }, 404);
  } catch (e) {
    if (e instanceof AdminError) return ok({ error: e.message }, e.status);
    throw e;
  }
}
