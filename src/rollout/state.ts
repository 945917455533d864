/**
 * What a `CanaryRollout` keeps in state: the desired state `check` stores (defaults filled in, placement resolved),
 * and the outputs: where the rollout stands (phase, step, canary weight, message), its history, each gate's last
 * verdict, the weights last seen on each channel, and the run record the state machine continues from. Schemas
 * with their types; stored outputs are parsed when read back.
 */
import { z } from "zod";
import { IntentSchema, ROLLOUT_LIMITS } from "./args";
import { GATE_FAILURE_ACTIONS, WEBHOOK_KINDS } from "./surface";
import type * as surface from "./surface";

// ---------------------------------------------------------------- desired state (stored inputs)

export const RolloutChannelSchema = z.object({
  instanceId: z.string(),
  vpcChannelId: z.string(),
  projectId: z.string(),
  region: z.string(),
  stableGroup: z.string(),
  canaryGroup: z.string(),
}) satisfies z.ZodType<surface.RolloutChannel>;

const PauseStateSchema = z.union([
  z.object({ seconds: z.number() }).strict(),
  z.object({ untilPromoted: z.literal(true) }).strict(),
]);
export const StepStateSchema = z.object({
  weight: z.number(),
  pause: PauseStateSchema.optional(),
}) satisfies z.ZodType<surface.RolloutStep>;

const ValueRangeStateSchema = z.object({ min: z.number().optional(), max: z.number().optional() });

export const GatesStateSchema = z.object({
  healthyMembers: z.object({ minHealthyPercent: z.number(), timeoutSeconds: z.number() }).optional(),
  proxyStatus: z.object({ serviceMeshId: z.string(), region: z.string(), timeoutSeconds: z.number() }).optional(),
  meshUpgrade: z
    .object({
      meshUpgradeId: z.string(),
      phases: z.array(z.string()).optional(),
      states: z.array(z.string()).optional(),
      failStates: z.array(z.string()),
      projectId: z.string(),
      region: z.string(),
      timeoutSeconds: z.number(),
    })
    .optional(),
  prometheus: z
    .array(
      z.object({
        name: z.string(),
        url: z.string(),
        query: z.string(),
        thresholdRange: ValueRangeStateSchema,
        inconclusiveRange: ValueRangeStateSchema.optional(),
        intervalSeconds: z.number(),
        count: z.number(),
        failureLimit: z.number(),
        errorLimit: z.number(),
        dryRun: z.boolean(),
        headers: z.record(z.string()),
      }),
    )
    .optional(),
  webhooks: z
    .array(
      z.object({
        name: z.string(),
        url: z.string(),
        kind: z.enum(WEBHOOK_KINDS),
        timeoutSeconds: z.number(),
        headers: z.record(z.string()),
      }),
    )
    .optional(),
  intervalSeconds: z.number(),
});
export type RolloutGates = z.infer<typeof GatesStateSchema>;

export const RolloutStateSchema = z.object({
  revision: z.string(),
  channels: z.array(RolloutChannelSchema),
  steps: z.array(StepStateSchema),
  gates: GatesStateSchema,
  onGateFailure: z.enum(GATE_FAILURE_ACTIONS),
  maxUpdateSeconds: z.number(),
  promote: z.number(),
  retry: z.number(),
  allowBaselineJump: z.boolean(),
  /** An operator's request from the command line; applied once, never compared (see `diffRollout`). */
  __intent: IntentSchema.optional(),
});
/** Normalised desired state: what `check` returns and the engine stores as inputs. */
export type RolloutState = z.infer<typeof RolloutStateSchema>;

/** The inputs a rollout compares to decide whether the next `up` has anything to do. */
export const INPUT_KEYS = Object.keys(RolloutStateSchema.shape).filter((k) => k !== "__intent") as Array<
  Exclude<keyof RolloutState, "__intent">
>;

export const DEFAULTS = {
  onGateFailure: "abort",
  maxUpdateSeconds: ROLLOUT_LIMITS.maxUpdateSeconds.default,
  promote: -1,
  retry: 0,
  allowBaselineJump: false,
  gateTimeoutSeconds: ROLLOUT_LIMITS.gateTimeoutSeconds.default,
  gateIntervalSeconds: ROLLOUT_LIMITS.gateIntervalSeconds.default,
} as const;

// ---------------------------------------------------------------- outputs

export const PHASES = ["Progressing", "Paused", "Completed", "Aborted"] as const satisfies readonly surface.Phase[];
export const PAUSE_REASONS = ["timer", "promotion", "budget", "gate"] as const satisfies readonly surface.PauseReason[];

export const EVENTS = [
  "started",
  "step-started",
  "step-completed",
  "paused",
  "promoted",
  "resumed",
  "restored",
  "aborted",
  "completed",
] as const satisfies readonly surface.RolloutEventKind[];

export const RolloutEventSchema = z.object({
  at: z.string(),
  step: z.number(),
  weight: z.number(),
  event: z.enum(EVENTS),
  detail: z.string(),
  actor: z.string().optional(),
  reason: z.string().optional(),
}) satisfies z.ZodType<surface.RolloutEvent>;

export const OUTCOMES = ["pass", "fail", "error", "inconclusive", "wait"] as const satisfies readonly surface.Outcome[];

export const GateVerdictSchema = z.object({
  gate: z.string(),
  outcome: z.enum(OUTCOMES),
  measured: z.string().optional(),
  limit: z.string().optional(),
  detail: z.string(),
  checks: z.number().optional(),
  failures: z.number().optional(),
  dryRun: z.boolean().optional(),
  at: z.string(),
}) satisfies z.ZodType<surface.GateVerdict>;

/** Where the state machine stands: the run of one revision (and retry). */
export const RunSchema = z.object({
  revision: z.string(),
  retry: z.number(),
  phase: z.enum(PHASES),
  /** The step the rollout set the weights to (-1: the baseline). */
  step: z.number(),
  /** The canary weight of that step, to tell a changed plan. */
  stepWeight: z.number(),
  /** Epoch ms when the weights reached `step`: a timed pause counts from it. */
  since: z.number(),
  pausedBy: z.enum(PAUSE_REASONS).optional(),
  /** Why it is paused or aborted. */
  reason: z.string().optional(),
  /** The highest step whose `untilPromoted` pause was passed. */
  promoted: z.number().optional(),
  /** The highest step approved from the command line (`canary-mesh rollout promote`), and by whom. */
  approved: z.number().optional(),
  approvedBy: z.string().optional(),
});
export type Run = z.infer<typeof RunSchema>;

/** A channel's group weights when last seen, by group name (null: the group has no weight). */
export const SeenWeightsSchema = z.record(z.number().nullable());
export type SeenWeights = z.infer<typeof SeenWeightsSchema>;

export const RolloutOutputsSchema = RolloutStateSchema.omit({ __intent: true }).extend({
  phase: z.enum(PHASES),
  /** The step the live weights are at; -1 is the baseline. */
  step: z.number(),
  /** The canary group's share of traffic at that step, in percent. */
  canaryWeight: z.number(),
  message: z.string(),
  /** When a timed pause ends (RFC 3339), while one runs. */
  nextStepAt: z.string().optional(),
  /** The latest events, oldest first (at most `HISTORY_LIMIT`). */
  history: z.array(RolloutEventSchema),
  /** Each gate's last verdict. */
  gateResults: z.array(GateVerdictSchema),
  /** Per channel (`instanceId/vpcChannelId`), its two groups' weights when last seen. */
  __seen: z.record(SeenWeightsSchema),
  __run: RunSchema,
  /** Ids of the operators' requests already applied (the latest `APPLIED_LIMIT`); absent in state of 0.1. */
  __applied: z.array(z.string()).optional(),
  /** Requests seen but not applied (they did not apply to the run), with why: the command line reports them. */
  __refused: z.array(z.object({ id: z.string(), reason: z.string() })).optional(),
});
export type RolloutOutputs = z.infer<typeof RolloutOutputsSchema>;

/**
 * Stored outputs as a reader outside the provider sees them: a stack export or a preview may hold the gates' secret
 * headers encrypted or masked, so the gates are not read.
 */
export const ReadableOutputsSchema = RolloutOutputsSchema.extend({ gates: z.unknown() });

/** Applied request ids kept in state. */
export const APPLIED_LIMIT = 20;

/** History kept in state; older events are dropped. */
export const HISTORY_LIMIT = 100;

/** A channel's key in outputs and logs. */
export const channelKey = (c: Pick<surface.RolloutChannel, "instanceId" | "vpcChannelId">) =>
  `${c.instanceId}/${c.vpcChannelId}`;
