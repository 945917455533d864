/**
 * Huawei Cloud API Gateway (dedicated gateway, API v2): load-balance (VPC) channels.
 * Endpoints, wire schemas (tolerant of unknown fields), request bodies, typed calls and the client factory.
 */
import { z } from "zod";
import { CloudApiError } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { ConfigSource, resolveHuaweiSettings } from "../../core/settings";
import { Body, bool, num, str } from "../wire";
import { huaweiHttp } from "./protocol";

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

// ---------------------------------------------------------------- calls

const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" };
const PAGE = 500;

function channelsPath(projectId: string, instanceId: string): string {
  return `/v2/${projectId}/apigw/instances/${instanceId}/vpc-channels`;
}

export class ApigClient {
  constructor(
    private readonly http: HttpClient,
    private readonly projectId: string,
  ) {}

  /** POST. `reconcile` runs when the outcome is unknown, so a lost response never causes a second channel. */
  createVpcChannel(
    instanceId: string,
    body: VpcChannelBody,
    reconcile: () => Promise<VpcChannelWire | undefined>,
  ): Promise<VpcChannelWire> {
    return this.http.call({
      operation: "CreateVpcChannel",
      request: {
        method: "POST",
        path: channelsPath(this.projectId, instanceId),
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(body),
      },
      schema: VpcChannelWireSchema,
      reconcile,
    });
  }

  showVpcChannel(instanceId: string, id: string): Promise<VpcChannelWire> {
    return this.http.call({
      operation: "ShowVpcChannel",
      request: { method: "GET", path: `${channelsPath(this.projectId, instanceId)}/${id}`, query: [], headers: {} },
      schema: VpcChannelWireSchema,
    });
  }

  updateVpcChannel(instanceId: string, id: string, body: VpcChannelBody): Promise<VpcChannelWire> {
    return this.http.call({
      operation: "UpdateVpcChannel",
      request: {
        method: "PUT",
        path: `${channelsPath(this.projectId, instanceId)}/${id}`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(body),
      },
      schema: VpcChannelWireSchema,
    });
  }

  async deleteVpcChannel(instanceId: string, id: string): Promise<void> {
    await this.http.call({
      operation: "DeleteVpcChannel",
      request: { method: "DELETE", path: `${channelsPath(this.projectId, instanceId)}/${id}`, query: [], headers: {} },
      schema: z.unknown(),
    });
  }

  // Member and member-group sub-APIs: each touches only what it names, so stacks sharing a channel never overwrite
  // each other (the channel PUT replaces every member and group).

  /** Every member of a channel (all pages), optionally of one group. */
  async listMembers(instanceId: string, id: string, filter: { groupId?: string } = {}): Promise<MemberWire[]> {
    const query: Array<[string, string]> = filter.groupId ? [["member_group_id", filter.groupId]] : [];
    const path = `${channelsPath(this.projectId, instanceId)}/${id}/members`;
    return this.pages("ListBackendInstances", path, query, MemberListWireSchema, (p) => p.members ?? []);
  }

  /**
   * AddBackendInstances: adds members, and updates in place a member whose address (group, host or ECS id, port)
   * exists; every field not sent is reset, so callers send whole members. An upsert: safe to re-send.
   */
  async upsertMembers(instanceId: string, id: string, members: MemberBody[]): Promise<MemberWire[]> {
    const body = await this.http.call({
      operation: "AddBackendInstances",
      request: {
        method: "POST",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/members`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify({ members }),
      },
      schema: MemberListWireSchema,
      idempotent: true,
    });
    return body.members ?? [];
  }

  async deleteMember(instanceId: string, id: string, memberId: string): Promise<void> {
    await this.http.call({
      operation: "DeleteBackendInstance",
      request: {
        method: "DELETE",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/members/${memberId}`,
        query: [],
        headers: {},
      },
      schema: z.unknown(),
    });
  }

  /** BatchEnableMembers / BatchDisableMembers: sets only the members' status. */
  async setMembersStatus(instanceId: string, id: string, memberIds: string[], enable: boolean): Promise<void> {
    await this.http.call({
      operation: enable ? "BatchEnableMembers" : "BatchDisableMembers",
      request: {
        method: "POST",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/members/batch-${enable ? "enable" : "disable"}`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify({ member_ids: memberIds }),
      },
      schema: z.unknown(),
      idempotent: true,
    });
  }

  async listMemberGroups(instanceId: string, id: string): Promise<MemberGroupWire[]> {
    const path = `${channelsPath(this.projectId, instanceId)}/${id}/member-groups`;
    return this.pages("ListMemberGroups", path, [], MemberGroupListWireSchema, (p) => p.member_groups ?? []);
  }

  /** CreateMemberGroup: adds groups, and updates in place a group whose name exists. An upsert: safe to re-send. */
  async upsertMemberGroups(instanceId: string, id: string, groups: MemberGroupBody[]): Promise<MemberGroupWire[]> {
    const body = await this.http.call({
      operation: "CreateMemberGroup",
      request: {
        method: "POST",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/member-groups`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify({ member_groups: groups }),
      },
      schema: MemberGroupListWireSchema,
      idempotent: true,
    });
    return body.member_groups ?? [];
  }

  showMemberGroup(instanceId: string, id: string, groupId: string): Promise<MemberGroupWire> {
    return this.http.call({
      operation: "ShowMemberGroup",
      request: {
        method: "GET",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/member-groups/${groupId}`,
        query: [],
        headers: {},
      },
      schema: MemberGroupWireSchema,
    });
  }

  /** UpdateMemberGroup: replaces the group's fields (same id; a new name renames it in place). */
  updateMemberGroup(instanceId: string, id: string, groupId: string, group: MemberGroupBody): Promise<MemberGroupWire> {
    return this.http.call({
      operation: "UpdateMemberGroup",
      request: {
        method: "PUT",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/member-groups/${groupId}`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(group),
      },
      schema: MemberGroupWireSchema,
    });
  }

  async deleteMemberGroup(instanceId: string, id: string, groupId: string): Promise<void> {
    await this.http.call({
      operation: "DeleteMemberGroup",
      request: {
        method: "DELETE",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/member-groups/${groupId}`,
        query: [],
        headers: {},
      },
      schema: z.unknown(),
    });
  }

  /** UpdateHealthCheck: replaces only the health check. */
  updateHealthCheck(instanceId: string, id: string, health: HealthConfigBody): Promise<HealthConfigWire> {
    return this.http.call({
      operation: "UpdateHealthCheck",
      request: {
        method: "PUT",
        path: `${channelsPath(this.projectId, instanceId)}/${id}/health-config`,
        query: [],
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(health),
      },
      schema: HealthConfigWireSchema,
    });
  }

  /** All pages of a list call (500 per page, the most the service returns). */
  private async pages<P extends { total?: number | null }, T>(
    operation: string,
    path: string,
    query: Array<[string, string]>,
    schema: z.ZodType<P>,
    items: (page: P) => T[],
  ): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page: P = await this.http.call<P>({
        operation,
        request: {
          method: "GET",
          path,
          query: [...query, ["limit", String(PAGE)], ["offset", String(offset)]],
          headers: {},
        },
        schema,
      });
      const found = items(page);
      out.push(...found);
      const total = page.total;
      if (found.length < PAGE || (typeof total === "number" && out.length >= total)) return out;
    }
  }

  /** Finds a channel by exact name (`precise_search=name`), or undefined. */
  async findVpcChannelByName(instanceId: string, name: string): Promise<{ id: string } | undefined> {
    const page = await this.http.call({
      operation: "ListVpcChannels",
      request: {
        method: "GET",
        path: channelsPath(this.projectId, instanceId),
        query: [
          ["name", name],
          ["precise_search", "name"],
          ["limit", "500"],
          ["offset", "0"],
        ],
        headers: {},
      },
      schema: VpcChannelListWireSchema,
    });
    const match = (page.vpc_channels ?? []).find((c) => c.name === name);
    return match ? { id: match.id } : undefined;
  }
}

// ---------------------------------------------------------------- client factory and errors

/** The APIG client for a channel's placement (argument > stack config > environment), with its resolved place. */
export function apigClient(
  config: ConfigSource,
  placement: { projectId?: string; region?: string },
): { client: ApigClient; projectId: string; region: string } {
  const settings = resolveHuaweiSettings(config, process.env, placement);
  const http = huaweiHttp("APIG", settings.apigEndpoint, settings.projectId, settings.auth, { policy: settings.retry });
  return { client: new ApigClient(http, settings.projectId), projectId: settings.projectId, region: settings.region };
}

/** A member or group id the channel does not have (`APIG.3024`). */
export function isMemberNotFound(err: unknown): boolean {
  return err instanceof CloudApiError && err.code === "APIG.3024";
}

/** The channel does not exist (`APIG.3023`, or a 404 other than the gateway's own `APIG.3030`). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof CloudApiError &&
    (err.code === "APIG.3023" || (err.status === 404 && err.code !== "APIG.3030" && err.code !== "APIG.3024"))
  );
}
