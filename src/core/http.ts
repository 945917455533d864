/**
 * The one HTTP layer for both clouds: keep-alive transport with connect/idle/attempt timeouts and a
 * per-endpoint concurrency limit; a retry loop that signs every attempt afresh; every response parsed with a
 * zod wire schema at the boundary; non-idempotent calls re-sent only after a reconciliation step says so.
 */
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { createHash, randomBytes } from "node:crypto";
import axios, { AxiosError, AxiosInstance } from "axios";
import { z } from "zod";
import { CloudApiError, CloudName } from "./errors";
import {
  AttemptOutcome,
  classifyOutcome,
  DEFAULT_RETRY_POLICY,
  FailureClass,
  parseRetryAfter,
  retryDelay,
  RetryPolicy,
} from "./retry";
import { encodePathSegments, formatQueryPairs, QueryPairs } from "../signing/encoding";

/** Clock, sleep, randomness and nonces, injectable for tests. */
export interface Runtime {
  now(): Date;
  sleep(ms: number): Promise<void>;
  random(): number;
  nonce(): string;
}

export const systemRuntime: Runtime = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  nonce: () => randomBytes(16).toString("hex"),
};

/** A request ready to sign: decoded path and query, headers (signed), exact body bytes. */
export interface OutgoingRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query: QueryPairs;
  headers: Record<string, string>;
  body?: string;
}

/** What differs between the clouds: signing and reading an error body. */
export interface CloudProtocol {
  cloud: CloudName;
  service: string;
  baseUrl: string;
  /** Headers to add for this attempt (date, nonce, Authorization, tokens). Called once per attempt. */
  sign(request: OutgoingRequest & { host: string }, runtime: Runtime): Record<string, string>;
  /** Reads the cloud's error code, message and request id out of a failed (or enveloped) response. */
  readError(status: number, body: unknown, headers: Record<string, string | undefined>): CloudErrorBody;
}

export interface CloudErrorBody {
  code?: string;
  message: string;
  requestId?: string;
}

export interface ApiCall<T> {
  operation: string;
  request: OutgoingRequest;
  /** Wire schema for a successful body (tolerant of unknown fields). */
  schema: z.ZodType<T>;
  /** GET, PUT and DELETE are idempotent; POST is not unless said so. */
  idempotent?: boolean;
  /**
   * For a non-idempotent call whose outcome is unknown: finds out whether it took effect. Returns the result
   * when it did (the call then succeeds without a re-send), undefined when it did not (safe to re-send).
   */
  reconcile?: () => Promise<T | undefined>;
  /** A body that arrives with a success status but is an error in the cloud's envelope (Alibaba `Success`). */
  envelopeError?: (body: T) => CloudErrorBody | undefined;
  /** Fields whose integer values may exceed 2^53 (int64 ids): such values are read as strings of digits, exactly. */
  exactIntegers?: readonly string[];
}

export interface HttpClientOptions {
  policy?: Partial<RetryPolicy>;
  runtime?: Runtime;
  /** Concurrent requests per endpoint (scheme://host:port). */
  maxConcurrency?: number;
  /** Largest response body accepted, bytes. */
  maxResponseBytes?: number;
  /** Called after every attempt (for metrics and tests). */
  onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  cloud: CloudName;
  service: string;
  operation: string;
  attempt: number;
  outcome: AttemptOutcome | { kind: "ok"; status: number };
  failure?: FailureClass;
  delayMs?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** A per-endpoint counting semaphore. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Destroys a socket that has not connected (over TLS: finished its handshake) within `ms`. */
function armConnectTimeout<S extends Duplex | null | undefined>(socket: S, event: string, ms: number): S {
  if (!socket) return socket;
  const timer = setTimeout(() => {
    socket.destroy(Object.assign(new Error(`connect timeout after ${ms} ms`), { code: "CONNECT_TIMEOUT" }));
  }, ms);
  timer.unref();
  socket.once(event, () => clearTimeout(timer));
  socket.once("close", () => clearTimeout(timer));
  return socket;
}

/**
 * A keep-alive agent class with a connect timeout (axios has none of its own: its `timeout` is an idle timeout);
 * `ready` is the socket event that ends connecting (`secureConnect` once TLS is up).
 */
function timedAgent(Base: typeof http.Agent, ready: "connect" | "secureConnect") {
  return class extends Base {
    constructor(private readonly connectTimeoutMs: number) {
      super({ keepAlive: true });
    }
    override createConnection(
      ...args: Parameters<http.Agent["createConnection"]>
    ): ReturnType<http.Agent["createConnection"]> {
      return armConnectTimeout(super.createConnection(...args), ready, this.connectTimeoutMs);
    }
  };
}

const TimedHttpAgent = timedAgent(http.Agent, "connect");
const TimedHttpsAgent = timedAgent(https.Agent, "secureConnect");

/** Sends signed, retried, schema-checked calls for one cloud service endpoint. */
export class HttpClient {
  private readonly policy: RetryPolicy;
  private readonly runtime: Runtime;
  private readonly axios: AxiosInstance;
  private readonly limiter: Limiter;

  constructor(
    private readonly protocol: CloudProtocol,
    private readonly options: HttpClientOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.runtime = options.runtime ?? systemRuntime;
    this.limiter = new Limiter(options.maxConcurrency ?? 8);
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.axios = axios.create({
      baseURL: protocol.baseUrl,
      httpAgent: new TimedHttpAgent(this.policy.connectTimeoutMs),
      httpsAgent: new TimedHttpsAgent(this.policy.connectTimeoutMs),
      timeout: this.policy.idleTimeoutMs,
      maxContentLength: maxBytes,
      maxBodyLength: maxBytes,
      maxRedirects: 0,
      proxy: false,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  async call<T>(call: ApiCall<T>): Promise<T> {
    const { protocol, policy, runtime } = this;
    const idempotent = call.idempotent ?? call.request.method !== "POST";
    const started = runtime.now().getTime();
    let last: CloudApiError | undefined;
    for (let attempt = 1; ; attempt++) {
      const result = await this.limiter.run(() => this.attempt(call, attempt));
      if (result.ok) {
        this.options.onAttempt?.({ ...this.eventBase(call, attempt), outcome: { kind: "ok", status: result.status } });
        return result.value;
      }
      last = result.error;
      const o = result.outcome;
      if (!idempotent && call.reconcile && o.kind === "response" && o.status >= 200 && o.status < 300) {
        // It took effect but the answer is unreadable: find what it made rather than lose track of it.
        const found = await call.reconcile().catch(() => undefined);
        if (found !== undefined) return found;
        throw last;
      }
      let failure = classifyOutcome(protocol.cloud, o);
      if (failure === "ambiguous" && !idempotent) {
        if (!call.reconcile) {
          this.options.onAttempt?.({ ...this.eventBase(call, attempt), outcome: result.outcome, failure });
          throw last;
        }
        const found = await call.reconcile();
        if (found !== undefined) return found;
        failure = "unsent";
      }
      const delay = retryDelay(attempt, failure, policy, runtime.random, result.retryAfterMs);
      this.options.onAttempt?.({ ...this.eventBase(call, attempt), outcome: result.outcome, failure, delayMs: delay });
      if (delay === undefined) throw last;
      if (runtime.now().getTime() - started + delay > policy.deadlineMs) throw last;
      await runtime.sleep(delay);
    }
  }

  private eventBase(call: { operation: string }, attempt: number) {
    return { cloud: this.protocol.cloud, service: this.protocol.service, operation: call.operation, attempt };
  }

  private async attempt<T>(
    call: ApiCall<T>,
    attempt: number,
  ): Promise<
    | { ok: true; value: T; status: number }
    | { ok: false; error: CloudApiError; outcome: AttemptOutcome; retryAfterMs?: number }
  > {
    const { protocol, runtime } = this;
    const base = new URL(protocol.baseUrl);
    const request = call.request;
    const signed = protocol.sign({ ...request, host: base.host }, runtime);
    const query = formatQueryPairs(request.query);
    const basePath = base.pathname.replace(/\/$/, "");
    const url = basePath + encodePathSegments(request.path) + (query ? `?${query}` : "");
    const fail = (outcome: AttemptOutcome, body: CloudErrorBody, status?: number, retryAfterMs?: number) => ({
      ok: false as const,
      outcome,
      retryAfterMs,
      error: new CloudApiError({
        cloud: protocol.cloud,
        service: protocol.service,
        operation: call.operation,
        status,
        code: body.code,
        message: body.message,
        requestId: body.requestId,
        attempts: attempt,
      }),
    });
    let response;
    try {
      response = await this.axios.request<string>({
        method: request.method,
        url,
        headers: { ...request.headers, ...signed },
        data: request.body,
        signal: AbortSignal.timeout(this.policy.attemptTimeoutMs),
      });
    } catch (err) {
      const code = networkErrorCode(err);
      return fail({ kind: "network", code }, { code, message: networkErrorMessage(err, code) });
    }
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v === undefined ? undefined : String(v)]),
    );
    const status = response.status;
    const retryAfterMs = parseRetryAfter(headers, runtime.now());
    const text = typeof response.data === "string" ? response.data : "";
    const parsed = parseJson(call.exactIntegers ? quoteLongIntegers(text, call.exactIntegers) : text);
    if (status < 200 || status >= 300) {
      const body = parsed.ok
        ? protocol.readError(status, parsed.value, headers)
        : { message: describeNonJson(status, text, headers["content-type"]), requestId: headers["x-request-id"] };
      return fail({ kind: "response", status, code: body.code, retryAfterMs }, body, status, retryAfterMs);
    }
    const input = text.trim() === "" ? {} : parsed.ok ? parsed.value : undefined;
    if (input === undefined) {
      return fail(
        { kind: "response", status },
        { code: "InvalidResponse", message: describeNonJson(status, text, headers["content-type"]) },
        status,
      );
    }
    const checked = call.schema.safeParse(input);
    if (!checked.success) {
      const issues = checked.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
        .join("; ");
      return fail(
        { kind: "response", status },
        { code: "InvalidResponse", message: `the response body does not have the documented shape (${issues})` },
        status,
      );
    }
    const envelope = call.envelopeError?.(checked.data);
    if (envelope) {
      return fail({ kind: "response", status, code: envelope.code, retryAfterMs }, envelope, status, retryAfterMs);
    }
    return { ok: true, value: checked.data, status };
  }
}

const shared = new Map<string, HttpClient>();

/**
 * One client per endpoint, credentials and policy for the whole process, so every resource a provider process
 * handles shares keep-alive connections and the per-endpoint concurrency limit. The key holds a hash of the
 * secret, never the secret.
 */
export function sharedHttpClient(identity: string[], secret: string, create: () => HttpClient): HttpClient {
  const key = [...identity, createHash("sha256").update(secret).digest("hex")].join("\u0000");
  let client = shared.get(key);
  if (!client) {
    client = create();
    shared.set(key, client);
  }
  return client;
}

/**
 * JSON.parse rounds integers beyond 2^53: the named fields' integer literals too long to be exact are quoted first,
 * so they arrive as strings of digits.
 */
export function quoteLongIntegers(text: string, fields: readonly string[]): string {
  const names = fields.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return text.replace(new RegExp(`("(?:${names})"\\s*:\\s*)(-?\\d{16,})(?=\\s*[,}\\]])`, "g"), (whole, key, digits) =>
    Number.isSafeInteger(Number(digits)) ? whole : `${key}"${digits}"`,
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function describeNonJson(status: number, text: string, contentType: string | undefined): string {
  const kind = contentType?.includes("html") ? "an HTML page" : "a body that is not JSON";
  const snippet = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
  return `the service answered HTTP ${status} with ${kind}${snippet ? ` ("${snippet}")` : ""}`;
}

function networkErrorCode(err: unknown): string {
  if (err instanceof AxiosError || (err && typeof err === "object" && "code" in err)) {
    const e = err as { code?: string; cause?: { code?: string }; name?: string; message?: string };
    if (e.cause?.code === "CONNECT_TIMEOUT" || e.code === "CONNECT_TIMEOUT") return "CONNECT_TIMEOUT";
    if (e.code === "ERR_CANCELED" || e.name === "CanceledError" || e.code === "ECONNABORTED") return "TIMEOUT";
    if (e.code === "ERR_BAD_RESPONSE" && /maxContentLength/.test(e.message ?? "")) return "RESPONSE_TOO_LARGE";
    if (e.message && /socket hang up/i.test(e.message)) return "ECONNRESET";
    if (e.code) return e.code;
    if (e.cause?.code) return e.cause.code;
  }
  return "NETWORK_ERROR";
}

function networkErrorMessage(err: unknown, code: string): string {
  switch (code) {
    case "TIMEOUT":
      return "the request timed out";
    case "CONNECT_TIMEOUT":
      return "connecting to the endpoint timed out";
    case "RESPONSE_TOO_LARGE":
      return "the response body exceeded the size limit";
    case "ECONNREFUSED":
      return "the endpoint refused the connection";
    case "ECONNRESET":
      return "the connection was reset";
    default:
      return `network error (${code})${err instanceof Error ? `: ${err.message}` : ""}`;
  }
}
