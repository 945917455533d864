/**
 * The one "wait until" helper behind every gate (ASM proxies SYNCED, mesh-upgrade state/phase): read, test,
 * report progress, sleep with capped backoff, and on timeout fail with what was last seen. Pure: clock and
 * sleep are injected, so tests use no wall time.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

// ---------------------------------------------------------------- gate timing (user input)

/** Defaults and limits of the `waitFor` timing fields shared by every gate (documented in `GateTimingArgs`). */
const GATE_DEFAULTS = Object.freeze({ timeoutSeconds: 600, intervalSeconds: 5 });
const MAX_TIMEOUT_SECONDS = 6 * 3600;
const MIN_INTERVAL_SECONDS = 0.1;
const MAX_INTERVAL_SECONDS = 300;
/** Each pause between reads is the previous one times this, up to `MAX_PAUSE_FACTOR` × the interval. */
const BACKOFF = 1.5;
const MAX_PAUSE_FACTOR = 4;

/**
 * How long a gate (`waitFor`) waits. The create or update of the gating resource reads, and keeps reading until the
 * condition holds or the timeout passes; a progress line goes to the engine's log after every read.
 */
export interface GateTimingArgs {
  /** Give up after this many seconds (more than 0, at most 21600 = 6 hours; default 600); the create/update then fails with what the last read showed. */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * First pause between reads in seconds (0.1–300 and at most `timeoutSeconds`; default 5, or `timeoutSeconds` if
   * shorter). Each pause is 1.5× the previous one, up to 4× this value.
   */
  intervalSeconds?: pulumi.Input<number>;
}

/** The timing fields of a `waitFor` block; each gate adds its own condition fields next to them. */
export const gateTimingFields = {
  timeoutSeconds: z
    .number({ invalid_type_error: "timeoutSeconds must be a number of seconds" })
    .positive("timeoutSeconds must be more than 0")
    .max(MAX_TIMEOUT_SECONDS, `timeoutSeconds must be at most ${MAX_TIMEOUT_SECONDS} (6 hours)`)
    .optional(),
  intervalSeconds: z
    .number({ invalid_type_error: "intervalSeconds must be a number of seconds" })
    .min(MIN_INTERVAL_SECONDS, `intervalSeconds must be at least ${MIN_INTERVAL_SECONDS}`)
    .max(MAX_INTERVAL_SECONDS, `intervalSeconds must be at most ${MAX_INTERVAL_SECONDS}`)
    .optional(),
};

/** Cross-field rule of the timing fields (add with `.superRefine`). */
export function checkGateTiming(
  timing: { timeoutSeconds?: number; intervalSeconds?: number },
  ctx: z.RefinementCtx,
): void {
  const { timeoutSeconds: timeout, intervalSeconds: interval } = timing;
  // Only between two given values that pass their own rules (a bad value is reported once, by its own rule).
  if (timeout !== undefined && interval !== undefined && timeout > 0 && interval > 0 && interval > timeout) {
    ctx.addIssue({
      code: "custom",
      path: ["intervalSeconds"],
      message: `intervalSeconds (${interval}) must not exceed timeoutSeconds (${timeout})`,
    });
  }
}

/**
 * Milliseconds for `waitUntil` from a `waitFor` block, defaults filled in. An interval left out is the default
 * or the timeout, whichever is shorter.
 */
export function gateTiming(timing: { timeoutSeconds?: number; intervalSeconds?: number }): {
  timeoutMs: number;
  intervalMs: number;
} {
  const timeout = timing.timeoutSeconds ?? GATE_DEFAULTS.timeoutSeconds;
  const interval = timing.intervalSeconds ?? Math.min(GATE_DEFAULTS.intervalSeconds, timeout);
  return { timeoutMs: Math.round(1000 * timeout), intervalMs: Math.round(1000 * interval) };
}

// ---------------------------------------------------------------- waitUntil

export interface WaitUntilOptions<T> {
  /** One observation (one API read). Errors propagate: the HTTP layer has already retried transient ones. */
  read: () => Promise<T>;
  /** True when the wait is over. */
  isDone: (value: T) => boolean;
  /** What an observation shows, for progress lines and the timeout error ("12/14 proxies synced; …"). */
  describe: (value: T) => string;
  /** What is being waited for, for the timeout error ("all proxies of mesh m-1 SYNCED"). */
  wanted: string;
  /** First pause between reads, ms. */
  intervalMs: number;
  /** Give up after this long since the first read, ms. A last read happens at the deadline. */
  timeoutMs: number;
  /** Each pause is the previous one times this factor (default 1.5; 1 = fixed interval). */
  backoff?: number;
  /** Cap on one pause, ms (default 4 × intervalMs). */
  maxIntervalMs?: number;
  /** Clock, ms (default `Date.now`). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after every read that is not yet done. */
  onProgress?: (progress: WaitProgress) => void;
}

export interface WaitProgress {
  /** `describe(value)` of this read. */
  message: string;
  /** Reads so far, this one included. */
  reads: number;
  elapsedMs: number;
}

/** The gate gave up; `last` is the final observation, `message` says what it showed and what was wanted. */
export class WaitTimeoutError<T = unknown> extends Error {
  readonly last: T;
  readonly reads: number;
  readonly elapsedMs: number;
  constructor(wanted: string, lastSeen: string, last: T, reads: number, elapsedMs: number) {
    super(
      `Timed out after ${formatSeconds(elapsedMs)} (${reads} read${reads === 1 ? "" : "s"}) waiting for ${wanted}. ` +
        `Last seen: ${lastSeen}`,
    );
    this.name = "WaitTimeoutError";
    this.last = last;
    this.reads = reads;
    this.elapsedMs = elapsedMs;
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pause before read `reads + 1`: interval × backoff^(reads-1), capped. Pure. */
export function pollDelay(reads: number, intervalMs: number, backoff: number, maxIntervalMs: number): number {
  return Math.min(maxIntervalMs, intervalMs * backoff ** Math.max(0, reads - 1));
}

/**
 * Reads until `isDone`, pausing between reads (growing by `backoff`, capped, and never past the deadline).
 * Returns the first value that is done; throws `WaitTimeoutError` when the deadline passes first.
 */
export async function waitUntil<T>(options: WaitUntilOptions<T>): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const backoff = Math.max(1, options.backoff ?? BACKOFF);
  const maxIntervalMs = Math.max(options.intervalMs, options.maxIntervalMs ?? MAX_PAUSE_FACTOR * options.intervalMs);
  const started = now();
  for (let reads = 1; ; reads++) {
    const value = await options.read();
    if (options.isDone(value)) return value;
    const elapsedMs = now() - started;
    const message = options.describe(value);
    options.onProgress?.({ message, reads, elapsedMs });
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) throw new WaitTimeoutError(options.wanted, message, value, reads, elapsedMs);
    await sleep(Math.min(remaining, pollDelay(reads, options.intervalMs, backoff, maxIntervalMs)));
  }
}
