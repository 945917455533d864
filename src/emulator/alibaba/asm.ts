/**
 * Alibaba ASM `DescribeServiceMeshProxyStatus` (RPC, version 2020-01-11, POST form body or GET query on `/`).
 * Meshes exist only once the admin API has seeded them; their proxy status can change after N further reads.
 * Every field of the answer is a string, `Success` included.
 */
import { z } from "zod";
import { parseAdmin, queryValue, Route, ServiceFactory, ServiceRequest } from "../service";
import { countRead, emptySchedule, Schedule, scheduleChanges } from "../transitions";
import { AlibabaError } from "./errors";

// --- Errors (of the Alibaba table)

const meshNotFound = (id: string) => new AlibabaError("ServiceMesh.NotFound", [id]);
const missingParameter = (name: string) => new AlibabaError("InvalidParameter.NotEmpty", [name]);

// --- Schemas

export const ProxyStatusSchema = z.object({
  ProxyId: z.string(),
  ProxyVersion: z.string().default(""),
  IstioVersion: z.string().default(""),
  ClusterSynced: z.string().default("SYNCED"),
  ListenerSynced: z.string().default("SYNCED"),
  RouteSynced: z.string().default("SYNCED"),
  EndpointSynced: z.string().default("SYNCED"),
  EndpointPercent: z.string().default("1"),
});
export type ProxyStatus = z.infer<typeof ProxyStatusSchema>;

/** What a read answers besides the proxies: `Code` "200", or "403"/"503" as the docs list. */
const MeshAnswerSchema = z.object({
  ProxyStatus: z.array(ProxyStatusSchema).optional(),
  Code: z.string().optional(),
  Message: z.string().optional(),
  Success: z.string().optional(),
  /** HTTP status for the answer (default 200, whatever `Code` says). */
  httpStatus: z.number().int().min(200).max(599).optional(),
});

/** Admin body: `{ProxyStatus, Code?, then?: [{afterReads, ProxyStatus?, Code?}]}`. */
export const MeshSeedSchema = MeshAnswerSchema.extend({
  then: z.array(MeshAnswerSchema.extend({ afterReads: z.number().int().min(0) })).optional(),
});
export type MeshSeed = z.infer<typeof MeshSeedSchema>;
type MeshAnswer = z.infer<typeof MeshAnswerSchema>;

// --- State

interface StoredMesh {
  answer: Required<Omit<MeshAnswer, "httpStatus">> & { httpStatus: number };
  schedule: Schedule<MeshAnswer>;
}

export interface ProxyStatusSnapshot {
  meshes: Record<string, StoredMesh>;
}

const CODE_MESSAGES: Record<string, string> = {
  "200": "success",
  "403": "You are not authorized to perform this operation.",
  "503": "A backend server error occurs.",
};

function merge(base: StoredMesh["answer"] | undefined, change: MeshAnswer): StoredMesh["answer"] {
  const code = change.Code ?? (change.ProxyStatus ? "200" : (base?.Code ?? "200"));
  return {
    ProxyStatus: change.ProxyStatus ?? base?.ProxyStatus ?? [],
    Code: code,
    Message: change.Message ?? CODE_MESSAGES[code] ?? "",
    Success: change.Success ?? (code === "200" ? "success" : "false"),
    httpStatus: change.httpStatus ?? 200,
  };
}

export class ProxyStatusState {
  private meshes = new Map<string, StoredMesh>();

  describeServiceMeshProxyStatus(serviceMeshId: string): StoredMesh["answer"] {
    const mesh = this.meshes.get(serviceMeshId);
    if (!mesh) throw meshNotFound(serviceMeshId);
    for (const change of countRead(mesh.schedule)) mesh.answer = merge(mesh.answer, change);
    return mesh.answer;
  }

  /** Admin: sets the mesh's answer now and queues the `then` steps. */
  seedMesh(serviceMeshId: string, seed: MeshSeed): void {
    const { then, ...now } = seed;
    const mesh: StoredMesh = { answer: merge(undefined, now), schedule: emptySchedule() };
    scheduleChanges(
      mesh.schedule,
      (then ?? []).map(({ afterReads, ...change }) => ({ afterReads, change })),
    );
    this.meshes.set(serviceMeshId, mesh);
  }

  snapshot(): ProxyStatusSnapshot {
    return { meshes: Object.fromEntries(this.meshes) };
  }

  restore(snapshot: ProxyStatusSnapshot | undefined): void {
    this.meshes = new Map(Object.entries(snapshot?.meshes ?? {}));
  }
}

// --- Routes

/** RPC parameters: query string plus, for POST, the form body (both accepted). */
function serviceMeshId(request: ServiceRequest): string {
  const id = queryValue(request.query, "ServiceMeshId");
  if (!id) throw missingParameter("ServiceMeshId");
  return id;
}

function routes(state: ProxyStatusState): Route[] {
  const describe = (r: ServiceRequest) => {
    const { httpStatus, ...answer } = state.describeServiceMeshProxyStatus(serviceMeshId(r));
    return {
      status: httpStatus,
      body: {
        Message: answer.Message,
        RequestId: r.requestId,
        ProxyStatus: answer.ProxyStatus,
        Code: answer.Code,
        Success: answer.Success,
      },
    };
  };
  return ["POST", "GET"].map((method) => ({
    method,
    path: "/",
    action: "DescribeServiceMeshProxyStatus",
    rpc: true,
    handle: describe,
  }));
}

// --- Admin and seed

/** Seed section `{meshes?: {id: {ProxyStatus, then?}}}`. */
const SeedSchema = z.object({ meshes: z.record(z.unknown()).optional() }).strict();

export const alibabaAsmService: ServiceFactory = () => {
  const state = new ProxyStatusState();
  return {
    id: "alibaba-asm",
    cloud: "alibaba",
    product: "servicemesh",
    routes: routes(state),
    adminRoutes: [
      [
        "PUT",
        /^\/meshes\/([^/]+)$/,
        ([id], b) => (state.seedMesh(id!, parseAdmin(MeshSeedSchema, b)), { status: 200, body: { ServiceMeshId: id } }),
      ],
    ],
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot as ProxyStatusSnapshot | undefined),
    seed: (section) => {
      for (const [id, mesh] of Object.entries(parseAdmin(SeedSchema, section).meshes ?? {})) {
        state.seedMesh(id, parseAdmin(MeshSeedSchema, mesh));
      }
    },
  };
};
