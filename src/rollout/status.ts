/**
 * Where a stored rollout stands and what comes next, in words: for `canary-mesh rollout status` and `watch`, and for
 * the review of a plan. Read from the stored outputs only (no API call), so it says what the state says.
 */
import { effectivePromote } from "./intents";
import { heldStep, weightsOf } from "./machine";
import { channelKey, RolloutOutputs } from "./state";

/** What the rollout waits for: drives `watch` (and its exit code) and the review's "next up" line. */
export type NextKind =
  /** Completed: nothing to do. */
  | "done"
  /** Aborted: nothing to do until a retry or a new revision. */
  | "aborted"
  /** Waits for a person: `promote`. */
  | "approval"
  /** A timed pause: the next step is due at `at`. */
  | "timer"
  /** The next `up` continues at once (budget spent, a gate to check again, an interrupted update). */
  | "now";

export interface NextAction {
  kind: NextKind;
  /** Epoch ms when the next step is due (`timer`). */
  at?: number;
  text: string;
}

/** What the next `up` of a stored rollout does, when nothing in the program changes. */
export function nextAction(o: RolloutOutputs, name: string): NextAction {
  const run = o.__run;
  const step = heldStep(run, o.steps);
  const next = o.steps[step + 1];
  const nextLabel = next ? `step ${step + 1} (canary ${next.weight}%)` : "";
  switch (run.phase) {
    case "Completed":
      return {
        kind: "done",
        text: `nothing: revision ${o.revision} is completed; for the next release swap stableGroup and canaryGroup`,
      };
    case "Aborted":
      return {
        kind: "aborted",
        text: `nothing: revision ${o.revision} is aborted; canary-mesh rollout retry ${name} (or a raised retry) starts it again, a new revision starts that one`,
      };
    case "Paused":
      if (run.pausedBy === "promotion") {
        return {
          kind: "approval",
          text: `waits for approval of step ${step}: canary-mesh rollout promote ${name} (or promote: ${step} in the program), then ${nextLabel}`,
        };
      }
      if (run.pausedBy === "timer" && o.nextStepAt) {
        return {
          kind: "timer",
          at: Date.parse(o.nextStepAt),
          text: `${nextLabel} after ${o.nextStepAt}: pulumi up (or canary-mesh rollout watch ${name}) then`,
        };
      }
      if (run.pausedBy === "gate") {
        return { kind: "now", text: `the next pulumi up checks the gates again, then ${nextLabel || "completes"}` };
      }
      return { kind: "now", text: `the next pulumi up continues: ${nextLabel || "completes"}` };
    default:
      return { kind: "now", text: `the next pulumi up continues from step ${step} (an update ended before it did)` };
  }
}

/** "Paused (waiting for promotion)", "Completed". */
export function phaseLabel(o: Pick<RolloutOutputs, "__run">): string {
  const by = o.__run.phase === "Paused" ? o.__run.pausedBy : undefined;
  const why = { timer: "timed pause", promotion: "waiting for promotion", budget: "update budget spent", gate: "gate" };
  return by ? `${o.__run.phase} (${why[by]})` : o.__run.phase;
}

/** Each channel's two groups with the weights the rollout holds and the ones last seen live. */
export function channelWeights(o: RolloutOutputs): Array<{
  key: string;
  stableGroup: string;
  canaryGroup: string;
  want: { stable: number; canary: number };
  seen?: { stable: number | null; canary: number | null };
}> {
  const want = weightsOf(o.steps, heldStep(o.__run, o.steps));
  return o.channels.map((c) => {
    const seen = o.__seen[channelKey(c)];
    return {
      key: channelKey(c),
      stableGroup: c.stableGroup,
      canaryGroup: c.canaryGroup,
      want,
      ...(seen ? { seen: { stable: seen[c.stableGroup] ?? null, canary: seen[c.canaryGroup] ?? null } } : {}),
    };
  });
}

/** The plan in one line: "10% (pause 5 min) → 30% (waits for approval) → 100%". */
export function planLine(steps: RolloutOutputs["steps"], promote = -1, run?: RolloutOutputs["__run"]): string {
  const approved = effectivePromote(promote, run);
  return steps
    .map((s, i) => {
      const pause = s.pause;
      if (!pause) return `${s.weight}%`;
      if ("seconds" in pause) return `${s.weight}% (pause ${duration(pause.seconds)})`;
      return `${s.weight}% (${i <= approved ? "approved" : "waits for approval"})`;
    })
    .join(" → ");
}

/** 45 s, 5 min, 2 h 30 min, 1 d 2 h. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) {
    const m = Math.round((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ""}`;
  }
  const h = Math.round((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${h ? ` ${h} h` : ""}`;
}
