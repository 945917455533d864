import {
  channelFromWire,
  diffChannel,
  memberKey,
  normalizeChannel,
  refreshedInputs,
  toOutputs,
  toWireBody,
  UNKNOWN,
  validateChannel,
  ChannelState,
  managedBlocks,
} from "../../src/vpcChannel/plan";
import { VpcChannelWireSchema } from "../../src/clouds/huawei/apig";
import DOCUMENTED from "../emulator/fixtures/documented-examples.json";

const PROJECT = "0123456789abcdef0123456789abcdef";
const resolved = { projectId: PROJECT, region: "cn-north-4" };

function desired(raw: Record<string, unknown>): ChannelState {
  const { input, failures } = validateChannel(raw);
  expect(failures).toEqual([]);
  return normalizeChannel(input!, resolved);
}

const base = {
  instanceId: "gw-1",
  name: "orders-backend",
  port: 8080,
  balanceStrategy: "roundRobin",
  memberType: "ip",
  memberGroups: [
    { name: "stable", weight: 90 },
    { name: "canary", weight: 10 },
  ],
  members: [
    { host: "10.0.0.5", weight: 10, groupName: "stable" },
    { host: "10.0.0.6", port: 9090, weight: 5, groupName: "canary" },
  ],
  healthCheck: {
    protocol: "http",
    path: "/healthz",
    thresholdNormal: 2,
    thresholdAbnormal: 5,
    interval: 10,
    timeout: 5,
    httpCodes: "200-299",
  },
};

/** A live channel as the API would show it after applying `state`. */
function liveWire(state: ChannelState, overrides: Record<string, unknown> = {}) {
  const body = toWireBody(state);
  return VpcChannelWireSchema.parse({
    id: "a".repeat(32),
    create_time: "2026-11-25T05:00:00.123456789Z",
    status: 1,
    type: 2,
    dict_code: "",
    ...body,
    member_groups: (body.member_groups ?? []).map((g, i) => ({
      ...g,
      member_group_id: `g${i}`,
      create_time: "t",
      update_time: "t",
    })),
    members: (body.members ?? []).map((m, i) => ({
      ...m,
      id: `m${i}`,
      ecs_id: m.host,
      ecs_name: m.host,
      member_group_name: m.member_group_name ?? "",
      member_group_id: "",
      health_status: "healthy",
      vpc_channel_id: "a".repeat(32),
      create_time: "t",
    })),
    vpc_health_config: body.vpc_health_config
      ? {
          ...body.vpc_health_config,
          protocol: String(body.vpc_health_config.protocol).toLowerCase(),
          id: "hc",
          vpc_channel_id: "x",
          create_time: "t",
        }
      : undefined,
    ...overrides,
  });
}

function outputsFor(state: ChannelState, overrides: Record<string, unknown> = {}) {
  return toOutputs(channelFromWire(liveWire(state, overrides), state), state, managedBlocks(state));
}

describe("normalisation", () => {
  it("keys members by group/host:port and groups by name, defaults filled in", () => {
    const s = desired(base);
    expect(Object.keys(s.members!)).toEqual(["canary/10.0.0.6:9090", "stable/10.0.0.5:8080"]);
    expect(Object.keys(s.memberGroups!)).toEqual(["canary", "stable"]);
    expect(s.members!["stable/10.0.0.5:8080"]).toEqual({
      host: "10.0.0.5",
      port: 8080,
      weight: 10,
      isBackup: false,
      status: "available",
      groupName: "stable",
    });
    expect(s.healthCheck).toMatchObject({
      protocol: "HTTP",
      method: "GET",
      port: 8080,
      enableClientSsl: false,
      status: "enabled",
    });
    expect(s.balanceStrategy).toBe("roundRobin");
  });

  it("makes reordering code no change", () => {
    const reordered = { ...base, members: [...base.members].reverse(), memberGroups: [...base.memberGroups].reverse() };
    expect(JSON.stringify(desired(reordered))).toBe(JSON.stringify(desired(base)));
  });

  it("accepts API codes for the balance strategy and the legacy type", () => {
    const s = desired({ ...base, balanceStrategy: 2, type: 2 });
    expect(s.balanceStrategy).toBe("leastConnections");
    expect(s.channelType).toBe("builtin");
  });

  it("formats identity keys without group for ungrouped members and uses ecsId for ecs members", () => {
    expect(memberKey({ host: "h", port: 1 })).toBe("h:1");
    expect(memberKey({ ecsId: "ecs-1", host: "10.0.0.1", port: 80, groupName: "g" })).toBe("g/ecs-1:80");
  });
});

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

describe("wire conversion", () => {
  it("drops the host echoed as ecs_id/ecs_name for ip members and upper-cases the protocol", () => {
    const s = desired(base);
    const live = channelFromWire(liveWire(s), s);
    expect(live.members!["stable/10.0.0.5:8080"]).not.toHaveProperty("ecsId");
    expect(live.healthCheck!.protocol).toBe("HTTP");
    expect(live.status).toBe("normal");
  });

  it("round-trips the documented UpdateVpcChannel example body", () => {
    const documented = DOCUMENTED.updateRequest1;
    const state = channelFromWire(VpcChannelWireSchema.parse({ id: "x", ...documented }), {
      instanceId: "i",
      ...resolved,
    });
    const body = toWireBody({ ...state, members: state.members, memberGroups: state.memberGroups });
    expect(body.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ host: "192.168.0.5", weight: 1, member_group_name: "test", port: 22 }),
      ]),
    );
    expect(body.vpc_health_config).toMatchObject({ protocol: "HTTP", time_interval: 10, http_code: "200", port: 22 });
    expect(body.balance_strategy).toBe(2);
  });

  it("keeps unmanaged blocks from the live channel in a PUT body", () => {
    const s = desired(base);
    const live = channelFromWire(liveWire(s), s);
    const { members: _m, ...withoutMembers } = s;
    const body = toWireBody(withoutMembers, live);
    expect(body.members).toHaveLength(2);
    expect(toWireBody({ ...s, members: {} }, live).members).toEqual([]);
  });
});

describe("refreshed inputs", () => {
  it("match the live channel on managed blocks only, without computed fields", () => {
    const { healthCheck: _h, ...rest } = base;
    const s = desired(rest);
    const outs = outputsFor(desired(base));
    outs.__managed = managedBlocks(s);
    const inputs = refreshedInputs(outs);
    expect(inputs).not.toHaveProperty("healthCheck");
    expect(inputs).not.toHaveProperty("status");
    expect(inputs.members!["stable/10.0.0.5:8080"]).not.toHaveProperty("id");
    expect(inputs.members!["stable/10.0.0.5:8080"]).not.toHaveProperty("healthStatus");
    expect(diffChannel(outs, inputs).changes).toBe(false);
  });
});
