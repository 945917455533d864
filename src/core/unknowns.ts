/**
 * Preview unknowns and schema failures, shared by every resource and lookup. During `pulumi preview` the engine
 * passes a placeholder for each value it does not know yet; `check` must let such values through and report
 * only the problems it can already see. Pure: no Pulumi, no sockets.
 */
import type { ZodError, ZodIssue } from "zod";
import { InputFailure } from "./errors";

/** The engine's placeholder for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Is `value`, or anything under it, unknown during preview? */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Is any value on `path` (or under it) unknown during preview? Problems there are checked once it is known. */
export function touchesUnknown(root: unknown, path: ReadonlyArray<string | number>): boolean {
  let cur = root;
  for (const key of path) {
    if (cur === UNKNOWN) return true;
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return containsUnknown(cur);
}

/**
 * A property path as users write it: `members[2].port`, `waitFor.timeoutSeconds`; with `quoteKeys`, map keys that
 * are not identifiers in brackets, as diffs show them: `members["stable/10.0.0.5:80"].port`.
 */
export function formatPath(path: ReadonlyArray<string | number>, quoteKeys = false): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    if (quoteKeys && !/^[A-Za-z_$][\w$]*$/.test(key)) return `${acc}[${JSON.stringify(key)}]`;
    return acc ? `${acc}.${key}` : key;
  }, "");
}

/**
 * Zod issues as check failures, one per problem, with property paths such as `members[2].port`. Problems under
 * a value that is unknown during preview are skipped; a misspelt key is reported whatever its value, as
 * `unknown property "x"; check the spelling against <argsName>`.
 */
export function schemaFailures(error: ZodError, raw: unknown, argsName: string): InputFailure[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          property: formatPath([...issue.path, key]),
          reason: `unknown property "${key}"; check the spelling against ${argsName}`,
        }))
      : touchesUnknown(raw, issue.path)
        ? []
        : [{ property: formatPath(issue.path) || "(args)", reason: issueReason(issue) }],
  );
}

/** Zod's bare "Required" names the property instead; every other message is the schema's own. */
function issueReason(issue: ZodIssue): string {
  if (issue.message === "Required") return `${String(issue.path[issue.path.length - 1] ?? "value")} is required`;
  return issue.message;
}
