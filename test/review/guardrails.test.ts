/** The rules on hand-made channel changes: each one firing, staying quiet, severities, exemptions. */
import { ChannelChange, defaultRulesConfig, evaluate, RulesConfig } from "../../src/review/guardrails";
import { ChannelView, desiredView } from "../../src/review/traffic";

function channel(canary: number, canaryHosts = ["c1"], health = true): ChannelView {
  return desiredView(
    {
      memberGroups: { stable: { name: "stable", weight: 100 - canary }, canary: { name: "canary", weight: canary } },
      members: Object.fromEntries(
        [...["s1"].map((h) => ["stable", h]), ...canaryHosts.map((h) => ["canary", h])].map(([g, h]) => [
          `${g}/${h}:80`,
          { groupName: g, host: h, port: 80, weight: 10 },
        ]),
      ),
      ...(health ? { healthCheck: { protocol: "HTTP", path: "/healthz" } } : {}),
    },
    undefined,
  );
}

const gate = { name: "mesh", type: "ProxyStatusLookup" as const, inPlan: true, waitsFor: "all proxies synced" };

function change(overrides: Partial<ChannelChange>): ChannelChange {
  return {
    resource: "orders",
    urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannel::orders",
    op: "update",
    replaceReasons: [],
    before: channel(10),
    after: channel(30),
    gates: [gate],
    healthManaged: { before: true, after: true },
    ...overrides,
  };
}

const rules = (c: ChannelChange, config?: RulesConfig) => evaluate(c, config).map((f) => `${f.rule}:${f.severity}`);

describe("rules", () => {
  it("a gated shift within the step limit is clean", () => {
    expect(evaluate(change({}))).toEqual([]);
  });

  it("weight-step fires above maxPoints (both moves in one finding) and not at it", () => {
    const [finding] = evaluate(change({ after: channel(60) }));
    expect(finding).toEqual({
      rule: "weight-step",
      severity: "mandatory",
      resource: "orders",
      message:
        "orders: traffic moves more than 25 points in one change: canary 10% → 60% (+50), stable 90% → 40% (-50); shift in smaller steps",
    });
    expect(evaluate(change({ after: channel(35) }))).toEqual([]);
    const config = defaultRulesConfig();
    config.rules["weight-step"].maxPoints = 10;
    expect(rules(change({}), config)).toEqual(["weight-step:mandatory"]);
  });

  it("members-emptied: a group with traffic, or the whole channel, left without a member that can serve", () => {
    expect(evaluate(change({ after: channel(10, []) }))[0]!.message).toBe(
      "orders: group canary carries 10% of traffic and is left without a member that can serve (it had 1)",
    );
    const none = desiredView({ memberGroups: {}, members: {} }, undefined);
    expect(evaluate(change({ after: none }))[0]!.message).toBe(
      "orders: the channel is left without a member that can serve (it had 2)",
    );
    // A group already at 0 % may be emptied: that is how a canary is drained.
    expect(rules(change({ before: channel(0), after: channel(0, []) }))).toEqual([]);
  });

  it("health-check-removed: a replacement without one; an update that stops managing it", () => {
    expect(rules(change({ op: "replace", after: channel(10, ["c1"], false) }))).toEqual([
      "health-check-removed:mandatory",
      "channel-replaced:mandatory",
    ]);
    expect(rules(change({ after: channel(10), healthManaged: { before: true, after: false } }))).toEqual([
      "health-check-removed:mandatory",
    ]);
    expect(rules(change({ after: channel(10) }))).toEqual([]);
  });

  it("channel-replaced names the reasons; a delete fires too; a create does not", () => {
    expect(evaluate(change({ op: "replace", replaceReasons: ["instanceId"], after: channel(10) }))[0]!.message).toBe(
      "orders: the channel is replaced (instanceId changed): the APIs bound to it lose their backend until they are bound to the new channel",
    );
    expect(rules(change({ op: "delete", after: undefined }))).toEqual(["channel-replaced:mandatory"]);
    expect(rules(change({ op: "create", before: undefined }))).toEqual([]);
  });

  it("ungated-shift: no gate, or a gate without waitFor; a gate outside the plan counts as a gate", () => {
    expect(rules(change({ gates: [] }))).toEqual(["ungated-shift:advisory"]);
    expect(rules(change({ gates: [{ ...gate, waitsFor: undefined }] }))).toEqual(["ungated-shift:advisory"]);
    expect(rules(change({ gates: [{ name: "mesh", type: "ProxyStatusLookup", inPlan: false }] }))).toEqual([]);
    expect(rules(change({ gates: [], after: channel(10) }))).toEqual([]);
  });

  it("severities can be changed or turned off; exemptions by name or URN, one rule or all", () => {
    const config = defaultRulesConfig();
    config.rules["ungated-shift"].severity = "mandatory";
    expect(rules(change({ gates: [] }), config)).toEqual(["ungated-shift:mandatory"]);
    config.rules["ungated-shift"].severity = "off";
    expect(rules(change({ gates: [] }), config)).toEqual([]);
    const exempt = { ...defaultRulesConfig(), exempt: { orders: ["weight-step"] } };
    expect(rules(change({ after: channel(60), gates: [] }), exempt)).toEqual(["ungated-shift:advisory"]);
    const all = { ...defaultRulesConfig(), exempt: { [change({}).urn]: ["*"] } };
    expect(rules(change({ after: channel(60), gates: [] }), all)).toEqual([]);
  });

  it("proposed state (the policy pack): only the rules that need no previous state", () => {
    const proposed = (after: ChannelView, gates = [gate]) =>
      rules(change({ op: "proposed", before: undefined, after, gates }));
    expect(proposed(channel(10, []))).toEqual(["members-emptied:mandatory"]);
    expect(proposed(channel(10), [])).toEqual(["ungated-shift:advisory"]);
    expect(proposed(channel(0), [])).toEqual([]);
    expect(proposed(channel(60))).toEqual([]);
  });
});
