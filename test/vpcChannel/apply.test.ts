/** Write plans, pure: which sub-API calls make a live channel match, and when the channel PUT is needed. */
import { afterMembers, groupsStillInUse, isNoop, planChannel, planMembers } from "../../src/vpcChannel/apply";
import { LiveChannel, MemberState } from "../../src/vpcChannel/state";
import { channelFromWire } from "../../src/vpcChannel/wire";
import { desired, liveWire, PLACEMENT } from "../support/channel";
import { channelArgs, STANDARD_HEALTH_CHECK } from "../support/fixtures";

const base = channelArgs({ healthCheck: { ...STANDARD_HEALTH_CHECK, method: "GET" } });
const state = desired(base);
/** The live channel right after `state` was applied, with console values a user never set. */
function live(overrides: Record<string, unknown> = {}): LiveChannel {
  return channelFromWire(liveWire(state, overrides), { instanceId: "gw-1", ...PLACEMENT });
}

describe("planChannel", () => {
  it("plans nothing when the live channel matches", () => {
    expect(isNoop(planChannel(state, live()))).toBe(true);
  });

  it("changes a group weight with one member-group upsert carrying the group's live fields", () => {
    const want = desired({ ...base, memberGroups: [{ name: "stable", weight: 80 }, { name: "canary" }] });
    const current = live();
    current.memberGroups!.stable!.remark = "set in the console";
    const plan = planChannel(want, current);
    expect(plan.put).toBe(false);
    expect(plan.groups).toEqual({
      upsert: [{ name: "stable", weight: 80, remark: "set in the console" }],
      remove: [],
    });
    expect(plan.members.upsert).toEqual([]);
  });

  it("changes the health check through its own API, keeping fields the user leaves unset", () => {
    const { method: _m, ...unsetMethod } = { ...STANDARD_HEALTH_CHECK, method: "GET", interval: 20 };
    const want = desired({ ...base, healthCheck: unsetMethod });
    const current = live();
    current.healthCheck!.method = "HEAD";
    const plan = planChannel(want, current);
    expect(plan.put).toBe(false);
    expect(plan.health).toMatchObject({ interval: 20, method: "HEAD", port: 8080 });
    expect(plan.health).not.toHaveProperty("id");
    expect(plan.health).not.toHaveProperty("result");
  });

  it("uses the channel PUT for the channel's own fields only", () => {
    expect(planChannel(desired({ ...base, balanceStrategy: "leastConnections" }), live()).put).toBe(true);
    expect(planChannel(desired({ ...base, port: 9090 }), live()).put).toBe(true);
    expect(planChannel(desired({ ...base, members: [] }), live()).put).toBe(false);
  });

  it("leaves blocks it does not manage alone", () => {
    const { members: _m, memberGroups: _g, healthCheck: _h, ...bare } = base;
    const current = live();
    current.members!["stable/10.0.0.9:8080"] = { host: "10.0.0.9", port: 8080, groupName: "stable", id: "other" };
    expect(isNoop(planChannel(desired(bare), current))).toBe(true);
  });

  it("finds groups it would remove that still hold members it does not manage", () => {
    const { members: _m, ...groupsOnly } = base;
    const want = desired({ ...groupsOnly, memberGroups: [{ name: "stable", weight: 90 }] });
    const current = live();
    const plan = planChannel(want, current);
    expect(plan.groups.remove.map((g) => g.name)).toEqual(["canary"]);
    expect(groupsStillInUse(plan, current)).toEqual([{ name: "canary", members: ["10.0.1.5"] }]);
    // Managing members too, the plan removes the canary member first: nothing is left behind.
    const both = desired({ ...base, memberGroups: [{ name: "stable", weight: 90 }], members: [base.members[0]] });
    expect(groupsStillInUse(planChannel(both, current), current)).toEqual([]);
  });
});

describe("planMembers", () => {
  const have: Record<string, MemberState> = {
    "a:80": { host: "a", port: 80, weight: 5, isBackup: true, status: "available", id: "ma" },
    "b:80": { host: "b", port: 80, weight: 5, isBackup: false, status: "available", id: "mb" },
    "c:80": { host: "c", port: 80, weight: 5, isBackup: false, status: "available", id: "mc" },
    "x:80": { host: "x", port: 80, weight: 1, isBackup: false, status: "available", id: "mx" },
  };

  it("upserts whole members, batches status-only changes, removes only what it may", () => {
    const plan = planMembers(
      {
        "a:80": { host: "a", port: 80, weight: 9 },
        "b:80": { host: "b", port: 80, status: "unavailable" },
        "d:80": { host: "d", port: 80 },
      },
      have,
      ["a:80", "b:80", "c:80"],
    );
    expect(plan.upsert).toEqual([
      { host: "a", port: 80, weight: 9, isBackup: true, status: "available" },
      { host: "d", port: 80 },
    ]);
    expect(plan.disable).toEqual(["mb"]);
    expect(plan.enable).toEqual([]);
    expect(plan.remove.map((m) => m.id)).toEqual(["mc"]);
  });

  it("plans nothing for members that already match, whatever the console set in fields left unset", () => {
    const plan = planMembers({ "a:80": { host: "a", port: 80 } }, have, ["a:80"]);
    expect(plan).toEqual({ upsert: [], enable: [], disable: [], remove: [] });
  });
});

describe("afterMembers", () => {
  const m = (host: string, extra: Record<string, unknown> = {}) => ({
    id: `id-${host}`,
    host,
    port: 8080,
    weight: 10,
    status: 1,
    member_group_name: "canary",
    ...extra,
  });
  const wire = { id: "c", name: "orders", members: [m("a"), m("b"), m("c"), m("d")] } as never;

  it("is the read completed with the answers: upserts in place by address, status, removals, additions", () => {
    const after = afterMembers(wire, {
      upserted: [m("a", { weight: 60, id: "id-a2" }), m("e")],
      enabled: [],
      disabled: ["id-b"],
      removed: ["id-c"],
    });
    expect(after.members).toEqual([m("b", { status: 2 }), m("d"), m("a", { weight: 60, id: "id-a2" }), m("e")]);
    expect(after.name).toBe("orders");
  });

  it("matches ECS members by their ECS id, as member keys do, whatever address each side reports", () => {
    const ecs = (host: string | undefined, weight: number) => ({
      id: "id-1",
      ecs_id: "ecs-1",
      ecs_name: "vm-1",
      port: 8080,
      weight,
      member_group_name: "canary",
      ...(host ? { host } : {}),
    });
    const channel = {
      id: "c",
      name: "orders",
      member_type: "ecs",
      port: 8080,
      members: [ecs("10.0.0.9", 10)],
    } as never;
    const after = afterMembers(channel, { upserted: [ecs(undefined, 60)], enabled: [], disabled: [], removed: [] });
    expect(after.members).toEqual([ecs(undefined, 60)]);
  });
});
