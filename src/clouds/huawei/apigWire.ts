/**
 * Huawei Cloud API Gateway (dedicated gateway, API v2) load-balance channels on the wire: response schemas
 * (tolerant of unknown fields) and request bodies, as the API reference and the SDK's models name them.
 */
import { z } from "zod";
import { Body, bool, num, str } from "../wire";

// ---------------------------------------------------------------- schemas (wire)

export const MicroserviceLabelWireSchema = z.object({ label_name: z.string(), label_value: z.string() }).passthrough();

export const MemberGroupWireSchema = z
  .object({
    member_group_name: z.string(),
    member_group_remark: str,
    member_group_weight: num,
    dict_code: str,
    microservice_version: str,
    microservice_port: num,
    microservice_labels: z.array(MicroserviceLabelWireSchema).nullish(),
    reference_vpc_channel_id: str,
    member_group_id: str,
    create_time: str,
    update_time: str,
  })
  .passthrough();
export type MemberGroupWire = z.infer<typeof MemberGroupWireSchema>;

export const MemberWireSchema = z
  .object({
    host: str,
    weight: num,
    is_backup: bool,
    member_group_name: str,
    status: num,
    port: num,
    ecs_id: str,
    ecs_name: str,
    id: str,
    vpc_channel_id: str,
    create_time: str,
    member_group_id: str,
    health_status: str,
  })
  .passthrough();
export type MemberWire = z.infer<typeof MemberWireSchema>;

export const HealthConfigWireSchema = z
  .object({
    protocol: z.string(),
    path: str,
    method: str,
    port: num,
    threshold_normal: z.number(),
    threshold_abnormal: z.number(),
    time_interval: z.number(),
    http_code: str,
    enable_client_ssl: bool,
    status: num,
    timeout: num,
    vpc_channel_id: str,
    id: str,
    create_time: str,
  })
  .passthrough();
export type HealthConfigWire = z.infer<typeof HealthConfigWireSchema>;

export const MicroserviceWireSchema = z
  .object({
    id: str,
    instance_id: str,
    service_type: str,
    cse_info: z
      .object({ engine_id: str, service_id: str, engine_name: str, service_name: str })
      .passthrough()
      .nullish(),
    cce_info: z
      .object({ cluster_id: str, namespace: str, workload_type: str, app_name: str, label_key: str, label_value: str })
      .passthrough()
      .nullish(),
    cce_service_info: z.object({ cluster_id: str, namespace: str, service_name: str }).passthrough().nullish(),
    nacos_info: z
      .object({
        namespace: str,
        cluster_name: str,
        group_name: str,
        service_name: str,
        server_config: z
          .array(z.object({ ip_address: z.string(), port: z.number(), grpc_port: num }).passthrough())
          .nullish(),
        user_info: z.object({ user_name: str, password: str }).passthrough().nullish(),
      })
      .passthrough()
      .nullish(),
    create_time: str,
    update_time: str,
  })
  .passthrough();
export type MicroserviceWire = z.infer<typeof MicroserviceWireSchema>;

export const VpcChannelWireSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    port: z.number(),
    balance_strategy: z.number(),
    member_type: z.string(),
    type: num,
    vpc_channel_type: str,
    dict_code: str,
    create_time: str,
    status: num,
    member_groups: z.array(MemberGroupWireSchema).nullish(),
    members: z.array(MemberWireSchema).nullish(),
    vpc_health_config: HealthConfigWireSchema.nullish(),
    microservice_info: MicroserviceWireSchema.nullish(),
  })
  .passthrough();
export type VpcChannelWire = z.infer<typeof VpcChannelWireSchema>;

export const VpcChannelListWireSchema = z
  .object({
    total: z.number().nullish(),
    size: z.number().nullish(),
    vpc_channels: z
      .array(VpcChannelWireSchema.partial({ port: true, balance_strategy: true, member_type: true }))
      .nullish(),
  })
  .passthrough();

export const MemberListWireSchema = z
  .object({ total: z.number().nullish(), size: z.number().nullish(), members: z.array(MemberWireSchema).nullish() })
  .passthrough();

export const MemberGroupListWireSchema = z
  .object({
    total: z.number().nullish(),
    size: z.number().nullish(),
    member_groups: z.array(MemberGroupWireSchema).nullish(),
  })
  .passthrough();

// ---------------------------------------------------------------- request bodies

/** `MemberInfo`: the fields a create, update or AddBackendInstances body may carry for a member. */
export type MemberBody = Body<
  MemberWire,
  "host" | "weight" | "is_backup" | "member_group_name" | "status" | "port" | "ecs_id" | "ecs_name"
>;

/** `MemberGroupCreate`. */
export type MemberGroupBody = Body<
  MemberGroupWire,
  | "member_group_name"
  | "member_group_remark"
  | "member_group_weight"
  | "microservice_version"
  | "microservice_port"
  | "reference_vpc_channel_id"
> & { microservice_labels?: Array<{ label_name: string; label_value: string }> };

/** `VpcHealthConfig`, without `status`: that is the health-check result, which the service reports. */
export type HealthConfigBody = Body<
  HealthConfigWire,
  | "protocol"
  | "path"
  | "method"
  | "port"
  | "threshold_normal"
  | "threshold_abnormal"
  | "time_interval"
  | "http_code"
  | "enable_client_ssl"
  | "timeout"
>;

type MicroserviceInfo = NonNullable<MicroserviceWire>;
type NacosWire = NonNullable<MicroserviceInfo["nacos_info"]>;

/** `MicroServiceCreate`: the service type and exactly the matching `*_info` block. */
export interface MicroserviceBody {
  service_type?: string;
  cse_info?: Body<NonNullable<MicroserviceInfo["cse_info"]>, "engine_id" | "service_id">;
  cce_info?: Body<
    NonNullable<MicroserviceInfo["cce_info"]>,
    "cluster_id" | "namespace" | "workload_type" | "app_name" | "label_key" | "label_value"
  >;
  cce_service_info?: Body<
    NonNullable<MicroserviceInfo["cce_service_info"]>,
    "cluster_id" | "namespace" | "service_name"
  >;
  nacos_info?: Body<NacosWire, "namespace" | "cluster_name" | "group_name" | "service_name"> & {
    server_config?: Array<{ ip_address: string; port: number; grpc_port?: number }>;
    user_info?: { user_name: string; password: string };
  };
}

/** The create/update request body (`VpcCreate`); PUT overwrites members and groups with what it carries. */
export interface VpcChannelBody {
  name: string;
  port: number;
  balance_strategy: number;
  member_type: string;
  vpc_channel_type?: string;
  member_groups?: MemberGroupBody[];
  members?: MemberBody[];
  vpc_health_config?: HealthConfigBody;
  microservice_info?: MicroserviceBody;
}
