/**
 * Pure VpcChannel helpers for the plan-level suites: desired state from raw args (through validation and
 * normalisation) and the live channel the API would show after applying it.
 */
import { VpcChannelWireSchema } from "../../src/clouds/huawei/apig";
import { validateChannel } from "../../src/vpcChannel/args";
import { ChannelState, managedBlocks, normalizeChannel, toOutputs } from "../../src/vpcChannel/state";
import { channelFromWire, toWireBody } from "../../src/vpcChannel/wire";
import { PROJECT_ID } from "./fixtures";

export const PLACEMENT = { projectId: PROJECT_ID, region: "cn-north-4" };

/** Raw args → desired state; the args must be valid. */
export function desired(raw: Record<string, unknown>): ChannelState {
  const { input, failures } = validateChannel(raw);
  expect(failures).toEqual([]);
  return normalizeChannel(input!, PLACEMENT);
}

/** The ShowVpcChannel answer after `state` was applied: ids, times and echoes as the service adds them. */
export function liveWire(state: ChannelState, overrides: Record<string, unknown> = {}) {
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
          status: 1, // the result, which the service computes
          id: "hc",
          vpc_channel_id: "x",
          create_time: "t",
        }
      : undefined,
    ...overrides,
  });
}

/** The outputs create would store for `state`. */
export function outputsFor(state: ChannelState, overrides: Record<string, unknown> = {}) {
  return toOutputs(channelFromWire(liveWire(state, overrides), state), state, managedBlocks(state));
}
