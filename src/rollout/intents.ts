/**
 * Operators' requests (`canary-mesh rollout promote|abort|retry`), pure: whether one applies to a run, which step a
 * promotion approves, and the promote and retry a run goes by once requests are counted. Shared by the provider,
 * which applies them, and the command line, which refuses what would not apply before it runs an `up`.
 */
import type { Run } from "./state";
import type { RolloutIntent, RolloutStep } from "./surface";

/** The promote a run goes by: the program's, or a step approved from the command line, whichever is higher. */
export const effectivePromote = (promote: number, run: Pick<Run, "approved"> | undefined) =>
  Math.max(promote, run?.approved ?? -1);

/** The retry a run goes by: the program's, or the run's own once a retry was asked from the command line. */
export const effectiveRetry = (revision: string, retry: number, run: Pick<Run, "revision" | "retry"> | undefined) =>
  run && run.revision === revision ? Math.max(retry, run.retry) : retry;

/**
 * The step a promotion approves: the one asked for, else the step waiting for promotion now, else the next step
 * ahead with an `untilPromoted` pause not yet approved. Undefined when none is left.
 */
export function promoteTarget(
  steps: readonly RolloutStep[],
  run: Pick<Run, "step" | "phase" | "pausedBy" | "approved">,
  promote: number,
  asked?: number,
): number | undefined {
  if (asked !== undefined) return asked;
  const approved = effectivePromote(promote, run);
  const from = Math.max(run.step, 0);
  for (let i = from; i < steps.length; i++) {
    const pause = steps[i]!.pause;
    if (pause && "untilPromoted" in pause && i > approved) return i;
  }
  return undefined;
}

/** Why a request does not apply to a run (undefined when it does). */
export function intentProblem(
  intent: Pick<RolloutIntent, "action" | "revision" | "step">,
  steps: readonly RolloutStep[],
  run: Run | undefined,
  promote: number,
): string | undefined {
  if (!run) return "the rollout has not started: run pulumi up first";
  if (run.revision !== intent.revision) {
    return `it was asked for revision ${intent.revision}, and the rollout releases ${run.revision}`;
  }
  switch (intent.action) {
    case "abort":
      return run.phase === "Aborted" || run.phase === "Completed"
        ? `revision ${run.revision} is already ${run.phase.toLowerCase()}: nothing to abort`
        : undefined;
    case "retry":
      return run.phase === "Aborted"
        ? undefined
        : `only an aborted rollout is retried; revision ${run.revision} is ${run.phase.toLowerCase()}`;
    case "promote": {
      if (run.phase === "Aborted" || run.phase === "Completed") {
        return `revision ${run.revision} is ${run.phase.toLowerCase()}: nothing to promote`;
      }
      const target = promoteTarget(steps, run, promote, intent.step);
      if (target === undefined) return "no step ahead waits for promotion (untilPromoted)";
      const pause = steps[target]?.pause;
      if (!pause || !("untilPromoted" in pause)) return `step ${target} has no untilPromoted pause`;
      if (target < run.step || target <= effectivePromote(promote, run)) {
        return `step ${target} is already past its promotion`;
      }
      return undefined;
    }
  }
}

/** A request the next `up` applies: asked for the program's revision and not applied yet. */
export const isPending = (
  intent: Pick<RolloutIntent, "id" | "revision"> | undefined,
  revision: unknown,
  applied: readonly string[] | undefined,
): boolean => intent !== undefined && intent.revision === revision && !(applied ?? []).includes(intent.id);

/** "by alice: metrics look fine" */
export const byline = (intent: Pick<RolloutIntent, "actor" | "reason">) =>
  `by ${intent.actor}${intent.reason ? `: ${intent.reason}` : ""}`;
