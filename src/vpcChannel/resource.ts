/**
 * The `VpcChannel` resource: a Huawei Cloud API Gateway load-balance channel with its members, member groups,
 * health check and microservice source.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../shim";
import type { BalanceStrategy, ChannelType, MemberType, VpcChannelArgs } from "./args";
import type { GroupState, HealthState, MemberState, MicroserviceState } from "./state";

const provider = providerShim("vpcChannel");

/**
 * A Huawei Cloud APIG load-balance (VPC) channel.
 *
 * - Members and groups are keyed by identity (`group/host:port`, group name): order in code does not matter.
 * - `members`, `memberGroups` and `healthCheck` left out are not managed (kept as they are); `[]` clears.
 * - `instanceId`, `projectId`, `region` and `channelType` force a replacement; everything else updates in place.
 * - `adopt: true` takes over an existing channel of the same name (dynamic providers cannot `pulumi import`).
 */
export class VpcChannel extends pulumi.dynamic.Resource {
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
      provider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["microservice"] }),
      "canary-mesh/huawei/apig",
      "VpcChannel",
    );
  }
}
