/**
 * Writes to an existing channel. Members, member groups and the health check go through their own sub-APIs, so each
 * write touches only what it names and stacks sharing a channel never overwrite each other. The channel PUT, which
 * replaces every member and group, is used only for the channel's own fields and its microservice source, built from
 * a live read taken right before it. Plans are pure; `applyPlan` sends one in make-before-break order (add, then
 * remove), so a rollout step never leaves a group without backends in between.
 */
import { CloudApiError } from "../core/errors";
import { ApigClient, isMemberNotFound, MemberWire, VpcChannelWire } from "../clouds/huawei/apig";
import { differs, overLive } from "./fields";
import { groupHasMembers } from "./kit";
import {
  ChannelOutputs,
  channelOutputs,
  ChannelState,
  DesiredMember,
  GroupState,
  HealthState,
  LiveChannel,
  MemberState,
  OWN_FIELDS,
} from "./state";
import { channelFromWire, groupWire, healthWire, memberWire, toWireBody, wireMemberKey } from "./wire";

type DesiredGroup = NonNullable<ChannelState["memberGroups"]>[string];

export interface MemberPlan {
  /** Whole members (desired fields over live ones) to add, or update in place (an upsert by address). */
  upsert: MemberState[];
  /** Ids of live members whose only change is their status. */
  enable: string[];
  disable: string[];
  /** Live members to remove. */
  remove: MemberState[];
}

export interface ChannelPlan {
  /** The channel's own fields or microservice source change: one PUT carries everything. */
  put: boolean;
  groups: { upsert: GroupState[]; remove: GroupState[] };
  members: MemberPlan;
  health?: HealthState;
}

export const EMPTY_MEMBER_PLAN: MemberPlan = { upsert: [], enable: [], disable: [], remove: [] };

/**
 * The member writes that make `live` match `desired`. `removable`: the live keys this resource owns, the only ones
 * it may remove.
 */
export function planMembers(
  desired: Record<string, DesiredMember>,
  live: Record<string, MemberState>,
  removable: Iterable<string>,
): MemberPlan {
  const plan: MemberPlan = { upsert: [], enable: [], disable: [], remove: [] };
  for (const [key, want] of Object.entries(desired)) {
    const have = live[key];
    if (!have) {
      plan.upsert.push(overLive<MemberState>(want, undefined));
      continue;
    }
    const { status, ...fields } = want;
    if (differs(have, fields)) plan.upsert.push(overLive<MemberState>(want, have));
    else if (status !== undefined && status !== have.status && have.id) {
      (status === "available" ? plan.enable : plan.disable).push(have.id);
    }
  }
  for (const key of removable) {
    const have = live[key];
    if (have && !(key in desired)) plan.remove.push(have);
  }
  return plan;
}

function planGroups(desired: Record<string, DesiredGroup>, live: Record<string, GroupState>): ChannelPlan["groups"] {
  const upsert = Object.entries(desired)
    .filter(([name, want]) => !live[name] || differs(live[name], want))
    .map(([name, want]) => overLive<GroupState>(want, live[name]));
  const remove = Object.entries(live)
    .filter(([name]) => !(name in desired))
    .map(([, group]) => group);
  return { upsert, remove };
}

/** The writes that make the live channel match the desired state; only the blocks `desired` manages are touched. */
export function planChannel(desired: ChannelState, live: LiveChannel): ChannelPlan {
  const own = OWN_FIELDS.some((f) => live[f] !== desired[f]);
  const microservice = desired.microservice !== undefined && differs(live.microservice, desired.microservice);
  // A health check the channel does not have yet is added by the PUT (the sub-API updates an existing one).
  const health =
    desired.healthCheck && differs(live.healthCheck, desired.healthCheck)
      ? overLive<HealthState>(desired.healthCheck, live.healthCheck)
      : undefined;
  const put = own || microservice || (health !== undefined && !live.healthCheck);
  return {
    put,
    groups: desired.memberGroups
      ? planGroups(desired.memberGroups, live.memberGroups ?? {})
      : { upsert: [], remove: [] },
    members: desired.members
      ? planMembers(desired.members, live.members ?? {}, Object.keys(live.members ?? {}))
      : EMPTY_MEMBER_PLAN,
    health,
  };
}

export function isNoop(plan: ChannelPlan): boolean {
  const { groups, members } = plan;
  return (
    !plan.put &&
    !plan.health &&
    groups.upsert.length + groups.remove.length === 0 &&
    members.upsert.length + members.enable.length + members.disable.length + members.remove.length === 0
  );
}

/**
 * Groups the plan removes that would still have members afterwards (members this resource does not manage, such as
 * another stack's or the console's): removing them would drop those members, so the plan is refused first.
 */
export function groupsStillInUse(plan: ChannelPlan, live: LiveChannel): Array<{ name: string; members: string[] }> {
  const removed = new Set(plan.members.remove.map((m) => m.id));
  return plan.groups.remove
    .map((g) => ({
      name: g.name,
      members: Object.values(live.members ?? {})
        .filter((m) => m.groupName === g.name && !removed.has(m.id))
        .map((m) => m.host ?? m.ecsId ?? m.id ?? "?"),
    }))
    .filter((g) => g.members.length > 0);
}

/** Runs `fn` over `items`, a few at a time. */
async function eachLimited<T>(items: T[], fn: (item: T) => Promise<void>, limit = 8): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(fn));
}

/** What the gateway answered to a member plan: the members it upserted, and the ids now enabled, disabled, gone. */
export interface MemberResult {
  upserted: MemberWire[];
  enabled: string[];
  disabled: string[];
  removed: string[];
}

/** Sends a member plan: upserts, status changes, then removals (a member already gone counts as removed). */
export async function applyMembers(
  api: ApigClient,
  instanceId: string,
  id: string,
  plan: MemberPlan,
): Promise<MemberResult> {
  const upserted =
    plan.upsert.length > 0 ? await api.upsertMembers(instanceId, id, plan.upsert.map(memberWire.toWire)) : [];
  if (plan.enable.length > 0) await api.setMembersStatus(instanceId, id, plan.enable, true);
  if (plan.disable.length > 0) await api.setMembersStatus(instanceId, id, plan.disable, false);
  await eachLimited(plan.remove, async (m) => {
    await api.deleteMember(instanceId, id, m.id!).catch((err: unknown) => {
      if (!isMemberNotFound(err)) throw err;
    });
  });
  return { upserted, enabled: plan.enable, disabled: plan.disable, removed: plan.remove.map((m) => m.id!) };
}

/** `wire` with what the member writes answered: the channel as the gateway now has it, without another read. */
export function afterMembers(wire: VpcChannelWire, result: MemberResult): VpcChannelWire {
  const removed = new Set(result.removed);
  const status = new Map<string, number>([
    ...result.enabled.map((i): [string, number] => [i, 1]),
    ...result.disabled.map((i): [string, number] => [i, 2]),
  ]);
  // An upsert answers the member it added or updated in place: the same identity.
  const identity = (m: MemberWire) => wireMemberKey(m, wire);
  const answered = new Map(result.upserted.map((m) => [identity(m), m]));
  const members = (wire.members ?? [])
    .filter((m) => !m.id || !removed.has(m.id))
    .filter((m) => !answered.has(identity(m)))
    .map((m) => (m.id && status.has(m.id) ? { ...m, status: status.get(m.id)! } : m));
  return { ...wire, members: [...members, ...answered.values()] };
}

/**
 * Sends a channel plan; `live` is the read the plan was made from (the PUT carries what it does not manage).
 * Returns the channel as the answers say it now is, built on `wire` (the read `live` came from), so no read-back
 * is needed; undefined after a PUT (read it then).
 */
async function applyPlan(
  api: ApigClient,
  desired: ChannelState,
  id: string,
  live: LiveChannel,
  plan: ChannelPlan,
  wire: VpcChannelWire,
): Promise<VpcChannelWire | undefined> {
  const { instanceId } = desired;
  if (plan.put) {
    await api.updateVpcChannel(instanceId, id, toWireBody(desired, live));
    return undefined;
  }
  const groups =
    plan.groups.upsert.length > 0
      ? await api.upsertMemberGroups(instanceId, id, plan.groups.upsert.map(groupWire.toWire))
      : [];
  const members = await applyMembers(api, instanceId, id, plan.members);
  await eachLimited(plan.groups.remove, async (g) => {
    if (!g.id) return;
    await api.deleteMemberGroup(instanceId, id, g.id).catch((err: unknown) => {
      if (!(err instanceof CloudApiError && isMemberNotFound(err))) throw err;
    });
  });
  const health = plan.health ? await api.updateHealthCheck(instanceId, id, healthWire.toWire(plan.health)) : undefined;
  const gone = new Set(plan.groups.remove.map((g) => g.name));
  const upsertedNames = new Set(groups.map((g) => g.member_group_name));
  const after = afterMembers(wire, members);
  return {
    ...after,
    member_groups: [
      ...(wire.member_groups ?? []).filter(
        (g) => !gone.has(g.member_group_name ?? "") && !upsertedNames.has(g.member_group_name),
      ),
      ...groups,
    ],
    ...(health ? { vpc_health_config: health } : {}),
  };
}

/**
 * Makes the live channel match the desired state, from a fresh read: the plan, refused
 * before any write when it would drop members it does not manage, then the writes. Returns the outputs: the read
 * completed with what the writes answered, or after a PUT a read-back.
 */
export async function convergeChannel(api: ApigClient, desired: ChannelState, id: string): Promise<ChannelOutputs> {
  const show = () => api.showVpcChannel(desired.instanceId, id);
  const before = await show();
  const live = channelFromWire(before, desired);
  const plan = planChannel(desired, live);
  if (isNoop(plan)) return channelOutputs(live, desired);
  const inUse = groupsStillInUse(plan, live)[0];
  if (inUse) {
    throw groupHasMembers(
      `VpcChannel ${desired.name}`,
      `memberGroups["${inUse.name}"]`,
      inUse.members,
      " this resource does not manage (another stack's, or added in the console), and removing the group would drop them. Move or remove those members first, or keep the group in memberGroups",
    );
  }
  // Sub-API answers complete the read the plan came from; only a PUT needs a read-back.
  const after = (await applyPlan(api, desired, id, live, plan, before)) ?? (await show());
  return channelOutputs(channelFromWire(after, desired), desired);
}
