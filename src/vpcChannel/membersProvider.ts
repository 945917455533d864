/**
 * `VpcChannelMembers` provider: adds, updates and removes only the members it owns, through the member sub-APIs
 * (AddBackendInstances upserts, batch enable/disable for status, DeleteBackendInstance), never the channel PUT, so
 * other stacks' and the console's members of the same channel are never touched.
 */
import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, ConflictError, explainCloudError, InputError } from "../core/errors";
import { resolveHuaweiPlacement } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown, formatPath } from "../core/unknowns";
import { apigClient, ApigClient, isNotFound, VpcChannelWire } from "../clouds/huawei/apig";
import { huaweiAuthHint } from "../clouds/huawei/protocol";
import { afterMembers, applyMembers, planMembers } from "./apply";
import {
  diffMembers,
  memberFieldLists,
  MembersOutputs,
  MembersOutputsSchema,
  MembersState,
  normalizeMembers,
  refreshedMembersInputs,
  validateMembers,
} from "./members";
import { memberKey, MemberState } from "./state";
import { memberWire } from "./wire";

const client = (at: Pick<MembersState, "projectId" | "region">): ApigClient =>
  apigClient(getProviderConfig(), at).client;

const subject = (s: Pick<MembersState, "vpcChannelId">) => `VpcChannelMembers in channel ${s.vpcChannelId}`;

function explain(err: unknown, s: Pick<MembersState, "vpcChannelId">): unknown {
  return explainCloudError(err, huaweiAuthHint, (e: CloudApiError) => {
    if (isNotFound(e)) {
      return e.withHint(
        `Channel ${s.vpcChannelId} does not exist on this gateway: check vpcChannelId (and instanceId, projectId, region)`,
      );
    }
    if (e.code === "APIG.3471") {
      return e.withHint("Reference channels have no members of their own: add members to the channels they reference");
    }
    return undefined;
  });
}

function parseStored(props: unknown, id: string): MembersOutputs {
  const { __provider: _p, ...raw } = (props ?? {}) as Record<string, unknown>;
  const parsed = MembersOutputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(
    `stored state of VpcChannelMembers ${id} (damaged, or not written by pulumi-canary-mesh)`,
    parsed.error.issues
      .slice(0, 5)
      .map((i) => ({ property: formatPath(i.path, true) || "(state)", reason: i.message })),
  );
}

/** The channel's live members keyed by identity, read with the channel (its member type and port). */
function liveMembers(wire: VpcChannelWire): Record<string, MemberState> {
  const memberType = wire.member_type === "ip" ? "ip" : "ecs";
  const members = (wire.members ?? []).map((m) => memberWire.fromWire(m, memberType, wire.port));
  return Object.fromEntries(members.map((m) => [memberKey(m), m]));
}

/** Preconditions the live channel must meet, all checked before any write. */
function checkAgainstLive(desired: MembersState, wire: VpcChannelWire, owned: ReadonlySet<string>): void {
  const ip = wire.member_type === "ip";
  const groups = new Set((wire.member_groups ?? []).map((g) => g.member_group_name));
  const live = liveMembers(wire);
  for (const [key, m] of Object.entries(desired.members)) {
    const at = `members["${key}"]`;
    if (ip && m.host === undefined) {
      throw new ConflictError(
        subject(desired),
        at,
        "the channel's members are given by address (memberType ip): set host, not ecsId",
      );
    }
    if (!ip && m.ecsId === undefined) {
      throw new ConflictError(
        subject(desired),
        at,
        "the channel's members are ECS instances (memberType ecs): set ecsId and ecsName, not host",
      );
    }
    if (m.groupName !== undefined && !groups.has(m.groupName)) {
      throw new ConflictError(
        subject(desired),
        `${at}.groupName`,
        `the channel has no member group "${m.groupName}" (it has: ${[...groups].sort().join(", ") || "none"}); create the group first (VpcChannelMemberGroup, or the channel's memberGroups)`,
      );
    }
    if (!owned.has(key) && live[key] && !desired.adopt) {
      throw new ConflictError(
        subject(desired),
        at,
        `the channel already has this member (id ${live[key]!.id}) and it is not this resource's: remove it from members, or set adopt: true to take it over (also the way out after an interrupted pulumi up)`,
      );
    }
  }
}

/** Writes the owned members; the outputs are the read before it completed with what the writes answered. */
async function converge(desired: MembersState, owned: ReadonlySet<string>): Promise<MembersOutputs> {
  const api = client(desired);
  const { instanceId, vpcChannelId } = desired;
  const wire = await api.showVpcChannel(instanceId, vpcChannelId);
  checkAgainstLive(desired, wire, owned);
  const plan = planMembers(desired.members, liveMembers(wire), owned);
  const result = await applyMembers(api, instanceId, vpcChannelId, plan);
  return outputs(desired, liveMembers(afterMembers(wire, result)), Object.keys(desired.members));
}

function outputs(desired: MembersState, live: Record<string, MemberState>, owned: string[]): MembersOutputs {
  const members = Object.fromEntries(owned.filter((k) => live[k]).map((k) => [k, live[k]!]));
  const { members: wanted, ...placement } = desired;
  return { ...placement, members, __owned: owned, __fields: memberFieldLists(wanted) };
}

export const vpcChannelMembersProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { input, failures } = validateMembers(news);
    if (failures.length > 0) return { failures };
    if (!input || containsUnknown(news)) return { inputs: news };
    return { inputs: normalizeMembers(input, resolveHuaweiPlacement(getProviderConfig(), process.env, input)) };
  },

  async diff(id: string, olds: unknown, news: MembersState): Promise<pulumi.dynamic.DiffResult> {
    const d = diffMembers(parseStored(olds, id), news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },

  async create(inputs: MembersState): Promise<pulumi.dynamic.CreateResult> {
    try {
      const outs = await converge(inputs, new Set());
      return { id: `${inputs.vpcChannelId}/members-${randomBytes(4).toString("hex")}`, outs };
    } catch (err) {
      throw explain(err, inputs);
    }
  },

  async read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = parseStored(props, id);
    let wire: VpcChannelWire;
    try {
      wire = await client(stored).showVpcChannel(stored.instanceId, stored.vpcChannelId);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw explain(err, stored);
    }
    const live = liveMembers(wire);
    const members = Object.fromEntries(stored.__owned.filter((k) => live[k]).map((k) => [k, live[k]!]));
    const outs: MembersOutputs = { ...stored, members };
    return { id, props: outs, inputs: refreshedMembersInputs(outs) };
  },

  async update(id: string, olds: unknown, news: MembersState): Promise<pulumi.dynamic.UpdateResult> {
    try {
      return { outs: await converge(news, new Set(parseStored(olds, id).__owned)) };
    } catch (err) {
      throw explain(err, news);
    }
  },

  async delete(id: string, props: unknown): Promise<void> {
    const stored = parseStored(props, id);
    const api = client(stored);
    try {
      const wire = await api.showVpcChannel(stored.instanceId, stored.vpcChannelId);
      const plan = planMembers({}, liveMembers(wire), stored.__owned);
      await applyMembers(api, stored.instanceId, stored.vpcChannelId, plan);
    } catch (err) {
      if (isNotFound(err)) return; // the channel is gone, and its members with it
      throw explain(err, stored);
    }
  },
};
