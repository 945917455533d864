/**
 * The platform team's half of a shared gateway channel: the channel itself, its member groups and its health
 * check. It lists no members, so the members that service stacks (see ../service) or the console add survive
 * every update of this stack; each group is its own resource, so a weight shift is one group update.
 *
 *   pulumi config set gatewayId <APIG instance id>
 *   pulumi config set canaryWeight 10
 */
import * as pulumi from "@pulumi/pulumi";
import { huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();
const gatewayId = config.require("gatewayId");
const canaryWeight = config.getNumber("canaryWeight") ?? 0;

// `members` and `memberGroups` are left out: this resource manages neither, so it never removes one.
const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: gatewayId,
  name: "orders-backend",
  port: 8080,
  balanceStrategy: "roundRobin",
  memberType: "ip",
  healthCheck: {
    protocol: "HTTP",
    path: "/healthz",
    thresholdNormal: 2,
    thresholdAbnormal: 5,
    interval: 10,
    timeout: 5,
    httpCodes: "200-299",
  },
});

const group = (name: string, weight: number, remark: string) =>
  new huawei.apig.VpcChannelMemberGroup(name, {
    instanceId: gatewayId,
    vpcChannelId: channel.id,
    name,
    weight,
    remark,
  });

const stable = group("stable", 100 - canaryWeight, "current release");
const canary = group("canary", canaryWeight, "release under test");

export const channelId = channel.id;
export const channelName = channel.name;
export const groups = { stable: stable.id, canary: canary.id };
export const canaryShare = `${canaryWeight}%`;
