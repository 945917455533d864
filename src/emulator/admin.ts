/**
 * The admin API under `/_emulator/` (never signed, JSON in and out): reset, state dump, request log, faults,
 * rate limit, and seeding or nudging the emulated clouds the way a test or a console user would. Seed files
 * use the same bodies (see `applySeed`).
 */
import { z } from "zod";
import { GreyTagRouteSeedSchema, GreyTagRouteState } from "./alibaba/sae";
import { MeshSeedSchema, ProxyStatusState } from "./alibaba/asm";
import { FaultSpecSchema, FaultTable, RateLimiter } from "./faults";
import { MeshUpgradeAdvanceSchema, MeshUpgradeBodySchema, MeshUpgradeState } from "./huawei/asm";
import { consoleEditBody, renderChannel } from "./huawei/apig/render";
import { parseApigBody } from "./huawei/apig/routes";
import { VpcCreateSchema } from "./huawei/apig/schemas";
import { VpcChannelState } from "./huawei/apig/state";
import { ServiceResponse } from "./router";

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
  apig: VpcChannelState;
  huaweiAsm: MeshUpgradeState;
  sae: GreyTagRouteState;
  alibabaAsm: ProxyStatusState;
  faults: FaultTable;
  rateLimiter: RateLimiter;
  requests: RequestLogEntry[];
  reset(): void;
  snapshot(): unknown;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AdminError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return parsed.data;
}

// --- Seeds

const ApigSeedChannelSchema = z
  .object({
    instance_id: z.string().min(1),
    project_id: z.string().optional(),
    in_use_apis: z.number().int().min(0).optional(),
  })
  .passthrough();

export const SeedSchema = z.object({
  huawei: z
    .object({
      apig: z
        .object({ quota: z.number().int().min(0).optional(), vpcChannels: z.array(ApigSeedChannelSchema).optional() })
        .optional(),
      asm: z.object({ meshUpgrades: z.array(z.unknown()).optional() }).optional(),
    })
    .optional(),
  alibaba: z
    .object({
      sae: z.object({ greyTagRoutes: z.array(z.unknown()).optional() }).optional(),
      asm: z.object({ meshes: z.record(z.unknown()).optional() }).optional(),
    })
    .optional(),
});

function seedChannel(target: AdminTarget, raw: unknown) {
  const { instance_id, project_id, in_use_apis, ...body } = parse(ApigSeedChannelSchema, raw);
  const channel = target.apig.createVpcChannel(
    { projectId: project_id ?? "", instanceId: instance_id },
    parseApigBody(VpcCreateSchema, body),
  );
  if (in_use_apis) target.apig.setInUse(channel.id, in_use_apis);
  return target.apig.findVpcChannel(channel.id)!;
}

/** Fixtures: `{huawei: {apig: {quota?, vpcChannels: [create body + instance_id]}, asm: {meshUpgrades: [task]}},
 *  alibaba: {sae: {greyTagRoutes: [Describe Data + AppId]}, asm: {meshes: {id: {ProxyStatus, then?}}}}}`. */
export function applySeed(target: AdminTarget, raw: unknown): void {
  const seed = parse(SeedSchema, raw);
  if (seed.huawei?.apig?.quota !== undefined) target.apig.setQuota(seed.huawei.apig.quota);
  for (const channel of seed.huawei?.apig?.vpcChannels ?? []) seedChannel(target, channel);
  for (const task of seed.huawei?.asm?.meshUpgrades ?? []) {
    target.huaweiAsm.seedMeshUpgrade(parse(MeshUpgradeBodySchema, task));
  }
  for (const route of seed.alibaba?.sae?.greyTagRoutes ?? []) {
    target.sae.seedGreyTagRoute(parse(GreyTagRouteSeedSchema, route));
  }
  for (const [id, mesh] of Object.entries(seed.alibaba?.asm?.meshes ?? {})) {
    target.alibabaAsm.seedMesh(id, parse(MeshSeedSchema, mesh));
  }
}

// --- Routes

type AdminHandler = (target: AdminTarget, params: string[], body: unknown) => ServiceResponse;

const ok = (body: unknown = { ok: true }, status = 200): ServiceResponse => ({ status, body });

const ROUTES: Array<[method: string, pattern: RegExp, handler: AdminHandler]> = [
  ["GET", /^\/health$/, () => ok()],
  ["POST", /^\/reset$/, (t) => (t.reset(), ok())],
  ["GET", /^\/state$/, (t) => ok(t.snapshot())],
  ["GET", /^\/requests$/, (t) => ok({ requests: t.requests })],
  ["DELETE", /^\/requests$/, (t) => ((t.requests.length = 0), ok())],
  ["GET", /^\/faults$/, (t) => ok({ faults: t.faults.list() })],
  ["POST", /^\/faults$/, (t, _p, b) => ok(t.faults.add(parse(FaultSpecSchema, b)), 201)],
  ["DELETE", /^\/faults$/, (t) => (t.faults.clear(), ok())],
  [
    "PUT",
    /^\/rate-limit$/,
    (t, _p, b) => {
      const { perSecond } = parse(z.object({ perSecond: z.number().int().min(0).nullable() }), b);
      t.rateLimiter.perSecond = perSecond ?? undefined;
      return ok({ perSecond: t.rateLimiter.perSecond ?? null });
    },
  ],
  [
    "PUT",
    /^\/alibaba\/asm\/meshes\/([^/]+)$/,
    (t, [id], b) => (t.alibabaAsm.seedMesh(id!, parse(MeshSeedSchema, b)), ok({ ServiceMeshId: id })),
  ],
  [
    "POST",
    /^\/alibaba\/sae\/grey-tag-routes$/,
    (t, _p, b) => ok(t.sae.seedGreyTagRoute(parse(GreyTagRouteSeedSchema, b)), 201),
  ],
  [
    "POST",
    /^\/huawei\/asm\/mesh-upgrade$/,
    (t, _p, b) => ok(t.huaweiAsm.seedMeshUpgrade(parse(MeshUpgradeBodySchema, b)), 201),
  ],
  [
    "POST",
    /^\/huawei\/asm\/mesh-upgrade\/([^/]+)\/advance$/,
    (t, [id], b) => {
      if (!t.huaweiAsm.advance(id!, parse(MeshUpgradeAdvanceSchema, b))) throw new AdminError(404, `no task ${id}`);
      return ok();
    },
  ],
  ["POST", /^\/huawei\/apig\/vpc-channels$/, (t, _p, b) => ok(renderChannel(seedChannel(t, b)), 201)],
  [
    "PUT",
    /^\/huawei\/apig\/quota$/,
    (t, _p, b) => {
      const { vpcChannels } = parse(z.object({ vpcChannels: z.number().int().min(0) }), b);
      t.apig.setQuota(vpcChannels);
      return ok({ vpcChannels });
    },
  ],
  [
    "POST",
    /^\/huawei\/apig\/vpc-channels\/([^/]+)\/console-edit$/,
    (t, [id], b) => {
      const channel = t.apig.findVpcChannel(id!);
      if (!channel) throw new AdminError(404, `no VPC channel ${id}`);
      const patch = parse(z.record(z.unknown()), b);
      const body = parseApigBody(VpcCreateSchema, consoleEditBody(channel, patch));
      return ok(renderChannel(t.apig.updateVpcChannel(channel.instance_id, channel.id, body)));
    },
  ],
  [
    "PUT",
    /^\/huawei\/apig\/vpc-channels\/([^/]+)\/in-use$/,
    (t, [id], b) => {
      const { apis } = parse(z.object({ apis: z.number().int().min(0) }), b);
      if (!t.apig.findVpcChannel(id!)) throw new AdminError(404, `no VPC channel ${id}`);
      t.apig.setInUse(id!, apis);
      return ok({ id, apis });
    },
  ],
];

/** Answers an admin call; `path` is what follows `/_emulator`. Cloud errors thrown by the states pass through. */
export function handleAdmin(target: AdminTarget, method: string, path: string, rawBody: string): ServiceResponse {
  let body: unknown = {};
  try {
    if (rawBody.trim() !== "") body = JSON.parse(rawBody);
  } catch {
    return ok({ error: "the body is not valid JSON" }, 400);
  }
  for (const [m, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (m !== method || !match) continue;
    try {
      return handler(target, match.slice(1), body);
    } catch (e) {
      if (e instanceof AdminError) return ok({ error: e.message }, e.status);
      throw e;
    }
  }
  return ok({ error: `no admin route ${method} /_emulator${path}` }, 404);
}
