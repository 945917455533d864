/** getVpcChannel and getVpcChannelMembers against the emulator: read-only views of a channel owned elsewhere. */
import { getVpcChannel, getVpcChannelMembers, getVpcChannelMembersOutput } from "../../src/vpcChannel/read";
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { ChannelState } from "../../src/vpcChannel/state";
import { InputError } from "../../src/core/errors";
import { adminCall, requestLog, useEmulatorEnv } from "../support/emulator";
import { EMULATOR_HUAWEI_PROJECT_ID } from "../../src/emulator/keys";
import { channelArgs, huaweiEmulatorEnv, valueOf } from "../support/fixtures";

const emulator = useEmulatorEnv(huaweiEmulatorEnv);
const INSTANCE = "gw-read";
let id: string;

beforeAll(async () => {
  await adminCall(emulator.url(), "POST", "/reset");
  const result = await vpcChannelProvider.check({}, channelArgs({ instanceId: INSTANCE }));
  id = (await vpcChannelProvider.create(result.inputs as unknown as ChannelState)).id;
});

describe("getVpcChannel", () => {
  it("reads a channel by id or by exact name, as live", async () => {
    const byId = await getVpcChannel({ instanceId: INSTANCE, id });
    expect(byId).toMatchObject({
      id,
      instanceId: INSTANCE,
      projectId: EMULATOR_HUAWEI_PROJECT_ID,
      region: "cn-north-4",
      name: "orders-backend",
      port: 8080,
      channelType: "builtin",
    });
    expect(Object.keys(byId.members!)).toEqual(["canary/10.0.1.5:8080", "stable/10.0.0.5:8080"]);
    expect(byId.memberGroups!.stable).toMatchObject({ weight: 90 });
    expect(await getVpcChannel({ instanceId: INSTANCE, name: "orders-backend" })).toEqual(byId);
  });

  it("says what is wrong before any call, and what is missing after one", async () => {
    const before = (await requestLog(emulator.url())).length;
    const bad = await getVpcChannel({ instanceId: INSTANCE }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as Error).message).toBe("Invalid getVpcChannel arguments: id: give exactly one of id and name");
    expect((await requestLog(emulator.url())).length).toBe(before);
    await expect(getVpcChannel({ instanceId: INSTANCE, name: "no-such-channel" })).rejects.toThrow(
      'getVpcChannel: no channel named "no-such-channel" on gateway gw-read',
    );
    await expect(getVpcChannel({ instanceId: INSTANCE, id: "0".repeat(32) })).rejects.toThrow(/APIG\.3023/);
  });
  it("leaves the NACOS password out of its result", async () => {
    const result = await vpcChannelProvider.check(
      {},
      {
        instanceId: INSTANCE,
        name: "orders-nacos",
        port: 8080,
        memberType: "ip",
        channelType: "microservice",
        memberGroups: [{ name: "stable" }],
        microservice: {
          serviceType: "NACOS",
          nacos: {
            serviceName: "orders",
            servers: [{ ipAddress: "10.0.9.9", port: 8848 }],
            user: { userName: "nacos", password: "nacos-secret-77" },
          },
        },
      },
    );
    expect(result.failures ?? []).toEqual([]);
    const created = await vpcChannelProvider.create(result.inputs as unknown as ChannelState);
    const found = await getVpcChannel({ instanceId: INSTANCE, id: created.id });
    expect(found.microservice?.nacos?.user).toEqual({ userName: "nacos" });
    expect(JSON.stringify(found)).not.toContain("nacos-secret-77");
  });
});

describe("getVpcChannelMembers", () => {
  it("lists members sorted by identity, optionally of one group, with an Output form", async () => {
    const all = await getVpcChannelMembers({ instanceId: INSTANCE, vpcChannelId: id });
    expect(all.keys).toEqual(["canary/10.0.1.5:8080", "stable/10.0.0.5:8080"]);
    expect(all.members[0]).toMatchObject({ host: "10.0.1.5", groupName: "canary", id: expect.any(String) });
    const canary = await valueOf(
      getVpcChannelMembersOutput({ instanceId: INSTANCE, vpcChannelId: Promise.resolve(id), groupName: "canary" }),
    );
    expect(canary).toMatchObject({ groupName: "canary", keys: ["canary/10.0.1.5:8080"] });
  });
});
