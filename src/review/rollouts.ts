/**
 * The review of `CanaryRollout` steps in a plan: the step plan (each step's shares, what follows it, the gates and
 * their limits), the worst-case duration, where the live rollout stands and what the next `up` does, and the
 * rollout rules. The plan is read by `rolloutPlan.ts`.
 */
import { ROLLOUT_LIMITS } from "../rollout/args";
import { byline, effectivePromote, isPending, promoteTarget } from "../rollout/intents";
import { heldStep, isNewRun } from "../rollout/machine";
import { RolloutOutputs } from "../rollout/state";
import { duration, nextAction, phaseLabel } from "../rollout/status";
import type { RolloutIntent } from "../rollout/surface";
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
import {
  channelsOf,
  conflictsOf,
  Dict,
  handEdits,
  num,
  parseOld,
  readGates,
  readSteps,
  RolloutFacts,
  str,
  WeightSetter,
} from "./rolloutPlan";

export { ROLLOUT_TYPE, weightSetters } from "./rolloutPlan";

export interface PlanRow {
  /** -1: the baseline. */
  step: number;
  canary: number;
  stable: number;
  /** What follows: "pause 5 min", "waits for approval", "approved (promote 1)", "completes". */
  then: string;
}

/** One channel a rollout steps, named for the review. */
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

// ---------------------------------------------------------------- the rules

const CHECKS: Record<RolloutRuleId, Check<RolloutFacts>> = {
  "rollout-step": (r, setting) => {
    if (!r.steps) return [];
    const max = setting.maxPoints ?? DEFAULT_ROLLOUT_MAX_POINTS;
    // A larger jump is a person's call: allowed right after a step that waits for approval.
    const jumps = r.steps
      .map((s, i) => ({ i, from: i === 0 ? 0 : r.steps![i - 1]!.weight, to: s.weight }))
      .filter((j) => j.to - j.from > max && !(j.i > 0 && r.steps![j.i - 1]!.untilPromoted && j.i - 1 > r.promote));
    if (jumps.length === 0) return [];
    const list = jumps.map((j) => `${j.from}% → ${j.to}% (step ${j.i}, +${j.to - j.from})`).join(", ");
    return [
      `${r.resource}: the plan moves the canary's share more than ${max} points in one step: ${list}; add steps in between, or let the step before wait for approval (untilPromoted, not approved in advance by promote)`,
    ];
  },
  "rollout-ungated": (r) =>
    r.gates !== undefined && r.healthGated === false
      ? [
          `${r.resource}: no health or metric gate: nothing judges the canary itself before it gets more traffic; add gates.healthyMembers or a gates.prometheus metric (a dry-run metric does not count)`,
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
const HAND_EDIT_CHECKS: Record<"weight-step", Check<RolloutFacts>> = {
  "weight-step": (r, setting) => {
    const max = setting.maxPoints ?? DEFAULT_MAX_POINTS;
    return r.handEdits
      .filter((e) => e.live !== null && Math.abs(e.held - e.live) > max)
      .map(
        (e) =>
          `${r.resource}: group ${e.group} on ${e.channel} was set to ${e.live}% outside the rollout, which holds ${e.held}%: the next pulumi up moves it back ${Math.abs(e.held - e.live!)} points, more than ${max}`,
      );
  },
};

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
  `canary-mesh rollout ${i.action}${i.step !== undefined ? ` (step ${i.step})` : ""} ${byline(i)}`;

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
    const target = promoteTarget(old.steps, old.__run, old.promote, request.step) ?? old.__run.step;
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
  const asked = isDict(inputs.__intent) ? (inputs.__intent as unknown as RolloutIntent) : undefined;
  const request = isPending(asked, inputs.revision, old?.__applied) ? asked : undefined;
  const promote = effectivePromote(
    num(inputs.promote) ?? -1,
    old && old.revision === str(inputs.revision) ? old.__run : undefined,
  );
  const steps = readSteps(inputs.steps);
  const facts: RolloutFacts = {
    resource: step.name,
    urn: step.urn,
    op,
    ...(steps ? { steps } : {}),
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
  const findings =
    op === "delete" ? [] : [...runChecks(facts, CHECKS, config), ...runChecks(facts, HAND_EDIT_CHECKS, config)];
  const worst = worstCase(facts);
  return {
    ...facts,
    ...(str(inputs.revision) ? { revision: str(inputs.revision) } : {}),
    ...(facts.steps ? { plan: planRows(facts.steps, promote) } : {}),
    ...(worst ? { worstCase: worst } : {}),
    ...(live ? { live } : {}),
    next: nextText(op, step.name, inputs, old, request),
    ...(request ? { request: requestText(request) } : {}),
    notes,
    findings,
  };
}
