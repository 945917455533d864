/** VpcChannelMemberGroup provider methods against the emulator: one group, through the member-group APIs. */
import { vpcChannelMemberGroupProvider as provider } from "../../src/vpcChannel/memberGroupProvider";
import { MemberGroupOutputs, MemberGroupState } from "../../src/vpcChannel/memberGroup";
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { ChannelState } from "../../src/vpcChannel/state";
import { ConflictError } from "../../src/core/errors";
import { adminCall, channelsPath, huawei, requestLog, useEmulatorEnv } from "../support/emulator";
import { huaweiEmulatorEnv } from "../support/fixtures";

const emulator = useEmulatorEnv(huaweiEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);
const INSTANCE = "gw-groups";
const raw = (method: string, suffix: string, body?: unknown) =>
  huawei(emulator.url(), method, `${channelsPath(INSTANCE)}${suffix}`, { body });
const writes = async () => (await requestLog(emulator.url())).filter((c) => c.method !== "GET").map((c) => c.action);

async function channel(): Promise<string> {
  const result = await vpcChannelProvider.check(
    {},
    { instanceId: INSTANCE, name: "orders-backend", port: 8080, memberType: "ip" },
  );
  return (await vpcChannelProvider.create(result.inputs as unknown as ChannelState)).id;
}

async function checked(args: Record<string, unknown>): Promise<MemberGroupState> {
  const result = await provider.check({}, args);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as unknown as MemberGroupState;
}

const group = (vpcChannelId: string, extra: Record<string, unknown> = {}) =>
  checked({ instanceId: INSTANCE, vpcChannelId, name: "canary", weight: 10, ...extra });

beforeEach(async () => {
  await admin("POST", "/reset");
});

describe("VpcChannelMemberGroup provider", () => {
  it("creates the group (its id is the resource id) and a no-op diff follows", async () => {
    const vpc = await channel();
    await admin("DELETE", "/requests");
    const inputs = await group(vpc, { remark: "service canary" });
    const { id, outs } = await provider.create(inputs);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(await writes()).toEqual(["CreateMemberGroup"]);
    expect(outs).toMatchObject({ name: "canary", weight: 10, remark: "service canary", vpcChannelId: vpc });
    expect((outs as MemberGroupOutputs).createTime).toBeTruthy();
    expect(await provider.diff(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("refuses a name the channel already has, unless adopt: true", async () => {
    const vpc = await channel();
    await raw("POST", `/${vpc}/member-groups`, {
      member_groups: [{ member_group_name: "canary", member_group_remark: "console" }],
    });
    await admin("DELETE", "/requests");
    const error = await provider.create(await group(vpc)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(
      /^VpcChannelMemberGroup canary: name: channel [0-9a-f]{32} already has a member group named "canary" \(id [0-9a-f]{32}\): set adopt: true/,
    );
    expect(await writes()).toEqual([]);
    const { outs } = await provider.create(await group(vpc, { adopt: true }));
    expect(outs).toMatchObject({ weight: 10, remark: "console" });
  });

  it("renames in place: same id, members follow, console values of unset fields stay", async () => {
    const vpc = await channel();
    const inputs = await group(vpc);
    const { id, outs } = await provider.create(inputs);
    await raw("POST", `/${vpc}/members`, { members: [{ host: "10.1.0.1", port: 8080, member_group_name: "canary" }] });
    await raw("PUT", `/${vpc}/member-groups/${id}`, {
      member_group_name: "canary",
      member_group_weight: 10,
      member_group_remark: "by ops",
    });
    const renamed = await group(vpc, { name: "canary-v2" });
    expect(await provider.diff(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await provider.update(id, outs, renamed);
    expect(after).toMatchObject({ name: "canary-v2", remark: "by ops" });
    const members = (await raw("GET", `/${vpc}`)).body.members as Array<{
      member_group_name: string;
      member_group_id: string;
    }>;
    expect(members).toEqual([expect.objectContaining({ member_group_name: "canary-v2", member_group_id: id })]);
  });

  it("an update's outputs are what the next refresh reads, and diffs see no change", async () => {
    const vpc = await channel();
    const { id, outs } = await provider.create(await group(vpc, { remark: "service canary" }));
    const news = await group(vpc, { weight: 30 });
    const { outs: updated } = await provider.update(id, outs, news);
    const read = await provider.read(id, updated);
    expect(read.props).toEqual(updated);
    expect(read.inputs).toEqual(news);
    const noChange = { changes: false, replaces: [], deleteBeforeReplace: false };
    expect(await provider.diff(id, read.props, news)).toEqual(noChange);
    expect(await provider.diff(id, read.props, read.inputs as MemberGroupState)).toEqual(noChange);
    // The engine passes stored inputs with the serialized provider in them (refresh diffs, every up).
    const stored = { ...news, __provider: "exports.handler = …" } as MemberGroupState;
    expect(await provider.diff(id, read.props, stored)).toEqual(noChange);
  });

  it("refuses to delete while the group has members, naming them and the next step", async () => {
    const vpc = await channel();
    const { id, outs } = await provider.create(await group(vpc));
    await raw("POST", `/${vpc}/members`, { members: [{ host: "10.1.0.1", port: 8080, member_group_name: "canary" }] });
    await admin("DELETE", "/requests");
    const error = await provider.delete(id, outs).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "VpcChannelMemberGroup canary: members: the group still has 1 member(s) (10.1.0.1): remove them first (from the VpcChannelMembers or VpcChannel that owns them, or in the console), then run pulumi destroy or up again",
    );
    expect(await writes()).toEqual([]);
    const member = ((await raw("GET", `/${vpc}`)).body.members as Array<{ id: string }>)[0]!.id;
    await raw("DELETE", `/${vpc}/members/${member}`);
    await provider.delete(id, outs);
    expect((await raw("GET", `/${vpc}/member-groups/${id}`)).status).toBe(404);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await provider.read(id, outs)).toEqual({});
  });

  it("refresh stores the fields it sets, as live; replaces on a new channel", async () => {
    const vpc = await channel();
    const inputs = await group(vpc);
    const { id, outs } = await provider.create(inputs);
    await raw("PUT", `/${vpc}/member-groups/${id}`, {
      member_group_name: "canary",
      member_group_weight: 30,
      member_group_remark: "x",
    });
    const read = await provider.read(id, outs);
    expect(read.inputs).toEqual({ ...inputs, weight: 30 });
    expect((await provider.diff(id, read.props, inputs)).changes).toBe(true);
    expect((await provider.diff(id, outs, { ...inputs, vpcChannelId: "b".repeat(32) })).replaces).toEqual([
      "vpcChannelId",
    ]);
  });
});
