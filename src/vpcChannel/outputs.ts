/**
 * The live channel's shapes as the public API states them (outputs of `VpcChannel`, `VpcChannelMembers`, and what
 * `getVpcChannel` returns): plain types, no schemas, so a program's type-check stays light. `state.ts` holds the
 * schemas that parse them, held to these types by the compiler in both directions.
 */
import type {
  BalanceStrategy,
  ChannelType,
  HealthMethod,
  HealthProtocol,
  HealthResult,
  MemberStatus,
  MemberType,
} from "./enums";

/** A name the cloud reports: one this release knows, or another, kept as it came. */
export type Reported<T extends string> = T | (string & Record<never, never>);

/** A live member (output): its managed fields, `id` and `healthStatus`. */
export interface MemberState {
  host?: string;
  ecsId?: string;
  ecsName?: string;
  port: number;
  weight?: number;
  isBackup?: boolean;
  status?: MemberStatus;
  groupName?: string;
  /** Computed: member id. */
  id?: string;
  /** Computed: `unknown`, `healthy` or `unhealthy`. */
  healthStatus?: string;
}

/** A live member group (output), with its `id`. */
export interface GroupState {
  name: string;
  remark?: string;
  weight?: number;
  microserviceVersion?: string;
  microservicePort?: number;
  microserviceLabels?: Record<string, string>;
  referenceVpcChannelId?: string;
  id?: string;
}

/** The live health check (output), with its `id`. */
export interface HealthState {
  protocol: Reported<HealthProtocol>;
  path?: string;
  method?: Reported<HealthMethod>;
  port?: number;
  thresholdNormal: number;
  thresholdAbnormal: number;
  interval: number;
  /** Missing only when the service did not report it and nothing was known before. */
  timeout?: number;
  httpCodes?: string;
  enableClientSsl?: boolean;
  /** Computed: health-check id. */
  id?: string;
  /** Computed: the health-check result the gateway reports, `available` or `unavailable` (API 1, 2). */
  result?: Reported<HealthResult>;
}

/** The live microservice source (output; stored as a secret). */
export interface MicroserviceState {
  serviceType: string;
  cse?: { engineId: string; serviceId: string };
  cce?: {
    clusterId: string;
    namespace: string;
    workloadType?: string;
    appName?: string;
    labelKey?: string;
    labelValue?: string;
  };
  cceService?: { clusterId: string; namespace: string; serviceName: string };
  nacos?: {
    namespace?: string;
    clusterName?: string;
    groupName?: string;
    serviceName: string;
    servers: Array<{ ipAddress: string; port: number; grpcPort?: number }>;
    user: { userName: string; password: string };
  };
}

/** A live read of a channel, before it is paired with a desired state. */
export interface LiveChannel {
  instanceId: string;
  projectId: string;
  region: string;
  adopt?: boolean;
  adoptId?: string;
  name: string;
  port: number;
  /** A code this release has no name for is kept as the number the service reported. */
  balanceStrategy: Reported<BalanceStrategy> | number;
  memberType: MemberType;
  /** Absent only when the service reported no type and none was known before. */
  channelType?: Reported<ChannelType>;
  members?: Record<string, MemberState>;
  memberGroups?: Record<string, GroupState>;
  healthCheck?: HealthState;
  microservice?: MicroserviceState;
  /** `normal` or `abnormal`. */
  status?: string;
  createTime?: string;
}
