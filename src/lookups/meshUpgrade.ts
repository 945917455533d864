/**
 * Huawei ASM mesh canary-upgrade tasks, read-only: `getMeshUpgrade` / `getMeshUpgradeOutput` (program process,
 * nothing in state) and the tracked `MeshUpgradeLookup` resource, which can also gate: with
 * `waitFor: { states, phases }` its create/update returns only once the task reaches one of them, so resources
 * that `dependsOn` it wait for the upgrade. Refresh drift as in every lookup (`trackedLookup.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { explainCloudError, restate } from "../core/errors";
import { nullToUndefined, dropUndefinedDeep } from "../core/normalize";
import { checkGateTiming, gateTimingFields, GateTimingArgs } from "../core/poll";
import { ConfigSource, HuaweiProjectIdSchema, RegionSchema, resolveHuaweiPlacement } from "../core/settings";
import { huaweiAsmClient, isNotFound, MeshUpgradeWire } from "../clouds/huawei/asm";
import { resourceClass } from "../core/resourceClass";
import { outputForm, OutputArgs, parseFunctionArgs, programConfig } from "../core/functions";
import { huaweiAuthHint } from "../clouds/huawei/protocol";
import { deletedOutsidePulumi, Fingerprints, trackedLookupProvider, waitForGate } from "./trackedLookup";

// ---------------------------------------------------------------- public args

export interface GetMeshUpgradeArgs {
  /** Mesh canary-upgrade task id (`metadata.uid`). */
  meshUpgradeId: string;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. */
  projectId?: string;
  /** Region, e.g. `cn-north-4`; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. */
  region?: string;
}

/**
 * The gate: wait until the task's `status.state` is one of `states` and its `status.currentStep.phase` one of
 * `phases` (a list left out is not checked; at least one must be given). Huawei does not publish the values, so
 * they are compared verbatim (case-sensitive). Timing as in `GateTimingArgs`.
 */
export interface MeshUpgradeWaitForArgs extends GateTimingArgs {
  /** Accepted task states, e.g. `["Succeeded"]`. 1–20 non-empty strings. */
  states?: pulumi.Input<pulumi.Input<string>[]>;
  /** Accepted current-step phases, e.g. `["DataPlaneUpgrading", "Completed"]`. 1–20 non-empty strings. */
  phases?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface MeshUpgradeLookupArgs {
  /** Task id. Changing it replaces the lookup (a new read; nothing in the cloud changes). */
  meshUpgradeId: pulumi.Input<string>;
  /** Project id; default from config or environment. Changing it replaces the lookup. */
  projectId?: pulumi.Input<string>;
  /** Region; default from config or environment. Changing it replaces the lookup. */
  region?: pulumi.Input<string>;
  /** Wait on create and update until the task reaches a wanted state/phase. Changing it updates (and waits again). */
  waitFor?: pulumi.Input<MeshUpgradeWaitForArgs>;
}

export type GetMeshUpgradeOutputArgs = OutputArgs<GetMeshUpgradeArgs>;

// ---------------------------------------------------------------- results

/** A mesh canary-upgrade task. String fields the API leaves out are absent; nested objects are always present. */
export interface MeshUpgrade {
  meshUpgradeId: string;
  projectId: string;
  region: string;
  /** `MeshUpgrade`. */
  kind?: string;
  /** `v1`. */
  apiVersion?: string;
  metadata: {
    name?: string;
    /** Task id. */
    uid?: string;
    /** Creation time, as the API formats it. */
    creationTimestamp?: string;
  };
  spec: {
    /** Mesh being upgraded. */
    meshId?: string;
    upgradeStrategy?: string;
    targetVersion?: string;
    targetType?: string;
    /** The step the task is asked to run. */
    currentStep: { name?: string; action?: string };
  };
  status: {
    state?: string;
    /** Where the current step is. */
    currentStep: { id?: string; phase?: string; startTime?: string };
    /** Last update time, as the API formats it. */
    updatedAt?: string;
  };
  /** `status.state`, lifted for gates and outputs. */
  state?: string;
  /** `status.currentStep.phase`, lifted for gates and outputs. */
  phase?: string;
}

// ---------------------------------------------------------------- input schemas (resolved inputs)

export const meshUpgradeIdSchema = z
  .string({ required_error: "meshUpgradeId is required", invalid_type_error: "meshUpgradeId must be a string" })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "meshUpgradeId must be 1–128 letters, digits, - or _ (the task's metadata.uid)");

export const wantedList = (what: string) =>
  z
    .array(z.string({ invalid_type_error: `${what} must be strings` }).min(1, `${what} must not be empty strings`), {
      invalid_type_error: `${what} must be a list of strings`,
    })
    .min(1, `${what} must list at least one value (leave it out to accept any)`)
    .max(20, `${what} may list at most 20 values`);

export const MeshUpgradeWaitForSchema = z
  .object(
    { states: wantedList("states").optional(), phases: wantedList("phases").optional(), ...gateTimingFields },
    { invalid_type_error: 'waitFor must be an object such as { phases: ["Completed"] }' },
  )
  .strict()
  .superRefine((w, ctx) => {
    if (!w.states && !w.phases) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "waitFor must list states, phases or both: the values to wait for",
      });
    }
    checkGateTiming(w, ctx);
  });

export const MeshUpgradeLookupInputSchema = z
  .object({
    meshUpgradeId: meshUpgradeIdSchema,
    projectId: HuaweiProjectIdSchema.optional(),
    region: RegionSchema.optional(),
    waitFor: MeshUpgradeWaitForSchema.optional(),
  })
  .strict();
/** Resolved inputs (after `check`, project and region are always set). */
export type MeshUpgradeLookupInput = z.infer<typeof MeshUpgradeLookupInputSchema>;

export const GetMeshUpgradeInputSchema = MeshUpgradeLookupInputSchema.omit({ waitFor: true });

// ---------------------------------------------------------------- normalisation (pure)

/**
 * The task as a typed result, with `state` and `phase` lifted to the top. Pure.
 * @internal Exported for tests; left out of the published declarations, which must not reach the wire schemas.
 */
export function meshUpgradeFromWire(
  wire: MeshUpgradeWire,
  where: { meshUpgradeId: string; projectId: string; region: string },
): MeshUpgrade {
  const state = nullToUndefined(wire.status?.state);
  const phase = nullToUndefined(wire.status?.currentStep?.phase);
  return dropUndefinedDeep({
    ...where,
    kind: nullToUndefined(wire.kind),
    apiVersion: nullToUndefined(wire.apiVersion),
    metadata: {
      name: nullToUndefined(wire.metadata?.name),
      uid: nullToUndefined(wire.metadata?.uid),
      creationTimestamp: nullToUndefined(wire.metadata?.creationTimestamp),
    },
    spec: {
      meshId: nullToUndefined(wire.spec?.meshId),
      upgradeStrategy: nullToUndefined(wire.spec?.upgradeStrategy),
      targetVersion: nullToUndefined(wire.spec?.targetVersion),
      targetType: nullToUndefined(wire.spec?.targetType),
      currentStep: {
        name: nullToUndefined(wire.spec?.currentStep?.name),
        action: nullToUndefined(wire.spec?.currentStep?.action),
      },
    },
    status: {
      state,
      currentStep: {
        id: nullToUndefined(wire.status?.currentStep?.id),
        phase,
        startTime: nullToUndefined(wire.status?.currentStep?.startTime),
      },
      updatedAt: nullToUndefined(wire.status?.updatedAt),
    },
    state,
    phase,
  });
}

export interface MeshUpgradeWanted {
  states?: string[];
  phases?: string[];
}

/** Has the task reached what the gate waits for? A list left out accepts any value. Pure. */
export function meshUpgradeReached(task: MeshUpgrade, wanted: MeshUpgradeWanted): boolean {
  const stateOk = !wanted.states || (task.state !== undefined && wanted.states.includes(task.state));
  const phaseOk = !wanted.phases || (task.phase !== undefined && wanted.phases.includes(task.phase));
  return stateOk && phaseOk;
}

/** One line for progress and timeouts: "state Running, phase DataPlaneUpgrading (step 3, started …)". */
export function describeMeshUpgrade(task: MeshUpgrade): string {
  const step = [
    task.status.currentStep.id ? `step ${task.status.currentStep.id}` : undefined,
    task.spec.currentStep.name ? `spec step ${task.spec.currentStep.name}` : undefined,
    task.status.currentStep.startTime ? `started ${task.status.currentStep.startTime}` : undefined,
  ].filter(Boolean);
  return `state ${task.state ?? "(none)"}, phase ${task.phase ?? "(none)"}${step.length ? ` (${step.join(", ")})` : ""}`;
}

/** "state in [Running] and phase in [DataPlaneUpgrading, Completed]" */
export function describeWantedStates(wanted: MeshUpgradeWanted): string {
  return [
    wanted.states ? `state in [${wanted.states.join(", ")}]` : undefined,
    wanted.phases ? `phase in [${wanted.phases.join(", ")}]` : undefined,
  ]
    .filter(Boolean)
    .join(" and ");
}

function describeWanted(id: string, wanted: MeshUpgradeWanted): string {
  return `mesh upgrade task ${id} to reach ${describeWantedStates(wanted)}`;
}

// ---------------------------------------------------------------- reads

export async function readMeshUpgrade(
  config: ConfigSource,
  input: { meshUpgradeId: string; projectId?: string; region?: string },
  notFoundHint = "Check meshUpgradeId, projectId and region",
): Promise<MeshUpgrade> {
  const { client, projectId, region } = huaweiAsmClient(config, input);
  try {
    return meshUpgradeFromWire(await client.showMeshUpgrade(input.meshUpgradeId), {
      meshUpgradeId: input.meshUpgradeId,
      projectId,
      region,
    });
  } catch (err) {
    const place = `project ${projectId}, region ${region}`;
    throw explainCloudError(err, huaweiAuthHint, (e) =>
      isNotFound(e)
        ? restate(e, "ASM", `mesh upgrade task ${input.meshUpgradeId} not found in ${place}`, notFoundHint)
        : undefined,
    );
  }
}

/** Reads, and with `waitFor` keeps reading until the task reaches a wanted state/phase. */
async function readAndWait(config: ConfigSource, input: MeshUpgradeLookupInput): Promise<MeshUpgrade> {
  const waitFor = input.waitFor;
  if (!waitFor) return readMeshUpgrade(config, input);
  return waitForGate(`MeshUpgradeLookup ${input.meshUpgradeId}`, waitFor, {
    read: () => readMeshUpgrade(config, input),
    isDone: (task) => meshUpgradeReached(task, waitFor),
    describe: describeMeshUpgrade,
    wanted: describeWanted(input.meshUpgradeId, waitFor),
  });
}

// ---------------------------------------------------------------- provider functions

/** Reads one mesh canary-upgrade task (at call time, from the program; nothing is stored in state). */
export async function getMeshUpgrade(args: GetMeshUpgradeArgs): Promise<MeshUpgrade> {
  return readMeshUpgrade(programConfig(), parseFunctionArgs(GetMeshUpgradeInputSchema, args, "getMeshUpgrade"));
}

/** `getMeshUpgrade` for `Input` arguments; unknown during preview while an argument is. */
export const getMeshUpgradeOutput: (args: GetMeshUpgradeOutputArgs) => pulumi.Output<MeshUpgrade> =
  outputForm(getMeshUpgrade);

// ---------------------------------------------------------------- tracked lookup provider

/** Stored outputs: the resolved inputs, the task and the drift fingerprints. */
export type MeshUpgradeLookupOutputs = MeshUpgrade & { waitFor?: MeshUpgradeLookupInput["waitFor"] } & Fingerprints;

/** Replaces on a new task, project or region; updates on a new `waitFor` or when a read saw unaccepted data. */
export const meshUpgradeLookupProvider = trackedLookupProvider({
  schema: MeshUpgradeLookupInputSchema,
  argsName: "MeshUpgradeLookupArgs",
  resolve: (config, input) => resolveHuaweiPlacement(config, process.env, input),
  replaceKeys: ["meshUpgradeId", "projectId", "region"],
  updateKeys: ["waitFor"],
  id: (inputs) => inputs.meshUpgradeId,
  /** A task that vanished is an error, not a silent drop from state. */
  read: (config, props) => readMeshUpgrade(config, props, deletedOutsidePulumi("task")),
  readAndWait,
  toOutputs: (inputs, task): Omit<MeshUpgradeLookupOutputs, keyof Fingerprints> => ({
    ...task,
    waitFor: inputs.waitFor,
  }),
});

// ---------------------------------------------------------------- resource

/**
 * A tracked, read-only view of a Huawei ASM mesh canary-upgrade task, optionally a gate (`waitFor`). Kept in state,
 * so `pulumi refresh` reports when the task moved on. Deleting it makes no API call. Its `id` is the task id.
 * Outputs: the fields of `MeshUpgrade` (`state` is `status.state`, `phase` `status.currentStep.phase`), with the
 * project and region it was read from.
 */
export class MeshUpgradeLookup extends resourceClass<MeshUpgradeLookupArgs, MeshUpgrade>({
  module: "canary-mesh/huawei/asm",
  type: "MeshUpgradeLookup",
  kind: "meshUpgradeLookup",
  optionalInputs: ["projectId", "region", "waitFor"],
  outputs: {
    meshUpgradeId: true,
    projectId: true,
    region: true,
    kind: true,
    apiVersion: true,
    metadata: true,
    spec: true,
    status: true,
    state: true,
    phase: true,
  },
}) {}
