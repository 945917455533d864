export { VpcChannel } from "../vpcChannel/resource";
export type {
  VpcChannelArgs,
  VpcChannelMemberArgs,
  VpcChannelMemberGroupArgs,
  VpcChannelHealthCheckArgs,
  VpcChannelMicroserviceArgs,
} from "../vpcChannel/args";
export type { MemberState, GroupState, HealthState, MicroserviceState } from "../vpcChannel/plan";
