/**
 * The two error types users meet: `CloudApiError` for a failed cloud call and `InputError` for bad input.
 * Messages are redacted: they never carry an Authorization header, key, token or password.
 */
import { redact } from "./secrets";

export type CloudName = "huawei" | "alibaba";

export interface CloudApiErrorDetails {
  cloud: CloudName;
  /** Service label, e.g. `APIG`, `ASM`, `SAE`. */
  service: string;
  /** Operation name as the API reference spells it, e.g. `CreateVpcChannel`. */
  operation: string;
  /** HTTP status; undefined when no response arrived (network error, timeout). */
  status?: number;
  /** The cloud's own error code (`APIG.3208`, `Throttling.User`) or a network code (`ECONNRESET`, `TIMEOUT`). */
  code?: string;
  message: string;
  requestId?: string;
  attempts: number;
  /** What the user should do next, when we know. */
  hint?: string;
}

export class CloudApiError extends Error {
  readonly cloud: CloudName;
  readonly service: string;
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly cloudMessage: string;
  readonly requestId?: string;
  readonly attempts: number;
  readonly hint?: string;

  constructor(details: CloudApiErrorDetails) {
    super(formatCloudApiError(details));
    this.name = "CloudApiError";
    this.cloud = details.cloud;
    this.service = details.service;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.cloudMessage = redact(details.message);
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.hint = details.hint;
  }

  /** A copy with a hint for the user, keeping every other detail. */
  withHint(hint: string): CloudApiError {
    return new CloudApiError({ ...this.details(), hint });
  }

  details(): CloudApiErrorDetails {
    return {
      cloud: this.cloud,
      service: this.service,
      operation: this.operation,
      status: this.status,
      code: this.code,
      message: this.cloudMessage,
      requestId: this.requestId,
      attempts: this.attempts,
      hint: this.hint,
    };
  }
}

function formatCloudApiError(d: CloudApiErrorDetails): string {
  const cloud = d.cloud === "huawei" ? "Huawei Cloud" : "Alibaba Cloud";
  const what = [d.status !== undefined ? `HTTP ${d.status}` : undefined, d.code].filter(Boolean).join(" ");
  const extra = [
    d.requestId ? `request id ${d.requestId}` : undefined,
    `${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`,
  ].filter(Boolean);
  const text = `${cloud} ${d.service} ${d.operation} failed${what ? ` (${what})` : ""}: ${redact(d.message)} [${extra.join(", ")}]`;
  return d.hint ? `${text}. ${d.hint}` : text;
}

/** One problem with user input: the property path (`members[2].port`) and the rule it breaks. */
export interface InputFailure {
  property: string;
  reason: string;
}

export class InputError extends Error {
  readonly failures: InputFailure[];
  constructor(subject: string, failures: InputFailure[]) {
    super(`Invalid ${subject}: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    this.name = "InputError";
    this.failures = failures;
  }
}

/**
 * A write refused before anything is sent, because the live state holds something it would lose or take from
 * someone else (members another stack owns, a group that still has members). Names the resource, the property,
 * what is in the way and the next step.
 */
export class ConflictError extends Error {
  constructor(
    readonly resource: string,
    readonly property: string,
    reason: string,
  ) {
    super(`${resource}: ${property}: ${reason}`);
    this.name = "ConflictError";
  }
}

/**
 * A failed call made actionable for users: a credential or throttling problem gets `authHint`'s advice, any other
 * cloud error what `specific` makes of it (`undefined`: as it is). Anything that is not a cloud error: as it is.
 */
export function explainCloudError(
  err: unknown,
  authHint: (code: string | undefined) => string | undefined,
  specific: (e: CloudApiError) => CloudApiError | undefined = () => undefined,
): unknown {
  if (!(err instanceof CloudApiError)) return err;
  const auth = authHint(err.code);
  if (auth) return err.withHint(auth);
  return specific(err) ?? err;
}

/** A cloud error restated for the reader (`<message> (<service> said: …)`); code, status and request id are kept. */
export function restate(err: CloudApiError, service: string, message: string, hint: string): CloudApiError {
  return new CloudApiError({ ...err.details(), message: `${message} (${service} said: ${err.cloudMessage})`, hint });
}
