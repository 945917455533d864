/** The rollout's state machine, pure: one table of situations and the action each must give. */
import { Action, decide, LiveWeights, Situation, startPoint, stepAt, weightsOf } from "../../src/rollout/machine";
import type { Run } from "../../src/rollout/state";
import type { RolloutStep } from "../../src/rollout/surface";

const STEPS: RolloutStep[] = [
  { weight: 10, pause: { seconds: 60 } },
  { weight: 30, pause: { untilPromoted: true } },
  { weight: 60 },
  { weight: 100 },
];
const T0 = Date.parse("2026-12-05T12:00:00Z");
const at = (step: number, key = "a"): LiveWeights => ({ key, ...weightsOf(STEPS, step) });
const run = (patch: Partial<Run> = {}): Run => ({
  revision: "v2",
  retry: 0,
  phase: "Progressing",
  step: 0,
  stepWeight: 10,
  since: T0,
  ...patch,
});
const situation = (patch: Partial<Situation> = {}): Situation => ({
  steps: STEPS,
  revision: "v2",
  retry: 0,
  promote: -1,
  run: run(),
  live: [at(0), at(0, "b")],
  now: T0 + 1_000,
  deadline: T0 + 600_000,
  gateBudget: 120_000,
  ...patch,
});

const cases: Array<[string, Partial<Situation>, Action | Partial<Action>]> = [
  ["no run yet: start", { run: undefined }, { kind: "start" }],
  ["a new revision: start", { revision: "v3" }, { kind: "start" }],
  ["a raised retry: start", { retry: 1 }, { kind: "start" }],
  ["a timed pause that fits the update: wait for it", {}, { kind: "wait", until: T0 + 60_000 }],
  [
    "a timed pause that does not fit: stop Paused with the time it ends",
    { deadline: T0 + 30_000 },
    { kind: "stop", phase: "Paused", pausedBy: "timer", nextStepAt: T0 + 60_000 },
  ],
  ["a timed pause over: check the gates before the next step", { now: T0 + 60_000 }, { kind: "check", step: 1 }],
  [
    "gates passed before the next step: set it on every channel",
    { now: T0 + 60_000, passed: 1 },
    { kind: "set", step: 1, channels: ["a", "b"], why: "step" },
  ],
  [
    "not enough budget left for the gates: stop, the next up continues",
    { now: T0 + 60_000, deadline: T0 + 100_000 },
    { kind: "stop", phase: "Paused", pausedBy: "budget" },
  ],
  [
    "an untilPromoted pause not yet promoted: stop Paused",
    { run: run({ step: 1, stepWeight: 30 }), live: [at(1), at(1, "b")], promote: 0 },
    { kind: "stop", phase: "Paused", pausedBy: "promotion" },
  ],
  [
    "an untilPromoted pause promoted: check the next step",
    { run: run({ step: 1, stepWeight: 30 }), live: [at(1), at(1, "b")], promote: 1 },
    { kind: "check", step: 2 },
  ],
  [
    "the last step: Completed",
    { run: run({ step: 3, stepWeight: 100 }), live: [at(3), at(3, "b")] },
    { kind: "stop", phase: "Completed" },
  ],
  [
    "channels left apart by an interrupted up: the ahead one brought down first",
    { live: [at(0), at(1, "b")] },
    { kind: "set", step: 0, channels: ["b"], why: "align" },
  ],
  [
    "live weights ahead of the record (an up killed after its writes): resume there",
    { live: [at(1), at(1, "b")] },
    { kind: "resume", step: 1 },
  ],
  [
    "a weight no step names (a console edit): back to the recorded step",
    { live: [{ key: "a", stable: 50, canary: 50 }, at(0, "b")] },
    { kind: "set", step: 0, channels: ["a"], why: "restore" },
  ],
  [
    "weights that do not add up to 100: back to the recorded step",
    { live: [{ key: "a", stable: 90, canary: 30 }, at(0, "b")] },
    { kind: "set", step: 0, channels: ["a"], why: "restore" },
  ],
  [
    "aborted, at the baseline: nothing to do",
    {
      run: run({ phase: "Aborted", step: -1, stepWeight: 0, reason: "aborted before step 1" }),
      live: [at(-1), at(-1, "b")],
    },
    { kind: "stop", phase: "Aborted", message: "aborted before step 1" },
  ],
  [
    "aborted, but a channel was edited: the baseline put back",
    { run: run({ phase: "Aborted", step: -1, stepWeight: 0 }), live: [at(-1), at(2, "b")] },
    { kind: "set", step: -1, channels: ["b"], why: "restore" },
  ],
  [
    "completed, but a channel was edited: the last step put back",
    { run: run({ phase: "Completed", step: 3, stepWeight: 100 }), live: [at(2), at(3, "b")] },
    { kind: "set", step: 3, channels: ["a"], why: "restore" },
  ],
  [
    "the plan changed under the run: off-plan weights go to the highest step below them",
    { steps: [{ weight: 20 }, { weight: 50 }, { weight: 100 }], live: [at(0), at(0, "b")] },
    { kind: "set", step: -1, channels: ["a", "b"], why: "restore" },
  ],
];

describe("decide", () => {
  it.each(cases)("%s", (_name, patch, expected) => {
    expect(decide(situation(patch))).toMatchObject(expected);
  });

  it("says when the pause ends, and what to run", () => {
    const action = decide(situation({ deadline: T0 + 30_000 }));
    expect(action).toMatchObject({
      message: expect.stringMatching(/run pulumi up again after 2026-12-05T12:01:00.000Z/),
    });
  });
});

describe("positions", () => {
  it("reads a step from live weights, and nothing from weights no step names", () => {
    expect(stepAt(STEPS, at(-1))).toBe(-1);
    expect(stepAt(STEPS, at(2))).toBe(2);
    expect(stepAt(STEPS, { key: "a", stable: 80, canary: 20 })).toBeUndefined();
    expect(stepAt(STEPS, { key: "a", stable: null, canary: null })).toBeUndefined();
  });
});

describe("startPoint", () => {
  const channels = [{ key: "a", stableGroup: "blue", canaryGroup: "green" }];
  const completed = {
    channels: [{ key: "a", stableGroup: "green", canaryGroup: "blue" }],
    steps: STEPS,
    run: { phase: "Completed" as const, step: 3 },
  };

  it("starts from the baseline when the live weights are what the stored run held", () => {
    expect(startPoint(completed, STEPS, channels, { a: { blue: 100, green: 0 } })).toEqual({ from: "baseline" });
  });

  it("resumes where an interrupted up of the new run left the weights", () => {
    expect(startPoint(completed, STEPS, channels, { a: { blue: 90, green: 10 } })).toEqual({ from: "resume", step: 0 });
  });

  it("starts from the baseline when the weights are at no step of the new plan", () => {
    expect(startPoint(completed, STEPS, channels, { a: { blue: 50, green: 50 } })).toEqual({ from: "baseline" });
    expect(startPoint(undefined, STEPS, channels, { a: { blue: null, green: null } })).toEqual({ from: "baseline" });
  });
});
