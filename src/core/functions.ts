/**
 * What every provider function (`getX` / `getXOutput`) shares: settings read from the program's stack config,
 * arguments parsed with a message naming each problem, and the `Output` form.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { InputError } from "./errors";
import { ConfigSource, CONFIG_NAMESPACE } from "./settings";
import { schemaFailures } from "./unknowns";

/** Provider settings in the program process: the `canary-mesh:` stack config. */
export function programConfig(): ConfigSource {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return (key) => config.get(key);
}

/**
 * Parses a provider function's arguments, or throws an `InputError` naming every problem. `fn` is the function's
 * name (`getProxyStatus`); its args type is named after it (`GetProxyStatusArgs`).
 */
export function parseFunctionArgs<S extends z.ZodTypeAny>(schema: S, args: unknown, fn: string): z.infer<S> {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const argsName = `${fn.charAt(0).toUpperCase()}${fn.slice(1)}Args`;
  throw new InputError(`${fn} arguments`, schemaFailures(parsed.error, {}, argsName));
}

/** The arguments of a function's `Output` form: every field may be an `Input`. */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The `Output` form of a provider function: runs once every argument is known (unknown during preview until then). */
export function outputForm<A, R>(fn: (args: A) => Promise<R>): (args: OutputArgs<A>) => pulumi.Output<R> {
  return (args) => pulumi.output(args).apply((resolved) => fn(resolved as A));
}
