/**
 * One gate interface for every kind (canary member health, proxy sync, upgrade phase, metrics, webhooks): a gate
 * judges the step about to start (`before`, which may wait up to the gate's timeout) and the step that runs during a
 * pause (`during`, one look), and answers a verdict with what it measured and the limit, so the state machine, the
 * abort message, the outputs and the review speak of the same thing. A new gate kind is one file in `gates/`.
 */
import type { GateVerdict, Outcome } from "./surface";

/** What the gate judges. */
export interface GateContext {
  /** The step: the one about to start (`before`) or the one whose pause is running (`during`). */
  step: number;
  /** The canary weight of that step. */
  weight: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Set when the verdict no longer matters (another gate failed first): stop reading. */
  cancelled(): boolean;
}

/** One reading of a gate. */
export interface Measurement {
  outcome: Outcome;
  measured?: string;
  limit?: string;
  detail: string;
}

export interface Gate {
  /** Its name in outputs, history and messages. */
  readonly name: string;
  /** The longest `before` may take, ms. */
  readonly timeoutMs: number;
  /** Measured and reported, never deciding. */
  readonly dryRun?: boolean;
  /** Judges the step about to start: pass, fail, error or inconclusive (`wait` only when cancelled). */
  before(ctx: GateContext): Promise<GateVerdict>;
  /** One look while a step's pause runs (undefined: nothing to look at now); a `wait` verdict is not decisive. */
  during(ctx: GateContext): Promise<GateVerdict | undefined>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function verdict(gate: string, m: Measurement, at: number, extra: Partial<GateVerdict> = {}): GateVerdict {
  return {
    gate,
    outcome: m.outcome,
    ...(m.measured !== undefined ? { measured: m.measured } : {}),
    ...(m.limit !== undefined ? { limit: m.limit } : {}),
    detail: m.detail,
    ...extra,
    at: iso(at),
  };
}

/**
 * A gate that reads a condition: before a step it passes at the first read that passes, fails at the first read
 * that fails, and fails when it is still not ready (or still cannot be read) at its timeout; an error is retried
 * like "not yet", so one network blip never decides. During a pause only a definite failure counts.
 */
/** How long a gate waits and how often it reads. */
export interface GateTiming {
  timeoutMs: number;
  intervalMs: number;
}

export function conditionGate(
  spec: GateTiming & { name: string; measure: (ctx: GateContext) => Promise<Measurement> },
): Gate {
  const read = async (ctx: GateContext): Promise<Measurement> => {
    try {
      return await spec.measure(ctx);
    } catch (err) {
      return { outcome: "error", detail: `could not be read: ${(err as Error).message}` };
    }
  };
  return {
    name: spec.name,
    timeoutMs: spec.timeoutMs,
    async before(ctx) {
      const started = ctx.now();
      for (let checks = 1; ; checks++) {
        const m = await read(ctx);
        if (m.outcome !== "wait" && m.outcome !== "error") return verdict(spec.name, m, ctx.now(), { checks });
        const elapsed = ctx.now() - started;
        if (ctx.cancelled()) {
          return verdict(
            spec.name,
            { ...m, outcome: "wait", detail: `not judged: another gate failed first (last read: ${m.detail})` },
            ctx.now(),
            { checks },
          );
        }
        if (elapsed + spec.intervalMs > spec.timeoutMs) {
          const outcome = m.outcome === "error" ? "error" : "fail";
          const detail = `${m.outcome === "error" ? "still" : "not ready"} after ${Math.round(elapsed / 1000)} s (timeout ${Math.round(spec.timeoutMs / 1000)} s): ${m.detail}`;
          return verdict(spec.name, { ...m, outcome, detail }, ctx.now(), { checks });
        }
        await ctx.sleep(spec.intervalMs);
      }
    },
    async during(ctx) {
      return verdict(spec.name, await read(ctx), ctx.now(), { checks: 1 });
    },
  };
}

/**
 * How a set of verdicts decides: `pass` when every gate passed; `fail` when one failed or could not be measured;
 * `inconclusive` when one was inconclusive and none failed; anything else (a gate still waiting) is not a pass.
 */
export function overall(verdicts: readonly GateVerdict[]): "pass" | "fail" | "inconclusive" | "wait" {
  const deciding = verdicts.filter((v) => !v.dryRun);
  if (deciding.some(failed)) return "fail";
  if (deciding.some((v) => v.outcome === "inconclusive")) return "inconclusive";
  return deciding.every((v) => v.outcome === "pass") ? "pass" : "wait";
}

/** A verdict that fails the step (a dry run never does). */
export const failed = (v: GateVerdict) => !v.dryRun && (v.outcome === "fail" || v.outcome === "error");

/** Runs every gate's `before` together; the first failure cancels the others' waiting. */
export async function judgeBefore(gates: readonly Gate[], ctx: Omit<GateContext, "cancelled">): Promise<GateVerdict[]> {
  let stop = false;
  return Promise.all(
    gates.map(async (g) => {
      const v = await g.before({ ...ctx, cancelled: () => stop });
      if (failed(v)) stop = true;
      return v;
    }),
  );
}

/**
 * A verdict in one line: "gate healthyMembers failed: 1 of 2 canary members healthy (50%) on orders (limit ≥ 100%
 * healthy); …"; a metric's detail says it all ("gate error-rate failed: error-rate 0.071 > 0.05 (3 of 3 checks
 * failed) at step 2, weight 30").
 */
export function describeVerdict(v: GateVerdict): string {
  const word = v.outcome === "fail" ? "failed" : v.outcome;
  if (v.failures !== undefined) return `gate ${v.gate} ${word}: ${v.detail}`;
  const measured = v.measured ? `: ${v.measured}` : "";
  const limit = v.limit ? ` (limit ${v.limit})` : "";
  return `gate ${v.gate} ${word}${measured}${limit}; ${v.detail}`;
}

/** "error-rate pass (0.012)", "latency fail (0.9, dry run)". */
export const summarize = (v: GateVerdict) =>
  `${v.gate} ${v.outcome}${v.measured || v.dryRun ? ` (${[v.measured, v.dryRun ? "dry run" : undefined].filter(Boolean).join(", ")})` : ""}`;
