/**
 * `VpcChannel` ↔ APIG wire, one block at a time, each block's `fromWire` next to its `toWire` so a new field is
 * added in one place. Reads keep what the cloud says (a name this release does not know is kept as it came);
 * writes send what the desired state holds (and, for a block it leaves out, the live block). Pure: no Pulumi, no sockets.
 */
import { emptyToUndefined, nullToUndefined, sortedRecord, withoutUndefined } from "../core/normalize";
import type {
  HealthConfigBody,
  HealthConfigWire,
  MemberBody,
  MemberGroupBody,
  MemberGroupWire,
  MemberWire,
  MicroserviceBody,
  MicroserviceWire,
  VpcChannelBody,
  VpcChannelWire,
} from "../clouds/huawei/apig";
import { oneOf, strategyCode, strategyOf } from "./args";
import { CHANNEL_TYPES, MemberType } from "./enums";
import { keyedOverLive, memberKey, overLive } from "./fields";
import { ChannelState, GroupState, HealthState, LiveChannel, MemberState, MicroserviceState } from "./state";

// ---------------------------------------------------------------- members

export const memberWire = {
  fromWire(m: MemberWire, memberType: MemberType, channelPort: number): MemberState {
    const isIp = memberType === "ip";
    return withoutUndefined({
      host: emptyToUndefined(m.host),
      // The API echoes the host as ecs_id/ecs_name for address members; they mean nothing there.
      ecsId: isIp ? undefined : emptyToUndefined(m.ecs_id),
      ecsName: isIp ? undefined : emptyToUndefined(m.ecs_name),
      port: m.port ?? channelPort,
      weight: nullToUndefined(m.weight),
      isBackup: m.is_backup ?? false,
      status: m.status === 2 ? "unavailable" : "available",
      groupName: emptyToUndefined(m.member_group_name),
      id: emptyToUndefined(m.id),
      healthStatus: emptyToUndefined(m.health_status),
    });
  },
  toWire(m: MemberState): MemberBody {
    return withoutUndefined({
      host: m.host,
      ecs_id: m.ecsId,
      ecs_name: m.ecsName,
      port: m.port,
      weight: m.weight,
      is_backup: m.isBackup,
      status: m.status === undefined ? undefined : m.status === "unavailable" ? 2 : 1,
      member_group_name: m.groupName,
    });
  },
};

// ---------------------------------------------------------------- member groups

export const groupWire = {
  fromWire(g: MemberGroupWire): GroupState {
    const labels = g.microservice_labels?.length
      ? Object.fromEntries(g.microservice_labels.map((l) => [l.label_name, l.label_value]))
      : undefined;
    return withoutUndefined({
      name: g.member_group_name,
      remark: emptyToUndefined(g.member_group_remark),
      weight: nullToUndefined(g.member_group_weight),
      microserviceVersion: emptyToUndefined(g.microservice_version),
      microservicePort: nullToUndefined(g.microservice_port),
      microserviceLabels: labels,
      referenceVpcChannelId: emptyToUndefined(g.reference_vpc_channel_id),
      id: emptyToUndefined(g.member_group_id),
    });
  },
  toWire(g: GroupState): MemberGroupBody {
    return withoutUndefined({
      member_group_name: g.name,
      member_group_remark: g.remark,
      member_group_weight: g.weight,
      microservice_version: g.microserviceVersion,
      microservice_port: g.microservicePort,
      microservice_labels: g.microserviceLabels
        ? Object.entries(g.microserviceLabels).map(([label_name, label_value]) => ({ label_name, label_value }))
        : undefined,
      reference_vpc_channel_id: g.referenceVpcChannelId,
    });
  },
};

// ---------------------------------------------------------------- health check

export const healthWire = {
  /** `prior`: the last known health check, whose values stand where the service reports none. */
  fromWire(h: HealthConfigWire, channelPort: number, prior?: Partial<HealthState>): HealthState {
    return withoutUndefined({
      protocol: h.protocol.toUpperCase(),
      path: emptyToUndefined(h.path),
      method: emptyToUndefined(h.method)?.toUpperCase() ?? "GET",
      port: h.port ? h.port : channelPort,
      thresholdNormal: h.threshold_normal,
      thresholdAbnormal: h.threshold_abnormal,
      interval: h.time_interval,
      timeout: nullToUndefined(h.timeout) ?? prior?.timeout,
      httpCodes: emptyToUndefined(h.http_code)?.replace(/\s+/g, ""),
      enableClientSsl: h.enable_client_ssl ?? false,
      id: emptyToUndefined(h.id),
      // The health-check result (1 available, 2 unavailable): an output, never an input (ShowVpcChannel reference).
      result: h.status === 1 ? "available" : h.status === 2 ? "unavailable" : undefined,
    });
  },
  toWire(h: HealthState): HealthConfigBody {
    return withoutUndefined({
      protocol: h.protocol,
      path: h.path,
      method: h.method,
      port: h.port,
      threshold_normal: h.thresholdNormal,
      threshold_abnormal: h.thresholdAbnormal,
      time_interval: h.interval,
      timeout: h.timeout,
      http_code: h.httpCodes,
      enable_client_ssl: h.enableClientSsl,
    });
  },
};

// ---------------------------------------------------------------- microservice source

export const microserviceWire = {
  /** `prior`: the last known source, whose values stand where the service reports none. */
  fromWire(ms: MicroserviceWire | null | undefined, prior?: MicroserviceState): MicroserviceState | undefined {
    const type = emptyToUndefined(ms?.service_type);
    if (!ms || !type) return undefined;
    switch (type) {
      case "CSE":
        return {
          serviceType: type,
          cse: { engineId: ms.cse_info?.engine_id ?? "", serviceId: ms.cse_info?.service_id ?? "" },
        };
      case "CCE": {
        const c = ms.cce_info;
        return {
          serviceType: type,
          cce: withoutUndefined({
            clusterId: c?.cluster_id ?? "",
            namespace: c?.namespace ?? "",
            workloadType: emptyToUndefined(c?.workload_type) ?? prior?.cce?.workloadType,
            appName: emptyToUndefined(c?.app_name),
            labelKey: emptyToUndefined(c?.label_key),
            labelValue: emptyToUndefined(c?.label_value),
          }),
        };
      }
      case "CCE_SERVICE": {
        const c = ms.cce_service_info;
        return {
          serviceType: type,
          cceService: {
            clusterId: c?.cluster_id ?? "",
            namespace: c?.namespace ?? "",
            serviceName: c?.service_name ?? "",
          },
        };
      }
      case "NACOS": {
        const n = ms.nacos_info;
        return {
          serviceType: type,
          nacos: withoutUndefined({
            namespace: emptyToUndefined(n?.namespace),
            clusterName: emptyToUndefined(n?.cluster_name),
            groupName: emptyToUndefined(n?.group_name),
            serviceName: n?.service_name ?? "",
            servers: (n?.server_config ?? []).map((s) =>
              withoutUndefined({ ipAddress: s.ip_address, port: s.port, grpcPort: nullToUndefined(s.grpc_port) }),
            ),
            user: { userName: n?.user_info?.user_name ?? "", password: n?.user_info?.password ?? "" },
          }),
        };
      }
      default:
        return undefined;
    }
  },
  toWire(ms: MicroserviceState): MicroserviceBody {
    const { cse, cce, cceService, nacos } = ms;
    return withoutUndefined({
      service_type: ms.serviceType,
      cse_info: cse ? { engine_id: cse.engineId, service_id: cse.serviceId } : undefined,
      cce_info: cce
        ? withoutUndefined({
            cluster_id: cce.clusterId,
            namespace: cce.namespace,
            workload_type: cce.workloadType,
            app_name: cce.appName,
            label_key: cce.labelKey,
            label_value: cce.labelValue,
          })
        : undefined,
      cce_service_info: cceService
        ? { cluster_id: cceService.clusterId, namespace: cceService.namespace, service_name: cceService.serviceName }
        : undefined,
      nacos_info: nacos
        ? withoutUndefined({
            namespace: nacos.namespace,
            cluster_name: nacos.clusterName,
            group_name: nacos.groupName,
            service_name: nacos.serviceName,
            server_config: nacos.servers.map((s) =>
              withoutUndefined({ ip_address: s.ipAddress, port: s.port, grpc_port: s.grpcPort }),
            ),
            user_info: { user_name: nacos.user.userName, password: nacos.user.password },
          })
        : undefined,
    });
  },
};

// ---------------------------------------------------------------- the channel

/** What was known of the channel before a read: where the service reports nothing, that stands. */
export type PriorChannel = Partial<Pick<LiveChannel, "channelType" | "healthCheck" | "microservice">>;

/**
 * The channel type the service reports: `vpc_channel_type`, else (as the reference says) the legacy `type`, which
 * tells microservice (3) from server (2) channels but not builtin from reference ones; with neither, the prior type.
 */
function channelTypeFromWire(wire: VpcChannelWire, prior: PriorChannel): string | undefined {
  const named = emptyToUndefined(wire.vpc_channel_type);
  if (named) return named;
  if (wire.type === 3) return "microservice";
  if (wire.type === 2) return prior.channelType === "reference" ? "reference" : "builtin";
  return prior.channelType;
}

/** A balance-strategy code this release has no name for is kept as the number, with a warning. */
function strategyFromWire(code: number, name: string): LiveChannel["balanceStrategy"] {
  const known = strategyOf(code);
  if (known) return known;
  console.warn(
    `[canary-mesh] VpcChannel ${name}: balance_strategy ${code} is not a code this release knows (1–4); kept as the number`,
  );
  return code;
}

const wireMemberType = (wire: VpcChannelWire): MemberType => (wire.member_type === "ip" ? "ip" : "ecs");

/** A wire member's identity (`memberKey`) in `wire`'s channel. */
export function wireMemberKey(m: MemberWire, wire: VpcChannelWire): string {
  return memberKey(memberWire.fromWire(m, wireMemberType(wire), wire.port));
}

/** The channel's live members keyed by identity, read with the channel (its member type and port). */
export function liveMembers(wire: VpcChannelWire): Record<string, MemberState> {
  const memberType = wireMemberType(wire);
  return sortedRecord(
    (wire.members ?? []).map((m) => memberWire.fromWire(m, memberType, wire.port)).map((m) => [memberKey(m), m]),
  );
}

/** Where a channel lives and what was known of it: the read keeps the placement, and the prior where the wire is silent. */
export type KnownChannel = Pick<ChannelState, "instanceId" | "projectId" | "region" | "adopt" | "adoptId"> &
  PriorChannel;

/** The live channel: full members, groups and health check, with computed fields. */
export function channelFromWire(wire: VpcChannelWire, known: KnownChannel): LiveChannel {
  const { instanceId, projectId, region, adopt, adoptId } = known;
  const channelType = channelTypeFromWire(wire, known);
  if (channelType !== undefined && !oneOf(CHANNEL_TYPES, channelType)) {
    console.warn(
      `[canary-mesh] VpcChannel ${wire.name}: vpc_channel_type ${channelType} is not one this release knows`,
    );
  }
  return withoutUndefined({
    instanceId,
    projectId,
    region,
    adopt,
    adoptId,
    name: wire.name,
    port: wire.port,
    balanceStrategy: strategyFromWire(wire.balance_strategy, wire.name),
    memberType: wireMemberType(wire),
    // Absent only when the service reports no type at all and none was known before: then nothing is compared.
    channelType,
    members: liveMembers(wire),
    memberGroups: sortedRecord((wire.member_groups ?? []).map((g) => [g.member_group_name, groupWire.fromWire(g)])),
    healthCheck: wire.vpc_health_config
      ? healthWire.fromWire(wire.vpc_health_config, wire.port, known.healthCheck)
      : undefined,
    microservice: microserviceWire.fromWire(wire.microservice_info, known.microservice),
    status: wire.status === 2 ? "abnormal" : wire.status === 1 ? "normal" : undefined,
    createTime: emptyToUndefined(wire.create_time),
  });
}

/**
 * The full create/update body. PUT overwrites everything, so blocks this resource does not manage are taken
 * from the live channel (`live`) and sent back unchanged, and fields it leaves unset carry their live values.
 */
export function toWireBody(desired: ChannelState, live?: Partial<LiveChannel>): VpcChannelBody {
  const members = keyedOverLive<MemberState>(desired.members, live?.members);
  const groups = keyedOverLive<GroupState>(desired.memberGroups, live?.memberGroups);
  const health = desired.healthCheck
    ? overLive<HealthState>(desired.healthCheck, live?.healthCheck)
    : live?.healthCheck;
  const microservice = desired.microservice ?? live?.microservice;
  return withoutUndefined({
    name: desired.name,
    port: desired.port,
    balance_strategy: strategyCode(desired.balanceStrategy),
    member_type: desired.memberType,
    vpc_channel_type: desired.channelType,
    member_groups: groups ? groups.map(groupWire.toWire) : [],
    members: desired.channelType === "reference" ? undefined : members ? members.map(memberWire.toWire) : [],
    vpc_health_config: health ? healthWire.toWire(health) : undefined,
    microservice_info: microservice ? microserviceWire.toWire(microservice) : undefined,
  });
}
