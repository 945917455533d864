/**
 * Retry policy: which failures are retryable (one table per cloud), how long to wait (capped exponential
 * backoff with full jitter, `Retry-After` honoured up to a cap), and whether a non-idempotent call may be
 * re-sent. Pure: randomness is injected.
 */
import type { CloudName } from "./errors";

/**
 * | field | default | meaning |
 * |---|---|---|
 * | maxAttempts | 6 | attempts in all, the first included |
 * | baseDelayMs | 250 | backoff base: attempt n waits up to base·2^(n-1) |
 * | maxDelayMs | 8000 | cap on one backoff wait |
 * | maxRetryAfterMs | 30000 | cap on a server-requested wait (`Retry-After`, `x-acs-retry-after`) |
 * | deadlineMs | 120000 | no new attempt starts after this much time since the first |
 * | attemptTimeoutMs | 30000 | one attempt, connect to last byte |
 * | idleTimeoutMs | 15000 | socket silence within one attempt |
 * | connectTimeoutMs | 5000 | TCP (and TLS) connect |
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  deadlineMs: number;
  attemptTimeoutMs: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30000,
  deadlineMs: 120000,
  attemptTimeoutMs: 30000,
  idleTimeoutMs: 15000,
  connectTimeoutMs: 5000,
});

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: "network"; code: string }
  | { kind: "response"; status: number; code?: string; retryAfterMs?: number };

/**
 * - `throttled`: the service refused without acting (429, throttling codes): always safe to re-send.
 * - `unsent`: the request never reached the service (connection refused, DNS): always safe to re-send.
 * - `ambiguous`: the request may have been acted on (reset, timeout, 5xx): re-send only idempotent calls.
 * - `fatal`: retrying cannot help (4xx, authentication and signature failures).
 */
export type FailureClass = "throttled" | "unsent" | "ambiguous" | "fatal";

const UNSENT_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECT_TIMEOUT",
]);
const AMBIGUOUS_STATUSES = new Set([500, 502, 503, 504]);

/** Per-cloud codes that mean "slow down" whatever the HTTP status (Huawei APIG.9008 arrives as HTTP 500). */
export const THROTTLING_CODES: Record<CloudName, (code: string) => boolean> = {
  huawei: (code) => ["APIG.9008", "APIG.0308", "APIGW.0308"].includes(code),
  alibaba: (code) => /^Throttling/.test(code) || code === "Rejected.Throttling",
};

/** Per-cloud codes that are transient server trouble whatever the HTTP status. */
export const TRANSIENT_CODES: Record<CloudName, (code: string) => boolean> = {
  huawei: (code) => code === "APIG.9999",
  alibaba: (code) => code === "ServiceUnavailable" || code === "InternalError",
};

export function classifyOutcome(cloud: CloudName, outcome: AttemptOutcome): FailureClass {
  if (outcome.kind === "network") {
    // A body over the size limit will be just as large next time.
    if (outcome.code === "RESPONSE_TOO_LARGE") return "fatal";
    if (UNSENT_NETWORK_CODES.has(outcome.code)) return "unsent";
    // Any other network failure (reset, timeout, hang-up, TLS error) may have reached the service.
    return "ambiguous";
  }
  if (outcome.code && THROTTLING_CODES[cloud](outcome.code)) return "throttled";
  if (outcome.status === 429) return "throttled";
  if (outcome.code && TRANSIENT_CODES[cloud](outcome.code)) return "ambiguous";
  if (AMBIGUOUS_STATUSES.has(outcome.status)) return "ambiguous";
  return "fatal";
}

/**
 * How long to wait before attempt `attempt + 1` (attempts count from 1), or undefined when no retry should
 * happen. Whether a non-idempotent call may be re-sent at all is the caller's decision (it reconciles first).
 */
export function retryDelay(
  attempt: number,
  failure: FailureClass,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number | undefined {
  if (failure === "fatal" || attempt >= policy.maxAttempts) return undefined;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Parses `Retry-After` (seconds or HTTP date) or `x-acs-retry-after` (milliseconds) into milliseconds. */
export function parseRetryAfter(headers: Readonly<Record<string, string | undefined>>, now: Date): number | undefined {
  const acs = headers["x-acs-retry-after"];
  if (acs && /^\d+$/.test(acs.trim())) return Number(acs.trim());
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}
