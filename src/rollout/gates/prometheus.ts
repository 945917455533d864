/**
 * Gate `prometheus`: a metric judged with an instant query against any server with the Prometheus HTTP API
 * (`GET <url>/api/v1/query`). One measurement is one value: within `thresholdRange` it passes, within
 * `inconclusiveRange` it is inconclusive, otherwise it fails. No series, or NaN (e.g. 0/0 with no traffic), is
 * inconclusive: there is nothing to judge, so the rollout waits for a person rather than passing or aborting on
 * missing data. Several series, a range result, an HTTP or PromQL error are errors: the query cannot be judged as
 * written, and errors count against their own limit, so one network blip never decides.
 */
import axios from "axios";
import { redact } from "../../core/secrets";
import { metricBudgetSeconds, ROLLOUT_LIMITS } from "../args";
import type { GateVerdict } from "../surface";
import { Gate, GateContext, Measurement, verdict } from "../gates";

export interface ValueRange {
  min?: number;
  max?: number;
}

export interface Metric {
  name: string;
  url: string;
  query: string;
  thresholdRange: ValueRange;
  inconclusiveRange?: ValueRange;
  intervalSeconds: number;
  count: number;
  failureLimit: number;
  errorLimit: number;
  dryRun: boolean;
  headers: Record<string, string>;
}

/** What a query answered, reduced to one value or the reason there is none. */
export type Reading = { value: number } | { outcome: "inconclusive" | "error"; detail: string };

const inRange = (v: number, r: ValueRange) =>
  (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);

/** "≤ 0.05", "≥ 0.99", "0.1–0.2". */
export function describeRange(r: ValueRange): string {
  if (r.min !== undefined && r.max !== undefined) return `${r.min}–${r.max}`;
  return r.min !== undefined ? `≥ ${r.min}` : `≤ ${r.max}`;
}

/** "0.071 > 0.05". */
function comparison(value: number, r: ValueRange): string {
  if (r.max !== undefined && value > r.max) return `${value} > ${r.max}`;
  if (r.min !== undefined && value < r.min) return `${value} < ${r.min}`;
  return `${value} within ${describeRange(r)}`;
}

/** The query with the step's values in place of `{{canaryWeight}}`, `{{step}}`, `{{revision}}`, `{{channel}}`. */
export function renderQuery(query: string, values: Record<string, string | number>): string {
  return query.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/**
 * A Prometheus API answer as one value. Pure. `status`: the HTTP status; `body`: the parsed JSON (or text).
 * Sample values arrive as strings ("0.07", "NaN", "+Inf"), as the API sends every float.
 */
export function readingOf(status: number, body: unknown): Reading {
  const b = (body ?? {}) as {
    status?: string;
    error?: string;
    errorType?: string;
    data?: { resultType?: string; result?: unknown };
  };
  if (status < 200 || status >= 300 || b.status !== "success") {
    const why = b.error
      ? `${b.errorType ?? "error"}: ${b.error}`
      : typeof body === "string"
        ? body.slice(0, 200)
        : "no Prometheus answer";
    return { outcome: "error", detail: `HTTP ${status}: ${why}` };
  }
  const { resultType, result } = b.data ?? {};
  let sample: unknown;
  if (resultType === "scalar") sample = (result as unknown[])?.[1];
  else if (resultType === "vector") {
    const series = Array.isArray(result) ? (result as Array<{ value?: unknown[] }>) : [];
    if (series.length === 0)
      return {
        outcome: "inconclusive",
        detail: "no series: the query matched nothing (no traffic at this weight yet?)",
      };
    if (series.length > 1) {
      return {
        outcome: "error",
        detail: `${series.length} series: the query must return one value (aggregate it, e.g. with sum() or max())`,
      };
    }
    sample = series[0]!.value?.[1];
  } else {
    return {
      outcome: "error",
      detail: `a ${resultType ?? "missing"} result: the query must return an instant vector or a scalar`,
    };
  }
  const value = typeof sample === "string" ? Number(sample) : NaN;
  if (Number.isNaN(value))
    return {
      outcome: "inconclusive",
      detail: `the value is ${String(sample)}: no data to judge (e.g. 0/0 with no requests)`,
    };
  return { value };
}

/** A measurement judged against the metric's ranges. Pure. */
export function judge(m: Metric, reading: Reading): Measurement {
  const limit = describeRange(m.thresholdRange);
  if (!("value" in reading)) return { outcome: reading.outcome, limit, detail: reading.detail };
  const measured = String(reading.value);
  if (inRange(reading.value, m.thresholdRange))
    return { outcome: "pass", measured, limit, detail: comparison(reading.value, m.thresholdRange) };
  const outcome = m.inconclusiveRange && inRange(reading.value, m.inconclusiveRange) ? "inconclusive" : "fail";
  return { outcome, measured, limit, detail: comparison(reading.value, m.thresholdRange) };
}

/** Runs one query; a transport failure is an error reading (its message redacted: headers may be secret). */
async function query(m: Metric, promql: string): Promise<Reading> {
  try {
    const res = await axios.get(`${m.url.replace(/\/+$/, "")}/api/v1/query`, {
      params: { query: promql },
      headers: m.headers,
      timeout: ROLLOUT_LIMITS.metricRequestSeconds * 1000,
      maxContentLength: 4 * 1024 * 1024,
      validateStatus: () => true,
    });
    return readingOf(res.status, res.data);
  } catch (err) {
    return { outcome: "error", detail: redact(`the query could not run: ${(err as Error).message}`) };
  }
}

/** One measurement: the query per channel when it names `{{channel}}`; the worst reading counts. */
async function measure(
  m: Metric,
  ctx: GateContext,
  channels: readonly string[],
  revision: string,
): Promise<Measurement> {
  const base = { canaryWeight: ctx.weight, step: ctx.step, revision };
  const targets = m.query.includes("{{channel}}") ? channels : [undefined];
  const judged = await Promise.all(
    targets.map(async (channel) => {
      const j = judge(m, await query(m, renderQuery(m.query, channel === undefined ? base : { ...base, channel })));
      return channel === undefined ? j : { ...j, detail: `${j.detail} on ${channel}` };
    }),
  );
  const rank = { fail: 0, error: 1, inconclusive: 2, wait: 3, pass: 4 } as const;
  return judged.sort((a, b) => rank[a.outcome] - rank[b.outcome])[0]!;
}

/**
 * The metric as a gate. Before a step: `count` measurements `intervalSeconds` apart (errors retried, not counted);
 * it fails as soon as more than `failureLimit` fail, errs after more than `errorLimit` errors in a row. During a
 * pause: one measurement per `intervalSeconds`, the failures counted over the pause.
 */
export function prometheusGate(m: Metric, options: { channels: () => string[]; revision: string }): Gate {
  const intervalMs = m.intervalSeconds * 1000;
  const message = (mm: Measurement, ctx: GateContext, failures: number, checks: number) =>
    `${m.name} ${mm.detail} (${failures} of ${checks} checks failed) at step ${ctx.step}, weight ${ctx.weight}`;
  let pause: { step: number; checks: number; failures: number; errors: number; last: number } | undefined;

  const report = (
    mm: Measurement,
    ctx: GateContext,
    checks: number,
    failures: number,
    outcome = mm.outcome,
  ): GateVerdict =>
    verdict(m.name, { ...mm, outcome, detail: message(mm, ctx, failures, checks) }, ctx.now(), {
      checks,
      failures,
      ...(m.dryRun ? { dryRun: true } : {}),
    });

  return {
    name: m.name,
    timeoutMs: metricBudgetSeconds(m) * 1000,
    dryRun: m.dryRun,
    async before(ctx) {
      let checks = 0;
      let failures = 0;
      let inconclusive: Measurement | undefined;
      let errors = 0;
      let last: Measurement | undefined;
      while (checks < m.count) {
        if (last) await ctx.sleep(intervalMs);
        if (ctx.cancelled())
          return report(last ?? { outcome: "wait", detail: "not judged" }, ctx, checks, failures, "wait");
        last = await measure(m, ctx, options.channels(), options.revision);
        if (last.outcome === "error") {
          if (++errors > m.errorLimit)
            return report({ ...last, detail: `${last.detail}; ${errors} errors in a row` }, ctx, checks, failures);
          continue;
        }
        errors = 0;
        checks++;
        if (last.outcome === "fail" && ++failures > m.failureLimit) return report(last, ctx, checks, failures);
        if (last.outcome === "inconclusive") inconclusive = last;
      }
      if (inconclusive) return report(inconclusive, ctx, checks, failures, "inconclusive");
      return report(last!, ctx, checks, failures, "pass");
    },
    async during(ctx) {
      if (!pause || pause.step !== ctx.step)
        pause = { step: ctx.step, checks: 0, failures: 0, errors: 0, last: -Infinity };
      if (ctx.now() - pause.last < intervalMs) return undefined;
      pause.last = ctx.now();
      const mm = await measure(m, ctx, options.channels(), options.revision);
      if (mm.outcome === "error") {
        pause.errors++;
        return report(mm, ctx, pause.checks, pause.failures, pause.errors > m.errorLimit ? "error" : "wait");
      }
      pause.errors = 0;
      pause.checks++;
      if (mm.outcome === "fail") pause.failures++;
      const failed = pause.failures > m.failureLimit;
      return report(
        mm,
        ctx,
        pause.checks,
        pause.failures,
        failed ? "fail" : mm.outcome === "fail" ? "wait" : mm.outcome === "inconclusive" ? "wait" : "pass",
      );
    },
  };
}
