/**
 * The public surface of `CanaryRollout`: its arguments (Pulumi inputs, documented with their limits: the one place
 * they are stated) and its outputs. Plain types only, no schemas, so a program's type-check stays light; the
 * schemas (`args.ts`, `state.ts`) are held to these types by the compiler.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PlacementArgs } from "../vpcChannel/placement";

// ---------------------------------------------------------------- arguments

export const GATE_FAILURE_ACTIONS = ["abort", "pause"] as const;
/** What a failed gate does: `abort` (every channel back to its baseline) or `pause` (the weights stay). */
export type GateFailureAction = (typeof GATE_FAILURE_ACTIONS)[number];

/** The mesh-upgrade states that mean the upgrade went wrong (the API documents no list; override with `failStates`). */
export const DEFAULT_UPGRADE_FAIL_STATES = ["Failed", "RolledBack"] as const;

// ---------------------------------------------------------------- public args

/** A channel whose traffic the rollout steps: two of its member groups, one carrying the release under test. */
export interface CanaryRolloutChannelArgs extends PlacementArgs {
  /** Id of the channel (a `VpcChannel`'s `id`, or one owned elsewhere). Changing it moves the rollout to that channel. */
  vpcChannelId: pulumi.Input<string>;
  /** The group that serves the current release: it gets `100 - weight` at each step. */
  stableGroup: pulumi.Input<string>;
  /**
   * The group that serves the release under test: it gets each step's `weight`. For the next release, swap the two
   * names (blue/green alternation): the group that carries the traffic after a completed rollout is the next stable.
   */
  canaryGroup: pulumi.Input<string>;
}

/** What happens after a step: a timed wait, or a wait for a person. Exactly one of the two. */
export interface CanaryRolloutPauseArgs {
  /** Seconds to wait after the step, 1–604800 (7 days); gates are checked at `gates.intervalSeconds` meanwhile. */
  seconds?: pulumi.Input<number>;
  /** Wait until `promote` reaches this step's index. */
  untilPromoted?: pulumi.Input<true>;
}

/** One step of the plan. */
export interface CanaryRolloutStepArgs {
  /** The canary group's share of traffic, a whole percent 0–100; strictly increasing; the last step is 100. */
  weight: pulumi.Input<number>;
  /** What follows the step; none: the next step starts as soon as its gates pass. */
  pause?: pulumi.Input<CanaryRolloutPauseArgs>;
}

/** The canary group's members, as APIG's health check reports them (`health_status` of each member). */
export interface HealthyMembersGateArgs {
  /** Share of the canary group's members that must be healthy, 1–100 (default 100). */
  minHealthyPercent?: pulumi.Input<number>;
  /** Seconds to wait for members whose health is not known yet (default 120); unhealthy members fail at once. */
  timeoutSeconds?: pulumi.Input<number>;
}

/** Every data-plane proxy of an Alibaba ASM mesh SYNCED for cluster, listener, route and endpoint. */
export interface ProxyStatusGateArgs {
  /** ASM instance id. */
  serviceMeshId: pulumi.Input<string>;
  /** Region of the Alibaba settings; default `canary-mesh:alibabaRegion` or `ALIBABA_CLOUD_REGION_ID`. */
  region?: pulumi.Input<string>;
  /** Seconds the proxies may take to sync before the gate fails, 1–21600 (default 120). */
  timeoutSeconds?: pulumi.Input<number>;
}

/** A Huawei ASM mesh canary-upgrade task in one of the wanted phases (and states). */
export interface MeshUpgradeGateArgs {
  /** The task's id (`metadata.uid`). */
  meshUpgradeId: pulumi.Input<string>;
  /** Phases that pass (`status.currentStep.phase`); at least one of `phases` and `states`. */
  phases?: pulumi.Input<pulumi.Input<string>[]>;
  /** States that pass (`status.state`). */
  states?: pulumi.Input<pulumi.Input<string>[]>;
  /** States that fail the gate at once (default `Failed`, `RolledBack`: the API documents no list). */
  failStates?: pulumi.Input<pulumi.Input<string>[]>;
  /** Project id; default `canary-mesh:huaweiProjectId`. */
  projectId?: pulumi.Input<string>;
  /** Region; default `canary-mesh:huaweiRegion`. */
  region?: pulumi.Input<string>;
  /** Seconds the task may take to reach them before the gate fails, 1–21600 (default 120). */
  timeoutSeconds?: pulumi.Input<number>;
}

/** A range of values: `min` and `max` both included; either may be left out. */
export interface ValueRangeArgs {
  min?: pulumi.Input<number>;
  max?: pulumi.Input<number>;
}

/**
 * A metric judged with a Prometheus instant query (a self-run Prometheus, Huawei Cloud AOM or Alibaba Cloud ARMS:
 * any server with the Prometheus HTTP API). Before a step it takes `count` measurements, `intervalSeconds` apart;
 * during a pause one every `intervalSeconds`. A measurement outside `thresholdRange` fails (inside
 * `inconclusiveRange` it is inconclusive instead); the gate fails when more than `failureLimit` fail, and errs when
 * more than `errorLimit` queries in a row cannot run. No series or NaN is inconclusive; several series is an error.
 */
export interface PrometheusGateArgs {
  /** The metric's name in outputs and messages, e.g. `error-rate`: 1–63 letters, digits, `-`, `_`, `.`; unique among the gates. */
  name: pulumi.Input<string>;
  /** Base URL of the Prometheus HTTP API (`/api/v1/query` is appended), e.g. `http://prometheus:9090`. */
  url: pulumi.Input<string>;
  /**
   * PromQL returning one value. `{{canaryWeight}}`, `{{step}}` and `{{revision}}` are replaced; with `{{channel}}`
   * (the channel's name) the query runs once per channel and the worst value counts.
   */
  query: pulumi.Input<string>;
  /** The values that pass. */
  thresholdRange: pulumi.Input<ValueRangeArgs>;
  /** Values outside `thresholdRange` but inside this range are inconclusive (the rollout pauses) instead of failing. */
  inconclusiveRange?: pulumi.Input<ValueRangeArgs>;
  /** Seconds between measurements, 1–3600. */
  intervalSeconds: pulumi.Input<number>;
  /** Measurements before each step, 1–100 (default 1). */
  count?: pulumi.Input<number>;
  /** Failed measurements tolerated, 0–100 (default 0). */
  failureLimit?: pulumi.Input<number>;
  /** Queries in a row that may fail to run (network, HTTP, PromQL errors) before the gate errs, 0–100 (default 4). */
  errorLimit?: pulumi.Input<number>;
  /** Measure and report, never decide (default false). */
  dryRun?: pulumi.Input<boolean>;
  /** Request headers (e.g. `Authorization`); their values are secrets: encrypted in state, never logged. */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Webhook kinds: a gate before each step, a rollback switch, or a receiver of every event. */
export const WEBHOOK_KINDS = ["before-step", "rollback", "event"] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/**
 * A webhook, POSTed JSON. `before-step`: asked before each step, which goes on only on a 2xx answer (any other
 * answer holds the rollout: phase `Paused`, the next `up` asks again). `rollback`: asked before each step and
 * during pauses; a 2xx answer aborts the rollout. `event`: receives every rollout event and never blocks.
 */
export interface WebhookArgs {
  /** Its name in outputs and messages: 1–63 letters, digits, `-`, `_`, `.`; unique among the gates. */
  name: pulumi.Input<string>;
  /** `http(s)` URL. */
  url: pulumi.Input<string>;
  kind: pulumi.Input<WebhookKind>;
  /** Seconds to wait for an answer, 1–60 (default 10). */
  timeoutSeconds?: pulumi.Input<number>;
  /** Request headers; their values are secrets: encrypted in state, never logged. */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The checks before every step and during every pause; all optional. */
export interface CanaryRolloutGatesArgs {
  /** `true` (every canary member healthy) or a threshold. */
  healthyMembers?: pulumi.Input<boolean | HealthyMembersGateArgs>;
  proxyStatus?: pulumi.Input<ProxyStatusGateArgs>;
  meshUpgrade?: pulumi.Input<MeshUpgradeGateArgs>;
  /** Metrics, each a Prometheus instant query with limits. */
  prometheus?: pulumi.Input<pulumi.Input<PrometheusGateArgs>[]>;
  /** Webhooks: gates before steps, rollback switches, event receivers. */
  webhooks?: pulumi.Input<pulumi.Input<WebhookArgs>[]>;
  /** Seconds between two reads of a gate, 0.5–300 (default 10): each read is one API call per gate (per channel). */
  intervalSeconds?: pulumi.Input<number>;
}

export interface CanaryRolloutArgs {
  /**
   * What is released (an image tag, a build number). A new value starts a new rollout from the baseline (stable
   * 100 %, canary 0 %); refused at preview when that baseline is far from the live weights, unless
   * `allowBaselineJump`.
   */
  revision: pulumi.Input<string>;
  /** The channels that step together (and abort together); at least one, each at most once. */
  channels: pulumi.Input<pulumi.Input<CanaryRolloutChannelArgs>[]>;
  /** The plan: at least one step, weights strictly increasing, the last one 100. */
  steps: pulumi.Input<pulumi.Input<CanaryRolloutStepArgs>[]>;
  /** Checked before every step and during every pause. */
  gates?: pulumi.Input<CanaryRolloutGatesArgs>;
  /** What a failed gate does (default `abort`): `abort` sets every channel back to its baseline, `pause` holds the weights; both fail the `up`. */
  onGateFailure?: pulumi.Input<GateFailureAction>;
  /**
   * The longest one `pulumi up` spends on this rollout, 10–21600 seconds (default 600), and at least the longest
   * gate timeout. A pause that does not fit ends the `up` with phase `Paused`; the next `up` continues.
   */
  maxUpdateSeconds?: pulumi.Input<number>;
  /** Steps up to this index are approved past their `untilPromoted` pause (default -1: none); at most the last index. */
  promote?: pulumi.Input<number>;
  /** Raise it to start an aborted revision again (default 0). */
  retry?: pulumi.Input<number>;
  /** A new revision may move traffic to its baseline at once, even far from the live weights (default false). */
  allowBaselineJump?: pulumi.Input<boolean>;
}

// ---------------------------------------------------------------- outputs

/** `Progressing` (stepping), `Paused` (waiting: a timer, a promotion, or the next `up`), `Completed`, `Aborted`. */
export type Phase = "Progressing" | "Paused" | "Completed" | "Aborted";

/** Why a rollout is paused: the next `up` continues (`timer`, `budget`, `gate`), or `promote` must reach the step. */
export type PauseReason = "timer" | "promotion" | "budget" | "gate";

/** What happened. */
export type RolloutEventKind =
  | "started"
  | "step-started"
  | "step-completed"
  | "paused"
  | "promoted"
  | "resumed"
  | "restored"
  | "aborted"
  | "completed";

/** One entry of a rollout's history. */
export interface RolloutEvent {
  /** RFC 3339. */
  at: string;
  step: number;
  /** The canary weight at that step, in percent. */
  weight: number;
  event: RolloutEventKind;
  detail: string;
  /** Who asked for it, for an action asked from the command line (`canary-mesh rollout promote|abort|retry`). */
  actor?: string;
  /** Why, as they said (`--reason`). */
  reason?: string;
}

// ---------------------------------------------------------------- operators' requests

/** What an operator may ask of a rollout from the command line, without editing the program. */
export const ROLLOUT_ACTIONS = ["promote", "abort", "retry"] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/**
 * The stack config key (namespace `canary-mesh`) holding operators' requests: a JSON object, by the rollout's
 * resource name. `canary-mesh rollout promote|abort|retry` sets it, runs `pulumi up` and removes it.
 */
export const INTENT_CONFIG_KEY = "rolloutIntents";

/** A request to a rollout: applied once (by `id`) by the next `up`, and recorded in the history with who and why. */
export interface RolloutIntent {
  /** Unique per request: a request is applied once, whatever `up` sees it again. */
  id: string;
  action: RolloutAction;
  /** The revision it was asked for: refused at preview when the program now releases another. */
  revision: string;
  /** `promote`: the step approved past its `untilPromoted` pause (default: the next one waiting). */
  step?: number;
  actor: string;
  reason?: string;
  /** RFC 3339: when it was asked. */
  at: string;
}

/**
 * A gate's verdict: `pass`; `fail` (the condition is false); `error` (it could not be measured); `inconclusive`
 * (neither, which pauses); `wait` (not yet, e.g. proxies still syncing).
 */
export type Outcome = "pass" | "fail" | "error" | "inconclusive" | "wait";

/** What a gate last measured. */
export interface GateVerdict {
  /** The gate's name (`healthyMembers`, `proxyStatus`, `meshUpgrade`, or a metric's or webhook's name). */
  gate: string;
  outcome: Outcome;
  /** What was measured, as text ("1 of 2 canary members healthy (50%) on orders-backend"). */
  measured?: string;
  /** The limit it was held to ("≥ 100% healthy"). */
  limit?: string;
  /** One line saying why. */
  detail: string;
  /** Checks made, and how many of them failed. */
  checks?: number;
  failures?: number;
  /** A dry-run metric: measured and reported, never deciding. */
  dryRun?: boolean;
  /** RFC 3339. */
  at: string;
}

/** A channel the rollout steps, with its placement resolved. */
export interface RolloutChannel {
  instanceId: string;
  vpcChannelId: string;
  projectId: string;
  region: string;
  stableGroup: string;
  canaryGroup: string;
}

/** A step of the plan, as stored. */
export interface RolloutStep {
  weight: number;
  pause?: { seconds: number } | { untilPromoted: true };
}

/** The outputs of a `CanaryRollout`: where it stands, and what happened. */
export interface CanaryRolloutOutputs {
  /** The revision this rollout releases. */
  revision: string;
  /** The channels it steps, with their placement resolved. */
  channels: RolloutChannel[];
  /** The plan. */
  steps: RolloutStep[];
  /** `Progressing`, `Paused` (a timer, a promotion, or the next `up`), `Completed` or `Aborted`. */
  phase: Phase;
  /** The step the live weights are at; -1 is the baseline (stable 100 %, canary 0 %). */
  step: number;
  /** The canary group's share of traffic at that step, in percent. */
  canaryWeight: number;
  /** What the rollout is doing or waiting for, and what to do next. */
  message: string;
  /** When a timed pause ends (RFC 3339), while one is running. */
  nextStepAt: string | undefined;
  /** The latest events (at most 100), oldest first. */
  history: RolloutEvent[];
  /** Each gate's last verdict: what it measured, the limit, and how many checks failed. */
  gateResults: GateVerdict[];
}
