/**
 * `CanaryRollout` input rules: the strict schema `check` applies to `CanaryRolloutArgs` (`surface.ts`) at preview,
 * before any API call, and the rules that span fields. Every message names the property and the rule.
 */
import { z } from "zod";
import { InputFailure } from "../core/errors";
import { schemaValidator, Validated } from "../core/providerKit";
import { enumOf, flag, int, text } from "../core/rules";
import { RegionSchema } from "../core/settings";
import { UNKNOWN } from "../core/unknowns";
import { channelIdSchema, PLACEMENT } from "../vpcChannel/placement";
import { meshUpgradeIdSchema, wantedList } from "../lookups/meshUpgrade";
import { serviceMeshIdSchema } from "../lookups/proxyStatus";
import { GATE_FAILURE_ACTIONS, ROLLOUT_ACTIONS, RolloutIntent, WEBHOOK_KINDS } from "./surface";

// ---------------------------------------------------------------- limits and defaults

/** Defaults and limits of the rollout's timing, stated once (the TSDoc below quotes them). */
export const ROLLOUT_LIMITS = Object.freeze({
  maxUpdateSeconds: { default: 600, min: 10, max: 6 * 3600 },
  gateTimeoutSeconds: { default: 120, min: 1, max: 6 * 3600 },
  gateIntervalSeconds: { default: 10, min: 0.5, max: 300 },
  metricIntervalSeconds: { min: 1, max: 3600 },
  metricCount: { default: 1, max: 100 },
  metricFailureLimit: { default: 0, max: 100 },
  metricErrorLimit: { default: 4, max: 100 },
  /** One query's time limit: part of a metric's budget. */
  metricRequestSeconds: 10,
  webhookTimeoutSeconds: { default: 10, min: 1, max: 60 },
  pauseSeconds: { min: 1, max: 7 * 24 * 3600 },
});

// ---------------------------------------------------------------- input schema

const seconds = (what: string, limits: { min: number; max: number }) =>
  z
    .number({ invalid_type_error: `${what} must be a number of seconds` })
    .min(limits.min, `${what} must be ${limits.min}–${limits.max} seconds`)
    .max(limits.max, `${what} must be ${limits.min}–${limits.max} seconds`);

const groupName = (what: string) =>
  text(what, 3, 64).regex(
    /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]*$/,
    `${what} must be a member group name (3–64 letters, digits, Chinese characters, -, _, ., starting with a letter)`,
  );

const ChannelSchema = z
  .object({
    ...PLACEMENT,
    vpcChannelId: channelIdSchema("vpcChannelId"),
    stableGroup: groupName("stableGroup"),
    canaryGroup: groupName("canaryGroup"),
  })
  .strict();

const PauseSchema = z
  .object(
    {
      seconds: seconds("seconds", ROLLOUT_LIMITS.pauseSeconds).optional(),
      untilPromoted: z
        .literal(true, { errorMap: () => ({ message: "untilPromoted must be true (leave it out for a timed pause)" }) })
        .optional(),
    },
    { invalid_type_error: "pause must be an object: { seconds: 300 } or { untilPromoted: true }" },
  )
  .strict();

const StepSchema = z.object({ weight: int("weight", 0, 100), pause: PauseSchema.optional() }).strict();

const gateTimeout = seconds("timeoutSeconds", ROLLOUT_LIMITS.gateTimeoutSeconds).optional();

const HealthyMembersSchema = z.union(
  [
    z.boolean(),
    z.object({ minHealthyPercent: int("minHealthyPercent", 1, 100).optional(), timeoutSeconds: gateTimeout }).strict(),
  ],
  { errorMap: () => ({ message: "healthyMembers must be true, false or { minHealthyPercent, timeoutSeconds }" }) },
);

const ProxyStatusGateSchema = z
  .object({ serviceMeshId: serviceMeshIdSchema, region: RegionSchema.optional(), timeoutSeconds: gateTimeout })
  .strict();

const MeshUpgradeGateSchema = z
  .object({
    meshUpgradeId: meshUpgradeIdSchema,
    phases: wantedList("phases").optional(),
    states: wantedList("states").optional(),
    failStates: wantedList("failStates").optional(),
    projectId: PLACEMENT.projectId,
    region: PLACEMENT.region,
    timeoutSeconds: gateTimeout,
  })
  .strict();

const gateName = (what: string) =>
  text(what, 1, 63).regex(/^[A-Za-z0-9_.-]+$/, `${what} may contain only letters, digits, -, _ and .`);

const httpUrl = (what: string) =>
  text(what, 1, 2048).refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return u === UNKNOWN;
    }
  }, `${what} must be an http(s) URL`);

const ValueRangeSchema = (what: string) =>
  z
    .object({
      min: z.number({ invalid_type_error: `${what}.min must be a number` }).optional(),
      max: z.number({ invalid_type_error: `${what}.max must be a number` }).optional(),
    })
    .strict()
    .refine((r) => r.min !== undefined || r.max !== undefined, `${what} must set min, max or both`)
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, `${what}.min must not exceed max`);

const headers = z.record(z.string({ invalid_type_error: "header values must be strings" }), {
  invalid_type_error: "headers must be an object of header names and values",
});

const count = (what: string, limits: { max: number }, min = 0) => int(what, min, limits.max).optional();

export const PrometheusGateSchema = z
  .object({
    name: gateName("name"),
    url: httpUrl("url"),
    query: text("query", 1, 10_000),
    thresholdRange: ValueRangeSchema("thresholdRange"),
    inconclusiveRange: ValueRangeSchema("inconclusiveRange").optional(),
    intervalSeconds: seconds("intervalSeconds", ROLLOUT_LIMITS.metricIntervalSeconds),
    count: count("count", ROLLOUT_LIMITS.metricCount, 1),
    failureLimit: count("failureLimit", ROLLOUT_LIMITS.metricFailureLimit),
    errorLimit: count("errorLimit", ROLLOUT_LIMITS.metricErrorLimit),
    dryRun: flag("dryRun").optional(),
    headers: headers.optional(),
  })
  .strict();

export const WebhookSchema = z
  .object({
    name: gateName("name"),
    url: httpUrl("url"),
    kind: enumOf("kind", WEBHOOK_KINDS),
    timeoutSeconds: seconds("timeoutSeconds", ROLLOUT_LIMITS.webhookTimeoutSeconds).optional(),
    headers: headers.optional(),
  })
  .strict();

/** The longest a metric may take before a step: its measurements and the errors it tolerates, seconds. */
export function metricBudgetSeconds(m: { intervalSeconds: number; count?: number; errorLimit?: number }): number {
  const count = m.count ?? ROLLOUT_LIMITS.metricCount.default;
  const errors = m.errorLimit ?? ROLLOUT_LIMITS.metricErrorLimit.default;
  return (count + errors) * m.intervalSeconds + ROLLOUT_LIMITS.metricRequestSeconds;
}

export const GatesSchema = z
  .object({
    healthyMembers: HealthyMembersSchema.optional(),
    proxyStatus: ProxyStatusGateSchema.optional(),
    meshUpgrade: MeshUpgradeGateSchema.optional(),
    prometheus: z.array(PrometheusGateSchema).max(20, "prometheus may list at most 20 metrics").optional(),
    webhooks: z.array(WebhookSchema).max(20, "webhooks may list at most 20 webhooks").optional(),
    intervalSeconds: seconds("intervalSeconds", ROLLOUT_LIMITS.gateIntervalSeconds).optional(),
  })
  .strict();

/** An operator's request, as `canary-mesh rollout` writes it to stack config (the resource passes it on). */
export const IntentSchema = z
  .object({
    id: text("__intent.id", 1, 64),
    action: enumOf("__intent.action", ROLLOUT_ACTIONS),
    revision: text("__intent.revision", 1, 128),
    step: int("__intent.step", 0, 49).optional(),
    actor: text("__intent.actor", 1, 128),
    reason: text("__intent.reason", 0, 1024).optional(),
    at: text("__intent.at", 1, 64),
  })
  .strict() satisfies z.ZodType<RolloutIntent>;

export const CanaryRolloutInputSchema = z
  .object({
    revision: text("revision", 1, 128),
    channels: z
      .array(ChannelSchema, { invalid_type_error: "channels must be a list" })
      .min(1, "channels must list at least one channel")
      .max(20, "channels may list at most 20 channels"),
    steps: z
      .array(StepSchema, { required_error: "steps is required", invalid_type_error: "steps must be a list" })
      .min(1, "steps must list at least one step")
      .max(50, "steps may list at most 50 steps"),
    gates: GatesSchema.optional(),
    onGateFailure: enumOf("onGateFailure", GATE_FAILURE_ACTIONS).optional(),
    maxUpdateSeconds: seconds("maxUpdateSeconds", ROLLOUT_LIMITS.maxUpdateSeconds).optional(),
    promote: int("promote", -1, 49).optional(),
    retry: int("retry", 0, 1_000_000).optional(),
    allowBaselineJump: flag("allowBaselineJump").optional(),
    __intent: IntentSchema.optional(),
  })
  .strict();
export type CanaryRolloutInput = z.infer<typeof CanaryRolloutInputSchema>;

// ---------------------------------------------------------------- rules that span fields

/** The longest a gate may wait before a step, in seconds (0 without gates). */
export function longestGateSeconds(gates: CanaryRolloutInput["gates"]): number {
  const hm = gates?.healthyMembers;
  const timeout = (g: { timeoutSeconds?: number } | undefined) =>
    g ? (g.timeoutSeconds ?? ROLLOUT_LIMITS.gateTimeoutSeconds.default) : 0;
  return Math.max(
    0,
    hm === undefined || hm === false ? 0 : timeout(hm === true ? {} : hm),
    timeout(gates?.proxyStatus),
    timeout(gates?.meshUpgrade),
    ...(gates?.prometheus ?? []).map(metricBudgetSeconds),
    ...(gates?.webhooks ?? [])
      .filter((w) => w.kind !== "event")
      .map((w) => w.timeoutSeconds ?? ROLLOUT_LIMITS.webhookTimeoutSeconds.default),
  );
}

type Loose = Record<string, unknown>;
const record = (v: unknown): Loose | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== UNKNOWN ? v : undefined);

/**
 * The rules that span fields, read from the raw inputs so they hold at preview even while other values (a new
 * channel's id, a lookup's output) are still unknown; a value that is unknown or of the wrong type is skipped
 * here (the schema names the latter).
 */
function crossFieldFailures(raw: Loose): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const steps = list(raw.steps).map(record);
  steps.forEach((step, i) => {
    const weight = num(step?.weight);
    const previous = num(steps[i - 1]?.weight);
    if (weight !== undefined && previous !== undefined && weight <= previous) {
      fail(
        `steps[${i}].weight`,
        `weights must be strictly increasing: step ${i} (${weight}) is not above step ${i - 1} (${previous})`,
      );
    }
    const pause = record(step?.pause);
    if (pause && (pause.seconds === undefined) === (pause.untilPromoted === undefined)) {
      fail(`steps[${i}].pause`, "a pause sets exactly one of seconds and untilPromoted");
    }
  });
  const lastWeight = num(steps[steps.length - 1]?.weight);
  if (lastWeight !== undefined && lastWeight !== 100) {
    fail(
      `steps[${steps.length - 1}].weight`,
      `the last step must be 100: a completed rollout sends all traffic to the canary group (it is ${lastWeight})`,
    );
  }
  const promote = num(raw.promote);
  if (promote !== undefined && Array.isArray(raw.steps) && promote > steps.length - 1) {
    fail("promote", `promote must be at most ${steps.length - 1}, the last step's index (it is ${promote})`);
  }

  const intent = record(raw.__intent);
  const intentStep = num(intent?.step);
  if (intentStep !== undefined && Array.isArray(raw.steps) && intentStep > steps.length - 1) {
    fail(
      "__intent.step",
      `the step to promote must be at most ${steps.length - 1}, the last step's index (it is ${intentStep})`,
    );
  }

  const seen = new Map<string, number>();
  list(raw.channels).forEach((value, i) => {
    const c = record(value);
    const stable = str(c?.stableGroup);
    if (stable !== undefined && stable === str(c?.canaryGroup)) {
      fail(`channels[${i}].canaryGroup`, `stableGroup and canaryGroup must be two groups (both are "${stable}")`);
    }
    const [instance, channel] = [str(c?.instanceId), str(c?.vpcChannelId)];
    if (instance === undefined || channel === undefined) return;
    const key = `${instance}/${channel}/${str(c?.projectId) ?? ""}/${str(c?.region) ?? ""}`;
    const previous = seen.get(key);
    if (previous !== undefined)
      fail(`channels[${i}]`, `duplicates channels[${previous}]: a channel steps once per rollout`);
    else seen.set(key, i);
  });

  const gates = record(raw.gates);
  const names = new Map<string, string>([
    ["healthyMembers", "gates.healthyMembers"],
    ["proxyStatus", "gates.proxyStatus"],
    ["meshUpgrade", "gates.meshUpgrade"],
  ]);
  for (const kind of ["prometheus", "webhooks"] as const) {
    list(gates?.[kind]).forEach((g, i) => {
      const name = str(record(g)?.name);
      if (name === undefined) return;
      const at = `gates.${kind}[${i}].name`;
      const taken = names.get(name);
      if (taken) fail(at, `gate names must be unique: "${name}" is also ${taken}`);
      else names.set(name, at);
    });
  }
  const upgrade = record(gates?.meshUpgrade);
  if (upgrade && upgrade.phases === undefined && upgrade.states === undefined) {
    fail("gates.meshUpgrade", "meshUpgrade must list phases, states or both: the values that pass");
  }
  const parsedGates = GatesSchema.safeParse(gates ?? {});
  const budget = num(raw.maxUpdateSeconds) ?? ROLLOUT_LIMITS.maxUpdateSeconds.default;
  const longest = parsedGates.success ? longestGateSeconds(parsedGates.data) : 0;
  if (longest > budget) {
    fail(
      "maxUpdateSeconds",
      `maxUpdateSeconds (${budget}) must be at least the longest gate timeout (${longest} s): a step could never start`,
    );
  }
  return failures;
}

/**
 * The schema (problems under values unknown at preview are checked once they are known), then the rules that span
 * fields, which hold at preview whatever is unknown; every problem at once.
 */
export function validateRollout(raw: Record<string, unknown>): Validated<CanaryRolloutInput> {
  const schema = schemaValidator(CanaryRolloutInputSchema, "CanaryRolloutArgs")(raw);
  const reported = new Set(schema.failures.map((f) => f.property));
  const cross = crossFieldFailures(raw).filter((f) => !reported.has(f.property));
  return { input: schema.input, failures: [...schema.failures, ...cross] };
}
