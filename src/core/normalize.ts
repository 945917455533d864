/**
 * Small pure helpers that turn tolerant wire values into the canonical forms stored in state: absent values
 * dropped (the engine's wire format has no `undefined`), `null` and `""` read as absent where the API uses them so,
 * and one code-unit ordering for every sorted list and map (canonical forms must not depend on the locale).
 */

/** A copy of `obj` without its `undefined` fields (one level). */
export function withoutUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const value = (obj as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** `value` without `undefined` at any depth (arrays keep their length: only object fields are dropped). */
export function dropUndefinedDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUndefinedDeep) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = dropUndefinedDeep(v);
    return out as T;
  }
  return value;
}

/** A wire value with `null` read as absent; `""` is kept. */
export const nullToUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** A wire string with `null` and `""` read as absent (fields the API answers empty when unset). */
export const emptyToUndefined = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === "" ? undefined : value;

/** Code-unit order (not `localeCompare`): canonical forms are the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type SortKey = string | number | undefined;

/** Compares tuples element by element: absent first, numbers numerically, anything else in code-unit order. */
export function compareTuples(a: readonly SortKey[], b: readonly SortKey[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareCodeUnits(String(x), String(y));
  }
  return 0;
}

/** A comparator over the tuple `key` returns; ties broken by the canonical JSON of the whole value. */
export function compareBy<T>(key: (item: T) => readonly SortKey[]): (a: T, b: T) => number {
  return (a, b) => compareTuples(key(a), key(b)) || compareCodeUnits(JSON.stringify(a), JSON.stringify(b));
}

/** A record of `entries` with its keys in code-unit order (maps in state compare and display stably). */
export function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** JSON with sorted keys: equal values give equal text whatever the key order. Pinned by a golden test. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Equal values, whatever the order of their keys (the engine stores maps sorted; schemas parse in their order). */
export const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
