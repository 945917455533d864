/** The APIG client and its factory through the real HTTP layer, against the emulator: every call of the channel family. */
import { apigClient, isNotFound, VpcChannelBody } from "../../../src/clouds/huawei/apig";
import { CloudApiError } from "../../../src/core/errors";
import { EMULATOR_HUAWEI_ACCESS_KEY, EMULATOR_HUAWEI_SECRET_KEY } from "../../../src/emulator/keys";
import { requestLog, useEmulatorEnv } from "../../support/emulator";
import { PROJECT_ID } from "../../support/fixtures";

const emulator = useEmulatorEnv(() => ({
  HW_REGION_NAME: "cn-north-4",
  HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID,
  HUAWEICLOUD_SDK_AK: EMULATOR_HUAWEI_ACCESS_KEY,
  HUAWEICLOUD_SDK_SK: EMULATOR_HUAWEI_SECRET_KEY,
}));

const body: VpcChannelBody = {
  name: "orders-backend",
  port: 8080,
  balance_strategy: 1,
  member_type: "ip",
  member_groups: [{ member_group_name: "stable", member_group_weight: 90 }],
  members: [{ host: "10.0.0.5", port: 8080, weight: 10, member_group_name: "stable" }],
};

describe("apigClient", () => {
  it("resolves the placement from the environment (argument first) and builds a signed client", () => {
    const none = () => undefined;
    expect(apigClient(none, {})).toMatchObject({ projectId: PROJECT_ID, region: "cn-north-4" });
    expect(apigClient(none, { region: "cn-south-1" }).region).toBe("cn-south-1");
  });

  it("creates, shows, finds by exact name, updates and deletes a channel", async () => {
    const { client } = apigClient(() => undefined, {});
    const created = await client.createVpcChannel("gw-client", body, async () => undefined);
    expect(created).toMatchObject({ name: "orders-backend", port: 8080 });
    const shown = await client.showVpcChannel("gw-client", created.id);
    expect(shown.members).toHaveLength(1);
    expect(await client.findVpcChannelByName("gw-client", "orders-backend")).toEqual({ id: created.id });
    expect(await client.findVpcChannelByName("gw-client", "orders")).toBeUndefined();
    await client.updateVpcChannel("gw-client", created.id, { ...body, port: 9090 });
    expect((await client.showVpcChannel("gw-client", created.id)).port).toBe(9090);
    await client.deleteVpcChannel("gw-client", created.id);
    const gone = await client.showVpcChannel("gw-client", created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CloudApiError);
    expect(isNotFound(gone)).toBe(true);
    const actions = (await requestLog(emulator.url())).map((r) => r.action);
    expect(actions).toEqual([
      "CreateVpcChannel",
      "ShowVpcChannel",
      "ListVpcChannels",
      "ListVpcChannels",
      "UpdateVpcChannel",
      "ShowVpcChannel",
      "DeleteVpcChannel",
      "ShowVpcChannel",
    ]);
  });

  it("isNotFound: a missing channel, never a missing gateway (APIG.3030) nor another error", () => {
    const error = (status: number, code: string) =>
      new CloudApiError({ cloud: "huawei", service: "APIG", operation: "x", status, code, message: "m", attempts: 1 });
    expect(isNotFound(error(404, "APIG.3023"))).toBe(true);
    expect(isNotFound(error(404, "APIG.3030"))).toBe(false);
    expect(isNotFound(error(400, "APIG.2012"))).toBe(false);
    expect(isNotFound(new Error("x"))).toBe(false);
  });
});
