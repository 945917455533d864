/**
 * What every lookup shares: arguments of the provider functions and their `Output` forms, the drift fingerprint,
 * gate polling, and `trackedLookupProvider`, which builds a tracked lookup's dynamic provider from a small spec.
 *
 * Refresh drift (the same in every lookup): outputs carry two hidden fingerprints of the normalised result,
 * `__accepted` (set by create/update: what the last `pulumi up` saw) and `__seen` (set by every read). The
 * engine's refresh diff gets olds = refreshed outputs, so `diff` reports a change exactly when the two differ;
 * `pulumi up` then re-reads (update) and accepts the new data. An unchanged result gives `changes: false` both
 * on `up` and on `refresh`.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { canonicalJson, dropUndefinedDeep, sameValue } from "../core/normalize";
import { gateTiming, GateTimingArgs, waitUntil, WaitUntilOptions } from "../core/poll";
import { ConfigSource } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { resourceKit, schemaValidator } from "../core/providerKit";
import { containsUnknown, UNKNOWN } from "../core/unknowns";

// ---------------------------------------------------------------- fingerprints

/** Fingerprint of a normalised result, stored in state for refresh drift: its value must never change. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

// ---------------------------------------------------------------- gates

/**
 * Reads until a gate's condition holds, with the `waitFor` timing (defaults filled in) and a progress line per
 * read in the engine's log, `[canary-mesh] <label>: <what the read showed> (<elapsed> s)`.
 */
export function waitForGate<T>(
  label: string,
  timing: { [K in keyof GateTimingArgs]?: number },
  gate: Pick<WaitUntilOptions<T>, "read" | "isDone" | "describe" | "wanted">,
): Promise<T> {
  return waitUntil({
    ...gate,
    ...gateTiming(timing),
    onProgress: (p) => console.log(`[canary-mesh] ${label}: ${p.message} (${Math.round(p.elapsedMs / 1000)} s)`),
  });
}

// ---------------------------------------------------------------- tracked lookup provider

/** What a refresh says when the looked-up target is gone: a lookup cannot be satisfied, so it is not dropped. */
export const deletedOutsidePulumi = (what: string) =>
  `It was deleted outside Pulumi: remove this lookup from the program, or point it at an existing ${what}`;

/** The hidden drift fingerprints every tracked lookup stores next to its result. */
export interface Fingerprints {
  __seen: string;
  __accepted: string;
}

/**
 * One lookup's part of its provider. `Input` is what the schema yields, `Added` what `check` fills in from the
 * settings (the resolved inputs are `Input & Added`), `Result` one normalised read, `Stored` what is stored besides
 * the fingerprints (it must carry the resolved inputs: refresh reads from it).
 */
export interface TrackedLookupSpec<Input extends object, Added extends object, Result, Stored extends Input & Added> {
  /** Strict schema of the resource's inputs. */
  schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
  /** Name of the public args type, for misspelt-key failures (`GreyTagRouteLookupArgs`). */
  argsName: string;
  /** The inputs `check` fills in from stack config and environment; may throw `InputError`. */
  resolve: (config: ConfigSource, input: Input) => Added;
  /** Inputs whose change replaces the lookup (a new read; nothing in the cloud changes). */
  replaceKeys: ReadonlyArray<keyof (Input & Added) & string>;
  /** Inputs whose change updates it (re-reads and, for a gate, waits again). */
  updateKeys?: ReadonlyArray<keyof (Input & Added) & string>;
  /** The resource id. */
  id: (inputs: Input & Added, result: Result) => string;
  /** Refresh: one read, no waiting, from the stored outputs. */
  read: (config: ConfigSource, props: Stored & Fingerprints) => Promise<Result>;
  /** Create and update: read and, when the inputs ask for a gate, wait for it. */
  readAndWait: (config: ConfigSource, inputs: Input & Added) => Promise<Result>;
  /** The outputs to store, fingerprints aside (`undefined` is dropped). */
  toOutputs: (inputs: Input & Added, result: Result) => Stored;
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

export function trackedLookupProvider<Input extends object, Added extends object, Result, Stored extends Input & Added>(
  spec: TrackedLookupSpec<Input, Added, Result, Stored>,
): TrackedLookupProvider<Input & Added, Stored & Fingerprints> {
  const toOutputs = (inputs: Input & Added, result: Result, accepted?: string): Stored & Fingerprints => {
    const seen = fingerprint(result);
    return dropUndefinedDeep({ ...spec.toOutputs(inputs, result), __seen: seen, __accepted: accepted ?? seen });
  };

  const kit = resourceKit<Input, Input & Added, Partial<Stored & Fingerprints>>({
    resource: spec.argsName.replace(/Args$/, ""),
    validate: schemaValidator(spec.schema, spec.argsName),
    // The settings the inputs leave out are resolved.
    normalize: (input: Input, config) => dropUndefinedDeep({ ...input, ...spec.resolve(config, input) }),
    // Read as stored: the fingerprints and the keys compared are all `diff` reads.
    outputs: z.custom<Partial<Stored & Fingerprints>>((v) => typeof v === "object" && v !== null),
    /** Replaces on a new replace key; updates on a new update key or when a read saw data the last `up` did not. */
    diff: (olds, desired) => {
      const old = olds as Record<string, unknown>;
      const news = desired as Record<string, unknown>;
      const replaces = spec.replaceKeys.filter(
        (k) => news[k] === UNKNOWN || (news[k] !== undefined && !sameValue(old[k], news[k])),
      );
      const updated = (spec.updateKeys ?? []).some((k) => containsUnknown(news[k]) || !sameValue(old[k], news[k]));
      const { __seen: seen, __accepted: accepted } = olds as Partial<Fingerprints>;
      const drift = seen !== undefined && seen !== accepted;
      return { changes: replaces.length > 0 || updated || drift, replaces };
    },
  });

  return {
    check: kit.check,
    diff: (id, olds, news) => kit.diff(id, olds, news as Input & Added),

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
