/**
 * The fields of members, groups and health checks as every resource of the channel family treats them: a member's
 * identity, the computed fields that are never inputs, how a desired value is compared with a live one ("unset is
 * not managed"), how desired fields go over live ones in a write (a console value is never reset), and which
 * fields the user sets (what a refresh may store as inputs). Pure.
 */
import { UNKNOWN, containsUnknown } from "../core/unknowns";
import { withoutUndefined } from "../core/normalize";
import type { MemberInput } from "./args";
import type { MemberStatus } from "./enums";

// ---------------------------------------------------------------- identity and computed fields

/** A member's identity: `group/address:port` (address: ECS id, else host). */
export function memberKey(m: { host?: string; ecsId?: string; port?: number; groupName?: string }): string {
  return `${m.groupName ? `${m.groupName}/` : ""}${m.ecsId ?? m.host ?? ""}:${m.port}`;
}

/** The fields that make an entry's identity, kept in every refreshed input. */
export const IDENTITY: Record<"members" | "memberGroups", readonly string[]> = {
  members: ["host", "ecsId", "port", "groupName"],
  memberGroups: ["name"],
};

/** Computed fields inside members, groups and the health check: never compared, never inputs. */
export const COMPUTED_KEYS: ReadonlySet<string> = new Set(["id", "healthStatus", "result"]);

/** A member status name or API code (1, 2) as its name; unset stays unset (not managed). */
export function memberStatus(status: MemberInput["status"]): MemberStatus | undefined {
  if (status === undefined) return undefined;
  return status === 2 || status === "unavailable" ? "unavailable" : "available";
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

// ---------------------------------------------------------------- comparison

/** Adds to `out` the paths under `path` where a field `desired` sets differs from `actual`; computed fields never count. */
export function diffFields(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  // The APIs report an unset string as "" or leave it out: an empty desired string matches either.
  if (desired === "" && (actual === undefined || actual === null || actual === "")) return;
  if (desired === UNKNOWN) {
    out.push(path);
    return;
  }
  if (desired !== null && typeof desired === "object" && !Array.isArray(desired)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(desired)) {
      if (!COMPUTED_KEYS.has(k)) diffFields(path ? `${path}.${k}` : k, (actual as Record<string, unknown>)[k], v, out);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) {
      out.push(path);
      return;
    }
    desired.forEach((v, i) => diffFields(`${path}[${i}]`, actual[i], v, out));
    return;
  }
  if (actual !== desired) out.push(path);
}

/** True when a field `desired` sets differs from `actual` (computed fields never count; "" matches unset). */
export function differs(actual: unknown, desired: unknown): boolean {
  const out: string[] = [];
  diffFields("", actual, desired, out);
  return out.length > 0;
}

/** Compares two keyed maps: keys added or removed, then each entry's managed fields. */
export function diffKeyed(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  if (desired === UNKNOWN || containsUnknown(desired) || Array.isArray(desired) || typeof desired !== "object") {
    out.push(path);
    return;
  }
  const a = actual && typeof actual === "object" ? (actual as Record<string, unknown>) : {};
  const d = desired as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in d)) out.push(`${path}["${key}"]`);
  for (const [key, value] of Object.entries(d)) {
    if (!(key in a)) out.push(`${path}["${key}"]`);
    else diffFields(`${path}["${key}"]`, a[key], value, out);
  }
}

// ---------------------------------------------------------------- desired over live

/**
 * Desired fields over live ones: a field the user leaves unset keeps its live value, so a write never resets what
 * someone set in the console. Computed fields are dropped (they are never sent).
 */
export function overLive<T extends object>(desired: T, live: Partial<T> | undefined): T {
  const kept = Object.fromEntries(
    Object.entries(live ?? {}).filter(([k, v]) => v !== undefined && !COMPUTED_KEYS.has(k)),
  );
  return { ...kept, ...withoutUndefined(desired) } as T;
}

/** Each desired entry over the live entry with the same key; without a desired map, the live entries. */
export function keyedOverLive<T extends object>(
  desired: Record<string, T> | undefined,
  live: Record<string, T> | undefined,
): T[] | undefined {
  if (!desired) return live && Object.values(live).map((v) => overLive(v, undefined));
  return Object.entries(desired).map(([key, value]) => overLive(value, live?.[key]));
}

// ---------------------------------------------------------------- the fields the user sets

/** Per managed block, the fields the user sets (keyed blocks: see `keyedFieldLists`). */
export interface FieldSets {
  members?: Record<string, string[]>;
  memberGroups?: Record<string, string[]>;
  healthCheck?: string[];
}

/**
 * The fields the user sets in each managed block, so a refresh stores as inputs only those (a field left unset is
 * not managed, and must not read as removed in the next preview).
 */
export function fieldSets(desired: {
  members?: Record<string, object>;
  memberGroups?: Record<string, object>;
  healthCheck?: object;
}): FieldSets {
  return withoutUndefined({
    members: desired.members && keyedFieldLists(desired.members),
    memberGroups: desired.memberGroups && keyedFieldLists(desired.memberGroups),
    healthCheck: desired.healthCheck ? Object.keys(desired.healthCheck).sort() : undefined,
  });
}

/**
 * The field lists of keyed entries: the most common under `*`, and only the entries that differ from it, which
 * keeps this small for any number of members.
 */
export function keyedFieldLists(entries: Record<string, object>): Record<string, string[]> {
  const lists = Object.entries(entries).map(([key, entry]) => [key, Object.keys(entry).sort()] as const);
  const counts = new Map<string, number>();
  for (const [, list] of lists) counts.set(list.join(), (counts.get(list.join()) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const out: Record<string, string[]> = { "*": common ? common.split(",") : [] };
  for (const [key, list] of lists) if (list.join() !== common) out[key] = list;
  return out;
}

export function pick<T extends object>(entry: T, fields: readonly string[]): T {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => fields.includes(k))) as T;
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
