/**
 * APIG VPC channels held in memory, one method per API operation, no HTTP. Inputs arrive parsed
 * (schemas.ts); rules that need stored state are checked here and fail with the documented APIG codes.
 * Channels are stored in wire field names; routes.ts renders them.
 */
import { HuaweiError } from "../errors";
import { ChannelFilter, MemberGroupCreate, MemberInfo, VpcCreate, VpcHealthConfig } from "./schemas";
import {
  ChannelAnswer,
  buildGroups,
  buildHealth,
  buildMembers,
  buildMicroservice,
  Clock,
  DEFAULT_VPC_CHANNEL_QUOTA,
  MemberHealth,
  regroup,
  resolveChannelType,
  Stamps,
  stampsAt,
  StoredChannel,
  StoredGroup,
  StoredHealth,
  StoredMember,
} from "./stored";

export interface ApigSnapshot {
  seq: number;
  quota: number;
  channels: StoredChannel[];
}

// --- List helpers

function page<T>(items: T[], offset: number, limit: number): { total: number; items: T[] } {
  return { total: items.length, items: items.slice(offset, offset + limit) };
}

function matches(value: string, wanted: string | undefined, precise: boolean): boolean {
  if (wanted === undefined || wanted === "") return true;
  return precise ? value === wanted : value.toLowerCase().includes(wanted.toLowerCase());
}

/**
 * Group fields that depend on the channel: microservice fields only on microservice channels, the referenced
 * channel only on reference channels, and no group weight for NACOS sources (UpdateVpcChannel reference).
 */
function checkGroups(channelType: string, serviceType: string | undefined, groups: MemberGroupCreate[]): void {
  for (const g of groups) {
    if (channelType !== "microservice") {
      for (const field of ["microservice_version", "microservice_port", "microservice_labels"] as const) {
        if (g[field] !== undefined) throw new HuaweiError("APIG.2011", field);
      }
    }
    if (channelType !== "reference" && g.reference_vpc_channel_id !== undefined) {
      throw new HuaweiError("APIG.2011", "reference_vpc_channel_id");
    }
    if (serviceType === "NACOS" && g.member_group_weight !== undefined) {
      throw new HuaweiError("APIG.2011", "member_group_weight");
    }
  }
}

// --- State

export class VpcChannelState {
  private channels = new Map<string, StoredChannel>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private quota = DEFAULT_VPC_CHANNEL_QUOTA,
  ) {}

  createVpcChannel(scope: { projectId: string; instanceId: string }, body: VpcCreate): StoredChannel {
    const siblings = this.channelsIn(scope.instanceId);
    if (siblings.length >= this.quota) throw new HuaweiError("APIG.3109");
    if (siblings.some((c) => c.name === body.name)) throw new HuaweiError("APIG.3208");
    const channelType = resolveChannelType(body);
    if (channelType === "microservice" && !body.microservice_info) {
      throw new HuaweiError("APIG.2001", "microservice_info");
    }
    const at = stampsAt(this.clock);
    const draft: StoredChannel = {
      id: at.newId(),
      seq: ++this.seq,
      project_id: scope.projectId,
      instance_id: scope.instanceId,
      name: body.name,
      port: body.port,
      balance_strategy: body.balance_strategy,
      member_type: body.member_type,
      channel_type: channelType,
      dict_code: body.dict_code ?? "",
      create_time: at.nano,
      status: 1,
      member_groups: [],
      members: [],
      in_use_apis: 0,
    };
    const channel = this.withBody(draft, body, at);
    this.channels.set(channel.id, channel);
    return channel;
  }

  showVpcChannel(instanceId: string, id: string): StoredChannel {
    const channel = this.channels.get(id);
    if (!channel || channel.instance_id !== instanceId) throw new HuaweiError("APIG.3023", id);
    return channel;
  }

  /** Full overwrite: members and groups become exactly the body's lists; the channel type never changes. */
  updateVpcChannel(instanceId: string, id: string, body: VpcCreate): StoredChannel {
    const current = this.showVpcChannel(instanceId, id);
    if (this.channelsIn(instanceId).some((c) => c.id !== id && c.name === body.name)) {
      throw new HuaweiError("APIG.3208");
    }
    const base: StoredChannel = {
      ...current,
      name: body.name,
      port: body.port,
      balance_strategy: body.balance_strategy,
      member_type: body.member_type,
      dict_code: body.dict_code ?? current.dict_code,
    };
    const channel = this.withBody(base, body, stampsAt(this.clock));
    this.channels.set(id, channel);
    return channel;
  }

  deleteVpcChannel(instanceId: string, id: string): void {
    const channel = this.showVpcChannel(instanceId, id);
    if (channel.in_use_apis > 0) throw new HuaweiError("APIG.3414");
    this.channels.delete(id);
  }

  listVpcChannels(instanceId: string, f: ChannelFilter): { total: number; items: StoredChannel[] } {
    const found = this.channelsIn(instanceId)
      .filter(
        (c) =>
          (!f.id || c.id === f.id) &&
          matches(c.name, f.name, f.precise.has("name")) &&
          (!f.dict_code || c.dict_code === f.dict_code) &&
          (!f.vpc_channel_type || c.channel_type === f.vpc_channel_type) &&
          (!f.member_host || c.members.some((m) => m.host === f.member_host)) &&
          (f.member_port === undefined || c.members.some((m) => m.port === f.member_port)) &&
          (!f.member_group_id || c.member_groups.some((g) => g.member_group_id === f.member_group_id)) &&
          (!f.member_group_name ||
            c.member_groups.some((g) =>
              matches(g.member_group_name, f.member_group_name, f.precise.has("member_group_name")),
            )),
      )
      .sort((a, b) => b.seq - a.seq);
    return page(found, f.offset, f.limit);
  }

  /** Adds members; a member whose identity already exists is updated in place (same id). */
  addBackendInstances(instanceId: string, id: string, inputs: MemberInfo[]): StoredMember[] {
    const channel = this.editable(instanceId, id);
    const built = buildMembers(channel, inputs, channel.member_groups, channel.members, stampsAt(this.clock));
    const byId = new Map(built.map((m) => [m.id, m]));
    const kept = channel.members.map((m) => byId.get(m.id) ?? m);
    const added = built.filter((m) => !channel.members.some((old) => old.id === m.id));
    this.channels.set(id, { ...channel, members: [...kept, ...added] });
    return built;
  }

  /** Overwrites all members, or only those of `groupName` when given. */
  updateBackendInstances(instanceId: string, id: string, inputs: MemberInfo[], groupName?: string): StoredMember[] {
    const channel = this.editable(instanceId, id);
    if (groupName !== undefined && !channel.member_groups.some((g) => g.member_group_name === groupName)) {
      throw new HuaweiError("APIG.2011", "member_group_name");
    }
    const inScope = (m: { member_group_name: string }) => groupName === undefined || m.member_group_name === groupName;
    const scoped = inputs.map((m) => ({ ...m, member_group_name: m.member_group_name ?? groupName }));
    if (scoped.some((m) => !inScope({ member_group_name: m.member_group_name ?? "" }))) {
      throw new HuaweiError("APIG.2011", "member_group_name");
    }
    const built = buildMembers(
      channel,
      scoped,
      channel.member_groups,
      channel.members.filter(inScope),
      stampsAt(this.clock),
    );
    this.channels.set(id, { ...channel, members: [...channel.members.filter((m) => !inScope(m)), ...built] });
    return built;
  }

  listBackendInstances(
    instanceId: string,
    id: string,
    f: { offset: number; limit: number; name?: string; member_group_name?: string; member_group_id?: string },
  ): { total: number; items: StoredMember[] } {
    const channel = this.showVpcChannel(instanceId, id);
    const found = channel.members.filter(
      (m) =>
        (matches(m.host, f.name, false) || matches(m.ecs_name, f.name, false)) &&
        (!f.member_group_name || m.member_group_name === f.member_group_name) &&
        (!f.member_group_id || m.member_group_id === f.member_group_id),
    );
    return page(found, f.offset, f.limit);
  }

  deleteBackendInstance(instanceId: string, id: string, memberId: string): void {
    const channel = this.showVpcChannel(instanceId, id);
    if (!channel.members.some((m) => m.id === memberId)) throw new HuaweiError("APIG.3024", memberId);
    this.channels.set(id, { ...channel, members: channel.members.filter((m) => m.id !== memberId) });
  }

  /** Sets the status of the listed members (1 available, 2 unavailable); every id must be one of the channel's. */
  setMembersStatus(instanceId: string, id: string, memberIds: string[], status: 1 | 2): void {
    const channel = this.editable(instanceId, id);
    const missing = memberIds.find((m) => !channel.members.some((member) => member.id === m));
    if (missing !== undefined) throw new HuaweiError("APIG.3024", missing);
    const wanted = new Set(memberIds);
    const members = channel.members.map((m) => (wanted.has(m.id) ? { ...m, status } : m));
    this.channels.set(id, { ...channel, members });
  }

  /** Upserts groups by name (the first of duplicate names wins). */
  createMemberGroup(instanceId: string, id: string, inputs: MemberGroupCreate[]): StoredGroup[] {
    const channel = this.showVpcChannel(instanceId, id);
    checkGroups(channel.channel_type, channel.microservice?.service_type, inputs);
    const built = buildGroups(inputs, channel.member_groups, stampsAt(this.clock));
    const names = new Set(built.map((g) => g.member_group_name));
    const groups = [...channel.member_groups.filter((g) => !names.has(g.member_group_name)), ...built];
    this.channels.set(id, { ...channel, member_groups: groups, members: regroup(channel.members, groups) });
    return built;
  }

  listMemberGroups(
    instanceId: string,
    id: string,
    f: { offset: number; limit: number; member_group_name?: string; dict_code?: string; precise: ReadonlySet<string> },
  ): { total: number; items: StoredGroup[] } {
    const found = this.showVpcChannel(instanceId, id).member_groups.filter(
      (g) =>
        matches(g.member_group_name, f.member_group_name, f.precise.has("member_group_name")) &&
        (!f.dict_code || g.dict_code === f.dict_code),
    );
    return page(found, f.offset, f.limit);
  }

  showMemberGroup(instanceId: string, id: string, groupId: string): StoredGroup {
    const group = this.showVpcChannel(instanceId, id).member_groups.find((g) => g.member_group_id === groupId);
    if (!group) throw new HuaweiError("APIG.3024", groupId);
    return group;
  }

  /** Replaces one group's fields (same id); members follow a rename. */
  updateMemberGroup(instanceId: string, id: string, groupId: string, input: MemberGroupCreate): StoredGroup {
    const channel = this.showVpcChannel(instanceId, id);
    checkGroups(channel.channel_type, channel.microservice?.service_type, [input]);
    const current = this.showMemberGroup(instanceId, id, groupId);
    const clash = channel.member_groups.some(
      (g) => g.member_group_id !== groupId && g.member_group_name === input.member_group_name,
    );
    if (clash) throw new HuaweiError("APIG.2011", "member_group_name");
    const updated: StoredGroup = {
      ...input,
      member_group_remark: input.member_group_remark ?? "",
      member_group_id: groupId,
      create_time: current.create_time,
      update_time: stampsAt(this.clock).nano,
    };
    const groups = channel.member_groups.map((g) => (g.member_group_id === groupId ? updated : g));
    const members = channel.members.map((m) =>
      m.member_group_id === groupId ? { ...m, member_group_name: updated.member_group_name } : m,
    );
    this.channels.set(id, { ...channel, member_groups: groups, members });
    return updated;
  }

  /**
   * Refuses a group that still has members: the reference names no code for it, so the generic parameter error is
   * answered (never a silent delete of members another stack may own).
   */
  deleteMemberGroup(instanceId: string, id: string, groupId: string): void {
    const channel = this.showVpcChannel(instanceId, id);
    this.showMemberGroup(instanceId, id, groupId);
    const members = channel.members.filter((m) => m.member_group_id === groupId).length;
    if (members > 0) {
      throw new HuaweiError("APIG.2000", `the backend server group still has ${members} backend instances`);
    }
    this.channels.set(id, {
      ...channel,
      member_groups: channel.member_groups.filter((g) => g.member_group_id !== groupId),
    });
  }

  updateHealthCheck(instanceId: string, id: string, input: VpcHealthConfig): StoredHealth {
    const channel = this.showVpcChannel(instanceId, id);
    const health = buildHealth(input, channel.health, stampsAt(this.clock));
    this.channels.set(id, { ...channel, health });
    return health;
  }

  // --- Admin (not API operations)

  findVpcChannel(id: string): StoredChannel | undefined {
    return this.channels.get(id);
  }

  setInUse(id: string, apis: number): void {
    const channel = this.channels.get(id);
    if (channel) this.channels.set(id, { ...channel, in_use_apis: apis });
  }

  /** How the channel answers reads, and its health-check result (1 available, 2 unavailable). */
  setAnswer(id: string, answer: ChannelAnswer, healthResult?: number): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    const health =
      channel.health && healthResult !== undefined ? { ...channel.health, status: healthResult } : channel.health;
    this.channels.set(id, { ...channel, answer, health });
  }

  /** Sets members' health by host or ECS id; every key must name a member of the channel. */
  setMemberHealth(id: string, health: Record<string, MemberHealth>): string[] {
    const channel = this.channels.get(id);
    if (!channel) return [];
    const known = new Set(channel.members.flatMap((m) => [m.host, m.ecs_id]));
    const unknown = Object.keys(health).filter((k) => !known.has(k));
    if (unknown.length > 0) return unknown;
    this.channels.set(id, { ...channel, member_health: { ...channel.member_health, ...health } });
    return [];
  }

  setQuota(quota: number): void {
    this.quota = quota;
  }

  snapshot(): ApigSnapshot {
    return { seq: this.seq, quota: this.quota, channels: [...this.channels.values()] };
  }

  restore(snapshot: ApigSnapshot | undefined): void {
    this.seq = snapshot?.seq ?? 0;
    this.quota = snapshot?.quota ?? this.quota;
    this.channels = new Map((snapshot?.channels ?? []).map((c) => [c.id, c]));
  }

  // --- Helpers

  private channelsIn(instanceId: string): StoredChannel[] {
    return [...this.channels.values()].filter((c) => c.instance_id === instanceId);
  }

  /** Member sub-APIs do not apply to reference channels (their members belong to the referenced channel). */
  private editable(instanceId: string, id: string): StoredChannel {
    const channel = this.showVpcChannel(instanceId, id);
    if (channel.channel_type === "reference") throw new HuaweiError("APIG.3471");
    return channel;
  }

  /** Applies a create/update body's groups, members, health check and microservice info; throws before mutating. */
  private withBody(base: StoredChannel, body: VpcCreate, at: Stamps): StoredChannel {
    const serviceType = (body.microservice_info ?? base.microservice)?.service_type;
    checkGroups(base.channel_type, serviceType, body.member_groups ?? []);
    const groups = buildGroups(body.member_groups ?? [], base.member_groups, at);
    const members =
      base.channel_type === "reference" ? [] : buildMembers(base, body.members ?? [], groups, base.members, at);
    // Only members and groups are documented as overwritten; an omitted health check is kept.
    const health = body.vpc_health_config ? buildHealth(body.vpc_health_config, base.health, at) : base.health;
    const microservice =
      base.channel_type === "microservice" && body.microservice_info
        ? buildMicroservice(body.microservice_info, base.microservice, at)
        : base.microservice;
    return { ...base, member_groups: groups, members, health, microservice };
  }
}
