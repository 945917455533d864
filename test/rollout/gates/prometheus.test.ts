/**
 * Gate `prometheus` against a stand-in HTTP API (the real server is in analysis.e2e): one value per measurement,
 * ranges, count and failure limit, errors on their own limit, measurements during a pause, the query's template.
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { describeRange, judge, Metric, prometheusGate, renderQuery } from "../../../src/rollout/gates/prometheus";
import type { GateContext } from "../../../src/rollout/gates";

/** Answers each query with the next value of a script: a number, "503", or "NaN"; records queries and headers. */
async function fakePrometheus(script: Array<number | "503" | "NaN">) {
  const seen: Array<{ query: string; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    const query = new URL(req.url!, "http://x").searchParams.get("query")!;
    seen.push({ query, authorization: req.headers.authorization });
    const next = script[Math.min(seen.length - 1, script.length - 1)]!;
    if (next === "503") {
      res.statusCode = 503;
      return res.end(JSON.stringify({ status: "error", errorType: "timeout", error: "query timed out" }));
    }
    res.end(
      JSON.stringify({
        status: "success",
        data: { resultType: "vector", result: [{ metric: {}, value: [0, String(next)] }] },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((r) => server.close(r)),
  };
}

const metric = (url: string, patch: Partial<Metric> = {}): Metric => ({
  name: "error-rate",
  url,
  query: 'sum(rate(errors{weight="{{canaryWeight}}", rev="{{revision}}"}[1m]))',
  thresholdRange: { max: 0.05 },
  intervalSeconds: 30,
  count: 1,
  failureLimit: 0,
  errorLimit: 4,
  dryRun: false,
  headers: { Authorization: "Bearer t0ken-never-shown" },
  ...patch,
});

function ctx(step = 1, weight = 30): GateContext & { slept: number } {
  let t = 0;
  const c = {
    step,
    weight,
    now: () => t,
    sleep: async (ms: number) => void ((t += ms), (c.slept += ms)),
    cancelled: () => false,
    slept: 0,
  };
  return c;
}

const ref = { channels: () => ["orders-backend"], revision: "v2" };

describe("prometheus gate", () => {
  it("passes within the range; the query carries the step's values and the headers", async () => {
    const p = await fakePrometheus([0.01]);
    try {
      const v = await prometheusGate(metric(p.url), ref).before(ctx());
      expect(v).toMatchObject({
        gate: "error-rate",
        outcome: "pass",
        measured: "0.01",
        limit: "≤ 0.05",
        checks: 1,
        failures: 0,
      });
      expect(p.seen[0]).toEqual({
        query: 'sum(rate(errors{weight="30", rev="v2"}[1m]))',
        authorization: "Bearer t0ken-never-shown",
      });
    } finally {
      await p.close();
    }
  });

  it("fails once more than failureLimit of count measurements fail, and says it as the user reads it", async () => {
    const p = await fakePrometheus([0.071]);
    try {
      const c = ctx(2, 30);
      const v = await prometheusGate(metric(p.url, { count: 3, failureLimit: 2 }), ref).before(c);
      expect(v).toMatchObject({ outcome: "fail", checks: 3, failures: 3 });
      expect(v.detail).toBe("error-rate 0.071 > 0.05 (3 of 3 checks failed) at step 2, weight 30");
      expect(c.slept).toBe(60_000);
      expect(JSON.stringify(v)).not.toContain("t0ken");
    } finally {
      await p.close();
    }
  });

  it("never decides on one error: errors are retried, and count against their own limit", async () => {
    const blip = await fakePrometheus(["503", 0.01]);
    try {
      expect((await prometheusGate(metric(blip.url), ref).before(ctx())).outcome).toBe("pass");
    } finally {
      await blip.close();
    }
    const down = await fakePrometheus(["503"]);
    try {
      const v = await prometheusGate(metric(down.url, { errorLimit: 2 }), ref).before(ctx());
      expect(v.outcome).toBe("error");
      expect(v.detail).toMatch(/HTTP 503: timeout: query timed out; 3 errors in a row/);
      expect(down.seen).toHaveLength(3);
    } finally {
      await down.close();
    }
  });

  it("is inconclusive on NaN, or on a value inside inconclusiveRange", async () => {
    const nan = await fakePrometheus(["NaN"]);
    const grey = await fakePrometheus([0.07]);
    try {
      expect((await prometheusGate(metric(nan.url), ref).before(ctx())).outcome).toBe("inconclusive");
      const v = await prometheusGate(metric(grey.url, { inconclusiveRange: { min: 0.05, max: 0.1 } }), ref).before(
        ctx(),
      );
      expect(v.outcome).toBe("inconclusive");
    } finally {
      await nan.close();
      await grey.close();
    }
  });

  it("during a pause measures once per interval and counts failures over the pause", async () => {
    const p = await fakePrometheus([0.01, 0.09, 0.09]);
    try {
      const gate = prometheusGate(metric(p.url, { failureLimit: 1 }), ref);
      const c = ctx();
      expect((await gate.during(c))!.outcome).toBe("pass");
      expect(await gate.during(c)).toBeUndefined(); // within the interval: nothing measured
      await c.sleep(30_000);
      expect((await gate.during(c))!.outcome).toBe("wait"); // 1 failure: within the limit
      await c.sleep(30_000);
      expect((await gate.during(c))!).toMatchObject({ outcome: "fail", checks: 3, failures: 2 });
    } finally {
      await p.close();
    }
  });
});

describe("the query's template and ranges", () => {
  it("replaces the names it knows and leaves the rest", () => {
    expect(
      renderQuery("x{c='{{channel}}',w='{{ canaryWeight }}',o='{{other}}'}", { channel: "orders", canaryWeight: 10 }),
    ).toBe("x{c='orders',w='10',o='{{other}}'}");
  });

  it("describes and judges ranges, both ends included", () => {
    expect(describeRange({ min: 0.99 })).toBe("≥ 0.99");
    expect(describeRange({ min: 1, max: 2 })).toBe("1–2");
    expect(judge(metric("x", { thresholdRange: { min: 1, max: 2 } }), { value: 2 }).outcome).toBe("pass");
    expect(judge(metric("x", { thresholdRange: { min: 1, max: 2 } }), { value: 0.5 }).detail).toBe("0.5 < 1");
  });
});
