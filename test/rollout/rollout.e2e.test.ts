/**
 * `CanaryRollout` through the real Pulumi engine against the emulator. `examples/progressive-rollout` runs as
 * written: a full rollout, a new release refused at preview until it swaps the groups, a manual pause and a promote,
 * an abort when a canary member turns unhealthy (the `up` fails, the state records it, the next preview shows no
 * change), a retry, a killed `up` resumed, a console edit put back. Then several channels stepping and aborting
 * together, and a rollout under injected faults. Each scenario's API calls are counted and printed.
 */
import { startEmulator } from "../../src/emulator";
import { adminCall, channelsPath, clearRequestLog, requestLog, setMemberHealth } from "../support/emulator";
import {
  emulatorStackConfig,
  ROLLOUT_SEED,
  STANDARD_HEALTH_CHECK,
  progressiveRolloutConfig,
} from "../support/fixtures";
import { E2EStack, exampleProgram, liveChannels, rolloutOutputs, weightsOn } from "../e2e/harness";
import { killCli, perAction, runPulumi, spawnPulumi, waitFor } from "../reliability/support";

jest.setTimeout(600_000);

type Running = Awaited<ReturnType<typeof startEmulator>>;
interface Event {
  event: string;
  step: number;
  weight: number;
  detail: string;
}

/** The calls of a scenario, per action, printed for the record. */
async function calls(url: string, scenario: string): Promise<Record<string, number>> {
  const counts = perAction(await requestLog(url));
  console.log(`[rollout] ${scenario}: ${JSON.stringify(counts)}`);
  return counts;
}

const storedRollout = (stack: E2EStack) =>
  rolloutOutputs<{ phase: string; step: number; canaryWeight: number; message: string; history: Event[] }>(stack);

describe("examples/progressive-rollout through the engine", () => {
  const INSTANCE = "gw-rollout";
  let emulator: Running;
  let stack: E2EStack;
  let channelId: string;
  const weights = async () => (await weightsOn(emulator.url, INSTANCE))["orders-backend"];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: ROLLOUT_SEED });
    stack = await E2EStack.create({
      program: exampleProgram("progressive-rollout"),
      config: progressiveRolloutConfig(emulator.url, INSTANCE, { pauseSeconds: "2", promote: "3" }),
      projectName: "canary-mesh-progressive-rollout",
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("rolls a release out to 100 % with short pauses; refresh and preview then see no change", async () => {
    await clearRequestLog(emulator.url);
    await stack.up();
    const out = await stack.outputs();
    channelId = out.channelId as string;
    expect(out).toMatchObject({ phase: "Completed", step: 3, canaryWeight: 100 });
    expect(await weights()).toEqual({ blue: 0, green: 100 });
    const events = (out.history as Event[]).map((e) => `${e.event}:${e.step}`);
    expect(events).toEqual([
      "started:-1",
      "step-started:0",
      "step-completed:0",
      "step-started:1",
      "promoted:1",
      "step-completed:1",
      "step-started:2",
      "step-completed:2",
      "step-started:3",
      "completed:3",
    ]);
    expect((out.gateResults as Array<{ gate: string; outcome: string }>).map((g) => [g.gate, g.outcome])).toEqual([
      ["healthyMembers", "pass"],
      ["proxyStatus", "pass"],
      ["meshUpgrade", "pass"],
    ]);
    const counts = await calls(emulator.url, "full rollout (create: channel and rollout)");
    // The baseline sets both groups (they had no weight), then each of the four steps writes both groups.
    expect(counts.UpdateMemberGroup).toBe(10);
    expect(counts.UpdateVpcChannel).toBeUndefined();

    await stack.refresh(["--expect-no-changes"]);
    await stack.preview(["--expect-no-changes"]);
  });

  it("refuses at preview a next release that would move traffic back at once, naming the fix", async () => {
    await clearRequestLog(emulator.url);
    await stack.setConfig("revision", "orders-v3");
    const refused = await stack.run(["preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/revision orders-v3 starts from its baseline/);
    expect(refused.stdout + refused.stderr).toMatch(/swap stableGroup and canaryGroup/);
    expect(refused.stdout + refused.stderr).toMatch(/allowBaselineJump: true/);
    const writes = (await requestLog(emulator.url)).filter((r) => r.action === "UpdateMemberGroup");
    expect(writes).toEqual([]);
  });

  it("stops at an untilPromoted pause; the next preview shows no change until promote reaches it", async () => {
    await clearRequestLog(emulator.url);
    await stack.setConfig("liveGroup", "green");
    await stack.setConfig("promote", "-1");
    await stack.up();
    const out = await stack.outputs();
    expect(out).toMatchObject({ phase: "Paused", step: 1, canaryWeight: 30 });
    expect(out.message).toMatch(/waiting for promotion: set promote to 1/);
    expect(await weights()).toEqual({ green: 70, blue: 30 });
    await stack.preview(["--expect-no-changes"]);
    const counts = await calls(emulator.url, "new release to the promotion pause");
    // From the completed release's weights (the new baseline: no write) to steps 0 and 1: two writes each.
    expect(counts.UpdateMemberGroup).toBe(4);
  });

  it("aborts when a canary member turns unhealthy: the up fails, every weight is back, the state records it", async () => {
    await clearRequestLog(emulator.url);
    await setMemberHealth(emulator.url, channelId, { "10.0.0.5": "unhealthy" });
    await stack.setConfig("promote", "1");
    const failed = await stack.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    const text = failed.stdout + failed.stderr;
    expect(text).toMatch(/aborted before step 2 \(canary 60%\)/);
    expect(text).toMatch(/gate healthyMembers failed: 1 of 2 canary members healthy \(50%\) on orders-backend/);
    expect(text).toMatch(/unhealthy canary members 10\.0\.0\.5/);
    expect(text).toMatch(/every channel is back at its baseline/);
    expect(await weights()).toEqual({ green: 100, blue: 0 });
    // The engine stored the outputs the failure carried.
    const stored = await storedRollout(stack);
    expect(stored).toMatchObject({ phase: "Aborted", step: -1, canaryWeight: 0 });
    expect(stored.history.map((e) => e.event)).toContain("aborted");
    const counts = await calls(emulator.url, "abort before step 2");
    expect(counts.UpdateMemberGroup).toBe(2);

    // State and code agree: nothing to do for an aborted revision.
    await stack.preview(["--expect-no-changes"]);
    await clearRequestLog(emulator.url);
    await stack.up();
    expect((await requestLog(emulator.url)).filter((r) => r.action === "UpdateMemberGroup")).toEqual([]);
  });

  it("retry starts the aborted revision again, and it completes", async () => {
    await setMemberHealth(emulator.url, channelId, { "10.0.0.5": "healthy" });
    await stack.setConfig("retry", "1");
    await stack.up();
    expect(await stack.outputs()).toMatchObject({ phase: "Completed", step: 3 });
    expect(await weights()).toEqual({ green: 0, blue: 100 });
  });

  it("resumes a killed up from the live weights: no step run again, no gate skipped", async () => {
    await stack.setConfig("revision", "orders-v4");
    await stack.setConfig("liveGroup", "blue");
    await stack.setConfig("retry", "0");
    await stack.setConfig("promote", "3");
    await stack.setConfig("pauseSeconds", "6");
    await clearRequestLog(emulator.url);
    const run = spawnPulumi(stack, ["up", "--yes", "--skip-preview"]);
    await waitFor(async () => (await weights())?.green === 10, 60_000, "the rollout to reach step 0");
    await killCli(run);
    expect(await weights()).toEqual({ blue: 90, green: 10 });
    expect((await runPulumi(stack, ["cancel", "--yes"])).code).toBe(0);

    await clearRequestLog(emulator.url);
    const resumed = await stack.run(["up", "--yes", "--skip-preview"]);
    expect(resumed.stdout + resumed.stderr).toMatch(/resumed at step 0/);
    expect(resumed.code).toBe(0);
    const out = await stack.outputs();
    expect(out).toMatchObject({ phase: "Completed", step: 3 });
    const afterStart = (out.history as Event[]).slice(
      (out.history as Event[]).findIndex((e) => e.event === "started" && /orders-v4/.test(e.detail)),
    );
    expect(afterStart.map((e) => `${e.event}:${e.step}`)).toEqual([
      "started:-1",
      "resumed:0",
      "step-completed:0",
      "step-started:1",
      "promoted:1",
      "step-completed:1",
      "step-started:2",
      "step-completed:2",
      "step-started:3",
      "completed:3",
    ]);
    const counts = await calls(emulator.url, "resume after a kill at step 0");
    // Steps 1 to 3 only: the baseline and step 0 are not written again.
    expect(counts.UpdateMemberGroup).toBe(6);
  });

  it("a console edit of a rollout-owned weight is drift on refresh, and up puts it back", async () => {
    const [channel] = await liveChannels(emulator.url, INSTANCE);
    const groups = channel!.member_groups!.map((g) => ({
      member_group_name: g.member_group_name,
      member_group_remark: g.member_group_remark,
      member_group_weight: g.member_group_name === "green" ? 50 : 50,
    }));
    await adminCall(emulator.url, "POST", `/huawei/apig/vpc-channels/${channelId}/console-edit`, {
      member_groups: groups,
    });
    const refresh = await stack.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(refresh.code).not.toBe(0);
    await stack.refresh();
    // Stack outputs are the last up's; the resource's refreshed outputs say it.
    expect((await storedRollout(stack)).message).toMatch(/weights changed outside the rollout on gw-rollout\//);
    await clearRequestLog(emulator.url);
    await stack.up();
    expect(await weights()).toEqual({ blue: 0, green: 100 });
    const history = (await stack.outputs()).history as Event[];
    expect(history[history.length - 1]).toMatchObject({ event: "restored", step: 3 });
    expect((await calls(emulator.url, "console edit put back")).UpdateMemberGroup).toBe(2);
    await stack.refresh(["--expect-no-changes"]);
  });

  it("destroy leaves the weights to the channel's owner and makes no rollout call", async () => {
    await clearRequestLog(emulator.url);
    await stack.destroy();
    const actions = (await requestLog(emulator.url)).map((r) => r.action);
    expect(actions).not.toContain("UpdateMemberGroup");
    expect(actions).toContain("DeleteVpcChannel");
  });
});

describe("several channels step together and abort together", () => {
  const INSTANCE = "gw-rollout-multi";
  let emulator: Running;
  let stack: E2EStack;

  const program = (revision: string, pauseSeconds: number) => `
const { CanaryRollout, huawei } = require("pulumi-canary-mesh");
const channel = (name, host) => new huawei.apig.VpcChannel(name, {
  instanceId: "${INSTANCE}", name: name + "-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "stable" }, { name: "canary" }],
  members: [{ host: host + ".5", groupName: "stable" }, { host: host + ".6", groupName: "canary" }],
  healthCheck: ${JSON.stringify(STANDARD_HEALTH_CHECK)},
});
const orders = channel("orders", "10.1.0");
const payments = channel("payments", "10.2.0");
const rollout = new CanaryRollout("checkout", {
  revision: "${revision}",
  channels: [orders, payments].map((c) => ({ instanceId: "${INSTANCE}", vpcChannelId: c.id, stableGroup: "stable", canaryGroup: "canary" })),
  steps: [{ weight: 20, pause: { seconds: ${pauseSeconds} } }, { weight: 50, pause: { seconds: ${pauseSeconds} } }, { weight: 100 }],
  gates: { healthyMembers: { minHealthyPercent: 100, timeoutSeconds: 5 }, intervalSeconds: 0.5 },
  maxUpdateSeconds: 120,
});
exports.orders = orders.id;
exports.payments = payments.id;
exports.phase = rollout.phase;
`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await E2EStack.create({
      program: program("checkout-v1", 1),
      config: emulatorStackConfig(emulator.url),
      projectName: "canary-mesh-rollout-multi",
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("steps both channels to every weight of the plan", async () => {
    await clearRequestLog(emulator.url);
    await stack.up();
    expect((await stack.outputs()).phase).toBe("Completed");
    expect(await weightsOn(emulator.url, INSTANCE)).toEqual({
      "orders-backend": { stable: 0, canary: 100 },
      "payments-backend": { stable: 0, canary: 100 },
    });
    expect((await calls(emulator.url, "two channels, three steps")).UpdateMemberGroup).toBe(2 * 2 * 4);
  });

  it("a canary member of one channel turning unhealthy during a pause aborts both", async () => {
    const out = await stack.outputs();
    // The same groups again: the completed release left the canary at 100, so the jump back must be allowed.
    stack.writeProgram(
      program("checkout-v2", 6).replace("maxUpdateSeconds: 120,", "maxUpdateSeconds: 120, allowBaselineJump: true,"),
    );
    await clearRequestLog(emulator.url);
    const run = spawnPulumi(stack, ["up", "--yes", "--skip-preview"]);
    await waitFor(
      async () => (await weightsOn(emulator.url, INSTANCE))["payments-backend"]?.canary === 20,
      60_000,
      "both channels at step 0",
    );
    await setMemberHealth(emulator.url, out.payments as string, { "10.2.0.6": "unhealthy" });
    const result = await run.done;
    run.killGroup();
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/aborted during the pause of step 0/);
    expect(result.stdout + result.stderr).toMatch(/on payments-backend/);
    expect(await weightsOn(emulator.url, INSTANCE)).toEqual({
      "orders-backend": { stable: 100, canary: 0 },
      "payments-backend": { stable: 100, canary: 0 },
    });
    await calls(emulator.url, "two channels, abort during a pause");
    await stack.preview(["--expect-no-changes"]);
  });
});

describe("a rollout under injected faults", () => {
  const INSTANCE = "gw-rollout-faults";
  let emulator: Running;
  let stack: E2EStack;

  const program = (revision: string) => `
const { CanaryRollout, huawei } = require("pulumi-canary-mesh");
const channel = (name, host) => new huawei.apig.VpcChannel(name, {
  instanceId: "${INSTANCE}", name: name + "-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "stable" }, { name: "canary" }],
  members: [{ host: host + ".5", groupName: "stable" }, { host: host + ".6", groupName: "canary" }],
  healthCheck: ${JSON.stringify(STANDARD_HEALTH_CHECK)},
});
const channels = [channel("alpha", "10.3.0"), channel("beta", "10.4.0")];
new CanaryRollout("faults", {
  revision: "${revision}",
  allowBaselineJump: true,
  channels: channels.map((c) => ({ instanceId: "${INSTANCE}", vpcChannelId: c.id, stableGroup: "stable", canaryGroup: "canary" })),
  steps: [{ weight: 10 }, { weight: 25 }, { weight: 50 }, { weight: 75 }, { weight: 100 }],
  gates: { healthyMembers: true, intervalSeconds: 0.5 },
});
exports.ids = channels.map((c) => c.id);
`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await E2EStack.create({
      program: program("faults-v1"),
      config: { ...emulatorStackConfig(emulator.url), "canary-mesh:retryMaxAttempts": "8" },
      projectName: "canary-mesh-rollout-faults",
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("converges through 5xx, resets and throttling with no step skipped and no weight off the plan", async () => {
    const fault = (spec: object) => adminCall(emulator.url, "POST", "/faults", spec);
    await fault({ match: { action: "UpdateMemberGroup" }, status: 503, rate: 0.3, seed: 7 });
    await fault({ match: { action: "UpdateMemberGroup" }, reset: true, rate: 0.1, seed: 11 });
    await fault({ match: { action: "ListBackendInstances" }, status: 429, code: "APIG.0308", rate: 0.3, seed: 13 });
    await clearRequestLog(emulator.url);
    await stack.up();
    const outputs = await storedRollout(stack);
    expect(outputs.phase).toBe("Completed");
    expect(outputs.history.filter((e) => e.event === "step-started").map((e) => e.step)).toEqual([0, 1, 2, 3, 4]);
    const counts = await calls(emulator.url, "faults: five steps, two channels");
    expect(counts.UpdateMemberGroup).toBeGreaterThan(2 * 2 * 6);
    for (const w of Object.values(await weightsOn(emulator.url, INSTANCE)))
      expect(w).toEqual({ stable: 0, canary: 100 });
    await adminCall(emulator.url, "DELETE", "/faults");
  });

  it("a weight write that keeps failing is an error naming the step; the next up brings the channels together", async () => {
    const ids = (await stack.outputs()).ids as string[];
    stack.writeProgram(program("faults-v2"));
    await stack.setConfig("canary-mesh:retryMaxAttempts", "2");
    // Every write to beta fails: the new release's baseline reaches alpha only.
    await adminCall(emulator.url, "POST", "/faults", {
      match: { action: "UpdateMemberGroup", pathPrefix: `${channelsPath(INSTANCE)}/${ids[1]}/` },
      status: 503,
      count: 1000,
    });
    const failed = await stack.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/the baseline could not be set on every channel: beta-backend/);
    await adminCall(emulator.url, "DELETE", "/faults");
    await stack.up();
    const w = await weightsOn(emulator.url, INSTANCE);
    expect(w["alpha-backend"]).toEqual({ stable: 0, canary: 100 });
    expect(w["beta-backend"]).toEqual({ stable: 0, canary: 100 });
  });
});

describe("time is a budget, and a bad plan never starts", () => {
  const INSTANCE = "gw-rollout-budget";
  let emulator: Running;
  let stack: E2EStack;

  const program = (rollout: string, groupWeights = "") => `
const { CanaryRollout, huawei } = require("pulumi-canary-mesh");
const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: "${INSTANCE}", name: "orders-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "stable"${groupWeights} }, { name: "canary"${groupWeights} }],
  members: [{ host: "10.5.0.5", groupName: "stable" }, { host: "10.5.0.6", groupName: "canary" }],
  healthCheck: ${JSON.stringify(STANDARD_HEALTH_CHECK)},
});
const rollout = new CanaryRollout("orders", {
  revision: "orders-v2",
  channels: [{ instanceId: "${INSTANCE}", vpcChannelId: channel.id, stableGroup: "stable", canaryGroup: "canary" }],
  ${rollout}
});
exports.phase = rollout.phase;
exports.message = rollout.message;
exports.nextStepAt = rollout.nextStepAt;
`;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await E2EStack.create({
      config: emulatorStackConfig(emulator.url),
      projectName: "canary-mesh-rollout-budget",
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("refuses a bad plan at preview, naming each property and rule, before any call", async () => {
    stack.writeProgram(
      program(`steps: [{ weight: 30 }, { weight: 20, pause: { seconds: 5, untilPromoted: true } }], promote: 4,`),
    );
    await clearRequestLog(emulator.url);
    const refused = await stack.run(["preview"]);
    expect(refused.code).not.toBe(0);
    const text = refused.stdout + refused.stderr;
    const problem = (property: string, reason: string) =>
      new RegExp(`property ${property.replace(/[[\].]/g, "\\$&")} value .* has a problem: ${reason}`);
    expect(text).toMatch(problem("steps[1].weight", "weights must be strictly increasing"));
    expect(text).toMatch(problem("steps[1].pause", "a pause sets exactly one of seconds and untilPromoted"));
    expect(text).toMatch(problem("promote", "promote must be at most 1"));
    expect(await requestLog(emulator.url)).toEqual([]);
  });

  it("refuses at preview a VpcChannel that also sets a weight the rollout owns", async () => {
    stack.writeProgram(program(`steps: [{ weight: 50 }, { weight: 100 }],`, ", weight: 50"));
    const refused = await stack.run(["preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(
      /CanaryRollout channels\[0\]\.stableGroup: VpcChannel orders also sets memberGroups "stable" weight \(50\); the rollout owns that weight/,
    );
  });

  it("ends the up Paused when a pause does not fit maxUpdateSeconds; the next up after it continues", async () => {
    stack.writeProgram(
      program(
        `steps: [{ weight: 20, pause: { seconds: 12 } }, { weight: 100 }], maxUpdateSeconds: 10, gates: { healthyMembers: { timeoutSeconds: 5 }, intervalSeconds: 0.5 },`,
      ),
    );
    const started = Date.now();
    await stack.up();
    const paused = await stack.outputs();
    expect(paused.phase).toBe("Paused");
    expect(paused.message).toMatch(/paused until .*: run pulumi up again after/);
    expect(Date.now() - started).toBeLessThan(10_000 + 15_000);
    // Unfinished: the preview proposes the update, and says what it will do.
    const preview = await stack.run(["preview", "--expect-no-changes"]);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(/the next pulumi up continues/);
    const due = Date.parse(paused.nextStepAt as string);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 200));
    await stack.up();
    expect((await stack.outputs()).phase).toBe("Completed");
    expect((await weightsOn(emulator.url, INSTANCE))["orders-backend"]).toEqual({ stable: 0, canary: 100 });
  });
});
