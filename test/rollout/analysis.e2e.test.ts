/**
 * Rollout analysis through the real engine, against a real Prometheus server (Debian's 2.42, scraping a prom-client
 * exporter the test drives) and a webhook receiver: an error rate rising mid-rollout aborts it and the message quotes
 * the value; a query that cannot run errs after its own limit; an inconclusive value pauses; a failing dry-run metric
 * is reported and changes nothing; a before-step webhook answering 500 holds the step; the rollback hook aborts; event
 * hooks receive every event. Header values (secrets) never reach state or output in plaintext. The Prometheus API's
 * own answers in the edge cases are printed for the record.
 */
import { startEmulator } from "../../src/emulator";
import { readingOf } from "../../src/rollout/gates/prometheus";
import { emulatorStackConfig, STANDARD_HEALTH_CHECK } from "../support/fixtures";
import { RunningPrometheus, startPrometheus } from "../support/prometheus";
import { startWebhookReceiver, WebhookReceiver } from "../support/webhooks";
import { E2EStack, weightsOn } from "../e2e/harness";

jest.setTimeout(600_000);

const INSTANCE = "gw-analysis";
const TOKEN = "prom-token-6f1c0a9e4b7d2";
const HOOK_TOKEN = "hook-token-93d1e8a27c5f0";

interface Options {
  revision: string;
  stable?: string;
  canary?: string;
  promote?: number;
  retry?: number;
  metrics?: object[];
  webhooks?: object[];
}

/** A channel (blue/green groups, no weights) and a rollout 10 → 30 (until promoted) → 60 → 100. */
function program(o: Options): string {
  return `
const { CanaryRollout, huawei } = require("pulumi-canary-mesh");
const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: "${INSTANCE}", name: "orders-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "blue" }, { name: "green" }],
  members: [{ host: "10.6.0.5", groupName: "blue" }, { host: "10.6.0.6", groupName: "green" }],
  healthCheck: ${JSON.stringify(STANDARD_HEALTH_CHECK)},
});
const rollout = new CanaryRollout("orders", {
  revision: "${o.revision}",
  channels: [{ instanceId: "${INSTANCE}", vpcChannelId: channel.id, stableGroup: "${o.stable ?? "blue"}", canaryGroup: "${o.canary ?? "green"}" }],
  steps: [{ weight: 10 }, { weight: 30, pause: { untilPromoted: true } }, { weight: 60 }, { weight: 100 }],
  gates: { healthyMembers: true, prometheus: ${JSON.stringify(o.metrics ?? [])}, webhooks: ${JSON.stringify(o.webhooks ?? [])}, intervalSeconds: 0.5 },
  promote: ${o.promote ?? -1},
  retry: ${o.retry ?? 0},
});
exports.phase = rollout.phase;
exports.step = rollout.step;
exports.message = rollout.message;
exports.gateResults = rollout.gateResults;
`;
}

describe("rollout analysis: Prometheus metrics and webhooks", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let prometheus: RunningPrometheus;
  let hooks: WebhookReceiver;
  let stack: E2EStack;

  const errorRate = (extra: object = {}) => ({
    name: "error-rate",
    url: prometheus.url,
    query: 'max(canary_error_ratio{channel="{{channel}}"})',
    thresholdRange: { max: 0.05 },
    intervalSeconds: 1,
    count: 3,
    failureLimit: 2,
    headers: { Authorization: `Bearer ${TOKEN}` },
    ...extra,
  });
  const weights = async () => (await weightsOn(emulator.url, INSTANCE))["orders-backend"];
  const up = (o: Options) => {
    stack.writeProgram(program(o));
    return stack.run(["up", "--yes", "--skip-preview"]);
  };

  beforeAll(async () => {
    prometheus = await startPrometheus();
    hooks = await startWebhookReceiver();
    emulator = await startEmulator({ port: 0 });
    prometheus.errorRatio.set({ channel: "orders-backend" }, 0.01);
    prometheus.requests.set({ channel: "orders-backend" }, 0);
    await prometheus.scraped();
    stack = await E2EStack.create({ config: emulatorStackConfig(emulator.url), projectName: "canary-mesh-analysis" });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
    await prometheus?.close();
    await hooks?.close();
  });

  it("reads the Prometheus API's edge cases as named outcomes, never as a pass", async () => {
    prometheus.errorRatio.set({ channel: "payments-backend" }, 0.02);
    await prometheus.scraped();
    const cases: Array<[string, string, string]> = [
      ["one series", 'max(canary_error_ratio{channel="orders-backend"})', "value"],
      ["a scalar", "scalar(vector(0.5))", "value"],
      ["an empty vector", 'canary_error_ratio{channel="nobody"}', "inconclusive"],
      [
        "NaN (0/0)",
        'canary_requests{channel="orders-backend"} / canary_requests{channel="orders-backend"}',
        "inconclusive",
      ],
      ["several series", "canary_error_ratio", "error"],
      ["a range vector", 'canary_error_ratio{channel="orders-backend"}[5s]', "error"],
      ["bad PromQL", "rate(", "error"],
    ];
    for (const [name, promql, expected] of cases) {
      const { status, body } = await prometheus.query(promql);
      const reading = readingOf(status, body);
      console.log(
        `[analysis] ${name}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)} → ${JSON.stringify(reading)}`,
      );
      expect("value" in reading ? "value" : reading.outcome).toBe(expected);
    }
    prometheus.errorRatio.remove({ channel: "payments-backend" });
  });

  it("aborts when the canary's error rate rises mid-rollout, quoting the query's value", async () => {
    const first = await up({ revision: "orders-v1", metrics: [errorRate()] });
    expect(first.code).toBe(0);
    expect(await stack.outputs()).toMatchObject({ phase: "Paused", step: 1 });
    expect(await weights()).toEqual({ blue: 70, green: 30 });

    prometheus.errorRatio.set({ channel: "orders-backend" }, 0.071);
    await prometheus.scraped();
    const started = Date.now();
    const failed = await up({ revision: "orders-v1", metrics: [errorRate()], promote: 1 });
    console.log(`[analysis] abort on error rate: ${Date.now() - started} ms`);
    expect(failed.code).not.toBe(0);
    const text = failed.stdout + failed.stderr;
    expect(text).toMatch(
      /aborted before step 2 \(canary 60%\): gate error-rate failed: error-rate 0\.071 > 0\.05 on orders-backend \(3 of 3 checks failed\) at step 2, weight 60/,
    );
    expect(await weights()).toEqual({ blue: 100, green: 0 });
    await stack.preview(["--expect-no-changes"]);

    // The Authorization header reached Prometheus' side of the call, and nowhere else in plaintext.
    const state = JSON.stringify(await stack.exportState());
    expect(state).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN);
  });

  it("errs on a query that cannot run only past its own limit, never on the first error", async () => {
    prometheus.errorRatio.set({ channel: "orders-backend" }, 0.01);
    await prometheus.scraped();
    const broken = {
      name: "broken",
      url: prometheus.url,
      query: "rate(",
      thresholdRange: { max: 1 },
      intervalSeconds: 1,
      errorLimit: 2,
    };
    const badPromql = await up({ revision: "orders-v1", retry: 1, promote: 1, metrics: [errorRate(), broken] });
    expect(badPromql.code).not.toBe(0);
    expect(badPromql.stdout + badPromql.stderr).toMatch(
      /gate broken error: broken HTTP 400: bad_data: .*; 3 errors in a row/,
    );

    const unreachable = { ...broken, name: "unreachable", url: "http://127.0.0.1:9", query: "vector(0)" };
    const badUrl = await up({ revision: "orders-v1", retry: 2, promote: 1, metrics: [unreachable] });
    expect(badUrl.code).not.toBe(0);
    expect(badUrl.stdout + badUrl.stderr).toMatch(
      /gate unreachable error: unreachable the query could not run: .*ECONNREFUSED.*; 3 errors in a row/,
    );
    expect(await weights()).toEqual({ blue: 100, green: 0 });
  });

  it("pauses on an inconclusive value (no series), without failing the up", async () => {
    const nobody = errorRate({ name: "nobody", query: 'max(canary_error_ratio{channel="nobody"})', count: 1 });
    const result = await up({ revision: "orders-v1", retry: 3, metrics: [nobody] });
    expect(result.code).toBe(0);
    const out = await stack.outputs();
    expect(out).toMatchObject({ phase: "Paused", step: -1 });
    expect(out.message).toMatch(
      /inconclusive before step 0: gate nobody inconclusive: nobody no series: the query matched nothing/,
    );
  });

  it("reports a failing dry-run metric and changes nothing", async () => {
    const latency = errorRate({
      name: "latency-dry-run",
      thresholdRange: { max: 0 },
      count: 1,
      failureLimit: 0,
      dryRun: true,
    });
    const result = await up({
      revision: "orders-v1",
      retry: 4,
      promote: 1,
      metrics: [errorRate({ count: 1 }), latency],
    });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/dry run: gate latency-dry-run failed: latency-dry-run 0\.01 > 0/);
    const out = await stack.outputs();
    expect(out.phase).toBe("Completed");
    expect(out.gateResults).toEqual(
      expect.arrayContaining([expect.objectContaining({ gate: "latency-dry-run", outcome: "fail", dryRun: true })]),
    );
    expect(await weights()).toEqual({ blue: 0, green: 100 });
  });

  it("holds a step while a before-step webhook answers 500, aborts on the rollback hook, sends every event", async () => {
    const webhooks = [
      {
        name: "load-test",
        url: `${hooks.url}/before`,
        kind: "before-step",
        timeoutSeconds: 5,
        headers: { "x-token": HOOK_TOKEN },
      },
      { name: "big-red-button", url: `${hooks.url}/rollback`, kind: "rollback", timeoutSeconds: 5 },
      { name: "chat", url: `${hooks.url}/events`, kind: "event" },
    ];
    const release = { revision: "orders-v2", stable: "green", canary: "blue", webhooks };
    hooks.answer.set("/before", 500);
    hooks.answer.set("/rollback", 404);
    const held = await up(release);
    expect(held.code).toBe(0);
    expect(await stack.outputs()).toMatchObject({ phase: "Paused", step: -1 });
    expect((await stack.outputs()).message).toMatch(/load-test answered HTTP 500: step 0 is held until it answers 2xx/);
    expect(await weights()).toEqual({ blue: 0, green: 100 });
    const asked = hooks.received.filter((r) => r.path === "/before");
    expect(asked[0]!.body).toMatchObject({
      kind: "before-step",
      revision: "orders-v2",
      step: 0,
      weight: 10,
      channels: ["orders-backend"],
    });
    expect(asked[0]!.headers["x-token"]).toBe(HOOK_TOKEN);

    hooks.answer.set("/before", 200);
    const promoted = await up(release);
    expect(promoted.code).toBe(0);
    expect(await stack.outputs()).toMatchObject({ phase: "Paused", step: 1 });

    hooks.answer.set("/rollback", 200);
    const rolledBack = await up({ ...release, promote: 1 });
    expect(rolledBack.code).not.toBe(0);
    expect(rolledBack.stdout + rolledBack.stderr).toMatch(
      /gate big-red-button failed: HTTP 200 \(limit no 2xx\); big-red-button asked for a rollback/,
    );
    expect(await weights()).toEqual({ blue: 0, green: 100 });

    const events = hooks.received.filter((r) => r.path === "/events").map((r) => r.body);
    expect(events.map((e) => e.event)).toEqual([
      "started",
      "paused",
      "step-started",
      "step-completed",
      "step-started",
      "paused",
      "promoted",
      "step-completed",
      "aborted",
    ]);
    expect(events[0]).toMatchObject({
      kind: "event",
      revision: "orders-v2",
      channels: ["orders-backend"],
      step: -1,
      weight: 0,
    });
    expect(JSON.stringify(await stack.exportState())).not.toContain(HOOK_TOKEN);
  });
});
