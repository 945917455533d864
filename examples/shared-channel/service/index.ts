/**
 * A service team's half of a shared gateway channel: its canary backends, registered in the channel the platform
 * stack (../platform) owns. The channel is looked up by name, so this stack needs no access to the platform's
 * state; it adds, updates and removes only the members it lists, and destroying it removes exactly those.
 *
 *   pulumi config set gatewayId <APIG instance id>
 *   pulumi config set --path 'canaryHosts[0]' 10.0.1.5
 */
import * as pulumi from "@pulumi/pulumi";
import { huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();
const gatewayId = config.require("gatewayId");
const channelName = config.get("channelName") ?? "orders-backend";
const canaryHosts = config.requireObject<string[]>("canaryHosts");

const channel = huawei.apig.getVpcChannelOutput({ instanceId: gatewayId, name: channelName });

// weight, isBackup and status are left unset: whatever the console sets for them stays.
const canary = new huawei.apig.VpcChannelMembers("orders-canary", {
  instanceId: gatewayId,
  vpcChannelId: channel.id,
  members: canaryHosts.map((host) => ({ host, port: 8080, groupName: "canary" })),
});

// Everything in the canary group, whoever added it (other teams, the console), read at every run; through
// `canary.vpcChannelId` the read waits for this stack's members.
const inGroup = huawei.apig.getVpcChannelMembersOutput({
  instanceId: gatewayId,
  vpcChannelId: canary.vpcChannelId,
  groupName: "canary",
});

export const channelId = channel.id;
export const ownedMembers = canary.members.apply((members) => Object.keys(members).sort());
export const canaryGroupMembers = inGroup.keys;
