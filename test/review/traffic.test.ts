/** Shares of traffic from group and member weights. */
import { ChannelView, desiredView, liveView, shares } from "../../src/review/traffic";

const view = (groups: Record<string, number | undefined>, members: Array<[string, string, number?, object?]>) =>
  desiredView(
    {
      memberGroups: Object.fromEntries(
        Object.entries(groups).map(([name, weight]) => [name, weight === undefined ? { name } : { name, weight }]),
      ),
      members: Object.fromEntries(
        members.map(([group, host, weight, extra]) => [
          `${group}/${host}:80`,
          { groupName: group, host, port: 80, ...(weight === undefined ? {} : { weight }), ...extra },
        ]),
      ),
    },
    undefined,
  );

describe("shares", () => {
  it("splits by group weight over the groups that have a member that can serve", () => {
    const v = view({ stable: 90, canary: 10, empty: 50 }, [
      ["stable", "a", 10],
      ["canary", "b", 10],
    ]);
    expect(shares(v).map((s) => [s.unit, s.share])).toEqual([
      ["canary", 10],
      ["empty", 0],
      ["stable", 90],
    ]);
  });

  it("disabled and backup members do not serve; a group with only those gets nothing", () => {
    const v = view({ stable: 50, canary: 50 }, [
      ["stable", "a", 10],
      ["canary", "b", 10, { status: "unavailable" }],
      ["canary", "c", 10, { isBackup: true }],
    ]);
    expect(shares(v).map((s) => [s.unit, s.share, s.activeMembers])).toEqual([
      ["canary", 0, 0],
      ["stable", 100, 1],
    ]);
  });

  it("a channel without groups splits by member weight; an unknown weight makes shares unknown", () => {
    const v = view({}, [
      ["", "a", 30],
      ["", "b", 10],
    ]);
    expect(shares(v).map((s) => [s.kind, s.unit, s.share])).toEqual([
      ["member", "a", 75],
      ["member", "b", 25],
    ]);
    const unknown = view({ stable: undefined, canary: 10 }, [
      ["stable", "a", 1],
      ["canary", "b", 1],
    ]);
    expect(shares(unknown).every((s) => s.share === undefined)).toBe(true);
  });

  it("fields the inputs leave unset keep their live value; blocks they leave out stay as live", () => {
    const outputs = {
      memberGroups: { stable: { name: "stable", weight: 80, id: "g1" }, canary: { name: "canary", weight: 20 } },
      members: {
        "stable/a:80": { groupName: "stable", host: "a", port: 80, weight: 7, status: "unavailable" },
        "canary/b:80": { groupName: "canary", host: "b", port: 80, weight: 3 },
      },
      healthCheck: { protocol: "TCP", interval: 5, result: "available", id: "h" },
    };
    const live = liveView(outputs)!;
    const after: ChannelView = desiredView(
      {
        memberGroups: { stable: { name: "stable" }, canary: { name: "canary", weight: 50 } },
        healthCheck: { interval: 9 },
      },
      live,
      outputs,
    );
    expect(after.groups).toEqual({ stable: { name: "stable", weight: 80 }, canary: { name: "canary", weight: 50 } });
    expect(Object.keys(after.members).sort()).toEqual(["canary/b:80", "stable/a:80"]);
    expect(after.members["stable/a:80"]).toMatchObject({ weight: 7, enabled: false });
    expect(after.health!.fields).toEqual({ protocol: "TCP", interval: 9, result: "available", id: "h" });
  });
});
