/**
 * The review of `CanaryRollout` steps over preview-shaped plans: the step plan and its worst case, where the live
 * rollout stands and what the next `up` does, and each rollout rule failing and passing (severity, limits and
 * exemptions from the same config as the channel rules). Engine-made previews: `rollouts.e2e.test.ts`.
 */
import { defaultRulesConfig, RulesConfig } from "../../src/review/guardrails";
import { reviewPlan } from "../../src/review/channels";
import { readPlan } from "../../src/review/preview";
import { UNKNOWN } from "../../src/core/unknowns";
import { ROLLOUT_DEFAULTS, storedRolloutChannel } from "../support/fixtures";

const STACK = "urn:pulumi:dev::shop::";
const ROLLOUT = `${STACK}pulumi-nodejs:dynamic/canary-mesh/rollout:CanaryRollout::release`;
const CHANNEL = `${STACK}pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannel::orders`;
const GROUP = `${STACK}pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannelMemberGroup::green`;
const ID = "a".repeat(32);

type Dict = Record<string, unknown>;
const channelArgs = { instanceId: "gw", vpcChannelId: ID, stableGroup: "blue", canaryGroup: "green" };
const inputs = (patch: Dict = {}): Dict => ({
  revision: "v2",
  channels: [channelArgs],
  steps: [{ weight: 10, pause: { seconds: 300 } }, { weight: 50, pause: { untilPromoted: true } }, { weight: 100 }],
  gates: { healthyMembers: true, proxyStatus: { serviceMeshId: "m1", timeoutSeconds: 60 }, intervalSeconds: 10 },
  ...patch,
});

function stored(run: Dict, patch: Dict = {}): Dict {
  return {
    ...inputs(),
    channels: [storedRolloutChannel(ID)],
    ...ROLLOUT_DEFAULTS,
    phase: run.phase,
    step: run.step,
    canaryWeight: 50,
    message: "m",
    history: [],
    gateResults: [],
    __seen: { [`gw/${ID}`]: { blue: 50, green: 50 } },
    __run: { revision: "v2", retry: 0, stepWeight: 50, since: 0, ...run },
    ...patch,
  };
}

function plan(...steps: Dict[]) {
  return readPlan(JSON.stringify({ steps }));
}
const rolloutStep = (op: string, news: Dict | undefined, olds?: Dict, dependencies?: string[]) => ({
  op,
  urn: ROLLOUT,
  ...(olds ? { oldState: { id: "rollout-1", inputs: {}, outputs: olds } } : {}),
  ...(news ? { newState: { inputs: news, ...(dependencies ? { dependencies } : {}) } } : {}),
});
const review = (p: ReturnType<typeof plan>, config?: RulesConfig) => reviewPlan(p, config ?? defaultRulesConfig());
const rules = (r: ReturnType<typeof review>) => r.findings.map((f) => `${f.rule}:${f.severity}`);

describe("the review of a CanaryRollout", () => {
  it("shows the plan of a new rollout on a channel created in the same plan, its gates and worst case", () => {
    const r = review(
      plan(
        { op: "create", urn: CHANNEL, newState: { inputs: { memberGroups: [{ name: "blue" }, { name: "green" }] } } },
        rolloutStep("create", inputs({ channels: [{ ...channelArgs, vpcChannelId: UNKNOWN }] }), undefined, [CHANNEL]),
      ),
    );
    const [rollout] = r.rollouts;
    expect(rollout).toMatchObject({
      resource: "release",
      op: "create",
      revision: "v2",
      channels: [{ channel: "orders", stableGroup: "blue", canaryGroup: "green" }],
      plan: [
        { step: -1, canary: 0, stable: 100, then: "" },
        { step: 0, canary: 10, stable: 90, then: "pause 5 min" },
        { step: 1, canary: 50, stable: 50, then: "waits for approval" },
        { step: 2, canary: 100, stable: 0, then: "completes" },
      ],
      // 3 gate budgets of 120 s (healthyMembers' default) + the 5 min pause; the approval on top.
      worstCase: { seconds: 660, approvals: 1 },
      next: "starts the rollout: sets the baseline (stable 100%, canary 0%), then steps through the plan",
    });
    expect(rollout!.gates).toEqual([
      "healthyMembers: ≥ 100% of the canary group's members healthy (APIG health check), waiting up to 2 min for unknown ones",
      "proxyStatus: every proxy of mesh m1 synced, within 1 min",
    ]);
    expect(r.findings).toEqual([]);
  });

  it("says what the next up does: a new revision from its baseline, an approval, a request, a removal", () => {
    const waiting = stored({ phase: "Paused", pausedBy: "promotion", step: 1 });
    const next = (news: Dict | undefined, op = "update") => review(plan(rolloutStep(op, news, waiting))).rollouts[0]!;
    expect(next(inputs({ revision: "v3" })).next).toBe(
      "starts revision v3 from its baseline (stable 100%, canary 0%), then steps through the plan",
    );
    expect(next(inputs({ promote: 1 })).next).toBe("passes the approval of step 1 (promote 1), then continues");
    const request = { id: "r1", action: "promote", revision: "v2", actor: "alice", reason: "green", at: "t" };
    expect(next(inputs({ __intent: request }))).toMatchObject({
      request: "canary-mesh rollout promote by alice: green",
      next: "approves step 1 past its pause, then steps on to step 2 (canary 100%)",
      live: { phase: "Paused (waiting for promotion)", step: 1, canaryWeight: 50, revision: "v2" },
    });
    const abort = { ...request, action: "abort" };
    expect(next(inputs({ __intent: abort })).next).toMatch(/^sets every channel back to its baseline/);
    // Applied already: not a request any more.
    const applied = review(
      plan(rolloutStep("update", inputs({ __intent: request }), { ...waiting, __applied: ["r1"] })),
    );
    expect(applied.rollouts[0]!.request).toBeUndefined();
    expect(next(undefined, "delete").next).toBe(
      "removes the rollout from the stack; the weights stay where they are (canary 50%)",
    );
  });

  it("marks the plans whose steps are not known yet, and judges nothing it cannot see", () => {
    const r = review(plan(rolloutStep("create", inputs({ steps: UNKNOWN, gates: UNKNOWN, channels: UNKNOWN }))));
    expect(r.rollouts[0]!.notes).toEqual([
      "The plan's steps are not known until the update.",
      "The gates are not known until the update.",
      "The channels are not known until the update.",
    ]);
    expect(r.findings).toEqual([]);
  });
});

describe("rollout rules", () => {
  const one = (news: Dict, config?: RulesConfig, ...others: Dict[]) =>
    review(plan(...others, rolloutStep("create", news)), config);

  it("rollout-step: a jump above 50 points fails, from the baseline too; maxPoints from the config", () => {
    const jumpy = inputs({ steps: [{ weight: 60 }, { weight: 100 }] });
    const r = one(jumpy);
    expect(rules(r)).toEqual(["rollout-step:mandatory"]);
    expect(r.findings[0]!.message).toBe(
      "release: the plan moves the canary's share more than 50 points in one step: 0% → 60% (step 0, +60); add steps in between, or let the step before wait for approval (untilPromoted, not approved in advance by promote)",
    );
    const config = defaultRulesConfig();
    config.rules["rollout-step"].maxPoints = 60;
    expect(rules(one(jumpy, config))).toEqual([]);
    expect(rules(one(inputs({ steps: [{ weight: 50 }, { weight: 100 }] })))).toEqual([]);
    // A larger jump right after an approval is a person's call; after a timed pause it is not.
    const approved = [
      { weight: 10, pause: { seconds: 60 } },
      { weight: 30, pause: { untilPromoted: true } },
      { weight: 100 },
    ];
    expect(rules(one(inputs({ steps: approved })))).toEqual([]);
    const timed = [{ weight: 10, pause: { seconds: 60 } }, { weight: 30, pause: { seconds: 60 } }, { weight: 100 }];
    expect(rules(one(inputs({ steps: timed })))).toEqual(["rollout-step:mandatory"]);
  });

  it("rollout-ungated: no health or metric gate fails; a dry-run metric does not count; exemptions apply", () => {
    const metric = { name: "errors", url: "http://p", query: "q", thresholdRange: { max: 1 }, intervalSeconds: 10 };
    expect(rules(one(inputs({ gates: undefined })))).toEqual(["rollout-ungated:mandatory"]);
    expect(rules(one(inputs({ gates: { proxyStatus: { serviceMeshId: "m" } } })))).toEqual([
      "rollout-ungated:mandatory",
    ]);
    expect(rules(one(inputs({ gates: { prometheus: [{ ...metric, dryRun: true }] } })))).toEqual([
      "rollout-ungated:mandatory",
    ]);
    expect(rules(one(inputs({ gates: { prometheus: [metric] } })))).toEqual([]);
    const config = defaultRulesConfig();
    config.exempt.release = ["rollout-ungated"];
    expect(rules(one(inputs({ gates: undefined }), config))).toEqual([]);
  });

  it("rollout-duration: timed pauses and gate budgets beyond maxMinutes are advisory; approvals do not count", () => {
    const long = inputs({ steps: [{ weight: 50, pause: { seconds: 3 * 3600 } }, { weight: 100 }] });
    const r = one(long);
    expect(rules(r)).toEqual(["rollout-duration:advisory"]);
    expect(r.findings[0]!.message).toBe(
      "release: the plan may take 3 h 4 min (timed pauses and gate budgets), more than 2 h; shorten pauses or take fewer steps",
    );
    const config = defaultRulesConfig();
    config.rules["rollout-duration"].maxMinutes = 200;
    expect(rules(one(long, config))).toEqual([]);
    const approvals = inputs({ steps: [{ weight: 50, pause: { untilPromoted: true } }, { weight: 100 }] });
    expect(rules(one(approvals))).toEqual([]);
  });

  it("rollout-conflict: a VpcChannel or a member group of the plan setting a rollout-owned weight fails", () => {
    const channel = (groups: Dict[]) => ({
      op: "update",
      urn: CHANNEL,
      oldState: { id: ID, outputs: {} },
      newState: { inputs: { memberGroups: groups } },
    });
    const weighted = channel([
      { name: "blue", weight: 90 },
      { name: "green", weight: 10 },
    ]);
    const r = one(inputs(), undefined, weighted);
    expect(rules(r)).toEqual(["rollout-conflict:mandatory", "rollout-conflict:mandatory"]);
    expect(r.findings[1]!.message).toBe(
      'release: VpcChannel orders sets group "green" weight 10 on channel orders, a weight the rollout owns: the two would undo each other on every pulumi up; remove that weight from the program',
    );
    expect(rules(one(inputs(), undefined, channel([{ name: "blue" }, { name: "green" }])))).toEqual([]);
    const group = {
      op: "create",
      urn: GROUP,
      newState: { inputs: { vpcChannelId: ID, name: "green", weight: 20 } },
    };
    expect(rules(one(inputs(), undefined, group))).toEqual(["rollout-conflict:mandatory"]);
    // Another channel's group of the same name is not this rollout's.
    const elsewhere = { ...group, newState: { inputs: { vpcChannelId: "b".repeat(32), name: "green", weight: 20 } } };
    expect(rules(one(inputs(), undefined, elsewhere))).toEqual([]);
  });

  it("weight-step: a rollout's own steps never are, a weight set outside the rollout and moved back far is", () => {
    const handEdited = stored(
      { phase: "Paused", pausedBy: "promotion", step: 1 },
      { __seen: { [`gw/${ID}`]: { blue: 10, green: 90 } } },
    );
    const r = review(plan(rolloutStep("update", inputs(), handEdited)));
    expect(r.rollouts[0]!.handEdits).toEqual([
      { channel: ID, group: "blue", live: 10, held: 50 },
      { channel: ID, group: "green", live: 90, held: 50 },
    ]);
    expect(rules(r)).toEqual(["weight-step:mandatory", "weight-step:mandatory"]);
    expect(r.findings[1]!.message).toBe(
      `release: group green on ${ID} was set to 90% outside the rollout, which holds 50%: the next pulumi up moves it back 40 points, more than 25`,
    );
    const small = stored(
      { phase: "Paused", pausedBy: "promotion", step: 1 },
      { __seen: { [`gw/${ID}`]: { blue: 60, green: 40 } } },
    );
    expect(rules(review(plan(rolloutStep("update", inputs(), small))))).toEqual([]);
    // A new revision stepping from 100% to its baseline is the rollout's own move: no finding.
    const live = stored({ phase: "Completed", step: 2 }, { __seen: { [`gw/${ID}`]: { blue: 0, green: 100 } } });
    const swapped = inputs({
      revision: "v3",
      channels: [{ ...channelArgs, stableGroup: "green", canaryGroup: "blue" }],
    });
    expect(rules(review(plan(rolloutStep("update", swapped, live))))).toEqual([]);
  });

  it("reads a live rollout whose gate headers the preview masks, and judges no gate it cannot see", () => {
    const masked = stored(
      { phase: "Paused", pausedBy: "promotion", step: 1 },
      { gates: { prometheus: [{ name: "errors", headers: { Authorization: "[secret]" } }], intervalSeconds: 10 } },
    );
    const r = review(plan(rolloutStep("update", inputs(), masked)));
    expect(r.rollouts[0]!.live).toMatchObject({ phase: "Paused (waiting for promotion)", step: 1 });
    const unknownMetrics = inputs({ gates: { prometheus: [UNKNOWN] } });
    expect(rules(review(plan(rolloutStep("create", unknownMetrics))))).toEqual([]);
  });

  it("rollout-step: a jump after an approval the program grants in advance is no person's call", () => {
    const steps = [{ weight: 10, pause: { untilPromoted: true } }, { weight: 100 }];
    expect(rules(review(plan(rolloutStep("create", inputs({ steps })))))).toEqual([]);
    expect(rules(review(plan(rolloutStep("create", inputs({ steps, promote: 0 })))))).toEqual([
      "rollout-step:mandatory",
    ]);
  });

  it("shows no request for another revision than the program releases", () => {
    const waiting = stored({ phase: "Paused", pausedBy: "promotion", step: 1 });
    const request = { id: "r1", action: "abort", revision: "v1", actor: "alice", at: "t" };
    const r = review(plan(rolloutStep("update", inputs({ __intent: request }), waiting)));
    expect(r.rollouts[0]!.request).toBeUndefined();
  });
});
