/**
 * A channel shared by two stacks through the real Pulumi engine: the platform stack owns the channel (groups, health
 * check, no members), a service stack owns its canary members with `VpcChannelMembers`, and the console adds one
 * more. Each stack changes only what it owns; nothing a person set in the console is lost.
 */
import { startEmulator } from "../../src/emulator";
import { channelsPath, clearRequestLog, huawei, requestLog } from "../support/emulator";
import { emulatorStackConfig, STANDARD_HEALTH_CHECK } from "../support/fixtures";
import { E2EStack, exampleProgram, liveChannels, WRITE_METHODS } from "./harness";

jest.setTimeout(600_000);

const INSTANCE = "gw-shared";

function platformProgram(canaryWeight: number, balanceStrategy = "roundRobin"): string {
  return `
const { huawei } = require("pulumi-canary-mesh");
const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: "${INSTANCE}", name: "orders-backend", port: 8080, memberType: "ip", balanceStrategy: "${balanceStrategy}",
  memberGroups: [{ name: "stable", weight: ${100 - canaryWeight} }, { name: "canary", weight: ${canaryWeight} }],
  healthCheck: ${JSON.stringify(STANDARD_HEALTH_CHECK)},
});
exports.channelId = channel.id;
`;
}

function serviceProgram(hosts: string[]): string {
  return `
const pulumi = require("@pulumi/pulumi");
const { huawei } = require("pulumi-canary-mesh");
const config = new pulumi.Config();
new huawei.apig.VpcChannelMembers("orders-canary", {
  instanceId: "${INSTANCE}",
  vpcChannelId: config.require("channelId"),
  members: ${JSON.stringify(hosts.map((host) => ({ host, port: 8080, groupName: "canary", weight: 5 })))},
});
`;
}

describe("a channel shared by a platform stack and a service stack", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let platform: E2EStack;
  let service: E2EStack;
  let channelId: string;

  const config = () => emulatorStackConfig(emulator.url);
  const raw = (method: string, suffix: string, body?: unknown) =>
    huawei(emulator.url, method, `${channelsPath(INSTANCE)}/${channelId}${suffix}`, { body });
  const live = async () => (await liveChannels(emulator.url, INSTANCE))[0]!;
  const hosts = async () => (await live()).members!.map((m) => m.host).sort();
  const writes = async () =>
    (await requestLog(emulator.url)).filter((r) => WRITE_METHODS.has(r.method)).map((r) => r.action);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    platform = await E2EStack.create({ program: platformProgram(10), config: config(), projectName: "platform" });
    await platform.up();
    channelId = (await platform.outputs()).channelId as string;
    service = await E2EStack.create({
      program: serviceProgram(["10.7.0.1", "10.7.0.2"]),
      config: { ...config(), channelId },
      projectName: "orders-service",
    });
    await service.up();
  });

  afterAll(async () => {
    platform?.cleanup();
    service?.cleanup();
    await emulator?.close();
  });

  it("each stack owns its part; the console adds a member and a group remark", async () => {
    expect(await hosts()).toEqual(["10.7.0.1", "10.7.0.2"]);
    expect(
      (await raw("POST", "/members", { members: [{ host: "10.8.0.1", port: 8080, member_group_name: "stable" }] }))
        .status,
    ).toBe(201);
    const groups = (await raw("GET", "/member-groups")).body.member_groups as Array<Record<string, unknown>>;
    const stable = groups.find((g) => g.member_group_name === "stable")!;
    await raw("PUT", `/member-groups/${stable.member_group_id}`, {
      member_group_name: "stable",
      member_group_weight: 90,
      member_group_remark: "pinned by ops",
    });
    expect(await hosts()).toEqual(["10.7.0.1", "10.7.0.2", "10.8.0.1"]);
  });

  it("refresh --expect-no-changes of each stack ignores the other's and the console's members", async () => {
    await platform.refresh(["--expect-no-changes"]);
    await service.refresh(["--expect-no-changes"]);
  });

  it("the platform's updates keep the service's and the console's members and the console's remark", async () => {
    platform.writeProgram(platformProgram(20));
    await clearRequestLog(emulator.url);
    await platform.up();
    expect(await writes()).toEqual(["CreateMemberGroup"]);
    platform.writeProgram(platformProgram(20, "leastConnections"));
    await platform.up();
    const after = await live();
    expect(after.members!.map((m) => m.host).sort()).toEqual(["10.7.0.1", "10.7.0.2", "10.8.0.1"]);
    expect(after.member_groups!.find((g) => g.member_group_name === "stable")!.member_group_remark).toBe(
      "pinned by ops",
    );
    expect(after.balance_strategy).toBe(2);
    await platform.refresh(["--expect-no-changes"]);
  });

  it("the service removing one member makes exactly one delete and touches nothing else", async () => {
    service.writeProgram(serviceProgram(["10.7.0.1"]));
    await clearRequestLog(emulator.url);
    const up = await service.up();
    expect(up.stdout).toMatch(/1 updated/);
    expect(await writes()).toEqual(["DeleteBackendInstance"]);
    expect(await hosts()).toEqual(["10.7.0.1", "10.8.0.1"]);
    await service.refresh(["--expect-no-changes"]);
    await platform.refresh(["--expect-no-changes"]);
  });

  it("two service stacks and the platform changing the channel at the same time all converge", async () => {
    const payments = await E2EStack.create({
      program: serviceProgram(["10.9.0.1", "10.9.0.2"]).replace('"orders-canary"', '"payments-canary"'),
      config: { ...config(), channelId },
      projectName: "payments-service",
    });
    try {
      service.writeProgram(serviceProgram(["10.7.0.1", "10.7.0.3"]));
      platform.writeProgram(platformProgram(30, "leastConnections"));
      await Promise.all([service.up(), payments.up(), platform.up()]);
      expect(await hosts()).toEqual(["10.7.0.1", "10.7.0.3", "10.8.0.1", "10.9.0.1", "10.9.0.2"]);
      expect((await live()).member_groups!.find((g) => g.member_group_name === "canary")!.member_group_weight).toBe(30);
      for (const stack of [service, payments, platform]) await stack.refresh(["--expect-no-changes"]);
      await payments.destroy();
      expect(await hosts()).toEqual(["10.7.0.1", "10.7.0.3", "10.8.0.1"]);
    } finally {
      payments.cleanup();
    }
  });

  it("destroying the service stack removes its members and leaves the platform's channel intact", async () => {
    await service.destroy();
    const after = await live();
    expect(after.id).toBe(channelId);
    expect(after.members!.map((m) => m.host)).toEqual(["10.8.0.1"]);
    expect(after.member_groups!.map((g) => g.member_group_name).sort()).toEqual(["canary", "stable"]);
    await platform.refresh(["--expect-no-changes"]);
  });
});

describe("examples/shared-channel: the platform and service projects as written", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let platform: E2EStack;
  let service: E2EStack;

  const config = () => ({ ...emulatorStackConfig(emulator.url), gatewayId: INSTANCE });
  const live = async () => (await liveChannels(emulator.url, INSTANCE))[0]!;
  const writes = async () =>
    (await requestLog(emulator.url)).filter((r) => WRITE_METHODS.has(r.method)).map((r) => r.action);

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    platform = await E2EStack.create({
      program: exampleProgram("shared-channel/platform"),
      config: { ...config(), canaryWeight: "10" },
      projectName: "canary-mesh-shared-channel-platform",
    });
    service = await E2EStack.create({
      program: exampleProgram("shared-channel/service"),
      config: { ...config(), canaryHosts: JSON.stringify(["10.0.1.5", "10.0.1.6"]) },
      projectName: "canary-mesh-shared-channel-service",
    });
  });

  afterAll(async () => {
    platform?.cleanup();
    service?.cleanup();
    await emulator?.close();
  });

  it("the platform creates the channel and its groups; the service finds it by name and adds its members", async () => {
    await platform.up();
    await service.up();
    const channel = await live();
    expect(channel.member_groups!.map((g) => [g.member_group_name, g.member_group_weight]).sort()).toEqual([
      ["canary", 10],
      ["stable", 90],
    ]);
    expect((await service.outputs()).channelId).toBe((await platform.outputs()).channelId);
    expect((await service.outputs()).canaryGroupMembers).toEqual(["canary/10.0.1.5:8080", "canary/10.0.1.6:8080"]);
  });

  it("a weight shift is two group updates, and neither stack sees the other's part as drift", async () => {
    await platform.setConfig("canaryWeight", "30");
    await clearRequestLog(emulator.url);
    await platform.up();
    expect((await writes()).sort()).toEqual(["UpdateMemberGroup", "UpdateMemberGroup"]);
    expect((await live()).members!.map((m) => m.host).sort()).toEqual(["10.0.1.5", "10.0.1.6"]);
    await platform.refresh(["--expect-no-changes"]);
    await service.refresh(["--expect-no-changes"]);
    await clearRequestLog(emulator.url);
    await platform.up(["--expect-no-changes"]);
    await service.up(["--expect-no-changes"]);
    expect(await writes()).toEqual([]);
  });

  it("the platform cannot drop a group that still has members; it can once the service stack is gone", async () => {
    const refused = await platform.run(["destroy", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/the group still has 2 member\(s\) \(10\.0\.1\.5, 10\.0\.1\.6\)/);
    await service.destroy();
    expect((await live()).members ?? []).toEqual([]);
    await platform.destroy();
    expect(await liveChannels(emulator.url, INSTANCE)).toEqual([]);
  });
});
