/**
 * A fast path past zod for large stored maps: an exact, cheap test that says when zod would accept a value of a
 * plain object schema and return it unchanged, so a diff over 10,000 stored members need not parse each one.
 * Reads zod 3's schema classes; a schema it does not understand gets no fast path (undefined), never a wrong one.
 */
import { z } from "zod";

export type FieldCheck = (value: unknown) => boolean;

/**
 * An exact, cheap test for one stored map entry against an object schema of plain optional strings, numbers,
 * booleans and enums: true only when zod would accept the value and return it unchanged (no unknown key to strip).
 * Undefined when the schema holds anything else. Lets the diff of a 10,000-member channel skip 10,000 zod parses.
 */
export function plainChecker(schema: z.AnyZodObject): FieldCheck | undefined {
  const fields: Array<[string, boolean, FieldCheck]> = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
    let type = field;
    let optional = false;
    while (type instanceof z.ZodOptional) {
      optional = true;
      type = type.unwrap();
    }
    const checks = (type._def as { checks?: unknown[] }).checks ?? [];
    if (checks.length > 0) return undefined;
    let check: FieldCheck;
    if (type instanceof z.ZodString) check = (v) => typeof v === "string";
    else if (type instanceof z.ZodNumber) check = (v) => typeof v === "number" && !Number.isNaN(v);
    else if (type instanceof z.ZodBoolean) check = (v) => typeof v === "boolean";
    else if (type instanceof z.ZodEnum) {
      const values = new Set<unknown>(type.options as unknown[]);
      check = (v) => values.has(v);
    } else return undefined;
    fields.push([key, optional, check]);
  }
  const known = new Set(fields.map(([k]) => k));
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key in record) if (!known.has(key)) return false;
    for (const [key, optional, check] of fields) {
      const v = record[key];
      if (v === undefined ? !optional : !check(v)) return false;
    }
    return true;
  };
}
