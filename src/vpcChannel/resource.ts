/**
 * The channel resources: `VpcChannel` (a Huawei Cloud API Gateway load-balance channel with its members, member
 * groups, health check and microservice source), and for channels shared between stacks `VpcChannelMembers` (a set
 * of members) and `VpcChannelMemberGroup` (one group).
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicType, withProvider } from "../shim";
import type { BalanceStrategy, ChannelType, MemberType, VpcChannelArgs } from "./args";
import type { VpcChannelMemberGroupArgs } from "./memberGroup";
import type { VpcChannelMembersArgs } from "./members";
import type { GroupState, HealthState, MemberState, MicroserviceState } from "./state";

/**
 * A Huawei Cloud APIG load-balance (VPC) channel.
 *
 * - Members and groups are keyed by identity (`group/host:port`, group name): order in code does not matter.
 * - `members`, `memberGroups` and `healthCheck` left out are not managed (kept as they are); `[]` clears.
 * - `instanceId`, `projectId`, `region` and `channelType` force a replacement; everything else updates in place.
 * - `adopt: true` takes over an existing channel of the same name (dynamic providers cannot `pulumi import`).
 */
export class VpcChannel extends pulumi.CustomResource {
  /** Gateway id. */
  declare readonly instanceId: pulumi.Output<string>;
  /** Project id the channel lives in. */
  declare readonly projectId: pulumi.Output<string>;
  /** Region the channel lives in. */
  declare readonly region: pulumi.Output<string>;
  /** Channel name, as live. */
  declare readonly name: pulumi.Output<string>;
  /** Host port, as live. */
  declare readonly port: pulumi.Output<number>;
  /** As live; a strategy code this release has no name for is kept as the service reports it. */
  declare readonly balanceStrategy: pulumi.Output<BalanceStrategy | (string & Record<never, never>)>;
  declare readonly memberType: pulumi.Output<MemberType>;
  declare readonly channelType: pulumi.Output<ChannelType | (string & Record<never, never>)>;
  /** Live members keyed by identity (`group/host:port`), each with its `id` and `healthStatus`. */
  declare readonly members: pulumi.Output<Record<string, MemberState>>;
  /** Live member groups keyed by name, each with its `id`. */
  declare readonly memberGroups: pulumi.Output<Record<string, GroupState>>;
  /** Live health check, with its `id`; undefined when the channel has none. */
  declare readonly healthCheck: pulumi.Output<HealthState | undefined>;
  /** Microservice source (secret). */
  declare readonly microservice: pulumi.Output<MicroserviceState | undefined>;
  /** `normal` or `abnormal`. */
  declare readonly status: pulumi.Output<string>;
  /** Creation time (RFC 3339). */
  declare readonly createTime: pulumi.Output<string>;

  constructor(name: string, args: VpcChannelArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      projectId: undefined,
      region: undefined,
      balanceStrategy: undefined,
      memberType: undefined,
      channelType: undefined,
      members: undefined,
      memberGroups: undefined,
      healthCheck: undefined,
      ...args,
      // The NACOS password lives in this block: keep the whole block encrypted in state.
      microservice: args.microservice === undefined ? undefined : pulumi.secret(args.microservice),
      status: undefined,
      createTime: undefined,
    };
    super(
      dynamicType("canary-mesh/huawei/apig", "VpcChannel"),
      name,
      withProvider("vpcChannel", props),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["microservice"] }),
    );
  }
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
export class VpcChannelMembers extends pulumi.CustomResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly vpcChannelId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  /** The owned members as they are live, keyed by identity, each with its `id` and `healthStatus`. */
  declare readonly members: pulumi.Output<Record<string, MemberState>>;

  constructor(name: string, args: VpcChannelMembersArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      dynamicType("canary-mesh/huawei/apig", "VpcChannelMembers"),
      name,
      withProvider("vpcChannelMembers", { projectId: undefined, region: undefined, ...args }),
      opts,
    );
  }
}

/**
 * One member group of a channel this stack does not own. Renaming it updates the group in place (same id; its
 * members follow). Deleting it is refused while the group still has members, so no member is ever dropped with it.
 * Its `id` is the group id.
 */
export class VpcChannelMemberGroup extends pulumi.CustomResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly vpcChannelId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly remark: pulumi.Output<string | undefined>;
  declare readonly weight: pulumi.Output<number | undefined>;
  declare readonly microserviceVersion: pulumi.Output<string | undefined>;
  declare readonly microservicePort: pulumi.Output<number | undefined>;
  declare readonly microserviceLabels: pulumi.Output<Record<string, string> | undefined>;
  declare readonly referenceVpcChannelId: pulumi.Output<string | undefined>;
  /** RFC 3339. */
  declare readonly createTime: pulumi.Output<string>;
  /** RFC 3339. */
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: VpcChannelMemberGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      projectId: undefined,
      region: undefined,
      remark: undefined,
      weight: undefined,
      microserviceVersion: undefined,
      microservicePort: undefined,
      microserviceLabels: undefined,
      referenceVpcChannelId: undefined,
      ...args,
      createTime: undefined,
      updateTime: undefined,
    };
    super(
      dynamicType("canary-mesh/huawei/apig", "VpcChannelMemberGroup"),
      name,
      withProvider("vpcChannelMemberGroup", props),
      opts,
    );
  }
}
