/**
 * One update of a rollout (`runRollout`) with fake channels, gates and clock: no sockets, no wall time. The time a
 * pause takes is the fake clock's; every weight written is recorded.
 */
import type { RolloutChannelPort } from "../../src/rollout/channels";
import { conditionGate, Gate, Measurement } from "../../src/rollout/gates";
import { runRollout } from "../../src/rollout/run";
import type { RolloutOutputs, RolloutState } from "../../src/rollout/state";

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
    {
      instanceId: "gw",
      vpcChannelId: "a".repeat(32),
      projectId: "p",
      region: "r",
      stableGroup: "stable",
      canaryGroup: "canary",
    },
    {
      instanceId: "gw",
      vpcChannelId: "b".repeat(32),
      projectId: "p",
      region: "r",
      stableGroup: "stable",
      canaryGroup: "canary",
    },
  ],
  steps: [{ weight: 10, pause: { seconds: 60 } }, { weight: 50 }, { weight: 100 }],
  gates: { intervalSeconds: 10 },
  onGateFailure: "abort",
  maxUpdateSeconds: 600,
  promote: -1,
  retry: 0,
  allowBaselineJump: false,
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
});
