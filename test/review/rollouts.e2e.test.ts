/**
 * `canary-mesh review` of `CanaryRollout` plans in real `pulumi preview --json` output (stacks on the emulator
 * through the real CLI): the step plan of a new rollout, a live rollout with a request from the command line, the
 * rollout's own weight moves (no finding) against a console edit of a weight it owns (weight-step), and every
 * rollout rule failing and passing, with limits and exemptions from a config file. Golden Markdown.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../src/emulator";
import { adminCall } from "../support/emulator";
import { emulatorStackConfig, ROLLOUT_IDS, ROLLOUT_SEED, progressiveRolloutConfig } from "../support/fixtures";
import { E2EStack, exampleProgram, liveChannels, ROOT } from "../e2e/harness";
import { runNode, previewJson, expectGolden } from "../support/review";

jest.setTimeout(600_000);

const CLI = path.join(ROOT, "dist", "cli", "main.js");
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-review-rollouts-"));

const review = (args: string[]) => runNode(CLI, ["review", ...args]);

interface Body {
  findings: Array<{ rule: string; severity: string; resource: string; message: string }>;
  rollouts: Array<Record<string, unknown>>;
}
const reviewed = async (file: string, extra: string[] = []) => {
  const result = await review(["--format", "json", ...extra, file]);
  expect(result.stderr).toBe("");
  return { code: result.code, body: JSON.parse(result.stdout) as Body };
};
const rulesOf = (body: Body) => body.findings.map((f) => `${f.resource} ${f.rule}:${f.severity}`);

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: ROLLOUT_SEED });
});
afterAll(async () => {
  await emulator?.close();
  fs.rmSync(WORK, { recursive: true, force: true });
});

describe("the review of examples/progressive-rollout", () => {
  const INSTANCE = "gw-review-plan";
  let stack: E2EStack;

  beforeAll(async () => {
    stack = await E2EStack.create({
      program: exampleProgram("progressive-rollout"),
      // Five-minute pauses do not fit one up of 30 s: the first up stops at step 0.
      config: progressiveRolloutConfig(emulator.url, INSTANCE, {
        pauseSeconds: "300",
        maxUpdateSeconds: "30",
        gateTimeoutSeconds: "10",
      }),
      projectName: "canary-mesh-review-plan",
    });
  });
  afterAll(() => stack?.cleanup());

  it("shows a new rollout's step plan, gates with their limits and worst case; the plan passes every rule", async () => {
    const file = await previewJson(stack, WORK, "plan");
    const md = await review([file]);
    expect(md.code).toBe(0);
    expectGolden("rollout-plan", md.stdout);
    const { body } = await reviewed(file);
    expect(body.findings).toEqual([]);
    expect(body.rollouts[0]).toMatchObject({
      resource: "orders",
      op: "create",
      channels: [{ channel: "orders", stableGroup: "blue", canaryGroup: "green" }],
      // Gate budgets of 10 s before each of 4 steps, two 5 min pauses; the approval on top.
      worstCase: { seconds: 640, approvals: 1 },
    });
  });

  it("the rollout's own weight moves are no finding; a request from the command line shows what the next up does", async () => {
    await stack.up();
    const moved = await reviewed(await previewJson(stack, WORK, "moved", ["--refresh", "--show-sames"]));
    expect(moved.code).toBe(0);
    expect(moved.body.findings).toEqual([]);

    await stack.setConfig(
      "canary-mesh:rolloutIntents",
      JSON.stringify({
        orders: {
          id: "req-1",
          action: "abort",
          revision: "orders-v2",
          actor: "alice",
          reason: "p99 latency up 40%",
          at: "2026-12-05T12:00:00Z",
        },
      }),
    );
    const file = await previewJson(stack, WORK, "request", ["--show-sames"]);
    const md = await review([file]);
    expect(md.code).toBe(0);
    expectGolden("rollout-request", md.stdout);
    expect((await stack.run(["config", "rm", "canary-mesh:rolloutIntents"])).code).toBe(0);
  });

  it("a console edit of a weight the rollout owns is a weight-step finding when the move back is large", async () => {
    const channel = (await liveChannels(emulator.url, INSTANCE)).find((c) => c.name === "orders-backend")!;
    await adminCall(emulator.url, "POST", `/huawei/apig/vpc-channels/${channel.id}/console-edit`, {
      member_groups: channel.member_groups!.map((g) => ({
        member_group_name: g.member_group_name,
        member_group_remark: g.member_group_remark,
        member_group_weight: g.member_group_name === "green" ? 80 : 20,
      })),
    });
    const file = await previewJson(stack, WORK, "hand-edit", ["--refresh", "--show-sames"]);
    const { code, body } = await reviewed(file);
    expect(code).toBe(1);
    expect(rulesOf(body)).toEqual(["orders weight-step:mandatory", "orders weight-step:mandatory"]);
    expect(body.findings[1]!.message).toBe(
      "orders: group green on orders was set to 80% outside the rollout, which holds 10%: the next pulumi up moves it back 70 points, more than 25",
    );
    expect((await review(["--format", "text", file])).stdout).toMatch(
      /changed outside the rollout: group green on orders 80 \(holds 10\)/,
    );
  });
});

describe("rollout rules over real previews", () => {
  const INSTANCE = "gw-review-rules";
  let stack: E2EStack;
  /** A channel, and a rollout over it whose id comes from config: a plain value, so the program's own check stays out. */
  const program = `
const pulumi = require("@pulumi/pulumi");
const { huawei, CanaryRollout } = require("pulumi-canary-mesh");
const config = new pulumi.Config();
const weighed = config.getBoolean("weighed");
const channel = new huawei.apig.VpcChannel("payments", {
  instanceId: "${INSTANCE}", name: "payments-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "stable", ...(weighed ? { weight: 90 } : {}) }, { name: "canary", ...(weighed ? { weight: 10 } : {}) }],
  members: [{ host: "10.3.0.5", weight: 10, groupName: "stable" }, { host: "10.3.1.5", weight: 10, groupName: "canary" }],
});
const channelId = config.get("channelId");
if (channelId) {
  new CanaryRollout("release", {
    revision: "payments-v1",
    channels: [{ instanceId: "${INSTANCE}", vpcChannelId: channelId, stableGroup: "stable", canaryGroup: "canary" }],
    steps: config.requireObject("steps"),
    gates: config.requireObject("gates"),
  });
}
exports.channelId = channel.id;
`;

  beforeAll(async () => {
    stack = await E2EStack.create({
      program,
      config: emulatorStackConfig(emulator.url),
      projectName: "canary-mesh-review-rules",
    });
    await stack.up();
    await stack.setConfig("channelId", (await stack.outputs()).channelId as string);
  });
  afterAll(() => stack?.cleanup());

  it("every rollout rule fails on a risky plan; limits and exemptions from a config file let it through", async () => {
    await stack.setConfig("weighed", "true");
    await stack.setConfig("steps", JSON.stringify([{ weight: 60, pause: { seconds: 10800 } }, { weight: 100 }]));
    await stack.setConfig("gates", JSON.stringify({ proxyStatus: { serviceMeshId: ROLLOUT_IDS.serviceMeshId } }));
    const file = await previewJson(stack, WORK, "risky", ["--show-sames"]);
    const md = await review([file]);
    expect(md.code).toBe(1);
    expectGolden("rollout-findings", md.stdout);
    const { body } = await reviewed(file);
    expect(rulesOf(body).filter((r) => r.startsWith("release"))).toEqual([
      "release rollout-step:mandatory",
      "release rollout-ungated:mandatory",
      "release rollout-duration:advisory",
      "release rollout-conflict:mandatory",
      "release rollout-conflict:mandatory",
    ]);
    const config = path.join(WORK, "rules.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        rules: { "rollout-step": { maxPoints: 60 }, "rollout-duration": { maxMinutes: 240 } },
        exempt: { release: ["rollout-ungated", "rollout-conflict"] },
      }),
    );
    const relaxed = await reviewed(file, ["--config", config]);
    expect(rulesOf(relaxed.body).filter((r) => r.startsWith("release"))).toEqual([]);
  });

  it("a gated plan in small steps, on groups whose weights only the rollout sets, passes every rule", async () => {
    await stack.setConfig("weighed", "false");
    await stack.setConfig(
      "steps",
      JSON.stringify([
        { weight: 25, pause: { seconds: 600 } },
        { weight: 50, pause: { untilPromoted: true } },
        { weight: 100 },
      ]),
    );
    await stack.setConfig("gates", JSON.stringify({ healthyMembers: true }));
    const { code, body } = await reviewed(await previewJson(stack, WORK, "safe", ["--show-sames"]));
    expect(code).toBe(0);
    expect(body.findings).toEqual([]);
    expect(body.rollouts[0]).toMatchObject({
      resource: "release",
      channels: [{ channel: "payments", stableGroup: "stable", canaryGroup: "canary" }],
      worstCase: { seconds: 960, approvals: 1 },
    });
  });
});
