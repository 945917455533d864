/**
 * `VpcChannelMembers`, pure: a set of members owned inside a channel this resource does not own (the channel of a
 * platform stack, or one made in the console). Arguments and their schema, the desired state `check` stores, the
 * outputs, the diff and the inputs a refresh stores. Members have the same shape and identity as in `VpcChannel`
 * (`group/address:port`); the port is required, because the channel's port is not known here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { InputFailure } from "../core/errors";
import { sortedRecord, withoutUndefined } from "../core/normalize";
import { changedKeys, schemaValidator } from "../core/providerKit";
import { flag, int } from "../core/rules";
import { MemberInputSchema, VpcChannelMemberArgs } from "./args";
import { diffKeyed, IDENTITY, keyedFieldLists, memberKey, memberStatus, pickKeyed, stripComputed } from "./fields";
import { channelIdSchema, IN_CHANNEL_REPLACE_KEYS, PLACEMENT, PlacementArgs, STORED_IN_CHANNEL } from "./placement";
import type { MemberState } from "./outputs";
import { DesiredMember, DesiredMemberSchema, MemberStateSchema } from "./state";

// ---------------------------------------------------------------- public args

/** A member owned by `VpcChannelMembers`: as in `VpcChannel`, with the port required. */
export interface VpcChannelMembersMemberArgs extends Omit<VpcChannelMemberArgs, "port"> {
  /** Backend port, 0–65535 (part of the member's identity). */
  port: pulumi.Input<number>;
}

export interface VpcChannelMembersArgs extends PlacementArgs {
  /** Id of the channel the members join (owned elsewhere). Changing it replaces the resource (its members move). */
  vpcChannelId: pulumi.Input<string>;
  /**
   * The members this resource owns. Members of the channel that are not listed here (another stack's, the
   * console's) are never touched; a listed member that already exists and is not this resource's is refused
   * unless `adopt` is set. Order does not matter.
   */
  members: pulumi.Input<Array<pulumi.Input<VpcChannelMembersMemberArgs>>>;
  /** Take over listed members that already exist in the channel (after an interrupted `up`, or from the console). */
  adopt?: pulumi.Input<boolean>;
}

// ---------------------------------------------------------------- input schema

export const VpcChannelMembersInputSchema = z
  .object({
    ...PLACEMENT,
    vpcChannelId: channelIdSchema("vpcChannelId"),
    members: z
      .array(MemberInputSchema.extend({ port: int("port", 0, 65535) }), {
        required_error: "members is required (a list; [] owns none)",
        invalid_type_error: "members must be a list",
      })
      .max(10000, "members may hold at most 10000 members (a limit of this provider, not of the API)"),
    adopt: flag("adopt").optional(),
  })
  .strict();
export type VpcChannelMembersInput = z.infer<typeof VpcChannelMembersInputSchema>;

/** Rules that span fields, once the schema accepts the input. */
function crossFieldFailures(input: VpcChannelMembersInput): InputFailure[] {
  const failures: InputFailure[] = [];
  const seen = new Map<string, number>();
  input.members.forEach((m, i) => {
    const at = `members[${i}]`;
    if ((m.host === undefined) === (m.ecsId === undefined)) {
      failures.push({ property: at, reason: "set exactly one of host (ip channels) and ecsId (ecs channels)" });
    }
    if (m.ecsId !== undefined && m.ecsName === undefined) {
      failures.push({ property: `${at}.ecsName`, reason: "ecsName is required with ecsId" });
    }
    const key = memberKey(m);
    const previous = seen.get(key);
    if (previous !== undefined) {
      failures.push({ property: at, reason: `duplicates members[${previous}] (same group, address and port)` });
    } else seen.set(key, i);
  });
  return failures;
}

/** The schema, then rules that span fields; every problem at once. */
export const validateMembers = schemaValidator(
  VpcChannelMembersInputSchema,
  "VpcChannelMembersArgs",
  crossFieldFailures,
);

// ---------------------------------------------------------------- desired state and outputs

const MembersStateSchema = z.object({
  ...STORED_IN_CHANNEL,
  /** Keyed by identity; fields left unset are not managed. */
  members: z.record(DesiredMemberSchema),
});
/** Desired state: what `check` stores. */
export type MembersState = z.infer<typeof MembersStateSchema>;

export function normalizeMembers(
  input: VpcChannelMembersInput,
  resolved: { projectId: string; region: string },
): MembersState {
  const members = sortedRecord(
    input.members.map((m) => {
      const member = withoutUndefined({ ...m, status: memberStatus(m.status) }) as DesiredMember;
      return [memberKey(member), member];
    }),
  );
  return withoutUndefined({
    instanceId: input.instanceId,
    vpcChannelId: input.vpcChannelId,
    projectId: resolved.projectId,
    region: resolved.region,
    members,
    adopt: input.adopt,
  });
}

export const MembersOutputsSchema = MembersStateSchema.extend({
  /** The owned members as they are live, each with `id` and `healthStatus`. */
  members: z.record(MemberStateSchema),
  /** Identities this resource owns: the only members it ever changes or removes. */
  __owned: z.array(z.string()),
  /** Fields the user sets in its members (see `keyedFieldLists`). */
  __fields: z.record(z.array(z.string())),
});
export type MembersOutputs = z.infer<typeof MembersOutputsSchema>;

/** Replaces on a new channel or placement; otherwise compares the owned members' managed fields. */
export function diffMembers(olds: MembersOutputs, news: MembersState): { changes: boolean; replaces: string[] } {
  const replaces: string[] = changedKeys(olds, news, IN_CHANNEL_REPLACE_KEYS);
  const changed: string[] = [];
  diffKeyed("members", olds.members, news.members, changed);
  return { changes: replaces.length > 0 || changed.length > 0, replaces };
}

/** The owned members among the live ones (each with its id and health). */
export function ownedMembers(live: Record<string, MemberState>, owned: string[]): Record<string, MemberState> {
  return Object.fromEntries(owned.filter((k) => live[k]).map((k) => [k, live[k]!]));
}

/** Outputs: placement, the owned members as live, and the fields the user sets. */
export function membersOutputs(desired: MembersState, live: Record<string, MemberState>): MembersOutputs {
  const { members: wanted, ...placement } = desired;
  const owned = Object.keys(wanted);
  return { ...placement, members: ownedMembers(live, owned), __owned: owned, __fields: keyedFieldLists(wanted) };
}

/** After a refresh: the owned members as live, with only the fields the user sets. */
export function refreshedMembersInputs(outputs: MembersOutputs): Omit<MembersOutputs, "__owned" | "__fields"> {
  const { __owned: _o, __fields, ...rest } = outputs;
  return { ...rest, members: pickKeyed(stripComputed(rest.members), __fields, IDENTITY.members) };
}
