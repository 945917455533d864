/**
 * The rollout's state machine, pure: (desired state, the run record, the live weights, gates passed in this update,
 * now, the update's deadline) → the next action. The provider reads the channels, asks, performs the action and
 * records it, then asks again. Resuming after a killed `up` falls out of it: the live weights are an input, never a
 * memory of the process, so a step whose weights are live is never run again and a step is never taken without its
 * gates. Clock-free: `now` and `deadline` are given (epoch ms).
 */
import type { Run } from "./state";
import type { PauseReason, Phase, RolloutStep } from "./surface";

/** The two groups' weights of a step: the canary gets the step's weight, the stable group the rest. -1 is the baseline. */
export function weightsOf(steps: readonly RolloutStep[], step: number): { stable: number; canary: number } {
  const canary = step < 0 ? 0 : steps[step]!.weight;
  return { stable: 100 - canary, canary };
}

/** The step a channel's live weights are at (-1: the baseline), or undefined when no step of the plan has them. */
export function stepAt(steps: readonly RolloutStep[], live: LiveWeights): number | undefined {
  if (live.stable === null || live.canary === null || live.stable + live.canary !== 100) return undefined;
  if (live.canary === 0) return -1;
  const index = steps.findIndex((s) => s.weight === live.canary);
  return index < 0 ? undefined : index;
}

export interface LiveWeights {
  key: string;
  stable: number | null;
  canary: number | null;
}

export interface Situation {
  steps: readonly RolloutStep[];
  revision: string;
  retry: number;
  promote: number;
  /** The run in state; undefined before the first. */
  run?: Run;
  live: readonly LiveWeights[];
  now: number;
  /** When this update must end (start + maxUpdateSeconds). */
  deadline: number;
  /** The longest the gates may take before a step (ms; 0 without gates). */
  gateBudget: number;
  /** The step whose gates passed in this update, if any (never carried over to the next update). */
  passed?: number;
}

export type Action =
  /** A new revision (or retry): a new run, at the baseline. */
  | { kind: "start" }
  /** Set these channels to the weights of `step`: the next step, the lower step of channels left apart, or back after an outside edit. */
  | { kind: "set"; step: number; channels: string[]; why: "step" | "align" | "restore" }
  /** The live weights are at a step the run did not record (a killed `up`): continue from there, its pause restarted. */
  | { kind: "resume"; step: number }
  /** Wait in this update until `until` (a timed pause that fits), watching the gates. */
  | { kind: "wait"; until: number }
  /** Check the gates before `step`. */
  | { kind: "check"; step: number }
  /** End the update here. */
  | { kind: "stop"; phase: Phase; pausedBy?: PauseReason; message: string; nextStepAt?: number };

const pct = (w: number) => `${w}%`;
const describeStep = (steps: readonly RolloutStep[], step: number) =>
  step < 0 ? "the baseline" : `step ${step} (canary ${pct(steps[step]!.weight)})`;

/** Channels not at `step`. */
function notAt(s: Situation, step: number): string[] {
  const want = weightsOf(s.steps, step);
  return s.live.filter((c) => c.stable !== want.stable || c.canary !== want.canary).map((c) => c.key);
}

/** Where the run's recorded step stands in today's plan (undefined when the plan changed under it). */
function recordedStep(s: Situation, run: Run): number | undefined {
  if (run.step === -1) return -1;
  return s.steps[run.step]?.weight === run.stepWeight ? run.step : undefined;
}

/**
 * Whether a revision and retry start a new run over the stored one: a new revision, or a retry above the run's (a
 * retry asked from the command line raises the run's above the program's, which must not start it again).
 */
export function isNewRun(revision: string, retry: number, run: Pick<Run, "revision" | "retry"> | undefined): boolean {
  return !run || run.revision !== revision || retry > run.retry;
}

export function decide(s: Situation): Action {
  const run = s.run;
  if (!run || isNewRun(s.revision, s.retry, run)) return { kind: "start" };
  const last = s.steps.length - 1;

  if (run.phase === "Aborted" || run.phase === "Completed") {
    const hold = run.phase === "Aborted" ? -1 : last;
    const drifted = notAt(s, hold);
    if (drifted.length > 0) return { kind: "set", step: hold, channels: drifted, why: "restore" };
    return { kind: "stop", phase: run.phase, message: run.reason ?? `${run.phase.toLowerCase()}` };
  }

  // Outside edits (weights no step names) go back to the recorded step, or below it when the plan changed.
  const positions = s.live.map((c) => ({ key: c.key, step: stepAt(s.steps, c) }));
  const recorded = recordedStep(s, run);
  const offPlan = positions.filter((p) => p.step === undefined).map((p) => p.key);
  if (offPlan.length > 0) {
    const back = recorded ?? floorStep(s, Math.min(...s.live.map((c) => c.canary ?? 0)));
    return { kind: "set", step: back, channels: offPlan, why: "restore" };
  }
  // Channels left at different steps (an `up` killed between two writes) are first brought to the lower one.
  const lowest = Math.min(...positions.map((p) => p.step!));
  const ahead = positions.filter((p) => p.step! > lowest).map((p) => p.key);
  if (ahead.length > 0) return { kind: "set", step: lowest, channels: ahead, why: "align" };
  if (lowest !== recorded) return { kind: "resume", step: lowest };

  const step = lowest;
  const pause = step >= 0 ? s.steps[step]!.pause : undefined;
  if (pause && "seconds" in pause) {
    const due = run.since + pause.seconds * 1000;
    if (s.now < due) {
      if (due <= s.deadline) return { kind: "wait", until: due };
      return {
        kind: "stop",
        phase: "Paused",
        pausedBy: "timer",
        nextStepAt: due,
        message: `at ${describeStep(s.steps, step)}, paused until ${new Date(due).toISOString()}: run pulumi up again after ${new Date(due).toISOString()}`,
      };
    }
  }
  if (pause && "untilPromoted" in pause && s.promote < step) {
    return {
      kind: "stop",
      phase: "Paused",
      pausedBy: "promotion",
      message: `at ${describeStep(s.steps, step)}, waiting for promotion: set promote to ${step} (or more) and run pulumi up, or run canary-mesh rollout promote`,
    };
  }
  if (step === last) return { kind: "stop", phase: "Completed", message: `completed: ${describeStep(s.steps, last)}` };

  const next = step + 1;
  if (s.passed === next) return { kind: "set", step: next, channels: s.live.map((c) => c.key), why: "step" };
  if (s.deadline - s.now < s.gateBudget) {
    return {
      kind: "stop",
      phase: "Paused",
      pausedBy: "budget",
      message: `at ${describeStep(s.steps, step)}; ${describeStep(s.steps, next)} is due, but its gates may take ${Math.round(s.gateBudget / 1000)} s, more than this update has left: run pulumi up again`,
    };
  }
  return { kind: "check", step: next };
}

/** The highest step whose canary weight is at most `weight` (-1 when none). */
function floorStep(s: Situation, weight: number): number {
  let found = -1;
  s.steps.forEach((step, i) => {
    if (step.weight <= weight) found = i;
  });
  return found;
}

/** The step whose weights a run holds: the baseline once aborted, the last step once completed, else its step. */
export function heldStep(run: Pick<Run, "phase" | "step">, steps: readonly RolloutStep[]): number {
  if (run.phase === "Aborted") return -1;
  if (run.phase === "Completed") return steps.length - 1;
  return run.step;
}

/** What a stored rollout holds: its channels (by key), their groups, the run and the plan. */
export interface Held {
  channels: ReadonlyArray<{ key: string; stableGroup: string; canaryGroup: string }>;
  steps: readonly RolloutStep[];
  run: Pick<Run, "phase" | "step">;
}

/**
 * Where a new run (a new revision or retry) starts. From the baseline, when the live weights are the ones the stored
 * run held (or nothing was stored and they are at no step). Otherwise, when they are at a step of the new plan, an
 * `up` of this run was interrupted before its state was saved: it resumes there (its gates are checked again).
 * `live` is keyed by channel and group name.
 */
export function startPoint(
  held: Held | undefined,
  steps: readonly RolloutStep[],
  channels: ReadonlyArray<{ key: string; stableGroup: string; canaryGroup: string }>,
  live: Readonly<Record<string, Record<string, number | null>>>,
): { from: "baseline" } | { from: "resume"; step: number } {
  if (held) {
    const want = weightsOf(held.steps, heldStep(held.run, held.steps));
    const explained = held.channels.every((c) => {
      const w = live[c.key];
      return w !== undefined && w[c.stableGroup] === want.stable && w[c.canaryGroup] === want.canary;
    });
    if (explained) return { from: "baseline" };
  }
  const positions = channels.map((c) =>
    stepAt(steps, {
      key: c.key,
      stable: live[c.key]?.[c.stableGroup] ?? null,
      canary: live[c.key]?.[c.canaryGroup] ?? null,
    }),
  );
  if (positions.some((p) => p === undefined)) return { from: "baseline" };
  const lowest = Math.min(...(positions as number[]));
  return lowest < 0 ? { from: "baseline" } : { from: "resume", step: lowest };
}
