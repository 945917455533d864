/**
 * The channel resources: `VpcChannel` (a Huawei Cloud API Gateway load-balance channel with its members, member
 * groups, health check and microservice source), and for channels shared between stacks `VpcChannelMembers` (a set
 * of members) and `VpcChannelMemberGroup` (one group). Each output is documented once, in its outputs type.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/resourceClass";
import type { VpcChannelArgs } from "./args";
import type { BalanceStrategy, ChannelType, MemberType } from "./enums";
import type { VpcChannelMemberGroupArgs } from "./memberGroup";
import type { VpcChannelMembersArgs } from "./members";
import type { GroupState, HealthState, MemberState, MicroserviceState, Reported } from "./outputs";

/** The outputs of a `VpcChannel`: the channel as it is live. */
export interface VpcChannelOutputs {
  /** Gateway id. */
  instanceId: string;
  /** Project id the channel lives in. */
  projectId: string;
  /** Region the channel lives in. */
  region: string;
  /** Channel name, as live. */
  name: string;
  /** Host port, as live. */
  port: number;
  /** As live; a strategy code this release has no name for is kept as the service reports it. */
  balanceStrategy: Reported<BalanceStrategy>;
  memberType: MemberType;
  channelType: Reported<ChannelType>;
  /** Live members keyed by identity (`group/host:port`), each with its `id` and `healthStatus`. */
  members: Record<string, MemberState>;
  /** Live member groups keyed by name, each with its `id`. */
  memberGroups: Record<string, GroupState>;
  /** Live health check, with its `id`; undefined when the channel has none. */
  healthCheck: HealthState | undefined;
  /** Microservice source (secret). */
  microservice: MicroserviceState | undefined;
  /** `normal` or `abnormal`. */
  status: string;
  /** Creation time (RFC 3339). */
  createTime: string;
}

/**
 * A Huawei Cloud APIG load-balance (VPC) channel.
 *
 * - Members and groups are keyed by identity (`group/host:port`, group name): order in code does not matter.
 * - `members`, `memberGroups` and `healthCheck` left out are not managed (kept as they are); `[]` clears.
 * - `instanceId`, `projectId`, `region` and `channelType` force a replacement; everything else updates in place.
 * - `adopt: true` takes over an existing channel of the same name (dynamic providers cannot `pulumi import`).
 */
export class VpcChannel extends resourceClass<VpcChannelArgs, VpcChannelOutputs>({
  module: "canary-mesh/huawei/apig",
  type: "VpcChannel",
  kind: "vpcChannel",
  optionalInputs: ["projectId", "region", "balanceStrategy", "memberType", "channelType"],
  outputs: {
    instanceId: true,
    projectId: true,
    region: true,
    name: true,
    port: true,
    balanceStrategy: true,
    memberType: true,
    channelType: true,
    members: true,
    memberGroups: true,
    healthCheck: true,
    microservice: true,
    status: true,
    createTime: true,
  },
  // The NACOS password lives in this block: keep the whole block encrypted in state.
  secretOutputs: ["microservice"],
  props: (args) => ({
    ...args,
    microservice: args.microservice === undefined ? undefined : pulumi.secret(args.microservice),
  }),
}) {}

/** The outputs of a `VpcChannelMembers`. */
export interface VpcChannelMembersOutputs {
  instanceId: string;
  vpcChannelId: string;
  projectId: string;
  region: string;
  /** The owned members as they are live, keyed by identity, each with its `id` and `healthStatus`. */
  members: Record<string, MemberState>;
}

/**
 * A set of members inside a channel this stack does not own (a platform stack's `VpcChannel`, or the console's):
 * typically a service's canary backends. It adds, updates and removes only its own members, through the member
 * APIs; everything else in the channel is left alone. Deleting it removes exactly its members.
 *
 * - Members are keyed by identity (`group/address:port`); the port is required.
 * - A listed member that already exists and is not this resource's is refused, unless `adopt: true`.
 * - Fields left unset (weight, isBackup, status) are not managed: console values stay.
 */
export class VpcChannelMembers extends resourceClass<VpcChannelMembersArgs, VpcChannelMembersOutputs>({
  module: "canary-mesh/huawei/apig",
  type: "VpcChannelMembers",
  kind: "vpcChannelMembers",
  optionalInputs: ["projectId", "region"],
  outputs: { instanceId: true, vpcChannelId: true, projectId: true, region: true, members: true },
}) {}

/** The outputs of a `VpcChannelMemberGroup`: the group as it is live. */
export interface VpcChannelMemberGroupOutputs {
  instanceId: string;
  vpcChannelId: string;
  projectId: string;
  region: string;
  name: string;
  remark: string | undefined;
  weight: number | undefined;
  microserviceVersion: string | undefined;
  microservicePort: number | undefined;
  microserviceLabels: Record<string, string> | undefined;
  referenceVpcChannelId: string | undefined;
  /** RFC 3339. */
  createTime: string;
  /** RFC 3339. */
  updateTime: string;
}

/**
 * One member group of a channel this stack does not own. Renaming it updates the group in place (same id; its
 * members follow). Deleting it is refused while the group still has members, so no member is ever dropped with it.
 * Its `id` is the group id.
 */
export class VpcChannelMemberGroup extends resourceClass<VpcChannelMemberGroupArgs, VpcChannelMemberGroupOutputs>({
  module: "canary-mesh/huawei/apig",
  type: "VpcChannelMemberGroup",
  kind: "vpcChannelMemberGroup",
  optionalInputs: ["projectId", "region"],
  outputs: {
    instanceId: true,
    vpcChannelId: true,
    projectId: true,
    region: true,
    name: true,
    remark: true,
    weight: true,
    microserviceVersion: true,
    microservicePort: true,
    microserviceLabels: true,
    referenceVpcChannelId: true,
    createTime: true,
    updateTime: true,
  },
}) {}
