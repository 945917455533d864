/**
 * What every lookup shares: argument parsing for the provider functions, the normalisation helpers, gate
 * polling, and `trackedLookupProvider`, which builds a tracked lookup's dynamic provider from a small spec.
 *
 * Refresh drift (same design in every lookup): outputs carry two hidden fingerprints of the normalised result,
 * `__accepted` (set by create/update: what the last `pulumi up` saw) and `__seen` (set by every read). The
 * engine's refresh diff gets olds = refreshed outputs, so `diff` reports a change exactly when the two differ;
 * `pulumi up` then re-reads (update) and accepts the new data. An unchanged result gives `changes: false` both
 * on `up` and on `refresh`.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CloudApiError, InputError } from "../core/errors";
import { gateTiming, waitUntil, WaitUntilOptions } from "../core/poll";
import { ConfigSource, CONFIG_NAMESPACE, resolveAlibabaSettings, resolveHuaweiSettings } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown, schemaFailures, UNKNOWN } from "../core/unknowns";
import { sha256Hex } from "../signing/encoding";

// ---------------------------------------------------------------- provider functions

/** Provider settings in the program process: the `canary-mesh:` stack config. */
export function programConfig(): ConfigSource {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  return (key) => config.get(key);
}

/** Parses provider-function arguments, or throws an `InputError` about `subject` naming every problem. */
export function parseArgs<S extends z.ZodTypeAny>(
  schema: S,
  args: unknown,
  subject: string,
  argsName: string,
): z.infer<S> {
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) throw new InputError(subject, schemaFailures(parsed.error, {}, argsName));
  return parsed.data;
}

// ---------------------------------------------------------------- normalisation (pure)

/** A wire string with `null` read as absent. */
export const text = (s: string | null | undefined): string | undefined =>
  s === null || s === undefined ? undefined : s;

/** Removes `undefined` at every depth: the engine's wire format has no such value. */
export function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUndefined) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, dropUndefined(v)]),
    ) as T;
  }
  return value;
}

/** JSON with sorted keys: equal values give equal text whatever the key order. */
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

/** Fingerprint of a normalised result, for refresh drift. */
export function fingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

// ---------------------------------------------------------------- reads

/**
 * A failed read made actionable: a credential problem gets `authHint`'s advice, any other cloud error what
 * `explain` makes of it (`undefined`: as it is). Not a cloud error: returned as it is.
 */
export function explainReadError(
  err: unknown,
  authHint: (code: string | undefined) => string | undefined,
  explain: (e: CloudApiError) => CloudApiError | undefined,
): unknown {
  if (!(err instanceof CloudApiError)) return err;
  const auth = authHint(err.code);
  if (auth) return err.withHint(auth);
  return explain(err) ?? err;
}

/** A cloud error restated for the reader (`<message> (<service> said: …)`); code, status and request id are kept. */
export function restate(err: CloudApiError, service: string, message: string, hint: string): CloudApiError {
  return new CloudApiError({ ...err.details(), message: `${message} (${service} said: ${err.cloudMessage})`, hint });
}

// ---------------------------------------------------------------- settings and gates

/** `check`'s resolution of an Alibaba Cloud lookup's region (argument > stack config > environment). */
export function resolveAlibabaRegion(config: ConfigSource, input: { region?: string }): { region: string } {
  return { region: resolveAlibabaSettings(config, process.env, { region: input.region }).region };
}

/** `check`'s resolution of a Huawei Cloud lookup's project and region (argument > stack config > environment). */
export function resolveHuaweiPlacement(
  config: ConfigSource,
  input: { projectId?: string; region?: string },
): { projectId: string; region: string } {
  const settings = resolveHuaweiSettings(config, process.env, { projectId: input.projectId, region: input.region });
  return { projectId: settings.projectId, region: settings.region };
}

/**
 * Reads until a gate's condition holds, with the `waitFor` timing (defaults filled in) and a progress line per
 * read in the engine's log, `[canary-mesh] <label>: <what the read showed> (<elapsed> s)`.
 */
export function waitForGate<T>(
  label: string,
  timing: { timeoutSeconds?: number; intervalSeconds?: number },
  gate: Pick<WaitUntilOptions<T>, "read" | "isDone" | "describe" | "wanted">,
): Promise<T> {
  return waitUntil({
    ...gate,
    ...gateTiming(timing),
    onProgress: (p) => console.log(`[canary-mesh] ${label}: ${p.message} (${Math.round(p.elapsedMs / 1000)} s)`),
  });
}

// ---------------------------------------------------------------- tracked lookup provider

/** The hidden drift fingerprints every tracked lookup stores next to its result. */
export interface Fingerprints {
  __seen: string;
  __accepted: string;
}

/**
 * One lookup's part of its provider. `Input` is what the schema yields, `Resolved` the inputs after `check`
 * (settings filled in), `Result` one normalised read, `Outputs` what is stored (it must carry the resolved
 * inputs, since refresh reads from it).
 */
export interface TrackedLookupSpec<
  Input extends object,
  Resolved extends Input,
  Result,
  Outputs extends Resolved & Fingerprints,
> {
  /** Strict schema of the resource's inputs. */
  schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
  /** Name of the public args type, for misspelt-key failures (`GreyTagRouteLookupArgs`). */
  argsName: string;
  /** The inputs `check` fills in from stack config and environment; may throw `InputError`. */
  resolve: (config: ConfigSource, input: Input) => Partial<Resolved>;
  /** Inputs whose change replaces the lookup (a new read; nothing in the cloud changes). */
  replaceKeys: ReadonlyArray<keyof Resolved & string>;
  /** Inputs whose change updates it (re-reads and, for a gate, waits again). */
  updateKeys?: ReadonlyArray<keyof Resolved & string>;
  /** The resource id. */
  id: (inputs: Resolved, result: Result) => string;
  /** Refresh: one read, no waiting, from the stored outputs. */
  read: (config: ConfigSource, props: Outputs) => Promise<Result>;
  /** Create and update: read and, when the inputs ask for a gate, wait for it. */
  readAndWait: (config: ConfigSource, inputs: Resolved) => Promise<Result>;
  /** The outputs to store, fingerprints aside (`undefined` is dropped). */
  toOutputs: (inputs: Resolved, result: Result) => Omit<Outputs, keyof Fingerprints>;
}

/** The dynamic provider of a tracked lookup, as the `pulumi-canary-mesh/provider` entry point calls it. */
export interface TrackedLookupProvider<Resolved, Outputs> {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Partial<Outputs>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Resolved): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Outputs): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Outputs, news: Resolved): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: unknown): Promise<void>;
}

export function trackedLookupProvider<
  Input extends object,
  Resolved extends Input,
  Result,
  Outputs extends Resolved & Fingerprints,
>(spec: TrackedLookupSpec<Input, Resolved, Result, Outputs>): TrackedLookupProvider<Resolved, Outputs> {
  const toOutputs = (inputs: Resolved, result: Result, accepted?: string): Outputs => {
    const seen = fingerprint(result);
    return dropUndefined({ ...spec.toOutputs(inputs, result), __seen: seen, __accepted: accepted ?? seen }) as Outputs;
  };

  return {
    /** Schema failures first (none under preview unknowns); then the settings the inputs leave out are resolved. */
    async check(_olds, news) {
      const { __provider: _p, ...raw } = news;
      const parsed = spec.schema.safeParse(raw);
      const failures = parsed.success ? [] : schemaFailures(parsed.error, raw, spec.argsName);
      if (failures.length > 0) return { failures };
      if (containsUnknown(raw) || !parsed.success) return { inputs: news };
      try {
        return { inputs: dropUndefined({ ...parsed.data, ...spec.resolve(getProviderConfig(), parsed.data) }) };
      } catch (err) {
        if (err instanceof InputError) return { failures: err.failures };
        throw err;
      }
    },

    /** Replaces on a new replace key; updates on a new update key or when a read saw data the last `up` did not. */
    async diff(_id, olds, news) {
      const old = olds as Record<string, unknown>;
      const replaces = spec.replaceKeys.filter(
        (k) => news[k] === UNKNOWN || (news[k] !== undefined && !sameValue(old[k], news[k])),
      );
      const updated = (spec.updateKeys ?? []).some((k) => containsUnknown(news[k]) || !sameValue(old[k], news[k]));
      const drift = olds.__seen !== undefined && olds.__seen !== olds.__accepted;
      return { changes: replaces.length > 0 || updated || drift, replaces: [...replaces], deleteBeforeReplace: false };
    },

    async create(inputs) {
      const result = await spec.readAndWait(getProviderConfig(), inputs);
      return { id: spec.id(inputs, result), outs: toOutputs(inputs, result) };
    },

    /** Refresh: re-reads without waiting. A target deleted in the cloud is an error, not a silent drop from state. */
    async read(id, props) {
      const result = await spec.read(getProviderConfig(), props);
      return { id, props: toOutputs(props, result, props.__accepted) };
    },

    /** Accepted drift or a new update key: re-read (and wait again). */
    async update(_id, _olds, news) {
      const result = await spec.readAndWait(getProviderConfig(), news);
      return { outs: toOutputs(news, result) };
    },

    /** Nothing to delete: a lookup only reads. No API call. */
    async delete(_id, _props) {},
  };
}

// ---------------------------------------------------------------- resource

/**
 * A lookup resource's properties: the optional inputs (`undefined` when left out), the args, and every output
 * as `undefined` so the engine knows the output names before the first read.
 */
export function lookupProps(
  optionalInputs: readonly string[],
  args: object,
  outputs: readonly string[],
): Record<string, unknown> {
  const absent = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, undefined]));
  return { ...absent(optionalInputs), ...args, ...absent(outputs) };
}
