/**
 * `canary-mesh rollout` through the real CLI (the Automation API over the project directory, as a user runs it)
 * against the emulator, on `examples/progressive-rollout` as written: status of a rollout waiting for approval,
 * promote, a request that does not apply, an abort in the middle of a release, a retry, and `watch` driving the
 * retried release to completion over several `up`s. Every request is recorded in the history with who and why,
 * and the request config key is gone afterwards.
 */
import path from "node:path";
import { startEmulator } from "../../src/emulator";
import { clearRequestLog, requestLog, setMemberHealth } from "../support/emulator";
import { ROLLOUT_SEED, progressiveRolloutConfig } from "../support/fixtures";
import { E2EStack, exampleProgram, rolloutOutputs, ROOT, RunResult, runProcess, weightsOn } from "../e2e/harness";

jest.setTimeout(600_000);

type Running = Awaited<ReturnType<typeof startEmulator>>;
interface Event {
  event: string;
  step: number;
  actor?: string;
  reason?: string;
  detail: string;
}

const CLI = path.join(ROOT, "dist", "cli", "main.js");

/** The steps whose start a command printed, in order. */
const startedSteps = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => /step-started/.test(l))
    .map((l) => l.match(/step (\d+)/)![1]);

const canaryMesh = (stack: E2EStack, args: string[]): Promise<RunResult> =>
  runProcess(process.execPath, [CLI, ...args, "--cwd", stack.dir], {
    env: stack.env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
  });

describe("canary-mesh rollout against a stack on the emulator", () => {
  const INSTANCE = "gw-cli";
  let emulator: Running;
  let stack: E2EStack;
  let channelId: string;

  const weights = async () => (await weightsOn(emulator.url, INSTANCE))["orders-backend"];
  const stored = () => rolloutOutputs<{ phase: string; step: number; history: Event[]; __applied?: string[] }>(stack);
  const requestKeyGone = async () =>
    expect((await stack.run(["config", "get", "canary-mesh:rolloutIntents"])).code).not.toBe(0);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: ROLLOUT_SEED });
    stack = await E2EStack.create({
      program: exampleProgram("progressive-rollout"),
      config: progressiveRolloutConfig(emulator.url, INSTANCE, { pauseSeconds: "1", gateTimeoutSeconds: "5" }),
      projectName: "canary-mesh-cli",
    });
    await stack.up();
    channelId = (await stack.outputs()).channelId as string;
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("status says where a rollout waiting for approval stands and what comes next; exit 0", async () => {
    const status = await canaryMesh(stack, ["rollout", "status", "orders"]);
    expect(status.stderr).toBe("");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^CanaryRollout orders · stack e2e · revision orders-v2$/m);
    expect(status.stdout).toMatch(/phase +Paused \(waiting for promotion\)/);
    expect(status.stdout).toMatch(/step +1 of 3 · canary 30% · stable 70%/);
    expect(status.stdout).toMatch(/plan +10% \(pause 1 s\) → 30% \(waits for approval\) → 60% \(pause 1 s\) → 100%/);
    expect(status.stdout).toMatch(new RegExp(`gw-cli/${channelId}: blue 70% · green 30%`));
    expect(status.stdout).toMatch(/healthyMembers pass · 2 of 2 canary members healthy/);
    expect(status.stdout).toMatch(/next +waits for approval of step 1: canary-mesh rollout promote orders/);

    const json = JSON.parse((await canaryMesh(stack, ["rollout", "status", "orders", "--json"])).stdout);
    expect(json).toMatchObject({
      name: "orders",
      phase: "Paused",
      pausedBy: "promotion",
      step: 1,
      next: { kind: "approval" },
    });
    expect(JSON.stringify(json)).not.toMatch(/headers/);
  });

  it("refuses a name that is not a rollout, and a request that does not apply, with exit 2 and no up", async () => {
    const missing = await canaryMesh(stack, ["rollout", "status", "payments"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no CanaryRollout named "payments" in stack e2e \(its rollouts: orders\)/);
    const retry = await canaryMesh(stack, ["rollout", "retry", "orders"]);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toMatch(
      /cannot retry orders: only an aborted rollout is retried; revision orders-v2 is paused/,
    );
    const usage = await canaryMesh(stack, ["rollout", "promote"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/rollout promote needs the CanaryRollout's resource name/);
    await requestKeyGone();
  });

  it("promote approves the waiting step without editing the program, and the up carries the rollout through", async () => {
    const promoted = await canaryMesh(stack, [
      "rollout",
      "promote",
      "orders",
      "--actor",
      "alice",
      "--reason",
      "error rate flat for 30 min",
    ]);
    expect(promoted.stderr).toBe("");
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/promoted \(by alice\) +step 1 approved past its pause by alice: error rate flat/);
    expect(promoted.stdout).toMatch(/Completed at step 3 \(canary 100%\)/);
    expect(await weights()).toEqual({ blue: 0, green: 100 });
    const history = (await stored()).history;
    expect(history.find((e) => e.event === "promoted")).toMatchObject({
      actor: "alice",
      reason: "error rate flat for 30 min",
    });
    await requestKeyGone();
    // The program still says promote -1; the approval lives in the state: nothing to do.
    await stack.preview(["--expect-no-changes"]);
  });

  it("abort in the middle of the next release: every weight back, the up succeeds, status exits 1", async () => {
    await stack.setConfig("revision", "orders-v3");
    await stack.setConfig("liveGroup", "green");
    // A pause longer than one up may spend: the release stops at step 0 until the next up.
    await stack.setConfig("pauseSeconds", "20");
    await stack.setConfig("maxUpdateSeconds", "10");
    await stack.up();
    expect(await stored()).toMatchObject({ phase: "Paused", step: 0 });
    expect(await weights()).toEqual({ green: 90, blue: 10 });

    await clearRequestLog(emulator.url);
    const aborted = await canaryMesh(stack, ["rollout", "abort", "orders", "--actor", "bob", "--reason", "p99 up 40%"]);
    expect(aborted.stderr).toBe("");
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toMatch(/aborted \(by bob\) +aborted by bob: p99 up 40%/);
    expect(await weights()).toEqual({ green: 100, blue: 0 });
    expect((await requestLog(emulator.url)).filter((r) => r.action === "UpdateMemberGroup")).toHaveLength(2);
    await requestKeyGone();
    await stack.preview(["--expect-no-changes"]);

    const status = await canaryMesh(stack, ["rollout", "status", "orders"]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/phase +Aborted/);
    expect(status.stdout).toMatch(/aborted by bob \(p99 up 40%\)/);
  });

  it("retry starts the aborted release again, and watch runs up whenever a step is due until it completes", async () => {
    await stack.setConfig("pauseSeconds", "12");
    await setMemberHealth(emulator.url, channelId, { "10.0.0.5": "healthy" });
    const retried = await canaryMesh(stack, ["rollout", "retry", "orders", "--actor", "bob"]);
    expect(retried.stderr).toBe("");
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/started \(by bob\) +revision orders-v3 \(retry 1 by bob\)/);
    expect(await stored()).toMatchObject({ phase: "Paused", step: 0 });

    // watch waits out the 12 s pause (longer than one up may spend), steps on, and stops at the approval.
    const first = await canaryMesh(stack, ["rollout", "watch", "orders"]);
    console.log(`[cli] watch to the approval:\n${first.stdout}${first.stderr}`);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(startedSteps(first.stdout)).toEqual(["1"]);
    expect(first.stdout).toMatch(/Paused \(waiting for promotion\) · step 1 · blue 30% \/ green 70%/);
    expect(first.stdout).toMatch(/waits for approval of step 1: canary-mesh rollout promote orders/);

    const promoted = await canaryMesh(stack, ["rollout", "promote", "orders", "--actor", "bob"]);
    expect(promoted.code).toBe(0);
    expect(startedSteps(promoted.stdout)).toEqual(["2"]);
    expect(await stored()).toMatchObject({ phase: "Paused", step: 2 });

    const watched = await canaryMesh(stack, ["rollout", "watch", "orders"]);
    console.log(`[cli] watch to the end:\n${watched.stdout}${watched.stderr}`);
    expect(watched.stderr).toBe("");
    expect(watched.code).toBe(0);
    expect(startedSteps(watched.stdout)).toEqual(["3"]);
    expect(watched.stdout).toMatch(/completed: revision orders-v3/);
    expect(await weights()).toEqual({ green: 0, blue: 100 });
    expect((await stored()).phase).toBe("Completed");

    const again = await canaryMesh(stack, ["rollout", "watch", "orders"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/completed: revision orders-v3/);
  });
});
