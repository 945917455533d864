export { VpcChannel, VpcChannelMemberGroup, VpcChannelMembers } from "../vpcChannel/resource";
export {
  getVpcChannel,
  getVpcChannelMembers,
  getVpcChannelMembersOutput,
  getVpcChannelOutput,
} from "../vpcChannel/read";
export type {
  GetVpcChannelArgs,
  GetVpcChannelMembersArgs,
  GetVpcChannelMembersOutputArgs,
  GetVpcChannelOutputArgs,
  VpcChannelInfo,
  VpcChannelMembersInfo,
} from "../vpcChannel/read";
export type { VpcChannelMembersArgs, VpcChannelMembersMemberArgs } from "../vpcChannel/members";
export type { VpcChannelMemberGroupArgs, VpcChannelMemberGroupResourceArgs } from "../vpcChannel/memberGroup";
export type { PlacementArgs } from "../vpcChannel/kit";
export {
  BALANCE_STRATEGIES,
  CHANNEL_TYPES,
  HEALTH_METHODS,
  HEALTH_PROTOCOLS,
  HEALTH_RESULTS,
  MEMBER_STATUSES,
  MEMBER_TYPES,
} from "../vpcChannel/args";
export { SERVICE_TYPES, WORKLOAD_TYPES } from "../vpcChannel/microserviceArgs";
export type {
  BalanceStrategy,
  ChannelType,
  HealthMethod,
  HealthProtocol,
  HealthResult,
  MemberStatus,
  MemberType,
  VpcChannelArgs,
  VpcChannelHealthCheckArgs,
  VpcChannelMemberArgs,
  VpcChannelGroupArgs,
} from "../vpcChannel/args";
export type {
  ServiceType,
  VpcChannelCceArgs,
  VpcChannelCceServiceArgs,
  VpcChannelCseArgs,
  VpcChannelMicroserviceArgs,
  VpcChannelNacosArgs,
  VpcChannelNacosServerArgs,
  WorkloadType,
} from "../vpcChannel/microserviceArgs";
export type { GroupState, HealthState, MemberState, MicroserviceState } from "../vpcChannel/state";
