/**
 * The stored form of a VPC channel (wire field names) and how request bodies become it: groups keep their
 * ids by name, members keep theirs by identity, defaults are filled in as the docs state them. Pure apart
 * from the injected id source; no HTTP.
 */
import { HuaweiError } from "../errors";
import { MemberGroupCreate, MemberInfo, MicroServiceCreate, VpcCreate, VpcHealthConfig } from "./schemas";

// --- Stored shapes

export type ChannelType = "builtin" | "microservice" | "reference";

export interface StoredMember {
  id: string;
  host: string;
  weight: number;
  is_backup: boolean;
  member_group_name: string;
  member_group_id: string;
  status: number;
  port: number;
  ecs_id: string;
  ecs_name: string;
  create_time: string;
}

export type StoredGroup = Omit<MemberGroupCreate, "member_group_remark"> & {
  member_group_id: string;
  member_group_remark: string;
  create_time: string;
  update_time: string;
};

export interface StoredHealth {
  protocol: string;
  path: string;
  method: string;
  port: number;
  threshold_normal: number;
  threshold_abnormal: number;
  time_interval: number;
  http_code: string;
  enable_client_ssl: boolean;
  status: number;
  timeout: number;
  id: string;
  create_time: string;
}

export type StoredMicroservice = MicroServiceCreate & { id: string; create_time: string; update_time: string };

export interface StoredChannel {
  id: string;
  /** Creation order, for a stable list order. */
  seq: number;
  project_id: string;
  instance_id: string;
  name: string;
  port: number;
  balance_strategy: number;
  member_type: "ip" | "ecs";
  channel_type: ChannelType;
  dict_code: string;
  create_time: string;
  status: number;
  member_groups: StoredGroup[];
  members: StoredMember[];
  health?: StoredHealth;
  microservice?: StoredMicroservice;
  /** APIs bound to the channel (set through the admin API); deleting fails while > 0. */
  in_use_apis: number;
  /** How ShowVpcChannel answers besides the stored fields (admin: the quirks of the documents' examples). */
  answer?: ChannelAnswer;
  /** Members' health as the health check would report it, by host or ECS id (admin); others follow the check's result. */
  member_health?: Record<string, MemberHealth>;
}

export const MEMBER_HEALTH = ["healthy", "unhealthy", "unknown"] as const;
export type MemberHealth = (typeof MEMBER_HEALTH)[number];

export interface ChannelAnswer {
  /** Top-level fields left out of the answer (the documents' examples have no `vpc_channel_type`). */
  omit?: string[];
  /** Fields added to the answer (fields a later API version may add). */
  extra?: Record<string, unknown>;
}

export interface Clock {
  now(): Date;
  newId(): string;
}

/** Times and ids for one operation: every part it creates carries the same times, as in the docs' examples. */
export interface Stamps {
  newId(): string;
  /** RFC 3339 with nanoseconds, as channel and group times appear in the reference examples. */
  nano: string;
  /** Whole seconds, as member and health-check times appear in the ShowVpcChannel example. */
  seconds: string;
}

let tick = 0;

export function stampsAt(clock: Clock): Stamps {
  const iso = clock.now().toISOString();
  const sub = String(tick++ % 1_000_000).padStart(6, "0");
  return { newId: () => clock.newId(), nano: iso.replace(/Z$/, `${sub}Z`), seconds: iso.replace(/\.\d{3}Z$/, "Z") };
}

/** "Each user can create at most 30 VPC channels" (SDK doc comment); counted per gateway instance here. */
export const DEFAULT_VPC_CHANNEL_QUOTA = 30;
/** terraform's documented default; the API reference names none. */
export const DEFAULT_MEMBER_WEIGHT = 0;

// --- Building stored parts from request bodies

/** Stable identity of a member: address (host+port, or ECS id) plus its group. */
export function memberKey(
  type: "ip" | "ecs",
  m: { host: string; port: number; ecs_id: string; member_group_name: string },
) {
  return type === "ip" ? `ip|${m.host}|${m.port}|${m.member_group_name}` : `ecs|${m.ecs_id}|${m.member_group_name}`;
}

/** The user-settable fields of a group, for change detection. */
function groupFields(g: MemberGroupCreate): string {
  const { member_group_name, member_group_remark, member_group_weight, dict_code } = g;
  const { microservice_version, microservice_port, microservice_labels, reference_vpc_channel_id } = g;
  return JSON.stringify([
    member_group_name,
    member_group_remark ?? "",
    member_group_weight,
    dict_code,
    microservice_version,
    microservice_port,
    microservice_labels,
    reference_vpc_channel_id,
  ]);
}

export function resolveChannelType(body: VpcCreate): ChannelType {
  if (body.vpc_channel_type) return body.vpc_channel_type;
  const hasInfo = body.microservice_info !== undefined && Object.keys(body.microservice_info).length > 0;
  return body.type === 3 && hasInfo ? "microservice" : "builtin";
}

export function buildGroups(inputs: MemberGroupCreate[], existing: StoredGroup[], at: Stamps): StoredGroup[] {
  const out: StoredGroup[] = [];
  for (const input of inputs) {
    if (out.some((g) => g.member_group_name === input.member_group_name)) continue;
    const prior = existing.find((g) => g.member_group_name === input.member_group_name);
    const fields = { ...input, member_group_remark: input.member_group_remark ?? "" };
    const unchanged = prior !== undefined && groupFields(prior) === groupFields(fields);
    out.push({
      ...fields,
      member_group_id: prior?.member_group_id ?? at.newId(),
      create_time: prior?.create_time ?? at.nano,
      update_time: unchanged ? prior.update_time : at.nano,
    });
  }
  return out;
}

/** Members from a body, checked against the channel's member type and the given groups. */
export function buildMembers(
  channel: StoredChannel,
  inputs: MemberInfo[],
  groups: StoredGroup[],
  existing: StoredMember[],
  at: Stamps,
): StoredMember[] {
  const priorByKey = new Map(existing.map((m) => [memberKey(channel.member_type, m), m]));
  const out: StoredMember[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const groupName = input.member_group_name ?? "";
    const group = groups.find((g) => g.member_group_name === groupName);
    if (groupName !== "" && !group) throw new HuaweiError("APIG.2011", "member_group_name");
    if (channel.member_type === "ip" && !input.host) throw new HuaweiError("APIG.2001", "host");
    if (channel.member_type === "ecs" && !input.ecs_id) throw new HuaweiError("APIG.2001", "ecs_id");
    if (channel.member_type === "ecs" && !input.ecs_name) throw new HuaweiError("APIG.2001", "ecs_name");
    // The service reports the host as the ECS id and name of ip members, and an ECS member's private address as
    // its host (Terraform provider PR #6852 fixed a perpetual diff from exactly that echo).
    const host = channel.member_type === "ip" ? (input.host ?? "") : privateAddressOf(input.ecs_id!);
    const ecsId = channel.member_type === "ip" ? host : input.ecs_id!;
    const ecsName = channel.member_type === "ip" ? host : input.ecs_name!;
    const identity = { host, port: input.port ?? channel.port, ecs_id: ecsId, member_group_name: groupName };
    const key = memberKey(channel.member_type, identity);
    if (seen.has(key)) continue; // duplicates in one body: the first wins
    seen.add(key);
    const prior = priorByKey.get(key);
    out.push({
      id: prior?.id ?? at.newId(),
      host,
      weight: input.weight ?? group?.member_group_weight ?? DEFAULT_MEMBER_WEIGHT,
      is_backup: input.is_backup ?? false,
      member_group_name: groupName,
      member_group_id: group?.member_group_id ?? "",
      status: input.status ?? 1,
      port: identity.port,
      ecs_id: ecsId,
      ecs_name: ecsName,
      create_time: prior?.create_time ?? at.seconds,
    });
  }
  return out;
}

/** A stable private address for an ECS instance, as the service reports one for ECS members. */
export function privateAddressOf(ecsId: string): string {
  let hash = 0;
  for (const c of ecsId) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `192.168.${(hash >>> 8) & 255}.${(hash & 253) + 1}`;
}

/** Keeps members' group ids in step with their group names. */
export function regroup(members: StoredMember[], groups: StoredGroup[]): StoredMember[] {
  return members.map((m) => {
    const group = groups.find((g) => g.member_group_name === m.member_group_name);
    return group ? { ...m, member_group_id: group.member_group_id } : m;
  });
}

export function buildHealth(input: VpcHealthConfig, prior: StoredHealth | undefined, at: Stamps): StoredHealth {
  return {
    // Stored as sent: the reference examples send and show lower-case "http".
    protocol: input.protocol,
    path: input.path ?? "",
    method: (input.method ?? "GET").toUpperCase(),
    port: input.port ?? 0,
    threshold_normal: input.threshold_normal,
    threshold_abnormal: input.threshold_abnormal,
    time_interval: input.time_interval,
    http_code: input.http_code ?? "",
    enable_client_ssl: input.enable_client_ssl ?? false,
    // The health-check result, computed by the service (a request's `status` does not set it).
    status: prior?.status ?? 1,
    timeout: input.timeout,
    id: prior?.id ?? at.newId(),
    create_time: prior?.create_time ?? at.seconds,
  };
}

export function buildMicroservice(
  input: MicroServiceCreate,
  prior: StoredMicroservice | undefined,
  at: Stamps,
): StoredMicroservice {
  return { ...input, id: prior?.id ?? at.newId(), create_time: prior?.create_time ?? at.nano, update_time: at.nano };
}
