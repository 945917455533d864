/**
 * What every resource's provider shares, configured per resource: `check` (every input problem at once with its
 * property path, values unknown during preview passed through, the settings the inputs leave out resolved),
 * `diff` over stored outputs parsed with their schema, and that parse, whose error names the resource and the
 * property instead of crashing in the middle of a step. Used by the VpcChannel family, the tracked lookups and
 * `CanaryRollout`; each adds only its own rules, normalisation and comparison.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { InputError, InputFailure } from "./errors";
import { ConfigSource } from "./settings";
import { getProviderConfig } from "./stackConfig";
import { containsUnknown, formatPath, schemaFailures } from "./unknowns";

/** A validation's outcome: the parsed input when the schema accepted it, and every failure found. */
export interface Validated<Input> {
  input?: Input;
  failures: InputFailure[];
}

/**
 * Validation from a strict schema (misspelt keys named against `argsName`) and, once the schema accepts the
 * input, the rules that span fields.
 */
export function schemaValidator<S extends z.ZodTypeAny>(
  schema: S,
  argsName: string,
  crossField: (input: z.infer<S>) => InputFailure[] = () => [],
): (raw: Record<string, unknown>) => Validated<z.infer<S>> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { failures: schemaFailures(parsed.error, raw, argsName) };
    return { input: parsed.data, failures: crossField(parsed.data) };
  };
}

/**
 * Stored outputs, parsed: every release's state must keep refreshing, updating and destroying. A shape this
 * release cannot read is an error naming the resource and the property (at most five), never a crash.
 */
export function parseStored<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, resource: string) {
  return (props: unknown, id: string): T => {
    const { __provider: _p, ...raw } = (props ?? {}) as Record<string, unknown>;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    throw new InputError(
      `stored state of ${resource} ${id} (damaged, or not written by pulumi-canary-mesh; pulumi stack export shows it)`,
      parsed.error.issues
        .slice(0, 5)
        .map((i) => ({ property: formatPath(i.path, true) || "(state)", reason: i.message })),
    );
  };
}

export interface DiffOutcome {
  changes: boolean;
  replaces: readonly string[];
  deleteBeforeReplace?: boolean;
}

export interface ResourceKitSpec<Input, State, Outputs> {
  /** The resource type, for messages: `VpcChannel`. */
  resource: string;
  /** Raw inputs (`__provider` removed) → the parsed input and every failure (see `schemaValidator`). */
  validate: (raw: Record<string, unknown>) => Validated<Input>;
  /** Validated input → the desired state `check` stores, with settings from config and environment. May throw `InputError`. */
  normalize: (input: Input, config: ConfigSource) => State;
  /** The schema of stored outputs. */
  outputs: z.ZodType<Outputs, z.ZodTypeDef, unknown>;
  /** Stored outputs → desired state: what changes, and what forces a replacement. */
  diff: (olds: Outputs, news: State) => DiffOutcome;
  /** A faster read of stored outputs for `diff`, which only reads (default: the full parse). */
  readForDiff?: (props: unknown, id: string) => Outputs;
}

export interface ResourceKit<State, Outputs> {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: unknown, news: State): Promise<pulumi.dynamic.DiffResult>;
  /** Stored outputs, parsed (read, delete, and update's olds). */
  parseStored(props: unknown, id: string): Outputs;
}

export function resourceKit<Input, State, Outputs>(
  spec: ResourceKitSpec<Input, State, Outputs>,
): ResourceKit<State, Outputs> {
  const parse = parseStored(spec.outputs, spec.resource);
  const readForDiff = spec.readForDiff ?? parse;
  return {
    parseStored: parse,

    async check(_olds, news) {
      const { __provider: _p, ...raw } = news;
      const { input, failures } = spec.validate(raw);
      if (failures.length > 0) return { failures };
      // Unknown during preview: checked again once known; passed through untouched.
      if (input === undefined || containsUnknown(raw)) return { inputs: news };
      try {
        return { inputs: spec.normalize(input, getProviderConfig()) as Record<string, unknown> };
      } catch (err) {
        if (err instanceof InputError) return { failures: err.failures };
        throw err;
      }
    },

    async diff(id, olds, news) {
      const d = spec.diff(readForDiff(olds, id), news);
      return { changes: d.changes, replaces: [...d.replaces], deleteBeforeReplace: d.deleteBeforeReplace ?? false };
    },
  };
}

/**
 * The keys among `keys` that `news` sets to something other than the stored `olds` (a key the stored state does not
 * hold is no change), or leaves unknown during preview: a replace key's change.
 */
export function changedKeys<K extends string>(
  olds: Partial<Record<K, unknown>>,
  news: Partial<Record<K, unknown>>,
  keys: readonly K[],
): K[] {
  return keys.filter(
    (k) => news[k] !== undefined && (containsUnknown(news[k]) || (olds[k] !== undefined && olds[k] !== news[k])),
  );
}
