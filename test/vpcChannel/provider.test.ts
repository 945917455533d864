/** VpcChannel provider methods against the emulator over HTTP. */
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { ChannelOutputs, ChannelState } from "../../src/vpcChannel/state";
import { adminCall, channelsPath, huawei, requestLog, useEmulatorEnv } from "../support/emulator";
import { CloudApiError, ConflictError } from "../../src/core/errors";
import { channelArgs, huaweiEmulatorEnv, STANDARD_HEALTH_CHECK } from "../support/fixtures";

const emulator = useEmulatorEnv(huaweiEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

function calls(): Promise<Array<{ method: string; action?: string }>> {
  return requestLog(emulator.url());
}

async function channelCount(): Promise<number> {
  const text = JSON.stringify(await admin("GET", "/state"));
  return (text.match(/"balance_strategy"/g) ?? []).length;
}

async function checked(raw: Record<string, unknown>): Promise<ChannelState> {
  const result = await vpcChannelProvider.check({}, raw);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as unknown as ChannelState;
}

const base = channelArgs({ instanceId: "gw-prov", healthCheck: { ...STANDARD_HEALTH_CHECK, httpCodes: "200" } });

beforeEach(async () => {
  await admin("POST", "/reset");
});

describe("VpcChannel provider", () => {
  it("creates with POST then GET, and a no-op diff follows", async () => {
    const inputs = await checked(base);
    const { id, outs } = await vpcChannelProvider.create(inputs);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await calls()).map((c) => c.action)).toEqual(["CreateVpcChannel", "ShowVpcChannel"]);
    const o = outs as ChannelOutputs;
    expect(Object.keys(o.members!)).toEqual(["canary/10.0.1.5:8080", "stable/10.0.0.5:8080"]);
    expect(o.members!["stable/10.0.0.5:8080"]!.id).toBeTruthy();
    expect(o.memberGroups!.stable!.id).toBeTruthy();
    expect(o.healthCheck!.id).toBeTruthy();
    expect(await vpcChannelProvider.diff(id, o, inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates group weights and the health check through their own APIs, never the channel PUT", async () => {
    const inputs = await checked(base);
    const { id, outs } = await vpcChannelProvider.create(inputs);
    const news = await checked({
      ...base,
      memberGroups: [
        { name: "stable", weight: 70 },
        { name: "canary", weight: 30 },
      ],
      healthCheck: { ...base.healthCheck, interval: 20 },
    });
    const d = await vpcChannelProvider.diff(id, outs as ChannelOutputs, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    await admin("DELETE", "/requests");
    const { outs: updated } = await vpcChannelProvider.update(id, outs as ChannelOutputs, news);
    expect((await calls()).map((c) => c.action)).toEqual(["ShowVpcChannel", "CreateMemberGroup", "UpdateHealthCheck"]);
    const u = updated as ChannelOutputs;
    expect(u.memberGroups!.canary!.weight).toBe(30);
    expect(u.healthCheck!.interval).toBe(20);
    // Built from the answers, no read-back: exactly what a read now returns.
    expect((await vpcChannelProvider.read(id, u)).props).toEqual(u);
    expect((await vpcChannelProvider.diff(id, u, news)).changes).toBe(false);
  });

  it("asks for replacement on a channel type change, deleting first when the name stays", async () => {
    const inputs = await checked(base);
    const { id, outs } = await vpcChannelProvider.create(inputs);
    const news = await checked({
      ...base,
      memberGroups: [{ name: "stable" }],
      members: [],
      channelType: "microservice",
      microservice: {
        serviceType: "CCE",
        cce: { clusterId: "c1", namespace: "default", workloadType: "deployment", appName: "orders" },
      },
    });
    expect(await vpcChannelProvider.diff(id, outs as ChannelOutputs, news)).toEqual({
      changes: true,
      replaces: ["channelType"],
      deleteBeforeReplace: true,
    });
  });

  it("preserves blocks it does not manage on update", async () => {
    const full = await checked(base);
    const { id } = await vpcChannelProvider.create(full);
    const { members: _m, healthCheck: _h, ...partial } = base;
    const news = await checked({ ...partial, balanceStrategy: "leastConnections" });
    const { outs } = await vpcChannelProvider.update(id, {} as ChannelOutputs, news);
    const o = outs as ChannelOutputs;
    expect(Object.keys(o.members!)).toHaveLength(2);
    expect(o.healthCheck?.path).toBe("/healthz");
    expect(o.balanceStrategy).toBe("leastConnections");
    expect(o.__managed).toEqual(["memberGroups"]);
  });

  it("clears members with an explicit empty list", async () => {
    const { id, outs } = await vpcChannelProvider.create(await checked(base));
    const { outs: after } = await vpcChannelProvider.update(
      id,
      outs as ChannelOutputs,
      await checked({ ...base, members: [] }),
    );
    expect((after as ChannelOutputs).members).toEqual({});
  });

  it("detects an out-of-band edit through read + diff, and reports none without one", async () => {
    const inputs = await checked(base);
    const { id, outs } = await vpcChannelProvider.create(inputs);
    const clean = await vpcChannelProvider.read!(id, outs as ChannelOutputs);
    expect((await vpcChannelProvider.diff(id, clean.props as ChannelOutputs, inputs)).changes).toBe(false);
    const memberId = (outs as ChannelOutputs).members!["stable/10.0.0.5:8080"]!.id;
    await admin("POST", `/huawei/apig/vpc-channels/${id}/console-edit`, {
      members: [
        { host: "10.0.0.5", port: 8080, weight: 55, member_group_name: "stable" },
        { host: "10.0.1.5", port: 8080, weight: 10, member_group_name: "canary" },
      ],
    });
    const drifted = await vpcChannelProvider.read!(id, outs as ChannelOutputs);
    const d = await vpcChannelProvider.diff(id, drifted.props as ChannelOutputs, inputs);
    expect(d.changes).toBe(true);
    expect((drifted.props as ChannelOutputs).members!["stable/10.0.0.5:8080"]!.weight).toBe(55);
    expect((drifted.inputs as unknown as ChannelState).members!["stable/10.0.0.5:8080"]).not.toHaveProperty("id");
    void memberId;
  });

  it("does not report server defaults as drift", async () => {
    const inputs = await checked({
      ...base,
      members: [{ host: "10.0.0.5", groupName: "stable" }],
      healthCheck: { protocol: "TCP", thresholdNormal: 2, thresholdAbnormal: 2, interval: 5, timeout: 3 },
    });
    const { id, outs } = await vpcChannelProvider.create(inputs);
    const read = await vpcChannelProvider.read!(id, outs as ChannelOutputs);
    expect((await vpcChannelProvider.diff(id, read.props as ChannelOutputs, inputs)).changes).toBe(false);
  });

  it("deletes, and counts a channel already gone as deleted", async () => {
    const { id, outs } = await vpcChannelProvider.create(await checked(base));
    await vpcChannelProvider.delete!(id, outs as ChannelOutputs);
    expect(await channelCount()).toBe(0);
    await expect(vpcChannelProvider.delete!(id, outs as ChannelOutputs)).resolves.toBeUndefined();
    expect(await vpcChannelProvider.read!(id, outs as ChannelOutputs)).toEqual({});
  });

  it("refuses to delete a channel used by APIs, saying what to do", async () => {
    const { id, outs } = await vpcChannelProvider.create(await checked(base));
    await admin("PUT", `/huawei/apig/vpc-channels/${id}/in-use`, { apis: 2 });
    const err = await vpcChannelProvider.delete!(id, outs as ChannelOutputs).catch((e) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err.code).toBe("APIG.3414");
    expect(err.message).toMatch(/detach those APIs/);
  });

  it("fails a duplicate name with a hint, and adopts it with adopt: true", async () => {
    await vpcChannelProvider.create(await checked({ ...base, members: [{ host: "10.9.9.9", groupName: "stable" }] }));
    const dup = await vpcChannelProvider.create(await checked(base)).catch((e) => e);
    expect(dup.code).toBe("APIG.3208");
    expect(dup.message).toMatch(/adopt: true/);
    const adopted = await vpcChannelProvider.create(await checked({ ...base, adopt: true }));
    expect(await channelCount()).toBe(1);
    expect(Object.keys((adopted.outs as ChannelOutputs).members!)).toEqual([
      "canary/10.0.1.5:8080",
      "stable/10.0.0.5:8080",
    ]);
  });

  it("reconciles a create whose response was lost: exactly one channel exists", async () => {
    await admin("POST", "/faults", {
      match: { action: "CreateVpcChannel" },
      status: 504,
      count: 1,
      afterHandling: true,
    });
    const inputs = await checked(base);
    const { id } = await vpcChannelProvider.create(inputs);
    expect(await channelCount()).toBe(1);
    const actions = (await calls()).map((c) => c.action);
    expect(actions.filter((a) => a === "CreateVpcChannel")).toHaveLength(1);
    expect(actions).toContain("ListVpcChannels");
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("re-sends a create that was refused before it was handled (connection reset), still one channel", async () => {
    await admin("POST", "/faults", { match: { action: "CreateVpcChannel" }, reset: true, count: 1 });
    await vpcChannelProvider.create(await checked(base));
    expect(await channelCount()).toBe(1);
    expect((await calls()).filter((c) => c.action === "CreateVpcChannel").length).toBeGreaterThanOrEqual(1);
  });
});

describe("VpcChannel on a shared channel", () => {
  const path = channelsPath("gw-prov");
  const raw = (method: string, suffix: string, body?: unknown) =>
    huawei(emulator.url(), method, `${path}${suffix}`, { body });
  const writes = async () => (await calls()).filter((c) => c.method !== "GET").map((c) => c.action);

  it("keeps console values of fields it leaves unset through an unrelated update", async () => {
    const { id, outs } = await vpcChannelProvider.create(await checked(base));
    const stable = (outs as ChannelOutputs).members!["stable/10.0.0.5:8080"]!;
    // In the console: the member becomes a disabled backup, the group gets a remark, the check uses HEAD.
    expect(
      (
        await raw("POST", `/${id}/members`, {
          members: [
            { host: stable.host, port: 8080, weight: 10, member_group_name: "stable", is_backup: true, status: 2 },
          ],
        })
      ).status,
    ).toBe(201);
    const groups = (await raw("GET", `/${id}/member-groups`)).body.member_groups as Array<Record<string, unknown>>;
    const group = groups.find((g) => g.member_group_name === "stable")!;
    await raw("PUT", `/${id}/member-groups/${group.member_group_id}`, {
      member_group_name: "stable",
      member_group_weight: 90,
      member_group_remark: "pinned by ops",
    });
    await raw("PUT", `/${id}/health-config`, { ...wireHealth(base.healthCheck), method: "HEAD" });

    await admin("DELETE", "/requests");
    const news = await checked({ ...base, healthCheck: { ...base.healthCheck, interval: 20 } });
    const { outs: after } = await vpcChannelProvider.update(id, outs as ChannelOutputs, news);
    expect(await writes()).toEqual(["UpdateHealthCheck"]);
    const o = after as ChannelOutputs;
    expect(o.healthCheck).toMatchObject({ interval: 20, method: "HEAD" });
    expect(o.members!["stable/10.0.0.5:8080"]).toMatchObject({ isBackup: true, status: "unavailable", weight: 10 });
    expect(o.memberGroups!.stable).toMatchObject({ remark: "pinned by ops", weight: 90 });
    expect((await vpcChannelProvider.diff(id, o, news)).changes).toBe(false);

    // A PUT (the channel's own fields) carries them too.
    const put = await checked({
      ...base,
      healthCheck: { ...base.healthCheck, interval: 20 },
      balanceStrategy: "sourceHash",
    });
    const { outs: afterPut } = await vpcChannelProvider.update(id, o, put);
    expect((afterPut as ChannelOutputs).members!["stable/10.0.0.5:8080"]).toMatchObject({
      isBackup: true,
      status: "unavailable",
    });
    expect((afterPut as ChannelOutputs).memberGroups!.stable!.remark).toBe("pinned by ops");
    expect((afterPut as ChannelOutputs).healthCheck!.method).toBe("HEAD");
  });

  it("leaves members it does not manage alone, with or without the channel PUT", async () => {
    const { members: _m, ...platform } = base;
    const { id, outs } = await vpcChannelProvider.create(await checked(platform));
    await raw("POST", `/${id}/members`, { members: [{ host: "10.9.0.1", port: 8080, member_group_name: "canary" }] });
    await admin("DELETE", "/requests");
    const weights = await checked({
      ...platform,
      memberGroups: [
        { name: "stable", weight: 50 },
        { name: "canary", weight: 50 },
      ],
    });
    const { outs: a } = await vpcChannelProvider.update(id, outs as ChannelOutputs, weights);
    expect(await writes()).toEqual(["CreateMemberGroup"]);
    expect(Object.keys((a as ChannelOutputs).members!)).toEqual(["canary/10.9.0.1:8080"]);
    const renamed = await checked({
      ...platform,
      memberGroups: weights.memberGroups ? Object.values(weights.memberGroups) : [],
      port: 8443,
    });
    const { outs: b } = await vpcChannelProvider.update(id, a as ChannelOutputs, renamed);
    expect(Object.keys((b as ChannelOutputs).members!)).toEqual(["canary/10.9.0.1:8080"]);
  });

  it("refuses to remove a group that still has members it does not manage, before any write", async () => {
    const { members: _m, ...platform } = base;
    const { id, outs } = await vpcChannelProvider.create(await checked(platform));
    await raw("POST", `/${id}/members`, { members: [{ host: "10.9.0.1", port: 8080, member_group_name: "canary" }] });
    await admin("DELETE", "/requests");
    const news = await checked({ ...platform, memberGroups: [{ name: "stable", weight: 100 }] });
    const error = await vpcChannelProvider.update(id, outs as ChannelOutputs, news).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      'VpcChannel orders-backend: memberGroups["canary"]: the group still has 1 member(s) (10.9.0.1) this resource does not manage (another stack\'s, or added in the console), and removing the group would drop them. Move or remove those members first, or keep the group in memberGroups',
    );
    expect(await writes()).toEqual([]);
  });

  it("changes members through the member APIs: one upsert, a batch for status, a delete per removed member", async () => {
    const { id, outs } = await vpcChannelProvider.create(await checked(base));
    await admin("DELETE", "/requests");
    const news = await checked({
      ...base,
      members: [
        { host: "10.0.0.5", weight: 10, groupName: "stable", status: "unavailable" },
        { host: "10.0.1.6", weight: 10, groupName: "canary" },
      ],
    });
    const { outs: after } = await vpcChannelProvider.update(id, outs as ChannelOutputs, news);
    expect(await writes()).toEqual(["AddBackendInstances", "BatchDisableMembers", "DeleteBackendInstance"]);
    expect(Object.keys((after as ChannelOutputs).members!)).toEqual(["canary/10.0.1.6:8080", "stable/10.0.0.5:8080"]);
    expect((await vpcChannelProvider.diff(id, after as ChannelOutputs, news)).changes).toBe(false);
  });
});

/** The standard health check as the API body. */
function wireHealth(hc: typeof STANDARD_HEALTH_CHECK): Record<string, unknown> {
  return {
    protocol: hc.protocol,
    path: hc.path,
    threshold_normal: hc.thresholdNormal,
    threshold_abnormal: hc.thresholdAbnormal,
    time_interval: hc.interval,
    timeout: hc.timeout,
    http_code: hc.httpCodes,
  };
}
