/** VpcChannelMembers provider methods against the emulator: only its own members, only through the member APIs. */
import { vpcChannelMembersProvider as provider } from "../../src/vpcChannel/membersProvider";
import { MembersOutputs, MembersState } from "../../src/vpcChannel/members";
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { ChannelState } from "../../src/vpcChannel/state";
import { ConflictError } from "../../src/core/errors";
import { adminCall, channelsPath, huawei, requestLog, useEmulatorEnv } from "../support/emulator";
import { channelArgs, huaweiEmulatorEnv } from "../support/fixtures";

const emulator = useEmulatorEnv(huaweiEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);
const INSTANCE = "gw-shared";
const raw = (method: string, suffix: string, body?: unknown) =>
  huawei(emulator.url(), method, `${channelsPath(INSTANCE)}${suffix}`, { body });
const actions = async (writesOnly = true) =>
  (await requestLog(emulator.url())).filter((c) => !writesOnly || c.method !== "GET").map((c) => c.action);

async function checkedChannel(args: Record<string, unknown>): Promise<ChannelState> {
  const result = await vpcChannelProvider.check({}, args);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as unknown as ChannelState;
}

async function checked(args: Record<string, unknown>): Promise<MembersState> {
  const result = await provider.check({}, args);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as unknown as MembersState;
}

/** The platform's channel: groups and health check, members not managed. */
async function platformChannel(): Promise<string> {
  const { members: _m, ...platform } = channelArgs({ instanceId: INSTANCE });
  const { id } = await vpcChannelProvider.create(await checkedChannel(platform));
  return id;
}

const canary = (vpcChannelId: string, members: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
  checked({ instanceId: INSTANCE, vpcChannelId, members, ...extra });

async function liveHosts(id: string): Promise<string[]> {
  const shown = await raw("GET", `/${id}`);
  return (shown.body.members as Array<{ host: string }>).map((m) => m.host).sort();
}

beforeEach(async () => {
  await admin("POST", "/reset");
});

describe("VpcChannelMembers provider", () => {
  it("adds its members with one upsert, and a no-op diff follows", async () => {
    const channel = await platformChannel();
    await admin("DELETE", "/requests");
    const inputs = await canary(channel, [
      { host: "10.5.0.1", port: 8080, groupName: "canary", weight: 5 },
      { host: "10.5.0.2", port: 8080, groupName: "canary", status: "unavailable" },
    ]);
    const { id, outs } = await provider.create(inputs);
    expect(id).toMatch(new RegExp(`^${channel}/members-[0-9a-f]{8}$`));
    expect(await actions(false)).toEqual(["ShowVpcChannel", "AddBackendInstances"]);
    const o = outs as MembersOutputs;
    // Built from the answers, no read-back: exactly what a read now returns.
    expect((await provider.read(id, o)).props).toEqual(o);
    expect(Object.keys(o.members)).toEqual(["canary/10.5.0.1:8080", "canary/10.5.0.2:8080"]);
    expect(o.members["canary/10.5.0.2:8080"]).toMatchObject({ status: "unavailable" });
    expect(await provider.diff(id, o, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("refuses a member that exists and is not its own, before any write; adopt: true takes it over", async () => {
    const channel = await platformChannel();
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.5.0.9", port: 8080, member_group_name: "canary" }],
    });
    await admin("DELETE", "/requests");
    const claim = [{ host: "10.5.0.9", port: 8080, groupName: "canary", weight: 7 }];
    const error = await provider.create(await canary(channel, claim)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^VpcChannelMembers in channel ${channel}: members\\["canary/10.5.0.9:8080"\\]: the channel already has this member \\(id [0-9a-f]{32}\\) and it is not this resource's: remove it from members, or set adopt: true`,
      ),
    );
    expect(await actions()).toEqual([]);
    const { outs } = await provider.create(await canary(channel, claim, { adopt: true }));
    expect((outs as MembersOutputs).members["canary/10.5.0.9:8080"]!.weight).toBe(7);
  });

  it("removing one member makes exactly one delete and touches nothing else", async () => {
    const channel = await platformChannel();
    const inputs = await canary(channel, [
      { host: "10.5.0.1", port: 8080, groupName: "canary" },
      { host: "10.5.0.2", port: 8080, groupName: "canary" },
    ]);
    const { id, outs } = await provider.create(inputs);
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.6.0.1", port: 8080, member_group_name: "stable" }],
    });
    await admin("DELETE", "/requests");
    const fewer = await canary(channel, [{ host: "10.5.0.1", port: 8080, groupName: "canary" }]);
    expect((await provider.diff(id, outs, fewer)).changes).toBe(true);
    const { outs: after } = await provider.update(id, outs, fewer);
    expect(await actions()).toEqual(["DeleteBackendInstance"]);
    expect(await liveHosts(channel)).toEqual(["10.5.0.1", "10.6.0.1"]);
    expect(Object.keys((after as MembersOutputs).members)).toEqual(["canary/10.5.0.1:8080"]);
  });

  it("changes a status alone with a batch call, and keeps console values of fields it leaves unset", async () => {
    const channel = await platformChannel();
    const inputs = await canary(channel, [{ host: "10.5.0.1", port: 8080, groupName: "canary" }]);
    const { id, outs } = await provider.create(inputs);
    // In the console: a weight this resource never set.
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.5.0.1", port: 8080, member_group_name: "canary", weight: 42 }],
    });
    await admin("DELETE", "/requests");
    const drain = await canary(channel, [{ host: "10.5.0.1", port: 8080, groupName: "canary", status: 2 }]);
    const { outs: after } = await provider.update(id, outs, drain);
    expect(await actions()).toEqual(["BatchDisableMembers"]);
    expect((after as MembersOutputs).members["canary/10.5.0.1:8080"]).toMatchObject({
      status: "unavailable",
      weight: 42,
    });
  });

  it("refresh sees only its own members and the fields it sets", async () => {
    const channel = await platformChannel();
    const inputs = await canary(channel, [{ host: "10.5.0.1", port: 8080, groupName: "canary", weight: 5 }]);
    const { id, outs } = await provider.create(inputs);
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.6.0.1", port: 8080, member_group_name: "stable" }],
    });
    const read = await provider.read(id, outs);
    expect(Object.keys(read.props!.members)).toEqual(["canary/10.5.0.1:8080"]);
    expect(read.inputs!.members["canary/10.5.0.1:8080"]).toEqual({
      host: "10.5.0.1",
      port: 8080,
      groupName: "canary",
      weight: 5,
    });
    expect((await provider.diff(id, read.props, inputs)).changes).toBe(false);
    // Drift in a field it sets is seen, and undone by the next update.
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.5.0.1", port: 8080, member_group_name: "canary", weight: 9 }],
    });
    const drifted = await provider.read(id, outs);
    expect((await provider.diff(id, drifted.props, inputs)).changes).toBe(true);
  });

  it("deleting it removes exactly its members; a channel already gone counts as deleted", async () => {
    const channel = await platformChannel();
    const { id, outs } = await provider.create(
      await canary(channel, [
        { host: "10.5.0.1", port: 8080, groupName: "canary" },
        { host: "10.5.0.2", port: 8080, groupName: "canary" },
      ]),
    );
    await raw("POST", `/${channel}/members`, {
      members: [{ host: "10.6.0.1", port: 8080, member_group_name: "stable" }],
    });
    await provider.delete(id, outs);
    expect(await liveHosts(channel)).toEqual(["10.6.0.1"]);
    await raw("DELETE", `/${channel}`);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await provider.read(id, outs)).toEqual({});
  });

  it("says what is wrong with the channel before any write", async () => {
    const channel = await platformChannel();
    await admin("DELETE", "/requests");
    const noGroup = await provider
      .create(await canary(channel, [{ host: "10.5.0.1", port: 8080, groupName: "blue" }]))
      .catch((e: unknown) => e);
    expect((noGroup as Error).message).toBe(
      `VpcChannelMembers in channel ${channel}: members["blue/10.5.0.1:8080"].groupName: the channel has no member group "blue" (it has: canary, stable); create the group first (VpcChannelMemberGroup, or the channel's memberGroups)`,
    );
    const ecs = await provider
      .create(await canary(channel, [{ ecsId: "i-1", ecsName: "vm-1", port: 8080 }]))
      .catch((e: unknown) => e);
    expect((ecs as Error).message).toMatch(/memberType ip\): set host, not ecsId$/);
    expect(await actions()).toEqual([]);
    const missing = await provider
      .create(await canary("f".repeat(32), [{ host: "10.5.0.1", port: 8080 }]))
      .catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/APIG\.3023[\s\S]*check vpcChannelId/);
  });

  it("rejects bad input naming the property and the rule", async () => {
    const result = await provider.check(
      {},
      {
        instanceId: INSTANCE,
        vpcChannelId: "orders",
        members: [
          { host: "10.5.0.1" },
          { host: "10.5.0.2", ecsId: "i-1", port: 80 },
          { host: "10.5.0.3", port: 80 },
          { host: "10.5.0.3", port: 80 },
        ],
      },
    );
    expect(result.failures).toEqual([
      { property: "vpcChannelId", reason: "vpcChannelId must be a 32-character hexadecimal channel id" },
      { property: "members[0].port", reason: "port is required" },
    ]);
    const cross = await provider.check(
      {},
      {
        instanceId: INSTANCE,
        vpcChannelId: "a".repeat(32),
        members: [
          { host: "10.5.0.2", ecsId: "i-1", port: 80 },
          { host: "10.5.0.3", port: 80 },
          { host: "10.5.0.3", port: 80 },
        ],
      },
    );
    expect(cross.failures).toEqual([
      { property: "members[0]", reason: "set exactly one of host (ip channels) and ecsId (ecs channels)" },
      { property: "members[0].ecsName", reason: "ecsName is required with ecsId" },
      { property: "members[2]", reason: "duplicates members[1] (same group, address and port)" },
    ]);
  });
});
