/** The rollout provider's pure parts: what a diff reports, and the refusal of a baseline far from the live weights. */
import { checkBaselineJump, diffRollout, driftedChannels } from "../../src/rollout/provider";
import type { RolloutOutputs, RolloutState } from "../../src/rollout/state";
import { ROLLOUT_DEFAULTS, storedRolloutChannel } from "../support/fixtures";

const KEY = `gw/${"a".repeat(32)}`;
const state = (patch: Partial<RolloutState> = {}): RolloutState => ({
  revision: "v2",
  channels: [storedRolloutChannel("a".repeat(32), "blue", "green")],
  steps: [{ weight: 10, pause: { untilPromoted: true } }, { weight: 100 }],
  ...ROLLOUT_DEFAULTS,
  ...patch,
});
const outputs = (
  run: Partial<RolloutOutputs["__run"]>,
  seen: Record<string, number | null>,
  patch: Partial<RolloutState> = {},
): RolloutOutputs => ({
  ...state(patch),
  phase: run.phase ?? "Completed",
  step: run.step ?? 1,
  canaryWeight: 100,
  message: "m",
  history: [],
  gateResults: [],
  __seen: { [KEY]: seen },
  __run: { revision: "v2", retry: 0, phase: "Completed", step: 1, stepWeight: 100, since: 0, ...run },
});

describe("diffRollout", () => {
  const done = outputs({}, { blue: 0, green: 100 });

  it("reports no change for a completed rollout whose weights are as it left them", () => {
    expect(diffRollout(done, state())).toEqual({ changes: false, replaces: [] });
  });

  it("reports a change for a weight changed outside the rollout", () => {
    const edited = outputs({}, { blue: 50, green: 50 });
    expect(driftedChannels(edited)).toEqual([KEY]);
    expect(diffRollout(edited, state()).changes).toBe(true);
  });

  it("reports a change while unfinished, but not while waiting for a promotion nobody gave", () => {
    const timer = outputs({ phase: "Paused", pausedBy: "timer", step: 0, stepWeight: 10 }, { blue: 90, green: 10 });
    expect(diffRollout(timer, state()).changes).toBe(true);
    const promotion = outputs(
      { phase: "Paused", pausedBy: "promotion", step: 0, stepWeight: 10 },
      { blue: 90, green: 10 },
    );
    expect(diffRollout(promotion, state()).changes).toBe(false);
    expect(diffRollout(promotion, state({ promote: 0 })).changes).toBe(true);
  });

  it("reports no change for an aborted revision, and a change for a retry", () => {
    const aborted = outputs({ phase: "Aborted", step: -1, stepWeight: 0 }, { blue: 100, green: 0 });
    expect(diffRollout(aborted, state()).changes).toBe(false);
    expect(diffRollout(aborted, state({ retry: 1 })).changes).toBe(true);
  });
});

describe("diffRollout and requests from the command line", () => {
  const waiting = outputs({ phase: "Paused", pausedBy: "promotion", step: 0, stepWeight: 10 }, { blue: 90, green: 10 });
  const ask = { id: "r1", action: "promote" as const, revision: "v2", actor: "alice", at: "2026-12-05T12:00:00Z" };

  it("reports a change for a request not applied yet, and none once applied or removed", () => {
    expect(diffRollout(waiting, state({ __intent: ask })).changes).toBe(true);
    expect(diffRollout({ ...waiting, __applied: ["r1"] }, state({ __intent: ask })).changes).toBe(false);
    expect(diffRollout({ ...waiting, __applied: ["r1"] }, state()).changes).toBe(false);
  });

  it("keeps a run whose retry a request raised above the program's: no new run, no baseline-jump refusal", () => {
    const retried = outputs(
      { retry: 1, phase: "Paused", pausedBy: "promotion", step: 0, stepWeight: 10 },
      { blue: 90, green: 10 },
    );
    expect(diffRollout(retried, state()).changes).toBe(false);
    expect(() => checkBaselineJump(state(), retried.__run, retried.__seen)).not.toThrow();
  });
});

describe("checkBaselineJump", () => {
  const run = outputs({}, {}).__run;

  it("lets a new revision start when its baseline is what is live (the groups swapped)", () => {
    const swapped = state({ revision: "v3" });
    swapped.channels = [{ ...swapped.channels[0]!, stableGroup: "green", canaryGroup: "blue" }];
    expect(() => checkBaselineJump(swapped, run, { [KEY]: { blue: 0, green: 100 } })).not.toThrow();
  });

  it("refuses a new revision whose baseline moves traffic at once, naming the fix", () => {
    expect(() => checkBaselineJump(state({ revision: "v3" }), run, { [KEY]: { blue: 0, green: 100 } })).toThrow(
      /revision v3 starts from its baseline .* group "blue" 0% → 100%, "green" 100% → 0%.*swap stableGroup and canaryGroup.*allowBaselineJump: true/,
    );
    expect(() =>
      checkBaselineJump(state({ revision: "v3", allowBaselineJump: true }), run, { [KEY]: { blue: 0, green: 100 } }),
    ).not.toThrow();
  });

  it("never refuses within a run, nor where the weights are not known", () => {
    expect(() => checkBaselineJump(state(), run, { [KEY]: { blue: 0, green: 100 } })).not.toThrow();
    expect(() =>
      checkBaselineJump(state({ revision: "v3" }), run, { [KEY]: { blue: null, green: null } }),
    ).not.toThrow();
  });
});
