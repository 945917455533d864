/**
 * The review of `CanaryRollout` steps in a plan: the step plan (each step's shares, what follows it, the gates and
 * their limits), the worst-case duration, where the live rollout stands and what the next `up` does, and the
 * rollout rules. Inputs are read leniently: a preview passes them unchecked (defaults not filled in) while some
 * are unknown, and whole values may be the engine's unknown placeholder.
 */
import { containsUnknown, UNKNOWN } from "../core/unknowns";
import { metricBudgetSeconds, ROLLOUT_LIMITS } from "../rollout/args";
import { effectivePromote } from "../rollout/intents";
import { heldStep, isNewRun } from "../rollout/machine";
import { RolloutOutputs, RolloutOutputsSchema } from "../rollout/state";
import { channelWeights, duration, nextAction, phaseLabel } from "../rollout/status";
import type { RolloutIntent } from "../rollout/surface";
import { dynamicType } from "../shim";
import { PlanStep } from "./preview";
import {
  ChangeOp,
  Check,
  DEFAULT_MAX_POINTS,
  DEFAULT_ROLLOUT_MAX_MINUTES,
  DEFAULT_ROLLOUT_MAX_POINTS,
  Finding,
  RolloutRuleId,
  RulesConfig,
  runChecks,
} from "./guardrails";
import { isDict } from "./traffic";

export const ROLLOUT_TYPE = dynamicType("canary-mesh/rollout", "CanaryRollout");

type Dict = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== UNKNOWN ? v : undefined);
const num = (v: unknown) => (typeof v === "number" ? v : undefined);

export interface PlanRow {
  /** -1: the baseline. */
  step: number;
  canary: number;
  stable: number;
  /** What follows: "pause 5 min", "waits for approval", "approved (promote 1)", "completes". */
  then: string;
}

/** One channel a rollout steps, named for the review. */
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
  healthGated: boolean;
  /** The longest the gates may take before a step, seconds. */
  gateBudgetSeconds: number;
  promote: number;
  maxUpdateSeconds: number;
  /** Group weights other resources of the plan set on this rollout's groups: "VpcChannel orders sets …". */
  conflicts: string[];
  /** Weights changed outside the rollout that the next `up` moves back: group, live, held. */
  handEdits: Array<{ channel: string; group: string; live: number | null; held: number }>;
}

export interface RolloutReview extends RolloutFacts {
  revision?: string;
  plan?: PlanRow[];
  /** Worst case, seconds (timed pauses and gate budgets), and the approvals it waits for on top. */
  worstCase?: { seconds: number; approvals: number };
  /** The stored rollout: where it stands. */
  live?: { revision: string; phase: string; step: number; canaryWeight: number; message: string };
  /** What the next `up` does. */
  next: string;
  /** An operator's request (`canary-mesh rollout …`) the next `up` applies. */
  request?: string;
  notes: string[];
  findings: Finding[];
}

// ---------------------------------------------------------------- reading the plan

function readSteps(value: unknown): RolloutFacts["steps"] {
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
function readGates(value: unknown): { list?: string[]; healthGated: boolean; budget: number } {
  if (value !== undefined && !isDict(value)) return { healthGated: false, budget: 0 };
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
  return { list, healthGated, budget: Math.max(...budgets) };
}

/** Plan steps of the channel family that set a group weight, for conflicts. */
export interface WeightSetter {
  /** "VpcChannel orders", "VpcChannelMemberGroup green". */
  label: string;
  urn: string;
  /** The channel's id when known. */
  channelId?: string;
  /** Group name → weight set. */
  weights: Record<string, number>;
}

function channelsOf(
  value: unknown,
  deps: string[],
  setters: readonly WeightSetter[],
): RolloutChannelView[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const depChannels = setters.filter((s) => deps.includes(s.urn) && s.label.startsWith("VpcChannel "));
  return value.map((c: unknown) => {
    const d = isDict(c) ? c : {};
    const id = str(d.vpcChannelId);
    const named = setters.find((s) => s.label.startsWith("VpcChannel ") && id !== undefined && s.channelId === id);
    const channel =
      named?.label.slice("VpcChannel ".length) ??
      (id === undefined && depChannels.length === 1 ? depChannels[0]!.label.slice("VpcChannel ".length) : (id ?? "?"));
    return {
      channel,
      ...(id ? { id } : {}),
      ...(str(d.stableGroup) ? { stableGroup: str(d.stableGroup) } : {}),
      ...(str(d.canaryGroup) ? { canaryGroup: str(d.canaryGroup) } : {}),
    };
  });
}

function conflictsOf(
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
function handEdits(old: RolloutOutputs, channels: readonly RolloutChannelView[]): RolloutFacts["handEdits"] {
  return channelWeights(old).flatMap((c) => {
    if (!c.seen) return [];
    const id = c.key.slice(c.key.indexOf("/") + 1);
    const channel = channels.find((v) => v.id === id)?.channel ?? id;
    return [
      { group: c.stableGroup, live: c.seen.stable, held: c.want.stable },
      { group: c.canaryGroup, live: c.seen.canary, held: c.want.canary },
    ]
      .filter((g) => g.live !== g.held)
      .map((g) => ({ channel, ...g }));
  });
}

function parseOld(step: PlanStep): RolloutOutputs | undefined {
  const parsed = RolloutOutputsSchema.passthrough().safeParse(step.old?.outputs ?? {});
  return parsed.success ? (parsed.data as RolloutOutputs) : undefined;
}

// ---------------------------------------------------------------- the rules

const CHECKS: Record<RolloutRuleId, Check<RolloutFacts>> = {
  "rollout-step": (r, setting) => {
    if (!r.steps) return [];
    const max = setting.maxPoints ?? DEFAULT_ROLLOUT_MAX_POINTS;
    // A larger jump is a person's call: allowed right after a step that waits for approval.
    const jumps = r.steps
      .map((s, i) => ({ i, from: i === 0 ? 0 : r.steps![i - 1]!.weight, to: s.weight }))
      .filter((j) => j.to - j.from > max && !(j.i > 0 && r.steps![j.i - 1]!.untilPromoted));
    if (jumps.length === 0) return [];
    const list = jumps.map((j) => `${j.from}% → ${j.to}% (step ${j.i}, +${j.to - j.from})`).join(", ");
    return [
      `${r.resource}: the plan moves the canary's share more than ${max} points in one step: ${list}; add steps in between, or let the step before wait for approval (untilPromoted)`,
    ];
  },
  "rollout-ungated": (r) =>
    r.gates !== undefined && !r.healthGated
      ? [
          `${r.resource}: no health or metric gate: the plan steps to 100% on timers and approvals alone; add gates.healthyMembers or a gates.prometheus metric (a dry-run metric does not count)`,
        ]
      : [],
  "rollout-duration": (r, setting) => {
    const worst = worstCase(r);
    const max = setting.maxMinutes ?? DEFAULT_ROLLOUT_MAX_MINUTES;
    if (!worst || worst.seconds <= max * 60) return [];
    return [
      `${r.resource}: the plan may take ${duration(worst.seconds)} (timed pauses and gate budgets${worst.approvals ? `, approvals not counted` : ""}), more than ${duration(max * 60)}; shorten pauses or take fewer steps`,
    ];
  },
  "rollout-conflict": (r) =>
    r.conflicts.map(
      (c) =>
        `${r.resource}: ${c}, a weight the rollout owns: the two would undo each other on every pulumi up; remove that weight from the program`,
    ),
};

/** Hand edits of rollout-owned weights: a weight-step finding when the move back exceeds weight-step's limit. */
function handEditFindings(r: RolloutFacts, config: RulesConfig): Finding[] {
  const setting = config.rules["weight-step"];
  const exempt = [r.resource, r.urn].some((k) =>
    (config.exempt[k] ?? []).some((x) => x === "*" || x === "weight-step"),
  );
  if (setting.severity === "off" || exempt) return [];
  const max = setting.maxPoints ?? DEFAULT_MAX_POINTS;
  return r.handEdits
    .filter((e) => e.live !== null && Math.abs(e.held - e.live) > max)
    .map((e) => ({
      rule: "weight-step" as const,
      severity: setting.severity as Finding["severity"],
      resource: r.resource,
      message: `${r.resource}: group ${e.group} on ${e.channel} was set to ${e.live}% outside the rollout, which holds ${e.held}%: the next pulumi up moves it back ${Math.abs(e.held - e.live!)} points, more than ${max}`,
    }));
}

/** Timed pauses and gate budgets of every step (the last step's pause aside), and the approvals on top. */
export function worstCase(
  r: Pick<RolloutFacts, "steps" | "gateBudgetSeconds" | "promote">,
): RolloutReview["worstCase"] {
  if (!r.steps) return undefined;
  const last = r.steps.length - 1;
  let seconds = 0;
  let approvals = 0;
  r.steps.forEach((s, i) => {
    seconds += r.gateBudgetSeconds;
    if (i === last) return;
    seconds += s.seconds ?? 0;
    if (s.untilPromoted && i > r.promote) approvals++;
  });
  return { seconds, approvals };
}

// ---------------------------------------------------------------- the review

function planRows(steps: NonNullable<RolloutFacts["steps"]>, promote: number): PlanRow[] {
  const last = steps.length - 1;
  return [
    { step: -1, canary: 0, stable: 100, then: "" },
    ...steps.map((s, i) => ({
      step: i,
      canary: s.weight,
      stable: 100 - s.weight,
      then:
        i === last
          ? "completes"
          : s.seconds !== undefined
            ? `pause ${duration(s.seconds)}`
            : s.untilPromoted
              ? i <= promote
                ? "approved"
                : "waits for approval"
              : "",
    })),
  ];
}

const requestText = (i: RolloutIntent) =>
  `canary-mesh rollout ${i.action}${i.step !== undefined ? ` (step ${i.step})` : ""} by ${i.actor}${i.reason ? `: ${i.reason}` : ""}`;

function nextText(
  op: ChangeOp,
  name: string,
  inputs: Dict,
  old: RolloutOutputs | undefined,
  request?: RolloutIntent,
): string {
  if (op === "create")
    return "starts the rollout: sets the baseline (stable 100%, canary 0%), then steps through the plan";
  if (op === "delete") {
    return `removes the rollout from the stack; the weights stay where they are${old ? ` (canary ${old.canaryWeight}%)` : ""}`;
  }
  if (op === "replace") return "replaces the rollout: a new run from the baseline (stable 100%, canary 0%)";
  if (!old) return "continues the rollout";
  const revision = str(inputs.revision);
  const retry = num(inputs.retry) ?? 0;
  if (revision === undefined) return "depends on a revision not known until the update";
  if (isNewRun(revision, retry, old.__run) && !(request?.action === "retry")) {
    return `starts revision ${revision}${retry ? ` (retry ${retry})` : ""} from its baseline (stable 100%, canary 0%), then steps through the plan`;
  }
  if (request?.action === "abort")
    return "sets every channel back to its baseline (stable 100%, canary 0%) and stops the revision";
  if (request?.action === "retry")
    return `starts revision ${revision} again from its baseline (stable 100%, canary 0%)`;
  if (request?.action === "promote") {
    const target = request.step ?? old.__run.step;
    const after = old.steps[target + 1];
    return `approves step ${target} past its pause${after && old.__run.step === target ? `, then steps on to step ${target + 1} (canary ${after.weight}%)` : ""}`;
  }
  if (
    old.__run.phase === "Paused" &&
    old.__run.pausedBy === "promotion" &&
    (num(inputs.promote) ?? -1) >= old.__run.step
  ) {
    return `passes the approval of step ${old.__run.step} (promote ${num(inputs.promote)}), then continues`;
  }
  return nextAction(old, name).text;
}

/** The review of one rollout step of the plan. */
export function rolloutReview(
  step: PlanStep,
  op: ChangeOp,
  setters: readonly WeightSetter[],
  config: RulesConfig,
): RolloutReview {
  const inputs = ((op === "delete" ? step.old?.inputs : step.new?.inputs) ?? {}) as Dict;
  const deps = (step.new ?? step.old)?.dependencies ?? [];
  const old = op === "create" ? undefined : parseOld(step);
  const gates = readGates(inputs.gates);
  const channels = channelsOf(inputs.channels, deps, setters);
  const request =
    isDict(inputs.__intent) && !(old?.__applied ?? []).includes(String(inputs.__intent.id))
      ? (inputs.__intent as unknown as RolloutIntent)
      : undefined;
  const promote = Math.max(
    num(inputs.promote) ?? -1,
    old && old.revision === str(inputs.revision) ? effectivePromote(-1, old.__run) : -1,
  );
  const facts: RolloutFacts = {
    resource: step.name,
    urn: step.urn,
    op,
    ...(readSteps(inputs.steps) ? { steps: readSteps(inputs.steps) } : {}),
    ...(channels ? { channels } : {}),
    ...(gates.list ? { gates: gates.list } : {}),
    healthGated: gates.healthGated,
    gateBudgetSeconds: gates.budget,
    promote,
    maxUpdateSeconds: num(inputs.maxUpdateSeconds) ?? ROLLOUT_LIMITS.maxUpdateSeconds.default,
    conflicts: op === "delete" ? [] : conflictsOf(channels, deps, setters),
    handEdits: old && op !== "delete" ? handEdits(old, channels ?? []) : [],
  };
  const notes: string[] = [];
  if (!facts.steps) notes.push("The plan's steps are not known until the update.");
  if (!facts.gates) notes.push("The gates are not known until the update.");
  if (!channels) notes.push("The channels are not known until the update.");
  const live = old && {
    revision: old.revision,
    phase: phaseLabel(old),
    step: heldStep(old.__run, old.steps),
    canaryWeight: old.canaryWeight,
    message: old.message,
  };
  const findings = op === "delete" ? [] : [...runChecks(facts, CHECKS, config), ...handEditFindings(facts, config)];
  return {
    ...facts,
    ...(str(inputs.revision) ? { revision: str(inputs.revision) } : {}),
    ...(facts.steps ? { plan: planRows(facts.steps, promote) } : {}),
    ...(worstCase(facts) ? { worstCase: worstCase(facts) } : {}),
    ...(live ? { live } : {}),
    next: nextText(op, step.name, inputs, old, request),
    ...(request ? { request: requestText(request) } : {}),
    notes,
    findings,
  };
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
      return [{ label: `VpcChannel ${s.name}`, urn: s.urn, ...(s.old?.id ? { channelId: s.old.id } : {}), weights }];
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
