export { VpcChannel, VpcChannelMemberGroup, VpcChannelMembers } from "../vpcChannel/resource";
export type { VpcChannelMemberGroupOutputs, VpcChannelMembersOutputs, VpcChannelOutputs } from "../vpcChannel/resource";
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
export type { PlacementArgs } from "../vpcChannel/placement";
export * from "../vpcChannel/enums";
export { SERVICE_TYPES, WORKLOAD_TYPES } from "../vpcChannel/microserviceArgs";
export type {
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
export type { GroupState, HealthState, MemberState, MicroserviceState, Reported } from "../vpcChannel/outputs";
