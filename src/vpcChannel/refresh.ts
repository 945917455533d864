/**
 * What a refresh stores as a `VpcChannel`'s inputs: the live channel, limited to the blocks the resource manages and,
 * in them, to the fields the user sets. The engine shows old inputs against new ones in `preview --diff`, so an
 * unset field stored here would read as removed; a managed field that drifted reads as the change the next `up`
 * makes.
 */
import { withoutUndefined } from "../core/normalize";
import { BLOCKS, ChannelOutputs, ChannelState, COMPUTED_KEYS, FieldSets } from "./state";

/**
 * The fields the user sets in each managed block, so a refresh stores as inputs only those (a field left unset is
 * not managed, and must not read as removed in the next preview). Keyed blocks store the most common field list
 * under `*` and only the entries that differ from it, which keeps this small for any number of members.
 */
export function fieldSets(desired: Partial<ChannelState>): FieldSets {
  const keyed = (entries: Record<string, object> | undefined) => (entries ? keyedFieldLists(entries) : undefined);
  return withoutUndefined({
    members: keyed(desired.members),
    memberGroups: keyed(desired.memberGroups),
    healthCheck: desired.healthCheck ? Object.keys(desired.healthCheck).sort() : undefined,
  });
}

/** The field lists of keyed entries: the most common under `*`, and the entries that differ from it. */
export function keyedFieldLists(entries: Record<string, object>): Record<string, string[]> {
  const lists = Object.entries(entries).map(([key, entry]) => [key, Object.keys(entry).sort()] as const);
  const counts = new Map<string, number>();
  for (const [, list] of lists) counts.set(list.join(), (counts.get(list.join()) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const out: Record<string, string[]> = { "*": common ? common.split(",") : [] };
  for (const [key, list] of lists) if (list.join() !== common) out[key] = list;
  return out;
}

/** Keeps, in each entry, its identity fields and the fields its list names. */
export function pickKeyed<T extends object>(
  entries: Record<string, T>,
  lists: Record<string, string[]>,
  identity: readonly string[],
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(entries).map(([key, entry]) => [
      key,
      pick(entry, [...identity, ...(lists[key] ?? lists["*"] ?? [])]),
    ]),
  );
}

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

export function stripComputed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripComputed) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!COMPUTED_KEYS.has(k)) out[k] = stripComputed(v);
    return out as T;
  }
  return value;
}

export const IDENTITY: Record<"members" | "memberGroups", readonly string[]> = {
  members: ["host", "ecsId", "port", "groupName"],
  memberGroups: ["name"],
};

function pick<T extends object>(entry: T, fields: readonly string[]): T {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => fields.includes(k))) as T;
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
