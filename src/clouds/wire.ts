/**
 * Tolerant primitives of every wire schema: the clouds send `null` for unset fields as often as they leave them out,
 * and number fields as numeric strings now and then.
 */
import { z } from "zod";

export const str = z.string().nullish();
export const num = z.number().nullish();
export const bool = z.boolean().nullish();
/** `int64`/`int32` on the wire; a string of digits is accepted too (converted by the reader). */
export const int = z.union([z.number(), z.string().regex(/^-?\d+$/)]).nullish();

/** The request-body form of a wire type: the listed fields, optional and never null. */
export type Body<T, K extends keyof T> = { [P in K]?: NonNullable<T[P]> };
