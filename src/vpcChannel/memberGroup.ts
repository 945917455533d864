/**
 * `VpcChannelMemberGroup`, pure: one member group of a channel this resource does not own, managed through the
 * member-group sub-APIs. Arguments, schema, desired state, outputs, diff and refreshed inputs. A rename updates the
 * group in place (same id, members follow), as the service does (Terraform's acceptance tests rename groups so).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { InputFailure } from "../core/errors";
import { withoutUndefined } from "../core/normalize";
import { flag, text } from "../core/rules";
import { HuaweiProjectIdSchema, RegionSchema } from "../core/settings";
import { schemaFailures } from "../core/unknowns";
import { MemberGroupInputSchema, VpcChannelMemberGroupArgs } from "./args";
import { differs } from "./diff";
import { GroupStateSchema } from "./state";

/** Arguments of the `VpcChannelMemberGroup` resource: a group as in `VpcChannel`, plus where it lives. */
export interface VpcChannelMemberGroupResourceArgs extends VpcChannelMemberGroupArgs {
  /** Dedicated gateway id. Changing it replaces the group. */
  instanceId: pulumi.Input<string>;
  /** Id of the channel the group belongs to (owned elsewhere). Changing it replaces the group. */
  vpcChannelId: pulumi.Input<string>;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. */
  projectId?: pulumi.Input<string>;
  /** Region; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. */
  region?: pulumi.Input<string>;
  /** Take over a group of the same name that already exists in the channel, instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

const PLACEMENT = {
  instanceId: text("instanceId", 1, 64).regex(
    /^[A-Za-z0-9_-]+$/,
    "instanceId may contain only letters, digits, - and _",
  ),
  vpcChannelId: z
    .string({ required_error: "vpcChannelId is required", invalid_type_error: "vpcChannelId must be a string" })
    .regex(/^[0-9a-f]{32}$/, "vpcChannelId must be a 32-character hexadecimal channel id"),
  projectId: HuaweiProjectIdSchema.optional(),
  region: RegionSchema.optional(),
  adopt: flag("adopt").optional(),
};

export const MemberGroupResourceInputSchema = MemberGroupInputSchema.extend(PLACEMENT).strict();
export type MemberGroupResourceInput = z.infer<typeof MemberGroupResourceInputSchema>;

export function validateMemberGroup(raw: Record<string, unknown>): {
  input?: MemberGroupResourceInput;
  failures: InputFailure[];
} {
  const { __provider: _p, ...rest } = raw;
  const parsed = MemberGroupResourceInputSchema.safeParse(rest);
  return parsed.success
    ? { input: parsed.data, failures: [] }
    : { failures: schemaFailures(parsed.error, rest, "VpcChannelMemberGroupResourceArgs") };
}

const GroupFieldsSchema = GroupStateSchema.omit({ id: true });
export type GroupFields = z.infer<typeof GroupFieldsSchema>;

export const MemberGroupStateSchema = GroupFieldsSchema.extend({
  instanceId: z.string(),
  vpcChannelId: z.string(),
  projectId: z.string(),
  region: z.string(),
  adopt: z.boolean().optional(),
});
/** Desired state: what `check` stores; group fields left unset are not managed. */
export type MemberGroupState = z.infer<typeof MemberGroupStateSchema>;

export function normalizeMemberGroup(
  input: MemberGroupResourceInput,
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

const REPLACE_FIELDS = ["instanceId", "vpcChannelId", "projectId", "region"] as const;
const PLACEMENT_KEYS = new Set([...REPLACE_FIELDS, "adopt"]);

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
  const replaces = REPLACE_FIELDS.filter((f) => news[f] !== undefined && olds[f] !== news[f]);
  return { changes: replaces.length > 0 || differs(olds, groupFields(news)), replaces };
}

/** After a refresh: placement and the fields the user sets, as live. */
export function refreshedMemberGroupInputs(outputs: MemberGroupOutputs): MemberGroupState {
  const { __fields, createTime: _c, updateTime: _u, ...rest } = outputs;
  return Object.fromEntries(
    Object.entries(rest).filter(([k]) => PLACEMENT_KEYS.has(k) || k === "name" || __fields.includes(k)),
  ) as MemberGroupState;
}
