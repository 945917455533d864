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
    ]);
    expect(POLICY_RULES).toEqual(["members-emptied", "ungated-shift"]);
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
    expect(canaryMeshPolicies({ severity: { "ungated-shift": "off" } }).map((p) => p.name)).toEqual([
      "members-emptied",
    ]);
    expect(violations([channel([])], { exempt: { orders: ["*"] } })).toEqual([]);
    expect(violations([channel(["10.0.1.5"])], { severity: { "ungated-shift": "mandatory" } })[0]).toMatch(
      /^ungated-shift\/mandatory: /,
    );
  });
});
