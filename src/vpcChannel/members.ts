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
import { flag, int, text } from "../core/rules";
import { HuaweiProjectIdSchema, RegionSchema } from "../core/settings";
import { schemaFailures } from "../core/unknowns";
import { MemberInputSchema, VpcChannelMemberArgs } from "./args";
import { diffKeyed } from "./diff";
import { IDENTITY, keyedFieldLists, pickKeyed, stripComputed } from "./refresh";
import { ChannelState, memberKey, memberStatus, MemberStateSchema } from "./state";

// ---------------------------------------------------------------- public args

/** A member owned by `VpcChannelMembers`: as in `VpcChannel`, with the port required. */
export interface VpcChannelMembersMemberArgs extends Omit<VpcChannelMemberArgs, "port"> {
  /** Backend port, 0–65535 (part of the member's identity). */
  port: pulumi.Input<number>;
}

export interface VpcChannelMembersArgs {
  /** Dedicated gateway id. Changing it replaces the resource (its members move). */
  instanceId: pulumi.Input<string>;
  /** Id of the channel the members join (owned elsewhere). Changing it replaces the resource (its members move). */
  vpcChannelId: pulumi.Input<string>;
  /**
   * The members this resource owns. Members of the channel that are not listed here (another stack's, the
   * console's) are never touched; a listed member that already exists and is not this resource's is refused
   * unless `adopt` is set. Order does not matter.
   */
  members: pulumi.Input<Array<pulumi.Input<VpcChannelMembersMemberArgs>>>;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. */
  projectId?: pulumi.Input<string>;
  /** Region; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. */
  region?: pulumi.Input<string>;
  /** Take over listed members that already exist in the channel (after an interrupted `up`, or from the console). */
  adopt?: pulumi.Input<boolean>;
}

// ---------------------------------------------------------------- input schema

export const VpcChannelMembersInputSchema = z
  .object({
    instanceId: text("instanceId", 1, 64).regex(
      /^[A-Za-z0-9_-]+$/,
      "instanceId may contain only letters, digits, - and _",
    ),
    vpcChannelId: z
      .string({ required_error: "vpcChannelId is required", invalid_type_error: "vpcChannelId must be a string" })
      .regex(/^[0-9a-f]{32}$/, "vpcChannelId must be a 32-character hexadecimal channel id"),
    members: z
      .array(MemberInputSchema.extend({ port: int("port", 0, 65535) }), {
        required_error: "members is required (a list; [] owns none)",
        invalid_type_error: "members must be a list",
      })
      .max(10000, "members may hold at most 10000 members (a limit of this provider, not of the API)"),
    projectId: HuaweiProjectIdSchema.optional(),
    region: RegionSchema.optional(),
    adopt: flag("adopt").optional(),
  })
  .strict();
export type VpcChannelMembersInput = z.infer<typeof VpcChannelMembersInputSchema>;

/** The schema, then rules that span fields; every problem at once. */
export function validateMembers(raw: Record<string, unknown>): {
  input?: VpcChannelMembersInput;
  failures: InputFailure[];
} {
  const { __provider: _p, ...rest } = raw;
  const parsed = VpcChannelMembersInputSchema.safeParse(rest);
  if (!parsed.success) return { failures: schemaFailures(parsed.error, rest, "VpcChannelMembersArgs") };
  const failures: InputFailure[] = [];
  const seen = new Map<string, number>();
  parsed.data.members.forEach((m, i) => {
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
  return { input: parsed.data, failures };
}

// ---------------------------------------------------------------- desired state and outputs

type DesiredMember = NonNullable<ChannelState["members"]>[string];

export interface MembersState {
  instanceId: string;
  vpcChannelId: string;
  projectId: string;
  region: string;
  /** Keyed by identity; fields left unset are not managed. */
  members: Record<string, DesiredMember>;
  adopt?: boolean;
}

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

export const MembersOutputsSchema = z.object({
  instanceId: z.string(),
  vpcChannelId: z.string(),
  projectId: z.string(),
  region: z.string(),
  /** The owned members as they are live, each with `id` and `healthStatus`. */
  members: z.record(MemberStateSchema),
  adopt: z.boolean().optional(),
  /** Identities this resource owns: the only members it ever changes or removes. */
  __owned: z.array(z.string()),
  /** Fields the user sets in its members (see `keyedFieldLists`). */
  __fields: z.record(z.array(z.string())),
});
export type MembersOutputs = z.infer<typeof MembersOutputsSchema>;

const REPLACE_FIELDS = ["instanceId", "vpcChannelId", "projectId", "region"] as const;

/** Replaces on a new channel or placement; otherwise compares the owned members' managed fields. */
export function diffMembers(olds: MembersOutputs, news: MembersState): { changes: boolean; replaces: string[] } {
  const replaces = REPLACE_FIELDS.filter((f) => news[f] !== undefined && olds[f] !== news[f]);
  const changed: string[] = [];
  diffKeyed("members", olds.members, news.members, changed);
  return { changes: replaces.length > 0 || changed.length > 0, replaces };
}

/** After a refresh: the owned members as live, with only the fields the user sets. */
export function refreshedMembersInputs(outputs: MembersOutputs): Omit<MembersOutputs, "__owned" | "__fields"> {
  const { __owned: _o, __fields, ...rest } = outputs;
  return { ...rest, members: pickKeyed(stripComputed(rest.members), __fields, IDENTITY.members) };
}

export { keyedFieldLists as memberFieldLists };
