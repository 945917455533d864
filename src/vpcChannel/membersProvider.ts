/**
 * `VpcChannelMembers` provider: adds, updates and removes only the members it owns, through the member sub-APIs
 * (AddBackendInstances upserts, batch enable/disable for status, DeleteBackendInstance), never the channel PUT, so
 * other stacks' and the console's members of the same channel are never touched.
 */
import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { ConflictError } from "../core/errors";
import { VpcChannelWire } from "../clouds/huawei/apig";
import { afterMembers, applyMembers, planMembers } from "./apply";
import { apigAt, ApigHints, apigStep, channelNotFound, familyKit } from "./kit";
import {
  diffMembers,
  MembersOutputs,
  MembersOutputsSchema,
  membersOutputs,
  MembersState,
  normalizeMembers,
  ownedMembers,
  refreshedMembersInputs,
  validateMembers,
} from "./members";
import type { MemberState } from "./outputs";
import { liveMembers } from "./wire";

const subject = (s: Pick<MembersState, "vpcChannelId">) => `VpcChannelMembers in channel ${s.vpcChannelId}`;

const hints = (s: Pick<MembersState, "vpcChannelId">): ApigHints => ({
  notFound: channelNotFound(s.vpcChannelId),
  "APIG.3471": "Reference channels have no members of their own: add members to the channels they reference",
});

const kit = familyKit({
  resource: "VpcChannelMembers",
  validate: validateMembers,
  normalize: normalizeMembers,
  outputs: MembersOutputsSchema,
  diff: diffMembers,
});

/** Preconditions the live channel must meet, all checked before any write. */
function checkAgainstLive(
  desired: MembersState,
  wire: VpcChannelWire,
  live: Record<string, MemberState>,
  owned: ReadonlySet<string>,
): void {
  const ip = wire.member_type === "ip";
  const groups = new Set((wire.member_groups ?? []).map((g) => g.member_group_name));
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
async function converge(desired: MembersState, owned: ReadonlySet<string>) {
  const api = apigAt(desired);
  const { instanceId, vpcChannelId } = desired;
  const wire = await api.showVpcChannel(instanceId, vpcChannelId);
  const live = liveMembers(wire);
  checkAgainstLive(desired, wire, live, owned);
  const plan = planMembers(desired.members, live, owned);
  const result = await applyMembers(api, instanceId, vpcChannelId, plan);
  return membersOutputs(desired, liveMembers(afterMembers(wire, result)));
}

/** Removes the members this resource owns, and only those. */
async function removeOwned(stored: MembersOutputs): Promise<void> {
  const api = apigAt(stored);
  const wire = await api.showVpcChannel(stored.instanceId, stored.vpcChannelId);
  await applyMembers(api, stored.instanceId, stored.vpcChannelId, planMembers({}, liveMembers(wire), stored.__owned));
}

export const vpcChannelMembersProvider = {
  check: kit.check,
  diff: kit.diff,

  create(inputs: MembersState): Promise<pulumi.dynamic.CreateResult> {
    return apigStep(hints(inputs), async () => ({
      id: `${inputs.vpcChannelId}/members-${randomBytes(4).toString("hex")}`,
      outs: await converge(inputs, new Set()),
    }));
  },

  /** The channel gone: the members are gone with it. */
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored),
      async () => {
        const wire = await apigAt(stored).showVpcChannel(stored.instanceId, stored.vpcChannelId);
        const outs = { ...stored, members: ownedMembers(liveMembers(wire), stored.__owned) };
        return { id, props: outs, inputs: refreshedMembersInputs(outs) };
      },
      () => ({}),
    );
  },

  update(id: string, olds: unknown, news: MembersState): Promise<pulumi.dynamic.UpdateResult> {
    const owned = new Set(kit.parseStored(olds, id).__owned);
    return apigStep(hints(news), async () => ({ outs: await converge(news, owned) }));
  },

  /** Removes exactly the owned members; the channel gone, they are gone with it. */
  delete(id: string, props: unknown): Promise<void> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored),
      () => removeOwned(stored),
      () => undefined,
    );
  },
};
