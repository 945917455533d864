/**
 * A `CanaryRollout` step of a preview, read leniently: a preview passes inputs unchecked (defaults not filled in)
 * while some are unknown, and whole values may be the engine's unknown placeholder. What the rollout rules and the
 * review (`rollouts.ts`) judge: the plan's steps, channels, gates and their budget, the weights other resources of
 * the plan set on its groups, and weights changed outside it.
 */
import { containsUnknown, UNKNOWN } from "../core/unknowns";
import { metricBudgetSeconds, ROLLOUT_LIMITS } from "../rollout/args";
import { ReadableOutputsSchema, RolloutOutputs } from "../rollout/state";
import { channelWeights, duration } from "../rollout/status";
import { dynamicType } from "../shim";
import { ChangeOp } from "./guardrails";
import { PlanStep } from "./preview";
import { isDict } from "./traffic";

export const ROLLOUT_TYPE = dynamicType("canary-mesh/rollout", "CanaryRollout");

export type Dict = Record<string, unknown>;
export const str = (v: unknown) => (typeof v === "string" && v !== UNKNOWN ? v : undefined);
export const num = (v: unknown) => (typeof v === "number" ? v : undefined);

export interface RolloutChannelView {
  /** The `VpcChannel` resource's name when the plan has it, else the channel id ("?" while unknown). */
  channel: string;
  id?: string;
  stableGroup?: string;
  canaryGroup?: string;
}

/** What the rules judge: a rollout's desired plan, read from the step's new inputs. */
export interface RolloutFacts {
  resource: string;
  urn: string;
  op: ChangeOp;
  /** The steps' canary weights and pauses; undefined while unknown. */
  steps?: Array<{ weight: number; seconds?: number; untilPromoted?: boolean }>;
  /** Undefined while unknown. */
  channels?: RolloutChannelView[];
  /** Descriptions of the gates, with their limits; undefined while unknown. */
  gates?: string[];
  /** A health or metric gate that decides (healthyMembers, or a Prometheus metric that is not a dry run). */
  /** Undefined while a gate that could be one is not known. */
  healthGated: boolean | undefined;
  /** The longest the gates may take before a step, seconds. */
  gateBudgetSeconds: number;
  promote: number;
  maxUpdateSeconds: number;
  /** Group weights other resources of the plan set on this rollout's groups: "VpcChannel orders sets …". */
  conflicts: string[];
  /** Weights changed outside the rollout that the next `up` moves back: group, live, held. */
  handEdits: Array<{ channel: string; group: string; live: number | null; held: number }>;
}

export function readSteps(value: unknown): RolloutFacts["steps"] {
  if (!Array.isArray(value) || containsUnknown(value)) return undefined;
  return value.map((s: unknown) => {
    const step = isDict(s) ? s : {};
    const pause = isDict(step.pause) ? step.pause : {};
    return {
      weight: num(step.weight) ?? 0,
      ...(num(pause.seconds) !== undefined ? { seconds: num(pause.seconds) } : {}),
      ...(pause.untilPromoted === true ? { untilPromoted: true } : {}),
    };
  });
}

const range = (r: unknown) => {
  const v = isDict(r) ? r : {};
  const [min, max] = [num(v.min), num(v.max)];
  if (min !== undefined && max !== undefined) return `${min} ≤ value ≤ ${max}`;
  return min !== undefined ? `value ≥ ${min}` : `value ≤ ${max ?? "?"}`;
};

/** The gates with their limits, and the budget before a step (as the provider counts it). */
export function readGates(value: unknown): { list?: string[]; healthGated: boolean | undefined; budget: number } {
  if (value !== undefined && !isDict(value)) return { healthGated: undefined, budget: 0 };
  const g = (value ?? {}) as Dict;
  const timeout = (x: unknown) =>
    num(isDict(x) ? x.timeoutSeconds : undefined) ?? ROLLOUT_LIMITS.gateTimeoutSeconds.default;
  const list: string[] = [];
  const budgets: number[] = [0];
  let healthGated = false;
  if (g.healthyMembers !== undefined && g.healthyMembers !== false) {
    const hm = isDict(g.healthyMembers) ? g.healthyMembers : {};
    healthGated = true;
    budgets.push(timeout(hm));
    list.push(
      `healthyMembers: ≥ ${num(hm.minHealthyPercent) ?? 100}% of the canary group's members healthy (APIG health check), waiting up to ${duration(timeout(hm))} for unknown ones`,
    );
  }
  if (isDict(g.proxyStatus)) {
    budgets.push(timeout(g.proxyStatus));
    list.push(
      `proxyStatus: every proxy of mesh ${str(g.proxyStatus.serviceMeshId) ?? "?"} synced, within ${duration(timeout(g.proxyStatus))}`,
    );
  }
  if (isDict(g.meshUpgrade)) {
    const m = g.meshUpgrade;
    const wanted = [m.phases, m.states].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
    budgets.push(timeout(m));
    list.push(
      `meshUpgrade: upgrade ${str(m.meshUpgradeId) ?? "?"} in ${wanted.join(" or ") || "?"}, within ${duration(timeout(m))}`,
    );
  }
  for (const m of Array.isArray(g.prometheus) ? g.prometheus.filter(isDict) : []) {
    const interval = num(m.intervalSeconds) ?? 0;
    const count = num(m.count) ?? ROLLOUT_LIMITS.metricCount.default;
    const failures = num(m.failureLimit) ?? ROLLOUT_LIMITS.metricFailureLimit.default;
    const dryRun = m.dryRun === true;
    if (!dryRun) healthGated = true;
    budgets.push(metricBudgetSeconds({ intervalSeconds: interval, count, errorLimit: num(m.errorLimit) }));
    const inconclusive = m.inconclusiveRange !== undefined ? `, inconclusive ${range(m.inconclusiveRange)}` : "";
    list.push(
      `${str(m.name) ?? "?"} (Prometheus): ${range(m.thresholdRange)}${inconclusive}; ${count} check${count === 1 ? "" : "s"} ${duration(interval)} apart, ${failures} failure${failures === 1 ? "" : "s"} tolerated${dryRun ? "; dry run: reported, never deciding" : ""}`,
    );
  }
  const said = {
    "before-step": "must answer 2xx before each step",
    rollback: "a 2xx answer aborts",
    event: "told of every event",
  };
  for (const w of Array.isArray(g.webhooks) ? g.webhooks.filter(isDict) : []) {
    const kind = str(w.kind) as keyof typeof said | undefined;
    if (kind !== "event") budgets.push(num(w.timeoutSeconds) ?? ROLLOUT_LIMITS.webhookTimeoutSeconds.default);
    list.push(`${str(w.name) ?? "?"} (webhook, ${kind ?? "?"}): ${kind ? said[kind] : "?"}`);
  }
  // A metric list (or one of its metrics) not known yet may hold the gate that counts.
  const unknownMetrics = g.prometheus !== undefined && containsUnknown(g.prometheus);
  return { list, healthGated: healthGated || (unknownMetrics ? undefined : false), budget: Math.max(...budgets) };
}

/** Plan steps of the channel family that set a group weight, for conflicts. */
export interface WeightSetter {
  /** "VpcChannel orders", "VpcChannelMemberGroup green". */
  label: string;
  /** The `VpcChannel` resource's name, when the setter is one. */
  channel?: string;
  urn: string;
  /** The channel's id when known. */
  channelId?: string;
  /** Group name → weight set. */
  weights: Record<string, number>;
}

export function channelsOf(
  value: unknown,
  deps: string[],
  setters: readonly WeightSetter[],
): RolloutChannelView[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const depChannels = setters.filter((s) => deps.includes(s.urn) && s.channel !== undefined);
  return value.map((c: unknown) => {
    const d = isDict(c) ? c : {};
    const id = str(d.vpcChannelId);
    const named = setters.find((s) => s.channel !== undefined && id !== undefined && s.channelId === id);
    const channel =
      named?.channel ?? (id === undefined && depChannels.length === 1 ? depChannels[0]!.channel! : (id ?? "?"));
    return {
      channel,
      ...(id ? { id } : {}),
      ...(str(d.stableGroup) ? { stableGroup: str(d.stableGroup) } : {}),
      ...(str(d.canaryGroup) ? { canaryGroup: str(d.canaryGroup) } : {}),
    };
  });
}

export function conflictsOf(
  channels: RolloutChannelView[] | undefined,
  deps: string[],
  setters: readonly WeightSetter[],
): string[] {
  return (channels ?? []).flatMap((c) =>
    setters
      .filter((s) =>
        // Ids when both are known; else the resource the rollout depends on (a channel created in the same plan).
        c.id !== undefined && s.channelId !== undefined ? s.channelId === c.id : deps.includes(s.urn),
      )
      .flatMap((s) =>
        [c.stableGroup, c.canaryGroup]
          .filter((g): g is string => g !== undefined && s.weights[g] !== undefined)
          .map((g) => `${s.label} sets group "${g}" weight ${s.weights[g]} on channel ${c.channel}`),
      ),
  );
}

/** Group weights live (as last read) other than the rollout holds: what the next `up` puts back. */
export function handEdits(old: RolloutOutputs, channels: readonly RolloutChannelView[]): RolloutFacts["handEdits"] {
  return channelWeights(old).flatMap((c, i) => {
    if (!c.seen) return [];
    const id = old.channels[i]!.vpcChannelId;
    const channel = channels.find((v) => v.id === id)?.channel ?? id;
    return [
      { group: c.stableGroup, live: c.seen.stable, held: c.want.stable },
      { group: c.canaryGroup, live: c.seen.canary, held: c.want.canary },
    ]
      .filter((g) => g.live !== g.held)
      .map((g) => ({ channel, ...g }));
  });
}

export function parseOld(step: PlanStep): RolloutOutputs | undefined {
  // Gates are not read: a preview masks their secret headers.
  const parsed = ReadableOutputsSchema.passthrough().safeParse(step.old?.outputs ?? {});
  return parsed.success ? (parsed.data as RolloutOutputs) : undefined;
}

/** The weights each channel-family step of the plan sets, for `rollout-conflict`. */
export function weightSetters(steps: readonly PlanStep[], channelType: string, groupType: string): WeightSetter[] {
  return steps.flatMap((s): WeightSetter[] => {
    if (s.op === "delete" || !s.new) return [];
    const inputs = (s.new.inputs ?? {}) as Dict;
    if (s.type === channelType) {
      const weights: Record<string, number> = {};
      // Declared as a list; checked inputs (and the proposed state a policy sees) hold them by name.
      const groups = Array.isArray(inputs.memberGroups)
        ? inputs.memberGroups
        : isDict(inputs.memberGroups)
          ? Object.values(inputs.memberGroups)
          : [];
      for (const g of groups.filter(isDict)) {
        if (str(g.name) && num(g.weight) !== undefined) weights[str(g.name)!] = num(g.weight)!;
      }
      return [
        {
          label: `VpcChannel ${s.name}`,
          channel: s.name,
          urn: s.urn,
          ...(s.old?.id ? { channelId: s.old.id } : {}),
          weights,
        },
      ];
    }
    if (s.type === groupType && str(inputs.name) && num(inputs.weight) !== undefined) {
      const id = str(inputs.vpcChannelId);
      return [
        {
          label: `VpcChannelMemberGroup ${s.name}`,
          urn: s.urn,
          ...(id ? { channelId: id } : {}),
          weights: { [str(inputs.name)!]: num(inputs.weight)! },
        },
      ];
    }
    return [];
  });
}
