/**
 * One update of a rollout (`runRollout`) with fake channels, gates and clock: no sockets, no wall time. The time a
 * pause takes is the fake clock's; every weight written is recorded.
 */
import type { RolloutChannelPort } from "../../src/rollout/channels";
import { conditionGate, Gate, Measurement } from "../../src/rollout/gates";
import { runRollout } from "../../src/rollout/run";
import type { RolloutOutputs, RolloutState } from "../../src/rollout/state";
import { ROLLOUT_DEFAULTS, storedRolloutChannel } from "../support/fixtures";

const T0 = Date.parse("2026-12-05T12:00:00Z");

class FakeChannel implements RolloutChannelPort {
  readonly label: string;
  writes: Array<{ stable: number; canary: number }> = [];
  failing = false;
  constructor(
    readonly key: string,
    private w: { stable: number | null; canary: number | null } = { stable: null, canary: null },
  ) {
    this.label = `${key}-backend`;
  }
  weights() {
    return { key: this.key, ...this.w };
  }
  async set(weights: { stable: number; canary: number }) {
    if (this.failing) throw new Error("HTTP 503 APIG.9999 after 6 attempts");
    const changed = Number(this.w.stable !== weights.stable) + Number(this.w.canary !== weights.canary);
    this.w = { ...weights };
    this.writes.push(weights);
    return changed;
  }
  async canaryMembers() {
    return [];
  }
}

function clock() {
  let t = T0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => (t += ms) };
}

const desired = (patch: Partial<RolloutState> = {}): RolloutState => ({
  revision: "v2",
  channels: [
    storedRolloutChannel("a".repeat(32), "stable", "canary"),
    storedRolloutChannel("b".repeat(32), "stable", "canary"),
  ],
  steps: [{ weight: 10, pause: { seconds: 60 } }, { weight: 50 }, { weight: 100 }],
  ...ROLLOUT_DEFAULTS,
  ...patch,
});

/** A gate whose readings come from a script, one per read (the last repeats). */
function scripted(name: string, readings: Measurement["outcome"][], timeoutMs = 30_000): Gate & { reads: number } {
  const gate = conditionGate({
    name,
    timeoutMs,
    intervalMs: 5_000,
    measure: async () => {
      const outcome = readings[Math.min(state.reads, readings.length - 1)]!;
      state.reads++;
      return { outcome, measured: `reading ${state.reads}`, limit: "all good", detail: `${name} said ${outcome}` };
    },
  });
  const state = Object.assign(gate, { reads: 0 });
  return state;
}

async function up(d: RolloutState, prev: RolloutOutputs | undefined, ports: FakeChannel[], gates: Gate[], c = clock()) {
  return runRollout(d, prev, ports, gates, { now: c.now, sleep: c.sleep, log: () => undefined });
}

const NO_PAUSE = [{ weight: 10 }, { weight: 50 }, { weight: 100 }];
const events = (o: RolloutOutputs) => o.history.map((e) => `${e.event}:${e.step}`);

describe("runRollout", () => {
  it("steps every channel through the plan, pausing on the clock, and completes", async () => {
    const ports = [new FakeChannel(`gw/${"a".repeat(32)}`), new FakeChannel(`gw/${"b".repeat(32)}`)];
    const c = clock();
    const result = await up(desired(), undefined, ports, [scripted("g", ["pass"])], c);
    expect(result.failure).toBeUndefined();
    expect(result.outputs).toMatchObject({ phase: "Completed", step: 2, canaryWeight: 100 });
    expect(events(result.outputs)).toEqual([
      "started:-1",
      "step-started:0",
      "step-completed:0",
      "step-started:1",
      "step-completed:1",
      "step-started:2",
      "completed:2",
    ]);
    for (const p of ports) expect(p.writes.map((w) => w.canary)).toEqual([0, 10, 50, 100]);
    // 2 groups × (baseline + 3 steps) × 2 channels.
    expect(result.writes).toBe(16);
    expect(c.now() - T0).toBe(60_000);
  });

  it("ends the update Paused when a pause does not fit maxUpdateSeconds, and the next update continues", async () => {
    const ports = [new FakeChannel("a")];
    const d = desired({ channels: [desired().channels[0]!], maxUpdateSeconds: 30 });
    const c = clock();
    const first = await up(d, undefined, ports, [], c);
    expect(first.failure).toBeUndefined();
    expect(first.outputs).toMatchObject({ phase: "Paused", step: 0, nextStepAt: "2026-12-05T12:01:00.000Z" });
    expect(first.outputs.message).toMatch(/run pulumi up again after 2026-12-05T12:01:00.000Z/);
    expect(c.now() - T0).toBe(0);
    c.advance(40_000);
    const early = await up(d, first.outputs, ports, [], c);
    // Still 20 s to go, which fits this update: it waits, then steps on.
    expect(early.outputs.phase).toBe("Completed");
    expect(c.now() - T0).toBe(60_000);
  });

  it("aborts on a failed gate: every channel back at the baseline, the failure named", async () => {
    const ports = [new FakeChannel("a"), new FakeChannel("b")];
    const gate = scripted("errorRate", ["pass", "fail"]);
    const result = await up(desired({ steps: NO_PAUSE }), undefined, ports, [gate]);
    expect(result.outputs).toMatchObject({ phase: "Aborted", step: -1, canaryWeight: 0 });
    expect(result.failure).toMatch(
      /aborted before step 1 \(canary 50%\): gate errorRate failed: reading 2 \(limit all good\)/,
    );
    expect(result.failure).toMatch(/every channel is back at its baseline/);
    for (const p of ports) expect(p.weights()).toMatchObject({ stable: 100, canary: 0 });
    expect(events(result.outputs)).toContain("aborted:-1");
  });

  it("holds the weights on a failed gate with onGateFailure pause, and the next update checks again", async () => {
    const ports = [new FakeChannel("a")];
    const d = desired({ channels: [desired().channels[0]!], onGateFailure: "pause", steps: NO_PAUSE });
    const gate = scripted("errorRate", ["pass", "fail", "pass"]);
    const held = await up(d, undefined, ports, [gate]);
    expect(held.outputs).toMatchObject({ phase: "Paused", step: 0 });
    expect(held.failure).toMatch(/paused before step 1.*the weights stay at step 0 \(onGateFailure: pause\)/);
    expect(ports[0]!.weights()).toMatchObject({ canary: 10 });
    const next = await up(d, held.outputs, ports, [gate]);
    expect(next.outputs.phase).toBe("Completed");
  });

  it("pauses on an inconclusive gate without failing the update", async () => {
    const ports = [new FakeChannel("a")];
    const d = desired({ channels: [desired().channels[0]!], steps: [{ weight: 20 }, { weight: 100 }] });
    const result = await up(d, undefined, ports, [scripted("latency", ["pass", "inconclusive"])]);
    expect(result.failure).toBeUndefined();
    expect(result.outputs).toMatchObject({ phase: "Paused", step: 0 });
    expect(result.outputs.message).toMatch(/inconclusive before step 1/);
  });

  it("fails a gate still not ready at its timeout, and one that cannot be read, but not on one error", async () => {
    const one = desired({ channels: [desired().channels[0]!] });
    const waiting = await up(one, undefined, [new FakeChannel("a")], [scripted("sync", ["wait"], 20_000)]);
    expect(waiting.failure).toMatch(/gate sync failed: .*not ready after 20 s \(timeout 20 s\)/);
    const erroring = await up(one, undefined, [new FakeChannel("a")], [scripted("sync", ["error"], 20_000)]);
    expect(erroring.failure).toMatch(/gate sync error: .*still after 20 s/);
    const blip = await up(one, undefined, [new FakeChannel("a")], [scripted("sync", ["error", "pass"])]);
    expect(blip.failure).toBeUndefined();
  });

  it("aborts when a gate fails during a pause", async () => {
    const ports = [new FakeChannel("a")];
    const gate = scripted("healthyMembers", ["pass", "pass", "pass", "fail"]);
    const result = await up(desired({ channels: [desired().channels[0]!] }), undefined, ports, [gate]);
    expect(result.failure).toMatch(/aborted during the pause of step 0 \(canary 10%\)/);
    expect(ports[0]!.weights()).toMatchObject({ stable: 100, canary: 0 });
  });

  it("names the step when a weight write fails after retries, and keeps what was done", async () => {
    const ports = [new FakeChannel("a"), new FakeChannel("b")];
    const c = clock();
    const first = await up(desired(), undefined, ports, [], c);
    ports[1]!.failing = true;
    const result = await up(desired({ revision: "v3", allowBaselineJump: true }), first.outputs, ports, [], c);
    expect(result.failure).toMatch(/the baseline could not be set on every channel: b-backend: HTTP 503/);
    expect(result.outputs.__run).toMatchObject({ revision: "v3", phase: "Progressing" });
    ports[1]!.failing = false;
    const healed = await up(desired({ revision: "v3", allowBaselineJump: true }), result.outputs, ports, [], c);
    expect(healed.outputs.phase).toBe("Completed");
    expect(events(healed.outputs)).toContain("resumed:-1");
  });

  it("makes no write for an aborted revision, and puts an edited weight back", async () => {
    const ports = [new FakeChannel("a")];
    const d = desired({ channels: [desired().channels[0]!] });
    const aborted = await up(d, undefined, ports, [scripted("g", ["pass", "fail"])]);
    const before = ports[0]!.writes.length;
    const again = await up(d, aborted.outputs, ports, [scripted("g", ["pass"])]);
    expect(again.outputs.phase).toBe("Aborted");
    expect(ports[0]!.writes.length).toBe(before);
    await ports[0]!.set({ stable: 70, canary: 30 });
    const restored = await up(d, again.outputs, ports, []);
    expect(ports[0]!.weights()).toMatchObject({ stable: 100, canary: 0 });
    expect(events(restored.outputs).pop()).toBe("restored:-1");
  });

  describe("requests from the command line (canary-mesh rollout)", () => {
    const one = () => desired({ channels: [desired().channels[0]!] });
    const PROMOTION = [{ weight: 10, pause: { untilPromoted: true as const } }, { weight: 50 }, { weight: 100 }];
    const request = (action: "promote" | "abort" | "retry", patch: Record<string, unknown> = {}) => ({
      id: `req-${action}-${Math.random().toString(16).slice(2)}`,
      action,
      revision: "v2",
      actor: "alice",
      reason: "checked the dashboards",
      at: "2026-12-05T12:00:00Z",
      ...patch,
    });

    it("promote passes the pause that waits, once, recording who and why; promote in the program stays -1", async () => {
      const ports = [new FakeChannel("a")];
      const d = one();
      const paused = await up({ ...d, steps: PROMOTION }, undefined, ports, []);
      expect(paused.outputs.__run).toMatchObject({ phase: "Paused", pausedBy: "promotion", step: 0 });
      const ask = request("promote");
      const done = await up({ ...d, steps: PROMOTION, __intent: ask }, paused.outputs, ports, []);
      expect(done.failure).toBeUndefined();
      expect(done.outputs).toMatchObject({ phase: "Completed", promote: -1, __applied: [ask.id] });
      expect(done.outputs).not.toHaveProperty("__intent");
      const promoted = done.outputs.history.filter((e) => e.event === "promoted");
      expect(promoted).toEqual([
        expect.objectContaining({
          step: 0,
          actor: "alice",
          reason: "checked the dashboards",
          detail: "step 0 approved past its pause by alice: checked the dashboards",
        }),
      ]);
      // The same request seen again (config left behind) changes nothing.
      const writes = ports[0]!.writes.length;
      const again = await up({ ...d, steps: PROMOTION, __intent: ask }, done.outputs, ports, []);
      expect(again.outputs.history).toEqual(done.outputs.history);
      expect(ports[0]!.writes.length).toBe(writes);
    });

    it("promote approves a step ahead, whose pause is then passed without waiting", async () => {
      const ports = [new FakeChannel("a")];
      const steps = [{ weight: 10 }, { weight: 50, pause: { untilPromoted: true as const } }, { weight: 100 }];
      const d = { ...one(), steps, maxUpdateSeconds: 10 };
      const c = clock();
      const first = await up(
        { ...d, steps: [{ weight: 10, pause: { seconds: 60 } }, ...steps.slice(1)] },
        undefined,
        ports,
        [],
        c,
      );
      expect(first.outputs.__run).toMatchObject({ phase: "Paused", pausedBy: "timer", step: 0 });
      c.advance(61_000);
      const withTimer = { ...d, steps: [{ weight: 10, pause: { seconds: 60 } }, ...steps.slice(1)] };
      const done = await up({ ...withTimer, __intent: request("promote") }, first.outputs, ports, [], c);
      expect(done.outputs.phase).toBe("Completed");
      expect(done.outputs.__run).toMatchObject({ approved: 1, approvedBy: "alice" });
      expect(done.outputs.history.filter((e) => e.event === "promoted").map((e) => e.detail)).toEqual([
        "step 1 approved past its pause by alice: checked the dashboards",
        "approved by alice: past the pause of step 1",
      ]);
    });

    it("abort sets every channel to its baseline and the up succeeds; the next up keeps it aborted", async () => {
      const ports = [new FakeChannel("a"), new FakeChannel("b")];
      const paused = await up(desired({ steps: PROMOTION }), undefined, ports, []);
      const ask = request("abort", { reason: "p99 too high" });
      const aborted = await up(desired({ steps: PROMOTION, __intent: ask }), paused.outputs, ports, []);
      expect(aborted.failure).toBeUndefined();
      expect(aborted.outputs).toMatchObject({ phase: "Aborted", step: -1, canaryWeight: 0 });
      expect(aborted.outputs.message).toMatch(/^aborted by alice: p99 too high; every channel is back at its baseline/);
      expect(aborted.outputs.history.at(-1)).toMatchObject({
        event: "aborted",
        actor: "alice",
        reason: "p99 too high",
      });
      for (const p of ports) expect(p.weights()).toMatchObject({ stable: 100, canary: 0 });
      const again = await up(desired({ steps: PROMOTION }), aborted.outputs, ports, []);
      expect(again.outputs.phase).toBe("Aborted");
    });

    it("retry starts an aborted revision again without touching retry in the program, and stays one run", async () => {
      const ports = [new FakeChannel("a")];
      const d = { ...one(), steps: NO_PAUSE };
      const aborted = await up(d, undefined, ports, [scripted("g", ["pass", "fail"])]);
      expect(aborted.outputs.message).toMatch(/Raise retry to 1 \(or run canary-mesh rollout retry\)/);
      const retried = await up({ ...d, __intent: request("retry") }, aborted.outputs, ports, [scripted("g", ["pass"])]);
      expect(retried.outputs).toMatchObject({ phase: "Completed", retry: 0, __run: { retry: 1 } });
      const started = retried.outputs.history.filter((e) => e.event === "started").at(-1)!;
      expect(started).toMatchObject({
        detail: "revision v2 (retry 1 by alice: checked the dashboards)",
        actor: "alice",
      });
      // The program's retry (0) is below the run's: no new run, no write.
      const writes = ports[0]!.writes.length;
      const next = await up(d, retried.outputs, ports, []);
      expect(next.outputs.__run.retry).toBe(1);
      expect(ports[0]!.writes.length).toBe(writes);
    });

    it("a request that does not apply is logged, recorded as seen, and changes nothing", async () => {
      const ports = [new FakeChannel("a")];
      const d = { ...one(), steps: NO_PAUSE };
      const done = await up(d, undefined, ports, []);
      const lines: string[] = [];
      const ask = request("abort");
      const result = await runRollout({ ...d, __intent: ask }, done.outputs, ports, [], {
        ...clock(),
        log: (l) => lines.push(l),
      });
      expect(result.outputs.phase).toBe("Completed");
      expect(result.outputs.__applied).toEqual([ask.id]);
      expect(lines.join("\n")).toMatch(
        /abort by alice: checked the dashboards not applied: revision v2 is already completed/,
      );
    });

    it("an abort whose write fails is still an abort: applied once, and the next up sets the baseline", async () => {
      const ports = [new FakeChannel("a")];
      const d = { ...one(), steps: PROMOTION };
      const paused = await up(d, undefined, ports, []);
      ports[0]!.failing = true;
      const ask = request("abort");
      const aborted = await up({ ...d, __intent: ask }, paused.outputs, ports, []);
      expect(aborted.outputs).toMatchObject({ phase: "Aborted", __applied: [ask.id] });
      expect(aborted.outputs.message).toMatch(
        /the baseline could not be set on every channel: .*the next pulumi up sets it/,
      );
      ports[0]!.failing = false;
      // The request is gone (the command line withdrew it); the next up holds the aborted run's baseline.
      const next = await up(d, aborted.outputs, ports, []);
      expect(next.outputs.phase).toBe("Aborted");
      expect(ports[0]!.weights()).toMatchObject({ stable: 100, canary: 0 });
    });

    it("refuses, and records why, a request for a revision the program no longer releases", async () => {
      const ports = [new FakeChannel("a")];
      const d = { ...one(), steps: PROMOTION };
      const paused = await up(d, undefined, ports, []);
      const ask = request("abort");
      const next = await up(
        { ...d, revision: "v3", allowBaselineJump: true, __intent: ask },
        paused.outputs,
        ports,
        [],
      );
      expect(next.outputs.__refused).toEqual([
        { id: ask.id, reason: "it was asked for revision v2, and the program now releases v3" },
      ]);
      expect(next.outputs.history.some((e) => e.event === "aborted")).toBe(false);
      expect(next.outputs.__run.revision).toBe("v3");
    });
  });
});
