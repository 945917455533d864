/**
 * Pure planning for `VpcChannel`: validation beyond the schema, normalisation (members and groups keyed by a
 * stable identity, documented defaults filled in), wire conversion both ways, and the diff that decides
 * update vs replace. No Pulumi, no sockets.
 *
 * Members and groups are stored as maps keyed by identity (`stable/10.0.0.5:8080`, `canary`), so reordering
 * code is no change and `pulumi preview --diff` names exactly the member that changed.
 */
import { InputFailure } from "../core/errors";
import { containsUnknown, schemaFailures, UNKNOWN } from "../core/unknowns";
import type {
  HealthConfigWire,
  MemberGroupWire,
  MemberWire,
  MicroserviceWire,
  VpcChannelBody,
  VpcChannelWire,
} from "../clouds/huawei/apig";
import {
  BALANCE_STRATEGIES,
  BalanceStrategy,
  HealthCheckInput,
  MemberGroupInput,
  MemberInput,
  MicroserviceInput,
  VpcChannelInput,
  VpcChannelInputSchema,
} from "./args";

/** The engine's preview placeholder, defined in `core/unknowns`; re-exported for existing importers (tests). */
export { UNKNOWN };

export type ChannelType = "builtin" | "microservice" | "reference";

export interface MemberState {
  host?: string;
  ecsId?: string;
  ecsName?: string;
  port: number;
  weight?: number;
  isBackup: boolean;
  status: "available" | "unavailable";
  groupName?: string;
  /** Computed: member id. */
  id?: string;
  /** Computed: `unknown`, `healthy` or `unhealthy`. */
  healthStatus?: string;
}

export interface GroupState {
  name: string;
  remark?: string;
  weight?: number;
  microserviceVersion?: string;
  microservicePort?: number;
  microserviceLabels?: Record<string, string>;
  referenceVpcChannelId?: string;
  /** Computed: group id. */
  id?: string;
}

export interface HealthState {
  protocol: "TCP" | "HTTP" | "HTTPS";
  path?: string;
  method: "GET" | "HEAD";
  port: number;
  thresholdNormal: number;
  thresholdAbnormal: number;
  interval: number;
  timeout: number;
  httpCodes?: string;
  enableClientSsl: boolean;
  status: "enabled" | "disabled";
  /** Computed: health-check id. */
  id?: string;
}

export type MicroserviceState = MicroserviceInput;

export type Block = "members" | "memberGroups" | "healthCheck" | "microservice";
export const BLOCKS: readonly Block[] = ["members", "memberGroups", "healthCheck", "microservice"];

/** Normalised desired state: what `check()` returns and the engine stores as inputs. */
export interface ChannelState {
  instanceId: string;
  projectId: string;
  region: string;
  name: string;
  port: number;
  balanceStrategy: BalanceStrategy;
  memberType: "ip" | "ecs";
  channelType: ChannelType;
  members?: Record<string, MemberState>;
  memberGroups?: Record<string, GroupState>;
  healthCheck?: HealthState;
  microservice?: MicroserviceState;
  adopt?: boolean;
  adoptId?: string;
}

/** What create/update/read return: the live channel, plus computed fields and which blocks are managed. */
export interface ChannelOutputs extends ChannelState {
  status?: "normal" | "abnormal";
  createTime?: string;
  /** Blocks this resource manages (hidden from diffs by its `__` prefix). */
  __managed: Block[];
}

const REPLACE_FIELDS = ["instanceId", "projectId", "region", "channelType"] as const;
const UPDATE_FIELDS = ["name", "port", "balanceStrategy", "memberType"] as const;
const COMPUTED_KEYS = new Set(["id", "healthStatus"]);

// ---------------------------------------------------------------- validation

export function memberKey(m: { host?: string; ecsId?: string; port?: number; groupName?: string }): string {
  const address = m.ecsId ?? m.host ?? "";
  return `${m.groupName ? `${m.groupName}/` : ""}${address}:${m.port}`;
}

export interface ValidationResult {
  input?: VpcChannelInput;
  failures: InputFailure[];
}

/**
 * Validates raw inputs: the schema, then rules that span fields. Problems under a value that is unknown during
 * preview are not reported (the value is checked again once known).
 */
export function validateChannel(raw: Record<string, unknown>): ValidationResult {
  const { __provider: _p, ...rest } = raw;
  const parsed = VpcChannelInputSchema.safeParse(rest);
  if (!parsed.success) {
    return { failures: schemaFailures(parsed.error, rest, "VpcChannelArgs") };
  }
  const input = parsed.data;
  return { input, failures: crossFieldFailures(input) };
}

function channelTypeOf(input: VpcChannelInput): ChannelType {
  if (input.channelType) return input.channelType;
  return input.type === 3 ? "microservice" : "builtin";
}

function crossFieldFailures(input: VpcChannelInput): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const channelType = channelTypeOf(input);
  const memberType = input.memberType ?? "ecs";
  if (input.type !== undefined && input.channelType !== undefined) {
    fail("type", "type conflicts with channelType: set only channelType (type is the legacy form)");
  }
  if (input.adopt && input.adoptId) fail("adoptId", "adoptId and adopt: true are alternatives; set one");
  const nacos = input.microservice?.serviceType === "NACOS";
  if (input.microservice && channelType !== "microservice") {
    fail("microservice", `microservice is allowed only when channelType is microservice (it is ${channelType})`);
  }
  if (channelType === "microservice" && !input.microservice) {
    fail("microservice", "microservice is required when channelType is microservice");
  }

  const groupNames = new Set<string>();
  (input.memberGroups ?? []).forEach((g: MemberGroupInput, i) => {
    const at = `memberGroups[${i}]`;
    if (groupNames.has(g.name)) fail(`${at}.name`, `group name "${g.name}" is used twice; group names must be unique`);
    groupNames.add(g.name);
    if (nacos && g.weight !== undefined)
      fail(`${at}.weight`, "group weight cannot be set for NACOS microservice channels");
    if (channelType !== "microservice") {
      for (const k of ["microserviceVersion", "microservicePort", "microserviceLabels"] as const) {
        if (g[k] !== undefined) fail(`${at}.${k}`, `${k} is allowed only when channelType is microservice`);
      }
    }
    if (g.referenceVpcChannelId !== undefined && channelType !== "reference") {
      fail(`${at}.referenceVpcChannelId`, "referenceVpcChannelId is allowed only when channelType is reference");
    }
  });

  const seen = new Map<string, number>();
  (input.members ?? []).forEach((m: MemberInput, i) => {
    const at = `members[${i}]`;
    if (memberType === "ip") {
      if (!m.host) fail(`${at}.host`, 'host is required when memberType is "ip"');
      if (m.ecsId !== undefined || m.ecsName !== undefined)
        fail(`${at}.ecsId`, 'ecsId and ecsName are only for memberType "ecs"');
    } else {
      if (!m.ecsId)
        fail(
          `${at}.ecsId`,
          'ecsId is required when memberType is "ecs" (the default); set memberType: "ip" for members given by address',
        );
      if (!m.ecsName) fail(`${at}.ecsName`, 'ecsName is required when memberType is "ecs"');
    }
    if (m.groupName !== undefined && input.memberGroups !== undefined && !groupNames.has(m.groupName)) {
      fail(`${at}.groupName`, `group "${m.groupName}" is not one of memberGroups`);
    }
    const key = memberKey({ ...m, port: m.port ?? input.port });
    const previous = seen.get(key);
    if (previous !== undefined)
      fail(at, `duplicates members[${previous}] (same group, ${memberType === "ip" ? "host" : "ecsId"} and port)`);
    else seen.set(key, i);
  });
  if (channelType === "reference" && input.members && input.members.length > 0) {
    fail("members", "members are not used by reference channels; list the referenced channels in memberGroups");
  }
  return failures;
}

// ---------------------------------------------------------------- normalisation

function toStrategy(value: VpcChannelInput["balanceStrategy"]): BalanceStrategy {
  if (value === undefined) return "roundRobin";
  return typeof value === "number" ? BALANCE_STRATEGIES[value - 1]! : value;
}

const sortedRecord = <T>(entries: Array<[string, T]>): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function normalizeHealth(hc: HealthCheckInput, channelPort: number): HealthState {
  return dropUndefined({
    protocol: hc.protocol,
    path: hc.path,
    method: hc.method ?? "GET",
    port: hc.port ? hc.port : channelPort,
    thresholdNormal: hc.thresholdNormal,
    thresholdAbnormal: hc.thresholdAbnormal,
    interval: hc.interval,
    timeout: hc.timeout,
    httpCodes: hc.httpCodes?.replace(/\s+/g, ""),
    enableClientSsl: hc.enableClientSsl ?? false,
    status: hc.status === 2 || hc.status === "disabled" ? "disabled" : "enabled",
  });
}

/** Validated input → normalised desired state. */
export function normalizeChannel(
  input: VpcChannelInput,
  resolved: { projectId: string; region: string },
): ChannelState {
  const state: ChannelState = {
    instanceId: input.instanceId,
    projectId: resolved.projectId,
    region: resolved.region,
    name: input.name,
    port: input.port,
    balanceStrategy: toStrategy(input.balanceStrategy),
    memberType: input.memberType ?? "ecs",
    channelType: channelTypeOf(input),
  };
  if (input.memberGroups) {
    state.memberGroups = sortedRecord(input.memberGroups.map((g) => [g.name, dropUndefined({ ...g })]));
  }
  if (input.members) {
    state.members = sortedRecord(
      input.members.map((m) => {
        const member: MemberState = dropUndefined({
          host: m.host,
          ecsId: m.ecsId,
          ecsName: m.ecsName,
          port: m.port ?? input.port,
          weight: m.weight,
          isBackup: m.isBackup ?? false,
          status: m.status === 2 || m.status === "unavailable" ? "unavailable" : "available",
          groupName: m.groupName,
        });
        return [memberKey(member), member];
      }),
    );
  }
  if (input.healthCheck) state.healthCheck = normalizeHealth(input.healthCheck, input.port);
  if (input.microservice) state.microservice = input.microservice;
  if (input.adopt !== undefined) state.adopt = input.adopt;
  if (input.adoptId !== undefined) state.adoptId = input.adoptId;
  return state;
}

// ---------------------------------------------------------------- wire → state

const nonEmpty = (s: string | null | undefined): string | undefined =>
  s === null || s === undefined || s === "" ? undefined : s;

function memberFromWire(m: MemberWire, memberType: "ip" | "ecs", channelPort: number): MemberState {
  const isIp = memberType === "ip";
  return dropUndefined({
    host: nonEmpty(m.host),
    // The API echoes the host as ecs_id/ecs_name for address members; they mean nothing there.
    ecsId: isIp ? undefined : nonEmpty(m.ecs_id),
    ecsName: isIp ? undefined : nonEmpty(m.ecs_name),
    port: m.port ?? channelPort,
    weight: m.weight ?? undefined,
    isBackup: m.is_backup ?? false,
    status: m.status === 2 ? "unavailable" : "available",
    groupName: nonEmpty(m.member_group_name),
    id: nonEmpty(m.id),
    healthStatus: nonEmpty(m.health_status),
  });
}

function groupFromWire(g: MemberGroupWire): GroupState {
  const labels = g.microservice_labels?.length
    ? Object.fromEntries(g.microservice_labels.map((l) => [l.label_name, l.label_value]))
    : undefined;
  return dropUndefined({
    name: g.member_group_name,
    remark: nonEmpty(g.member_group_remark),
    weight: g.member_group_weight ?? undefined,
    microserviceVersion: nonEmpty(g.microservice_version),
    microservicePort: g.microservice_port ?? undefined,
    microserviceLabels: labels,
    referenceVpcChannelId: nonEmpty(g.reference_vpc_channel_id),
    id: nonEmpty(g.member_group_id),
  });
}

function healthFromWire(h: HealthConfigWire, channelPort: number): HealthState {
  const protocol = h.protocol.toUpperCase() as HealthState["protocol"];
  return dropUndefined({
    protocol,
    path: nonEmpty(h.path),
    method: (nonEmpty(h.method)?.toUpperCase() ?? "GET") as HealthState["method"],
    port: h.port ? h.port : channelPort,
    thresholdNormal: h.threshold_normal,
    thresholdAbnormal: h.threshold_abnormal,
    interval: h.time_interval,
    timeout: h.timeout ?? 0,
    httpCodes: nonEmpty(h.http_code)?.replace(/\s+/g, ""),
    enableClientSsl: h.enable_client_ssl ?? false,
    status: h.status === 2 ? "disabled" : "enabled",
    id: nonEmpty(h.id),
  });
}

function microserviceFromWire(ms: MicroserviceWire | null | undefined): MicroserviceState | undefined {
  const type = nonEmpty(ms?.service_type);
  if (!ms || !type) return undefined;
  switch (type) {
    case "CSE":
      return {
        serviceType: "CSE",
        cse: { engineId: ms.cse_info?.engine_id ?? "", serviceId: ms.cse_info?.service_id ?? "" },
      };
    case "CCE":
      return {
        serviceType: "CCE",
        cce: dropUndefined({
          clusterId: ms.cce_info?.cluster_id ?? "",
          namespace: ms.cce_info?.namespace ?? "",
          workloadType: (ms.cce_info?.workload_type ?? "deployment") as "deployment",
          appName: nonEmpty(ms.cce_info?.app_name),
          labelKey: nonEmpty(ms.cce_info?.label_key),
          labelValue: nonEmpty(ms.cce_info?.label_value),
        }),
      };
    case "CCE_SERVICE":
      return {
        serviceType: "CCE_SERVICE",
        cceService: {
          clusterId: ms.cce_service_info?.cluster_id ?? "",
          namespace: ms.cce_service_info?.namespace ?? "",
          serviceName: ms.cce_service_info?.service_name ?? "",
        },
      };
    case "NACOS": {
      const n = ms.nacos_info;
      return {
        serviceType: "NACOS",
        nacos: dropUndefined({
          namespace: nonEmpty(n?.namespace),
          clusterName: nonEmpty(n?.cluster_name),
          groupName: nonEmpty(n?.group_name),
          serviceName: n?.service_name ?? "",
          servers: (n?.server_config ?? []).map((s) =>
            dropUndefined({ ipAddress: s.ip_address, port: s.port, grpcPort: s.grpc_port ?? undefined }),
          ),
          user: { userName: n?.user_info?.user_name ?? "", password: n?.user_info?.password ?? "" },
        }),
      };
    }
    default:
      return undefined;
  }
}

const STRATEGY_BY_CODE: Record<number, BalanceStrategy> = {
  1: "roundRobin",
  2: "leastConnections",
  3: "sourceHash",
  4: "uriHash",
};

/** The live channel as state: full members, groups and health check, with computed fields. */
export function channelFromWire(
  wire: VpcChannelWire,
  base: Pick<ChannelState, "instanceId" | "projectId" | "region" | "adopt" | "adoptId">,
): Omit<ChannelOutputs, "__managed"> {
  const memberType = wire.member_type === "ip" ? "ip" : "ecs";
  const channelType: ChannelType =
    (nonEmpty(wire.vpc_channel_type) as ChannelType | undefined) ?? (wire.type === 3 ? "microservice" : "builtin");
  const members = (wire.members ?? []).map((m) => memberFromWire(m, memberType, wire.port));
  return dropUndefined({
    ...base,
    name: wire.name,
    port: wire.port,
    balanceStrategy: STRATEGY_BY_CODE[wire.balance_strategy] ?? "roundRobin",
    memberType,
    channelType,
    members: sortedRecord(members.map((m) => [memberKey(m), m])),
    memberGroups: sortedRecord((wire.member_groups ?? []).map((g) => [g.member_group_name, groupFromWire(g)])),
    healthCheck: wire.vpc_health_config ? healthFromWire(wire.vpc_health_config, wire.port) : undefined,
    microservice: microserviceFromWire(wire.microservice_info),
    status: wire.status === 2 ? ("abnormal" as const) : wire.status === 1 ? ("normal" as const) : undefined,
    createTime: nonEmpty(wire.create_time),
  });
}

// ---------------------------------------------------------------- state → wire

function memberToWire(m: MemberState): Record<string, unknown> {
  return dropUndefined({
    host: m.host,
    ecs_id: m.ecsId,
    ecs_name: m.ecsName,
    port: m.port,
    weight: m.weight,
    is_backup: m.isBackup,
    status: m.status === "unavailable" ? 2 : 1,
    member_group_name: m.groupName,
  });
}

function groupToWire(g: GroupState): Record<string, unknown> {
  return dropUndefined({
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
}

function healthToWire(h: HealthState): Record<string, unknown> {
  return dropUndefined({
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
    status: h.status === "disabled" ? 2 : 1,
  });
}

function microserviceToWire(ms: MicroserviceState): Record<string, unknown> {
  return dropUndefined({
    service_type: ms.serviceType,
    cse_info: ms.cse ? { engine_id: ms.cse.engineId, service_id: ms.cse.serviceId } : undefined,
    cce_info: ms.cce
      ? dropUndefined({
          cluster_id: ms.cce.clusterId,
          namespace: ms.cce.namespace,
          workload_type: ms.cce.workloadType,
          app_name: ms.cce.appName,
          label_key: ms.cce.labelKey,
          label_value: ms.cce.labelValue,
        })
      : undefined,
    cce_service_info: ms.cceService
      ? {
          cluster_id: ms.cceService.clusterId,
          namespace: ms.cceService.namespace,
          service_name: ms.cceService.serviceName,
        }
      : undefined,
    nacos_info: ms.nacos
      ? dropUndefined({
          namespace: ms.nacos.namespace,
          cluster_name: ms.nacos.clusterName,
          group_name: ms.nacos.groupName,
          service_name: ms.nacos.serviceName,
          server_config: ms.nacos.servers.map((s) =>
            dropUndefined({ ip_address: s.ipAddress, port: s.port, grpc_port: s.grpcPort }),
          ),
          user_info: { user_name: ms.nacos.user.userName, password: ms.nacos.user.password },
        })
      : undefined,
  });
}

/**
 * The full create/update body. PUT overwrites everything, so blocks this resource does not manage are taken
 * from the live channel (`live`) and sent back unchanged.
 */
export function toWireBody(desired: ChannelState, live?: Partial<ChannelState>): VpcChannelBody {
  const members = desired.members ?? live?.members;
  const groups = desired.memberGroups ?? live?.memberGroups;
  const health = desired.healthCheck ?? live?.healthCheck;
  const microservice = desired.microservice ?? live?.microservice;
  const strategyCode = BALANCE_STRATEGIES.indexOf(desired.balanceStrategy) + 1;
  return dropUndefined({
    name: desired.name,
    port: desired.port,
    balance_strategy: strategyCode,
    member_type: desired.memberType,
    vpc_channel_type: desired.channelType,
    member_groups: groups ? Object.values(groups).map(groupToWire) : [],
    members: desired.channelType === "reference" ? undefined : members ? Object.values(members).map(memberToWire) : [],
    vpc_health_config: health ? healthToWire(health) : undefined,
    microservice_info: microservice ? microserviceToWire(microservice) : undefined,
  });
}

// ---------------------------------------------------------------- diff

export interface ChannelDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Human-readable property paths that differ (for logs and tests). */
  changed: string[];
}

/** Compares `desired` fields that are set against `actual`; computed fields never count. */
function diffEntry(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  if (desired === UNKNOWN) {
    out.push(path);
    return;
  }
  if (desired !== null && typeof desired === "object" && !Array.isArray(desired)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(desired)) {
      if (!COMPUTED_KEYS.has(k)) diffEntry(path ? `${path}.${k}` : k, (actual as Record<string, unknown>)[k], v, out);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) {
      out.push(path);
      return;
    }
    desired.forEach((v, i) => diffEntry(`${path}[${i}]`, actual[i], v, out));
    return;
  }
  if (actual !== desired) out.push(path);
}

/** Compares two keyed maps: keys added or removed, then each entry's managed fields. */
function diffKeyed(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  if (desired === UNKNOWN || containsUnknown(desired) || Array.isArray(desired)) {
    out.push(path);
    return;
  }
  const a = (actual && typeof actual === "object" ? actual : {}) as Record<string, unknown>;
  const d = desired as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in d)) out.push(`${path}["${key}"]`);
  for (const [key, value] of Object.entries(d)) {
    if (!(key in a)) out.push(`${path}["${key}"]`);
    else diffEntry(`${path}["${key}"]`, a[key], value, out);
  }
}

/**
 * `olds` are the last known live outputs (after refresh: the refreshed ones), `news` the desired inputs.
 * Only what the user manages counts; blocks left out of `news` are not managed.
 */
export function diffChannel(olds: Partial<ChannelOutputs>, news: Partial<ChannelState>): ChannelDiff {
  const replaces: string[] = [];
  for (const field of REPLACE_FIELDS) {
    const desired = news[field];
    if (desired === undefined) continue;
    if (desired === UNKNOWN || (olds[field] !== undefined && olds[field] !== desired)) replaces.push(field);
  }
  const changed: string[] = [...replaces];
  for (const field of UPDATE_FIELDS) diffEntry(field, olds[field], news[field], changed);
  diffKeyed("members", olds.members, news.members, changed);
  diffKeyed("memberGroups", olds.memberGroups, news.memberGroups, changed);
  diffEntry("healthCheck", olds.healthCheck, news.healthCheck, changed);
  diffEntry("microservice", olds.microservice, news.microservice, changed);
  const sameName = news.name !== UNKNOWN && news.name === olds.name;
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameName,
    changed,
  };
}

// ---------------------------------------------------------------- outputs and refreshed inputs

/** Blocks present in the desired state are the ones this resource manages. */
export function managedBlocks(desired: Partial<ChannelState>): Block[] {
  return BLOCKS.filter((b) => desired[b] !== undefined);
}

/**
 * Outputs from the live channel. A NACOS password is never returned by reads, so the desired one is kept
 * (the block is stored as a secret).
 */
export function toOutputs(
  live: Omit<ChannelOutputs, "__managed">,
  desired: Partial<ChannelState>,
  managed: Block[],
): ChannelOutputs {
  const out: ChannelOutputs = { ...live, __managed: managed };
  for (const key of ["adopt", "adoptId"] as const) if (desired[key] !== undefined) out[key] = desired[key] as never;
  const password = desired.microservice?.nacos?.user.password;
  if (out.microservice?.nacos && password && !out.microservice.nacos.user.password) {
    out.microservice = {
      ...out.microservice,
      nacos: { ...out.microservice.nacos, user: { ...out.microservice.nacos.user, password } },
    };
  }
  return out;
}

function stripComputed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripComputed) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !COMPUTED_KEYS.has(k))
        .map(([k, v]) => [k, stripComputed(v)]),
    ) as T;
  }
  return value;
}

/** Inputs that match the refreshed live channel, so the next preview shows the drift it will undo. */
export function refreshedInputs(outputs: ChannelOutputs): ChannelState {
  const { status: _s, createTime: _c, __managed, ...rest } = outputs;
  const inputs = stripComputed(rest) as ChannelState;
  for (const block of BLOCKS) if (!__managed.includes(block)) delete inputs[block];
  return inputs;
}
