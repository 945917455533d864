/**
 * Builders of strict input schemas whose messages name the property and the rule ("port must be 1–65535"), shared
 * by every resource and lookup. A failure reaches users as `{property, reason}` from `check`.
 */
import { z } from "zod";

/** "a, b or c". */
export const listed = (values: readonly string[]) =>
  values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;

/** One of `values`; the message lists them. */
export function enumOf<T extends string>(what: string, values: readonly [T, ...T[]]) {
  return z.enum(values, { errorMap: () => ({ message: `${what} must be ${listed(values)}` }) });
}

/** A name of `values` or its API code (its 1-based position); with `codes` the message says codes are accepted. */
export function nameOrCode<T extends string>(what: string, values: readonly [T, ...T[]], codes: boolean) {
  const literals = values.map((_, i) => z.literal(i + 1)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]];
  const message = `${what} must be ${listed(values)}${codes ? ` (or API code 1–${values.length})` : ""}`;
  return z.union([z.enum(values), ...literals], { errorMap: () => ({ message }) });
}

/** A whole number within `min`–`max`. */
export const int = (what: string, min: number, max: number) =>
  z
    .number({ invalid_type_error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be ${min}–${max}`)
    .max(max, `${what} must be ${min}–${max}`);

/** A string of `min`–`max` characters; `span` words both bounds as one range ("must be 1–64 characters"). */
export const text = (what: string, min: number, max: number, span = min > 1) =>
  z
    .string({ required_error: `${what} is required`, invalid_type_error: `${what} must be a string` })
    .min(min, span ? `${what} must be ${min}–${max} characters` : `${what} must not be empty`)
    .max(max, span ? `${what} must be ${min}–${max} characters` : `${what} must be at most ${max} characters`);

export const flag = (what: string) => z.boolean({ invalid_type_error: `${what} must be true or false` });

const INT64_MAX = BigInt("9223372036854775807");

/** An int64 as a number while that is exact, else as its digits (a number beyond 2^53 has already lost digits). */
export function exactInt64(value: number | string): number | string {
  return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
}

/**
 * A positive int64 id, given as a number or a string of digits; parsed to a number while it is exact (the form
 * stored in state so far), else kept as its digits.
 */
export function int64Id(what: string) {
  return z
    .custom<number | string>((v) => v !== undefined, { message: `${what} is required` })
    .transform((v, ctx) => {
      const problem = int64Problem(v);
      if (!problem)
        return exactInt64(
          String(v)
            .trim()
            .replace(/^0+(?=\d)/, ""),
        );
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} ${problem}` });
      return z.NEVER;
    });
}

function int64Problem(v: unknown): string | undefined {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return "must be a whole number";
    if (v <= 0) return "must be a positive number";
    return Number.isSafeInteger(v) ? undefined : "beyond 2^53 must be given as a string of digits, to stay exact";
  }
  if (typeof v !== "string" || !/^\s*\d+\s*$/.test(v)) return "must be a number, or its digits as a string";
  const n = BigInt(v.trim());
  if (n <= 0n) return "must be a positive number";
  return n > INT64_MAX ? `must fit an int64 (at most ${INT64_MAX})` : undefined;
}
