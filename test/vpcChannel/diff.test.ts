/** VpcChannel diff, pure: what changes, what is ignored, update vs replace. */
import { UNKNOWN } from "../../src/core/unknowns";
import { diffChannel } from "../../src/vpcChannel/diff";
import { migrateStoredInputs } from "../../src/vpcChannel/state";
import { desired, outputsFor } from "../support/channel";
import { channelArgs, TWO_MEMBER_CHANNEL } from "../support/fixtures";

const base = TWO_MEMBER_CHANNEL;

describe("diff", () => {
  const s = desired(base);

  it("reports no change against the live channel it produced, server defaults included", () => {
    const outs = outputsFor(s);
    expect(diffChannel(outs, s)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
  });

  it("ignores computed fields: ids, health status, status, create time", () => {
    const outs = outputsFor(s);
    const member = outs.members!["stable/10.0.0.5:8080"]!;
    member.healthStatus = "unhealthy";
    member.id = "other";
    outs.status = "abnormal";
    outs.createTime = "later";
    expect(diffChannel(outs, s).changes).toBe(false);
  });

  it("names exactly the member whose weight changed", () => {
    const changed = desired({ ...base, members: [{ ...base.members[0]!, weight: 20 }, base.members[1]] });
    const d = diffChannel(outputsFor(s), changed);
    expect(d.changed).toEqual(['members["stable/10.0.0.5:8080"].weight']);
    expect(d.replaces).toEqual([]);
  });

  it("names exactly the member added or removed", () => {
    const added = desired({
      ...base,
      members: [...base.members, { host: "10.0.0.7", weight: 1, groupName: "canary" }],
    });
    expect(diffChannel(outputsFor(s), added).changed).toEqual(['members["canary/10.0.0.7:8080"]']);
    const removed = desired({ ...base, members: [base.members[0]] });
    expect(diffChannel(outputsFor(s), removed).changed).toEqual(['members["canary/10.0.0.6:9090"]']);
  });

  it("does not manage blocks left out, and clears with an empty list", () => {
    const { members: _m, healthCheck: _h, ...rest } = base;
    const unmanaged = desired(rest);
    expect(diffChannel(outputsFor(s), unmanaged).changes).toBe(false);
    const cleared = desired({ ...base, members: [] });
    expect(diffChannel(outputsFor(s), cleared).changed).toEqual([
      'members["canary/10.0.0.6:9090"]',
      'members["stable/10.0.0.5:8080"]',
    ]);
  });

  it("does not manage member fields left unset (server defaults are not drift)", () => {
    const noWeights = desired({ ...base, members: base.members.map(({ weight: _w, ...m }) => m) });
    expect(diffChannel(outputsFor(s), noWeights).changes).toBe(false);
  });

  it("detects an out-of-band health-check edit", () => {
    const outs = outputsFor(s, {});
    outs.healthCheck = { ...outs.healthCheck!, interval: 30 };
    expect(diffChannel(outs, s).changed).toEqual(["healthCheck.interval"]);
  });

  it("replaces on instance, project, region and channel type; delete first when the name stays", () => {
    const outs = outputsFor(s);
    for (const field of ["instanceId", "region", "projectId", "channelType"] as const) {
      const value = { instanceId: "gw-2", region: "cn-south-1", projectId: "f".repeat(32), channelType: "reference" }[
        field
      ];
      const d = diffChannel(outs, { ...s, [field]: value });
      expect(d.replaces).toEqual([field]);
      expect(d.deleteBeforeReplace).toBe(true);
    }
    const renamed = diffChannel(outs, { ...s, instanceId: "gw-2", name: "orders-v2" });
    expect(renamed.deleteBeforeReplace).toBe(false);
  });

  it("treats unknown values as changes, and as replacements on replace-forcing fields", () => {
    const outs = outputsFor(s);
    expect(diffChannel(outs, { ...s, port: UNKNOWN as unknown as number }).changed).toEqual(["port"]);
    expect(diffChannel(outs, { ...s, instanceId: UNKNOWN }).replaces).toEqual(["instanceId"]);
    expect(diffChannel(outs, { ...s, members: UNKNOWN as never }).changes).toBe(true);
  });
});

describe("diff against what the service reports", () => {
  const s = desired(base);

  it('an empty desired string matches an unset live one (a group remark of "")', () => {
    const withEmptyRemark = desired(
      channelArgs({
        memberGroups: [
          { name: "stable", weight: 90, remark: "" },
          { name: "canary", weight: 10 },
        ],
      }),
    );
    expect(diffChannel(outputsFor(withEmptyRemark), withEmptyRemark).changes).toBe(false);
  });

  it("a failing health check (result unavailable) is no drift", () => {
    const outs = outputsFor(s);
    outs.healthCheck = { ...outs.healthCheck!, result: "unavailable" };
    expect(diffChannel(outs, s).changes).toBe(false);
  });

  it("inputs stored by 0.1.0 (health-check status as a setting) compare clean once migrated", () => {
    const outs = outputsFor(s);
    const old = { ...s, healthCheck: { ...s.healthCheck!, status: "enabled" } };
    expect(diffChannel(outs, old).changed).toEqual(["healthCheck.status"]);
    expect(diffChannel(outs, migrateStoredInputs(old)).changes).toBe(false);
  });

  it("no channel type reported and none known: no replacement", () => {
    const { channelType: _c, ...outs } = outputsFor(s);
    expect(diffChannel(outs, s).replaces).toEqual([]);
  });
});
