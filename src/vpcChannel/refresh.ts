/**
 * What a refresh stores as a `VpcChannel`'s inputs: the live channel, limited to the blocks the resource manages and,
 * in them, to the fields the user sets. The engine shows old inputs against new ones in `preview --diff`, so an
 * unset field stored here would read as removed; a managed field that drifted reads as the change the next `up`
 * makes.
 */
import { withoutUndefined } from "../core/normalize";
import { COMPUTED_KEYS, FieldSets, IDENTITY, pick, pickKeyed, stripComputed } from "./fields";
import { BLOCKS, ChannelOutputs } from "./state";

/** Fields releases before 0.2 filled in with a default whether the user set them or not. */
const LEGACY_DEFAULTED = { members: ["isBackup", "status"], healthCheck: ["method", "port", "enableClientSsl"] };

/**
 * For state written before 0.2, which recorded no field lists: every live field except those 0.1 filled in with a
 * default (users rarely set them; a refresh then stores no inputs the next preview would show as removed).
 */
export function legacyFieldSets(outputs: Pick<ChannelOutputs, "members" | "memberGroups" | "healthCheck">): FieldSets {
  const fields = (entries: object[], drop: string[] = []) =>
    [...new Set(entries.flatMap((e) => Object.keys(e)))]
      .filter((k) => !drop.includes(k) && !COMPUTED_KEYS.has(k))
      .sort();
  return withoutUndefined({
    members: outputs.members ? { "*": fields(Object.values(outputs.members), LEGACY_DEFAULTED.members) } : undefined,
    memberGroups: outputs.memberGroups ? { "*": fields(Object.values(outputs.memberGroups)) } : undefined,
    healthCheck: outputs.healthCheck ? fields([outputs.healthCheck], LEGACY_DEFAULTED.healthCheck) : undefined,
  });
}

/**
 * Inputs that match the refreshed live channel, so the next preview shows the drift it will undo: the managed blocks,
 * and in them the fields the user sets (state from before 0.2 recorded no field lists: every live field).
 */
export function refreshedInputs(
  outputs: ChannelOutputs,
): Omit<ChannelOutputs, "status" | "createTime" | "__managed" | "__fields"> {
  const { status: _s, createTime: _c, __managed, __fields, ...rest } = outputs;
  const inputs = stripComputed(rest);
  for (const block of BLOCKS) if (!__managed.includes(block)) delete inputs[block];
  if (__fields?.members && inputs.members)
    inputs.members = pickKeyed(inputs.members, __fields.members, IDENTITY.members);
  if (__fields?.memberGroups && inputs.memberGroups) {
    inputs.memberGroups = pickKeyed(inputs.memberGroups, __fields.memberGroups, IDENTITY.memberGroups);
  }
  if (__fields?.healthCheck && inputs.healthCheck) inputs.healthCheck = pick(inputs.healthCheck, __fields.healthCheck);
  return inputs;
}
