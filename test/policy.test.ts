/** The policy pack's policies on hand-made stacks (the engine runs them in test/review/review.e2e.test.ts). */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { canaryMeshPolicies, POLICY_RULES } from "../src/policy";

const T = "pulumi-nodejs:dynamic/canary-mesh/";
function resource(type: string, name: string, props: Record<string, unknown>, deps: PolicyResource[] = []) {
  return {
    type: `${T}${type}`,
    name,
    urn: `urn:pulumi:s::p::${T}${type}::${name}`,
    props,
    dependencies: deps,
  } as unknown as PolicyResource;
}
const channel = (canaryHosts: string[], deps: PolicyResource[] = []) =>
  resource(
    "huawei/apig:VpcChannel",
    "orders",
    {
      memberGroups: { stable: { name: "stable", weight: 90 }, canary: { name: "canary", weight: 10 } },
      members: Object.fromEntries(
        [["stable", "10.0.0.5"], ...canaryHosts.map((h) => ["canary", h])].map(([g, h]) => [
          `${g}/${h}:80`,
          { groupName: g, host: h, port: 80, weight: 10 },
        ]),
      ),
    },
    deps,
  );
const gate = (waitFor?: object) =>
  resource("alibaba/asm:ProxyStatusLookup", "mesh", { serviceMeshId: "m", ...(waitFor ? { waitFor } : {}) });

function violations(resources: PolicyResource[], options = {}) {
  const found: string[] = [];
  for (const policy of canaryMeshPolicies(options)) {
    policy.validateStack({ resources } as unknown as StackValidationArgs, (message: string) => {
      found.push(`${policy.name}/${policy.enforcementLevel}: ${message}`);
    });
  }
  return found;
}

describe("canaryMeshPolicies", () => {
  it("holds the rules that need no previous state, with the review's default levels", () => {
    expect(canaryMeshPolicies().map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["members-emptied", "mandatory"],
      ["ungated-shift", "advisory"],
      ["rollout-step", "mandatory"],
      ["rollout-ungated", "mandatory"],
      ["rollout-duration", "advisory"],
      ["rollout-conflict", "mandatory"],
    ]);
    expect(POLICY_RULES).toEqual([
      "members-emptied",
      "ungated-shift",
      "rollout-step",
      "rollout-ungated",
      "rollout-duration",
      "rollout-conflict",
    ]);
  });

  it("a gated channel with members in every weighted group passes", () => {
    expect(violations([channel(["10.0.1.5"], [gate({ allSynced: true })])])).toEqual([]);
  });

  it("flags a weighted group without members, and a split gated by a lookup without waitFor", () => {
    expect(violations([channel([], [gate({ allSynced: true })])])).toEqual([
      "members-emptied/mandatory: orders: group canary has weight 10 but no member that can serve",
    ]);
    expect(violations([channel(["10.0.1.5"], [gate()])])).toEqual([
      "ungated-shift/advisory: orders: traffic is split (canary 10%, stable 90%) but the channel does not depend on a gate lookup with waitFor (ProxyStatusLookup, MeshUpgradeLookup): add it to dependsOn",
    ]);
  });

  it("levels and exemptions as options", () => {
    const off = {
      "rollout-step": "off",
      "rollout-ungated": "off",
      "rollout-duration": "off",
      "rollout-conflict": "off",
    } as const;
    expect(canaryMeshPolicies({ severity: { ...off, "ungated-shift": "off" } }).map((p) => p.name)).toEqual([
      "members-emptied",
    ]);
    expect(violations([channel([])], { exempt: { orders: ["*"] } })).toEqual([]);
    expect(violations([channel(["10.0.1.5"])], { severity: { "ungated-shift": "mandatory" } })[0]).toMatch(
      /^ungated-shift\/mandatory: /,
    );
  });

  describe("CanaryRollout", () => {
    const rollout = (props: Record<string, unknown>, deps: PolicyResource[] = []) =>
      resource(
        "rollout:CanaryRollout",
        "release",
        {
          revision: "v2",
          channels: [{ instanceId: "gw", vpcChannelId: "a".repeat(32), stableGroup: "stable", canaryGroup: "canary" }],
          steps: [{ weight: 10, pause: { seconds: 300 } }, { weight: 50 }, { weight: 100 }],
          gates: { healthyMembers: true },
          ...props,
        },
        deps,
      );

    it("a gated plan in steps of at most 50 points, on groups no channel weighs, passes", () => {
      expect(violations([rollout({})])).toEqual([]);
      expect(violations([rollout({})], { limits: { "rollout-step": { maxPoints: 30 } } })).toEqual([
        "rollout-step/mandatory: release: the plan moves the canary's share more than 30 points in one step: 10% → 50% (step 1, +40), 50% → 100% (step 2, +50); add steps in between, or let the step before wait for approval (untilPromoted, not approved in advance by promote)",
      ]);
    });

    it("flags the declared steps' jumps, a plan with no health or metric gate, and a channel weighing its groups", () => {
      const weighed = channel(["10.0.1.5"], [gate({ allSynced: true })]);
      const found = violations([weighed, rollout({ steps: [{ weight: 100 }], gates: {} }, [weighed])]);
      expect(found).toEqual([
        "rollout-step/mandatory: release: the plan moves the canary's share more than 50 points in one step: 0% → 100% (step 0, +100); add steps in between, or let the step before wait for approval (untilPromoted, not approved in advance by promote)",
        "rollout-ungated/mandatory: release: no health or metric gate: nothing judges the canary itself before it gets more traffic; add gates.healthyMembers or a gates.prometheus metric (a dry-run metric does not count)",
        'rollout-conflict/mandatory: release: VpcChannel orders sets group "stable" weight 90 on channel ' +
          "a".repeat(32) +
          ", a weight the rollout owns: the two would undo each other on every pulumi up; remove that weight from the program",
        'rollout-conflict/mandatory: release: VpcChannel orders sets group "canary" weight 10 on channel ' +
          "a".repeat(32) +
          ", a weight the rollout owns: the two would undo each other on every pulumi up; remove that weight from the program",
      ]);
    });
  });
});
