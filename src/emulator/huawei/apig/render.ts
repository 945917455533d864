/**
 * APIG response shapes, in the field order and types of the ShowVpcChannel / CreateVpcChannel / UpdateVpcChannel
 * examples, and the reverse (stored channel → request body) that an admin console edit starts from.
 */
import { withoutUndefined } from "../../../core/normalize";
import { StoredChannel, StoredGroup, StoredHealth, StoredMember } from "./stored";

/** Legacy numeric type: 2 server, 3 microservice (reference channels report 2; the docs are silent). */
function legacyType(channel: StoredChannel): number {
  return channel.channel_type === "microservice" ? 3 : 2;
}

export function renderGroup(g: StoredGroup): Record<string, unknown> {
  return withoutUndefined({
    member_group_id: g.member_group_id,
    member_group_name: g.member_group_name,
    member_group_weight: g.member_group_weight,
    member_group_remark: g.member_group_remark,
    dict_code: g.dict_code,
    create_time: g.create_time,
    update_time: g.update_time,
    microservice_version: g.microservice_version,
    microservice_port: g.microservice_port,
    microservice_labels: g.microservice_labels,
    reference_vpc_channel_id: g.reference_vpc_channel_id,
  });
}

export function renderMember(channel: StoredChannel, m: StoredMember): Record<string, unknown> {
  return {
    host: m.host,
    weight: m.weight,
    is_backup: m.is_backup,
    member_group_name: m.member_group_name,
    status: m.status,
    port: m.port,
    ecs_id: m.ecs_id,
    ecs_name: m.ecs_name,
    id: m.id,
    vpc_channel_id: channel.id,
    create_time: m.create_time,
    member_group_id: m.member_group_id,
    // No real probes run: a member's health is what the admin API set for its host or ECS id, else the
    // health-check result decides it.
    health_status:
      channel.member_health?.[m.host] ??
      channel.member_health?.[m.ecs_id] ??
      (channel.health ? (channel.health.status === 2 ? "unhealthy" : "healthy") : "unknown"),
  };
}

export function renderHealth(channel: StoredChannel, h: StoredHealth): Record<string, unknown> {
  const { id, create_time, ...config } = h;
  return { ...config, vpc_channel_id: channel.id, id, create_time };
}

function renderMicroservice(channel: StoredChannel): Record<string, unknown> {
  const ms = channel.microservice;
  const cse = {
    cse_app_id: "",
    engine_id: "",
    engine_name: "",
    register_address: "",
    service_id: "",
    service_name: "",
  };
  const cce = { cluster_id: "", cluster_name: "", namespace: "", workload_type: "", app_name: "" };
  return withoutUndefined({
    id: ms?.id ?? "",
    instance_id: ms ? channel.instance_id : "",
    service_type: ms?.service_type ?? "",
    cse_info: { ...cse, ...withoutUndefined(ms?.cse_info ?? {}) },
    cce_info: { ...cce, ...withoutUndefined(ms?.cce_info ?? {}) },
    cce_service_info: ms?.cce_service_info,
    nacos_info: ms?.nacos_info,
    create_time: ms?.create_time ?? "",
    update_time: ms?.update_time ?? "",
  });
}

/** The CreateVpcChannel / UpdateVpcChannel / list-item shape: no members, no health check. */
export function renderChannelSummary(c: StoredChannel): Record<string, unknown> {
  return {
    name: c.name,
    port: c.port,
    balance_strategy: c.balance_strategy,
    member_type: c.member_type,
    type: legacyType(c),
    vpc_channel_type: c.channel_type,
    dict_code: c.dict_code,
    create_time: c.create_time,
    id: c.id,
    status: c.status,
    member_groups: c.member_groups.map(renderGroup),
    microservice_info: renderMicroservice(c),
  };
}

/** The ShowVpcChannel shape (with the answer quirks an admin set). */
export function renderChannel(c: StoredChannel): Record<string, unknown> {
  const shown: Record<string, unknown> = withoutUndefined({
    ...renderChannelSummary(c),
    members: c.members.map((m) => renderMember(c, m)),
    vpc_health_config: c.health ? renderHealth(c, c.health) : undefined,
    ...c.answer?.extra,
  });
  for (const field of c.answer?.omit ?? []) delete shown[field];
  return shown;
}

/**
 * A console edit as an UpdateVpcChannel body: the channel as it is, with the patch's lists replacing the
 * stored ones and its other fields (health check field by field) merged in. The type never changes.
 */
export function consoleEditBody(c: StoredChannel, patch: Record<string, unknown>): Record<string, unknown> {
  const current: Record<string, unknown> = {
    name: c.name,
    port: c.port,
    balance_strategy: c.balance_strategy,
    member_type: c.member_type,
    dict_code: c.dict_code || undefined,
    member_groups: c.member_groups.map((g) => {
      const { member_group_id: _id, create_time: _c, update_time: _u, ...fields } = g;
      return fields;
    }),
    members: c.members.map((m) => {
      const { id: _id, create_time: _c, member_group_id: _g, ecs_id, ecs_name, ...fields } = m;
      // ip members echo the host as ECS id and name; only ecs members send them.
      return c.member_type === "ecs" ? { ...fields, ecs_id, ecs_name } : fields;
    }),
    vpc_health_config: c.health ? (({ id: _id, create_time: _c, ...h }) => h)(c.health) : undefined,
  };
  const { type: _t, vpc_channel_type: _v, ...edit } = patch;
  const merged = { ...current, ...edit };
  const health = edit.vpc_health_config;
  if (current.vpc_health_config && health && typeof health === "object") {
    merged.vpc_health_config = { ...(current.vpc_health_config as object), ...health };
  }
  return merged;
}
