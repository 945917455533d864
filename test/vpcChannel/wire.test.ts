/** VpcChannel ↔ wire, pure: reads keep what the cloud says, writes carry unmanaged blocks. */
import { VpcChannelWireSchema } from "../../src/clouds/huawei/apig";
import type { ChannelState } from "../../src/vpcChannel/state";
import { channelFromWire, toWireBody } from "../../src/vpcChannel/wire";
import DOCUMENTED from "../emulator/fixtures/documented-examples.json";
import { desired, liveWire, PLACEMENT } from "../support/channel";
import { TWO_MEMBER_CHANNEL } from "../support/fixtures";

const base = TWO_MEMBER_CHANNEL;

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

describe("reads never invent values", () => {
  const s = desired(base);
  /** Where the channel lives, with nothing known of it before the read. */
  const at = { instanceId: s.instanceId, ...PLACEMENT };

  it("reports the health-check result as an output, and never sends it", () => {
    const live = channelFromWire(liveWire(s, {}), s);
    expect(live.healthCheck!.result).toBe("available");
    const failing = liveWire(s);
    failing.vpc_health_config!.status = 2;
    expect(channelFromWire(failing, s).healthCheck!.result).toBe("unavailable");
    expect(toWireBody(s).vpc_health_config).not.toHaveProperty("status");
  });

  it("keeps a balance-strategy code it has no name for, with a warning", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(channelFromWire(liveWire(s, { balance_strategy: 7 }), s).balanceStrategy).toBe(7);
      expect(warn.mock.calls[0]![0]).toMatch(/balance_strategy 7 is not a code this release knows/);
    } finally {
      warn.mockRestore();
    }
  });

  it("keeps the last known timeout and channel type where the service reports none", () => {
    const wire = liveWire(s, { vpc_channel_type: undefined, type: 2 });
    delete (wire.vpc_health_config as { timeout?: number }).timeout;
    expect(channelFromWire(wire, s)).toMatchObject({ channelType: "builtin", healthCheck: { timeout: 5 } });
    const reference = { ...s, channelType: "reference" as const };
    // `type` 2 is a server channel, which a reference channel also is: the prior type decides.
    expect(channelFromWire(liveWire(s, { vpc_channel_type: "", type: 2 }), reference).channelType).toBe("reference");
    expect(channelFromWire(liveWire(s, { vpc_channel_type: "", type: 3 }), reference).channelType).toBe("microservice");
    expect(channelFromWire(liveWire(s, { vpc_channel_type: undefined, type: undefined }), at)).not.toHaveProperty(
      "channelType",
    );
  });

  it("keeps the last known CCE workload type where the service reports none", () => {
    const cce = {
      service_type: "CCE",
      cce_info: { cluster_id: "c1", namespace: "default", app_name: "orders" },
    };
    const prior = {
      microservice: {
        serviceType: "CCE",
        cce: { clusterId: "c1", namespace: "default", workloadType: "statefulset", appName: "orders" },
      },
    };
    expect(
      channelFromWire(liveWire(s, { microservice_info: cce }), { ...at, ...prior }).microservice!.cce!.workloadType,
    ).toBe("statefulset");
    expect(channelFromWire(liveWire(s, { microservice_info: cce }), at).microservice!.cce).not.toHaveProperty(
      "workloadType",
    );
  });
});
