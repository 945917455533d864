/**
 * `VpcChannelMemberGroup`, pure: one member group of a channel this resource does not own, managed through the
 * member-group sub-APIs. Arguments, schema, desired state, outputs, diff and refreshed inputs. A rename updates the
 * group in place (same id, members follow), as the service does (Terraform's acceptance tests rename groups so).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { withoutUndefined } from "../core/normalize";
import { changedKeys, schemaValidator } from "../core/providerKit";
import { flag } from "../core/rules";
import { MemberGroupInputSchema, VpcChannelGroupArgs } from "./args";
import { differs } from "./fields";
import { channelIdSchema, IN_CHANNEL_REPLACE_KEYS, PLACEMENT, PlacementArgs, STORED_IN_CHANNEL } from "./placement";
import { GroupStateSchema } from "./state";

/** Arguments of the `VpcChannelMemberGroup` resource: a group as in `VpcChannel`, plus where it lives. */
export interface VpcChannelMemberGroupArgs extends VpcChannelGroupArgs, PlacementArgs {
  /** Id of the channel the group belongs to (owned elsewhere). Changing it replaces the group. */
  vpcChannelId: pulumi.Input<string>;
  /** Take over a group of the same name that already exists in the channel, instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

/** @deprecated Renamed `VpcChannelMemberGroupArgs` (every resource's arguments are `<Resource>Args`); removed in 0.4. */
export type VpcChannelMemberGroupResourceArgs = VpcChannelMemberGroupArgs;

export const MemberGroupResourceInputSchema = MemberGroupInputSchema.extend({
  ...PLACEMENT,
  vpcChannelId: channelIdSchema("vpcChannelId"),
  adopt: flag("adopt").optional(),
}).strict();

export const validateMemberGroup = schemaValidator(MemberGroupResourceInputSchema, "VpcChannelMemberGroupArgs");

const GroupFieldsSchema = GroupStateSchema.omit({ id: true });
export type GroupFields = z.infer<typeof GroupFieldsSchema>;

export const MemberGroupStateSchema = GroupFieldsSchema.extend(STORED_IN_CHANNEL);
/** Desired state: what `check` stores; group fields left unset are not managed. */
export type MemberGroupState = z.infer<typeof MemberGroupStateSchema>;

export function normalizeMemberGroup(
  input: z.infer<typeof MemberGroupResourceInputSchema>,
  resolved: { projectId: string; region: string },
): MemberGroupState {
  return withoutUndefined({ ...input, ...resolved });
}

export const MemberGroupOutputsSchema = MemberGroupStateSchema.extend({
  createTime: z.string().optional(),
  updateTime: z.string().optional(),
  /** Group fields the user sets. */
  __fields: z.array(z.string()),
});
export type MemberGroupOutputs = z.infer<typeof MemberGroupOutputsSchema>;

const PLACEMENT_KEYS = new Set<string>([...IN_CHANNEL_REPLACE_KEYS, "adopt"]);

/** The group fields of a state (no placement, and none of the engine's `__` keys such as `__provider`). */
export function groupFields(state: MemberGroupState): GroupFields {
  return Object.fromEntries(
    Object.entries(state).filter(([k]) => !PLACEMENT_KEYS.has(k) && !k.startsWith("__")),
  ) as GroupFields;
}

export function diffMemberGroup(
  olds: MemberGroupOutputs,
  news: MemberGroupState,
): { changes: boolean; replaces: string[] } {
  const replaces: string[] = changedKeys(olds, news, IN_CHANNEL_REPLACE_KEYS);
  return { changes: replaces.length > 0 || differs(olds, groupFields(news)), replaces };
}

/** After a refresh: placement and the fields the user sets, as live. */
export function refreshedMemberGroupInputs(outputs: MemberGroupOutputs): MemberGroupState {
  const { __fields, createTime: _c, updateTime: _u, ...rest } = outputs;
  return Object.fromEntries(
    Object.entries(rest).filter(([k]) => PLACEMENT_KEYS.has(k) || k === "name" || __fields.includes(k)),
  ) as MemberGroupState;
}
