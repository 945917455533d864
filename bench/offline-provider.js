// "Ours without the network": our check, diff and read logic and our state shape, with the cloud replaced by
// rendering the channel locally from the desired state. Its engine time next to ours and the trivial baseline
// tells data size (what the engine carries and checkpoints) apart from API calls.
"use strict";
const { dist, PROJECT_ID, keys } = require("./lib");

// check resolves region and project without stack config; the credentials are never used.
Object.assign(process.env, {
  HW_REGION_NAME: "cn-north-4",
  HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID,
  HUAWEICLOUD_SDK_AK: keys.EMULATOR_HUAWEI_ACCESS_KEY,
  HUAWEICLOUD_SDK_SK: keys.EMULATOR_HUAWEI_SECRET_KEY,
});
const { vpcChannelProvider } = dist("vpcChannel/provider.js");
const state = dist("vpcChannel/state.js");
const wire = dist("vpcChannel/wire.js");
const refresh = dist("vpcChannel/refresh.js");

/** The outputs create stores: the live channel (ids, health) rendered from the wire body of the desired state. */
function outputsFor(desired) {
  const body = wire.toWireBody(desired);
  const live = {
    ...body,
    id: "0".repeat(32),
    status: 1,
    create_time: "2026-01-01T00:00:00Z",
    members: body.members.map((m, i) => ({ ...m, id: `m${i}`, health_status: "healthy" })),
    member_groups: body.member_groups.map((g, i) => ({ ...g, member_group_id: `g${i}` })),
    vpc_health_config: body.vpc_health_config && { ...body.vpc_health_config, id: "hc" },
  };
  return state.channelOutputs(wire.channelFromWire(live, desired), desired);
}

module.exports = {
  outputsFor,
  provider: {
    check: (olds, news) => vpcChannelProvider.check(olds, news),
    diff: (id, olds, news) => vpcChannelProvider.diff(id, olds, news),
    create: async (inputs) => ({ id: inputs.name, outs: outputsFor(inputs) }),
    read: async (id, props) => ({ id, props, inputs: refresh.refreshedInputs(props) }),
    update: async (_id, _olds, news) => ({ outs: outputsFor(news) }),
    delete: async () => {},
  },
};
