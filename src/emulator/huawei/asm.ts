/**
 * Huawei ASM mesh canary-upgrade tasks (`/v1/{project_id}/mesh-upgrade[/{id}]`): Create, Get (Show), Update,
 * Delete, as in the ASM API reference "Mesh Upgrade" section. Step names, phases and states are free text in
 * the docs; tests move a task along through the admin API ("advance after N reads").
 */
import { z } from "zod";
import { AdminError, AdminRoute, parseAdmin, parseJson, Route, ServiceFactory, ServiceRequest } from "../service";
import { countRead, emptySchedule, Schedule, scheduleChanges } from "../transitions";
import { HuaweiError } from "./errors";

// --- Errors (ASM codes of the Huawei table in errors.ts)

function notFound(id: string): HuaweiError {
  return new HuaweiError("ASM.01010002", `mesh upgrade task ${id} does not exist`);
}

function invalid(what: string): HuaweiError {
  return new HuaweiError("ASM.01010001", what);
}

// --- Schemas

const StepSchema = z.object({ name: z.string().optional(), action: z.string().optional() });

export const MeshUpgradeBodySchema = z.object({
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  /** `uid` is honoured only when seeding through the admin API (fixtures with a known task id). */
  metadata: z.object({
    name: z.string().min(1),
    uid: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/)
      .optional(),
  }),
  spec: z.object({
    meshId: z.string().min(1),
    upgradeStrategy: z.string().optional(),
    targetVersion: z.string().optional(),
    targetType: z.string().optional(),
    currentStep: StepSchema.optional(),
  }),
  /** Honoured only when seeding through the admin API; the service computes status itself. */
  status: z
    .object({
      state: z.string().optional(),
      currentStep: z.object({ id: z.string().optional(), phase: z.string().optional() }).optional(),
    })
    .optional(),
});
export type MeshUpgradeBody = z.infer<typeof MeshUpgradeBodySchema>;

export const MeshUpgradeAdvanceSchema = z.object({
  state: z.string().optional(),
  phase: z.string().optional(),
  stepName: z.string().optional(),
  afterReads: z.number().int().min(0).optional(),
});
export type MeshUpgradeAdvance = z.infer<typeof MeshUpgradeAdvanceSchema>;

// --- State

export interface MeshUpgradeTask {
  kind: "MeshUpgrade";
  apiVersion: "v1";
  metadata: { name: string; uid: string; creationTimestamp: string };
  spec: {
    meshId: string;
    upgradeStrategy: string;
    targetVersion: string;
    targetType: string;
    currentStep: { name: string; action: string };
  };
  status: { state: string; currentStep: { id: string; phase: string; startTime: string }; updatedAt: string };
}

interface StoredTask {
  /** Undefined for admin-seeded tasks, which answer under any project. */
  projectId?: string;
  task: MeshUpgradeTask;
  schedule: Schedule<Omit<MeshUpgradeAdvance, "afterReads">>;
}

export interface MeshUpgradeSnapshot {
  tasks: StoredTask[];
}

/** Defaults for what the docs leave open: a new task starts at a pre-check step, running. */
export const INITIAL_STEP = "precheck";
export const INITIAL_STATE = "Running";

const timestamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, "Z");

export class MeshUpgradeState {
  private tasks = new Map<string, StoredTask>();

  constructor(private readonly clock: { now(): Date; newId(): string }) {}

  createMeshUpgrade(projectId: string | undefined, body: MeshUpgradeBody, uid = this.clock.newId()): MeshUpgradeTask {
    const now = timestamp(this.clock.now());
    const stepName = body.spec.currentStep?.name ?? INITIAL_STEP;
    const task: MeshUpgradeTask = {
      kind: "MeshUpgrade",
      apiVersion: "v1",
      metadata: { name: body.metadata.name, uid, creationTimestamp: now },
      spec: {
        meshId: body.spec.meshId,
        upgradeStrategy: body.spec.upgradeStrategy ?? "",
        targetVersion: body.spec.targetVersion ?? "",
        targetType: body.spec.targetType ?? "",
        currentStep: { name: stepName, action: body.spec.currentStep?.action ?? "" },
      },
      status: {
        state: INITIAL_STATE,
        currentStep: { id: stepName, phase: INITIAL_STATE, startTime: now },
        updatedAt: now,
      },
    };
    this.tasks.set(task.metadata.uid, { projectId, task, schedule: emptySchedule() });
    return task;
  }

  /** Admin: a task visible under every project, starting from the body's status when given. */
  seedMeshUpgrade(body: MeshUpgradeBody): MeshUpgradeTask {
    const task = this.createMeshUpgrade(undefined, body, body.metadata.uid);
    task.status.state = body.status?.state ?? task.status.state;
    task.status.currentStep.id = body.status?.currentStep?.id ?? task.status.currentStep.id;
    task.status.currentStep.phase = body.status?.currentStep?.phase ?? task.status.currentStep.phase;
    return task;
  }

  /** A read: applies the advances that became due, then answers. */
  showMeshUpgrade(projectId: string, id: string): MeshUpgradeTask {
    const stored = this.find(projectId, id);
    for (const change of countRead(stored.schedule)) this.apply(stored.task, change);
    return stored.task;
  }

  /** Replaces the spec; a new current step starts running. The mesh cannot change. */
  updateMeshUpgrade(projectId: string, id: string, body: MeshUpgradeBody): MeshUpgradeTask {
    const { task } = this.find(projectId, id);
    if (body.spec.meshId !== task.spec.meshId) throw invalid("spec.meshId cannot change");
    const now = timestamp(this.clock.now());
    const stepName = body.spec.currentStep?.name ?? task.spec.currentStep.name;
    task.spec = {
      meshId: task.spec.meshId,
      upgradeStrategy: body.spec.upgradeStrategy ?? task.spec.upgradeStrategy,
      targetVersion: body.spec.targetVersion ?? task.spec.targetVersion,
      targetType: body.spec.targetType ?? task.spec.targetType,
      currentStep: { name: stepName, action: body.spec.currentStep?.action ?? task.spec.currentStep.action },
    };
    if (stepName !== task.status.currentStep.id) {
      task.status = {
        state: INITIAL_STATE,
        currentStep: { id: stepName, phase: INITIAL_STATE, startTime: now },
        updatedAt: now,
      };
    }
    task.status.updatedAt = now;
    return task;
  }

  deleteMeshUpgrade(projectId: string, id: string): MeshUpgradeTask {
    const { task } = this.find(projectId, id);
    this.tasks.delete(id);
    return task;
  }

  /** Admin: changes state/phase/step now, or after N further reads. False when the task does not exist. */
  advance(id: string, advance: MeshUpgradeAdvance): boolean {
    const stored = this.tasks.get(id);
    if (!stored) return false;
    const { afterReads, ...change } = advance;
    if (afterReads === undefined) this.apply(stored.task, change);
    else scheduleChanges(stored.schedule, [{ afterReads, change }]);
    return true;
  }

  snapshot(): MeshUpgradeSnapshot {
    return { tasks: [...this.tasks.values()] };
  }

  restore(snapshot: MeshUpgradeSnapshot | undefined): void {
    this.tasks = new Map((snapshot?.tasks ?? []).map((t) => [t.task.metadata.uid, t]));
  }

  private find(projectId: string, id: string): StoredTask {
    const stored = this.tasks.get(id);
    if (!stored || (stored.projectId !== undefined && stored.projectId !== projectId)) throw notFound(id);
    return stored;
  }

  private apply(task: MeshUpgradeTask, change: Omit<MeshUpgradeAdvance, "afterReads">): void {
    const now = timestamp(this.clock.now());
    if (change.stepName !== undefined && change.stepName !== task.status.currentStep.id) {
      task.spec.currentStep.name = change.stepName;
      task.status.currentStep = { id: change.stepName, phase: INITIAL_STATE, startTime: now };
    }
    if (change.phase !== undefined) task.status.currentStep.phase = change.phase;
    if (change.state !== undefined) task.status.state = change.state;
    task.status.updatedAt = now;
  }
}

// --- Routes

function parseTask(request: ServiceRequest): MeshUpgradeBody {
  return parseJson(
    request.body,
    MeshUpgradeBodySchema,
    () => invalid("the request body is not valid JSON"),
    (error) => invalid(`${error.issues[0]!.path.join(".")}: ${error.issues[0]!.message}`),
  );
}

const BASE = "/v1/{project_id}/mesh-upgrade";

function routes(state: MeshUpgradeState): Route[] {
  const key = (r: ServiceRequest) => [r.params.project_id!, r.params.mesh_upgrade_id!] as const;
  return [
    {
      method: "POST",
      path: BASE,
      action: "CreateMeshUpgrade",
      handle: (r) => ({ status: 201, body: state.createMeshUpgrade(r.params.project_id!, parseTask(r)) }),
    },
    {
      method: "GET",
      path: `${BASE}/{mesh_upgrade_id}`,
      action: "ShowMeshUpgrade",
      handle: (r) => ({ status: 200, body: state.showMeshUpgrade(...key(r)) }),
    },
    {
      method: "PUT",
      path: `${BASE}/{mesh_upgrade_id}`,
      action: "UpdateMeshUpgrade",
      handle: (r) => ({ status: 200, body: state.updateMeshUpgrade(...key(r), parseTask(r)) }),
    },
    {
      method: "DELETE",
      path: `${BASE}/{mesh_upgrade_id}`,
      action: "DeleteMeshUpgrade",
      handle: (r) => ({ status: 200, body: state.deleteMeshUpgrade(...key(r)) }),
    },
  ];
}

// --- Admin and seed

function adminRoutes(state: MeshUpgradeState): AdminRoute[] {
  return [
    [
      "POST",
      /^\/mesh-upgrade$/,
      (_p, b) => ({ status: 201, body: state.seedMeshUpgrade(parseAdmin(MeshUpgradeBodySchema, b)) }),
    ],
    [
      "POST",
      /^\/mesh-upgrade\/([^/]+)\/advance$/,
      ([id], b) => {
        if (!state.advance(id!, parseAdmin(MeshUpgradeAdvanceSchema, b))) throw new AdminError(404, `no task ${id}`);
        return { status: 200, body: { ok: true } };
      },
    ],
  ];
}

/** Seed section `{meshUpgrades?: [task]}`: tasks visible under every project. */
const SeedSchema = z.object({ meshUpgrades: z.array(z.unknown()).optional() }).strict();

export const huaweiAsmService: ServiceFactory = (context) => {
  const state = new MeshUpgradeState(context);
  return {
    id: "huawei-asm",
    cloud: "huawei",
    routes: routes(state),
    adminRoutes: adminRoutes(state),
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot as MeshUpgradeSnapshot | undefined),
    seed: (section) => {
      for (const task of parseAdmin(SeedSchema, section).meshUpgrades ?? []) {
        state.seedMeshUpgrade(parseAdmin(MeshUpgradeBodySchema, task));
      }
    },
  };
};
