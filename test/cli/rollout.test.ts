/**
 * `canary-mesh rollout` over a fake stack: the arguments, the request put in config and always removed, the exit
 * codes, and `watch` deciding when to run the next `up` from the stored state (fake clock: no wall time).
 */
import { CliIo, CliUsageError, RolloutStackPort, runRolloutCommand } from "../../src/cli/rollout";
import type { RolloutOutputs } from "../../src/rollout/state";
import { ROLLOUT_DEFAULTS, storedRolloutChannel } from "../support/fixtures";

const T0 = Date.parse("2026-12-05T12:00:00Z");
const URN = "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/canary-mesh/rollout:CanaryRollout::orders";
const KEY = `gw/${"a".repeat(32)}`;

type Run = RolloutOutputs["__run"];
function outputs(run: Partial<Run>, patch: Partial<RolloutOutputs> = {}): RolloutOutputs {
  const steps: RolloutOutputs["steps"] = [
    { weight: 10, pause: { seconds: 60 } },
    { weight: 30, pause: { untilPromoted: true } },
    { weight: 100 },
  ];
  const full: Run = { revision: "v2", retry: 0, phase: "Paused", step: 0, stepWeight: 10, since: T0, ...run };
  const weight = full.phase === "Aborted" ? 0 : full.phase === "Completed" ? 100 : (steps[full.step]?.weight ?? 0);
  return {
    revision: "v2",
    channels: [storedRolloutChannel("a".repeat(32), "blue", "green")],
    steps,
    ...ROLLOUT_DEFAULTS,
    phase: full.phase,
    step: full.phase === "Aborted" ? -1 : full.step,
    canaryWeight: weight,
    message: "m",
    history: [],
    gateResults: [],
    __seen: { [KEY]: { blue: 100 - weight, green: weight } },
    __run: full,
    ...patch,
  };
}

class FakeStack implements RolloutStackPort {
  readonly stackName = "dev";
  config: Record<string, unknown> = {};
  ups: Array<{ urn: string; message: string; request: unknown }> = [];
  /** What each up leaves in state (the last repeats); `ok: false` fails that up. */
  constructor(
    public current: RolloutOutputs,
    private script: Array<{
      outputs: (request: Record<string, unknown> | undefined) => RolloutOutputs;
      ok?: boolean;
    }> = [],
  ) {}
  async rollouts() {
    return [{ urn: URN, name: "orders", outputs: this.current as unknown as Record<string, unknown> }];
  }
  async requests() {
    return { ...this.config };
  }
  async setRequests(r: Record<string, unknown>) {
    this.config = { ...r };
  }
  async up(urn: string, message: string) {
    const request = this.config.orders as Record<string, unknown> | undefined;
    this.ups.push({ urn, message, request });
    const next = this.script[Math.min(this.ups.length - 1, this.script.length - 1)];
    if (!next) return { ok: true };
    this.current = next.outputs(request);
    return next.ok === false ? { ok: false, error: "error: the up failed" } : { ok: true };
  }
}

function io() {
  let now = T0;
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const value: CliIo = {
    write: (t) => void out.push(t),
    error: (t) => void err.push(t),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    user: () => "carol",
  };
  return { io: value, out: () => out.join(""), err: () => err.join(""), sleeps, advance: (ms: number) => (now += ms) };
}

const run = (argv: string[], stack: FakeStack, t = io()) =>
  runRolloutCommand(argv, async () => stack, t.io).then((code) => ({ code, ...t }));

describe("canary-mesh rollout: arguments", () => {
  it.each([
    [["skip", "orders"], /the command must be one of status, promote, abort, retry, watch \(got "skip"\)/],
    [["promote"], /rollout promote needs the CanaryRollout's resource name/],
    [["status", "orders", "extra"], /unexpected arguments: extra/],
    [["status", "orders", "--step", "1"], /--step is for promote only/],
    [["promote", "orders", "--step", "x"], /--step must be a whole number from 0 to 49 \(got "x"\)/],
    [["watch", "orders", "--max-wait", "5m"], /--max-wait must be a whole number from 0 to 31536000 \(got "5m"\)/],
    [["status", "orders", "--colour"], /Unknown option '--colour'/],
  ])("refuses %j", async (argv, message) => {
    await expect(run(argv, new FakeStack(outputs({})))).rejects.toThrow(message);
    await expect(run(argv, new FakeStack(outputs({})))).rejects.toBeInstanceOf(CliUsageError);
  });

  it("names the rollouts the stack has when the name matches none", async () => {
    await expect(run(["status", "payments"], new FakeStack(outputs({})))).rejects.toThrow(
      /no CanaryRollout named "payments" in stack dev \(its rollouts: orders\)/,
    );
  });
});

describe("canary-mesh rollout status", () => {
  it("prints the phase, the shares, drift and the next action; exit 0, or 1 once aborted", async () => {
    const paused = outputs(
      { phase: "Paused", pausedBy: "promotion", step: 1, stepWeight: 30 },
      { __seen: { [KEY]: { blue: 60, green: 40 } }, nextStepAt: undefined },
    );
    const { code, out } = await run(["status", "orders"], new FakeStack(paused));
    expect(code).toBe(0);
    expect(out()).toMatch(/phase +Paused \(waiting for promotion\)/);
    expect(out()).toMatch(/step +1 of 2 · canary 30% · stable 70%/);
    expect(out()).toMatch(
      /gw\/a{32}: blue 60% · green 40% \(the rollout holds blue 70% · green 30%: the next pulumi up puts it back\)/,
    );
    expect(out()).toMatch(/next +waits for approval of step 1: canary-mesh rollout promote orders/);
    const aborted = await run(["status", "orders"], new FakeStack(outputs({ phase: "Aborted", step: -1 })));
    expect(aborted.code).toBe(1);
    expect(aborted.out()).toMatch(/next +nothing: revision v2 is aborted; canary-mesh rollout retry orders/);
  });
});

describe("canary-mesh rollout promote, abort, retry", () => {
  const waiting = outputs({ phase: "Paused", pausedBy: "promotion", step: 1, stepWeight: 30 });

  it("puts the request in config for the up, targeted at the rollout, and removes it after", async () => {
    const stack = new FakeStack(waiting, [
      {
        outputs: (request) =>
          outputs({ phase: "Completed", step: 2, stepWeight: 100 }, { __applied: [String(request!.id)], history: [] }),
      },
    ]);
    stack.config = { payments: { id: "other" } };
    const { code, out } = await run(["promote", "orders", "--reason", "error rate flat"], stack);
    expect(code).toBe(0);
    expect(stack.ups).toHaveLength(1);
    expect(stack.ups[0]).toMatchObject({
      urn: URN,
      message: "canary-mesh rollout promote orders by carol: error rate flat",
      request: {
        action: "promote",
        revision: "v2",
        actor: "carol",
        reason: "error rate flat",
        at: "2026-12-05T12:00:00.000Z",
      },
    });
    expect(stack.config).toEqual({ payments: { id: "other" } });
    expect(out()).toMatch(/Completed at step 2 \(canary 100%\)/);
  });

  it("removes the request when the up fails, and exits 1", async () => {
    const stack = new FakeStack(waiting, [{ outputs: () => waiting, ok: false }]);
    const { code, err } = await run(["promote", "orders"], stack);
    expect(code).toBe(1);
    expect(err()).toMatch(/pulumi up failed:\nerror: the up failed/);
    expect(stack.config).toEqual({});
  });

  it("exits 1 when the up ran but the rollout did not apply the request", async () => {
    const stack = new FakeStack(waiting, [{ outputs: () => waiting }]);
    const { code, err } = await run(["abort", "orders"], stack);
    expect(code).toBe(1);
    expect(err()).toMatch(/the rollout did not apply the request/);
  });

  it("exits 2 with the rollout's reason when it refused the request (the program changed since the state)", async () => {
    const stack = new FakeStack(waiting, [
      {
        outputs: (r) =>
          outputs(
            { phase: "Paused", pausedBy: "promotion", step: 1, stepWeight: 30 },
            {
              __applied: [String(r!.id)],
              __refused: [
                { id: String(r!.id), reason: "it was asked for revision v2, and the program now releases v3" },
              ],
            },
          ),
      },
    ]);
    const { code, err } = await run(["promote", "orders"], stack);
    expect(code).toBe(2);
    expect(err()).toMatch(
      /the rollout did not apply promote: it was asked for revision v2, and the program now releases v3/,
    );
    expect(stack.config).toEqual({});
  });

  it("abort exits 0 once aborted as asked; a request that does not apply runs no up", async () => {
    const stack = new FakeStack(waiting, [
      {
        outputs: (r) => outputs({ phase: "Aborted", step: -1, stepWeight: 0 }, { __applied: [String(r!.id)] }),
      },
    ]);
    expect((await run(["abort", "orders", "--actor", "ops-bot"], stack)).code).toBe(0);
    expect(stack.ups[0]!.request).toMatchObject({ action: "abort", actor: "ops-bot" });
    await expect(run(["abort", "orders"], stack)).rejects.toThrow(
      /cannot abort orders: revision v2 is already aborted/,
    );
    expect(stack.ups).toHaveLength(1);
  });
});

describe("canary-mesh rollout watch", () => {
  it("sleeps until a timed pause is due, runs up, and stops at an approval with exit 0", async () => {
    const timer = outputs(
      { phase: "Paused", pausedBy: "timer", step: 0 },
      { nextStepAt: new Date(T0 + 45_000).toISOString() },
    );
    const stack = new FakeStack(timer, [
      {
        outputs: () =>
          outputs(
            { phase: "Paused", pausedBy: "promotion", step: 1, stepWeight: 30 },
            {
              history: [
                { at: "2026-12-05T12:00:45.000Z", step: 1, weight: 30, event: "step-started", detail: "weights set" },
              ],
            },
          ),
      },
    ]);
    const { code, out, sleeps } = await run(["watch", "orders"], stack);
    expect(code).toBe(0);
    expect(sleeps).toEqual([45_250]);
    expect(stack.ups).toHaveLength(1);
    expect(out()).toMatch(/12:00:45  step 1 · canary 30%  step-started  weights set/);
    expect(out()).toMatch(/waits for approval of step 1/);
  });

  it("exits 0 without an up when the next step is due beyond --max-wait (a CI schedule runs it again)", async () => {
    const timer = outputs(
      { phase: "Paused", pausedBy: "timer", step: 0 },
      { nextStepAt: new Date(T0 + 3_600_000).toISOString() },
    );
    const stack = new FakeStack(timer);
    const { code, out } = await run(["watch", "orders", "--max-wait", "600"], stack);
    expect(code).toBe(0);
    expect(stack.ups).toHaveLength(0);
    expect(out()).toMatch(/the next step is due at 2026-12-05T13:00:00.000Z, beyond --max-wait/);
  });

  it("asks a gate that holds the rollout again no sooner than every 30 s, and gives up on ups that record nothing", async () => {
    const held = outputs({ phase: "Paused", pausedBy: "gate", step: 0 }, { gates: { intervalSeconds: 0.5 } });
    const event = (n: number) => ({
      at: `2026-12-05T12:0${n}:00.000Z`,
      step: 0,
      weight: 10,
      event: "paused" as const,
      detail: `inconclusive ${n}`,
    });
    const gate = new FakeStack(held, [
      { outputs: () => ({ ...held, history: [event(1)] }) },
      { outputs: () => outputs({ phase: "Completed", step: 2, stepWeight: 100 }, { history: [event(1), event(2)] }) },
    ]);
    const waited = await run(["watch", "orders"], gate);
    expect(waited.code).toBe(0);
    expect(waited.sleeps).toEqual([30_000]);
    const bounded = await run(["watch", "orders", "--max-wait", "10"], new FakeStack(held, [{ outputs: () => held }]));
    expect(bounded.code).toBe(0);
    expect(bounded.out()).toMatch(/a gate holds the rollout: m; run watch again/);

    const budget = outputs({ phase: "Paused", pausedBy: "budget", step: 0 });
    const stuck = new FakeStack(budget, [{ outputs: () => budget }]);
    const gaveUp = await run(["watch", "orders"], stuck);
    expect(gaveUp.code).toBe(1);
    expect(gaveUp.err()).toMatch(/the rollout made no progress in 3 updates: m/);
    expect(stuck.ups).toHaveLength(3);
  });

  it("runs up after up until completed; exit 1 when a gate aborts it", async () => {
    const progressing = outputs({ phase: "Paused", pausedBy: "budget", step: 0 });
    const done = new FakeStack(progressing, [
      { outputs: () => outputs({ phase: "Paused", pausedBy: "budget", step: 1, stepWeight: 30 }) },
      { outputs: () => outputs({ phase: "Completed", step: 2, stepWeight: 100 }) },
    ]);
    const completed = await run(["watch", "orders"], done);
    expect(completed.code).toBe(0);
    expect(done.ups).toHaveLength(2);
    expect(completed.out()).toMatch(/completed: revision v2/);

    const failing = new FakeStack(progressing, [
      { outputs: () => outputs({ phase: "Aborted", step: -1 }, { message: "aborted before step 1" }), ok: false },
    ]);
    const aborted = await run(["watch", "orders"], failing);
    expect(aborted.code).toBe(1);
    expect(aborted.err()).toMatch(/pulumi up failed:[\s\S]*aborted before step 1/);
  });
});
