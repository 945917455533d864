/** VpcChannel ↔ wire, pure: reads keep what the cloud says, writes carry unmanaged blocks. */
import { VpcChannelWireSchema } from "../../src/clouds/huawei/apig";
import type { ChannelState } from "../../src/vpcChannel/state";
import { channelFromWire, toWireBody } from "../../src/vpcChannel/wire";
import DOCUMENTED from "../emulator/fixtures/documented-examples.json";
import { desired, liveWire, PLACEMENT } from "../support/channel";
import { channelArgs, STANDARD_HEALTH_CHECK } from "../support/fixtures";

const base = channelArgs({
  balanceStrategy: "roundRobin",
  members: [
    { host: "10.0.0.5", weight: 10, groupName: "stable" },
    { host: "10.0.0.6", port: 9090, weight: 5, groupName: "canary" },
  ],
  healthCheck: { ...STANDARD_HEALTH_CHECK, protocol: "http" },
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
      ...PLACEMENT,
    });
    // A live read of documented values is a valid desired state.
    const body = toWireBody(state as ChannelState);
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
