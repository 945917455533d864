/**
 * The emulator's HTTP server: one port for every registered service (`registry.ts`), routed by path (and
 * `x-acs-action` for RPC). Per call: rate limit → fault → signature → handler → persist, every call logged; what
 * differs between the clouds comes from their dialect (`dialects.ts`). `/_emulator/` is the unsigned admin API.
 * Handlers run synchronously after the last await, so each call sees and leaves a consistent state.
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodePathSegments, parseQueryPairs } from "../signing/encoding";
import { AdminTarget, applySeed, handleAdmin, RequestLogEntry } from "./admin";
import { acceptedCredentials, Authenticator, EmulatorCredentials } from "./auth";
import { CloudDialect, DIALECTS, guessCloud } from "./dialects";
import { EmulatorError } from "./errors";
import { Fault, faultFails, FaultTable, RateLimiter } from "./faults";
import { SERVICES } from "./registry";
import { matchRoute } from "./router";
import { EmulatedService, queryValue, ServiceFactory, ServiceResponse } from "./service";
import { Snapshot, SNAPSHOT_VERSION, snapshotKey, StateFile } from "./store";

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist the state in this JSON file (atomic writes; re-read when another process changes it). */
  stateFile?: string;
  /** Fixtures: a JSON file path or the object itself (see `applySeed`). Applied when there is no saved state. */
  seed?: string | object;
  /** Check signatures (default true). */
  verifySignatures?: boolean;
  /** Seed for fault `rate` draws (default 1). */
  faultSeed?: number;
  /** Clock for timestamps, signature skew and rate-limit windows. */
  now?: () => Date;
  /** Cloud calls allowed per second before answering the cloud's throttling error (default: unlimited). */
  rateLimitPerSecond?: number;
  /** VPC channels per gateway instance (default 30). */
  vpcChannelQuota?: number;
  /** Keys accepted besides the built-in ones and those in the standard environment variables. */
  credentials?: EmulatorCredentials;
  /** Environment to read keys from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The services to emulate (default: every registered one, `registry.ts`). */
  services?: readonly ServiceFactory[];
  /**
   * Append every routed cloud call (action, query, body as sent) as a JSON line to a file in this directory, for
   * checking request shapes against the vendors' SDK models; default `CANARY_MESH_EMULATOR_RECORD`. Bodies are kept
   * verbatim, secrets included: point it at a temporary directory only.
   */
  record?: string;
  /**
   * The admin API answers loopback clients only, unless this token is set: then a client elsewhere may call it
   * with `Authorization: Bearer <token>` (default `CANARY_MESH_EMULATOR_ADMIN_TOKEN`). It resets state, dumps it and
   * injects faults: never expose it unauthenticated.
   */
  adminToken?: string;
}

/** Constant-time comparison that reveals neither value nor length. */
function safeEqual(a: string, b: string): boolean {
  const digest = (v: string) => createHash("sha256").update(v, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Is the client on this machine (127.0.0.0/8, ::1, or an IPv4-mapped loopback address)? */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The request log keeps the latest calls only, so a long demo run does not grow without bound. */
const MAX_LOGGED_REQUESTS = 10_000;

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function safePairs(text: string): Array<[string, string]> {
  try {
    return parseQueryPairs(text);
  } catch {
    return [];
  }
}

export class Emulator implements AdminTarget {
  readonly services: readonly EmulatedService[];
  readonly faults: FaultTable;
  readonly rateLimiter: RateLimiter;
  readonly requests: RequestLogEntry[] = [];
  private readonly auth: Authenticator;
  private readonly store?: StateFile;
  private readonly now: () => Date;
  private readonly server: http.Server;
  private readonly recordFile?: string;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.now = options.now ?? (() => new Date());
    const context = {
      now: this.now,
      newId: () => randomBytes(16).toString("hex"),
      vpcChannelQuota: options.vpcChannelQuota,
    };
    this.services = (options.services ?? SERVICES).map((create) => create(context));
    this.faults = new FaultTable(options.faultSeed ?? 1);
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond);
    this.auth = new Authenticator(acceptedCredentials(options.env ?? process.env, options.credentials));
    const record = options.record ?? process.env.CANARY_MESH_EMULATOR_RECORD;
    if (record) {
      mkdirSync(record, { recursive: true });
      this.recordFile = join(record, `calls-${process.pid}.jsonl`);
    }
    if (options.stateFile) this.store = new StateFile(options.stateFile);
    const saved = this.store?.load();
    if (saved) this.restore(saved);
    else if (options.seed !== undefined) applySeed(this, this.readSeed(options.seed));
    this.persist();
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        process.stderr.write(`canary-mesh emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  async listen(): Promise<{ url: string; port: number }> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    return { url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  reset(): void {
    this.restore(undefined);
    this.faults.clear();
    this.rateLimiter.perSecond = this.options.rateLimitPerSecond;
    this.requests.length = 0;
  }

  snapshot(): Snapshot {
    const snapshot: Snapshot = { version: SNAPSHOT_VERSION };
    for (const service of this.services) snapshot[snapshotKey(service.id)] = service.snapshot();
    return snapshot;
  }

  private restore(snapshot: Snapshot | undefined): void {
    for (const service of this.services) service.restore(snapshot?.[snapshotKey(service.id)]);
  }

  private readSeed(seed: string | object): unknown {
    return typeof seed === "string" ? JSON.parse(readFileSync(seed, "utf8")) : seed;
  }

  private persist(): void {
    this.store?.save(this.snapshot());
  }

  private reloadIfChanged(): void {
    if (!this.store?.changedOnDisk()) return;
    const saved = this.store.load();
    if (saved) this.restore(saved);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = decodePathSegments(q < 0 ? rawUrl : rawUrl.slice(0, q)) ?? "";
    const method = (req.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    const body = await readBody(req);

    if (path === "/_emulator" || path.startsWith("/_emulator/")) {
      const refused = this.refuseAdmin(req.socket.remoteAddress, headers.authorization);
      if (refused) return this.send(res, refused, {});
      this.reloadIfChanged();
      const answer =
        body === undefined ? { status: 413, body: { error: "body too large" } } : this.admin(method, path, body);
      this.persist();
      return this.send(res, answer, {});
    }

    // A malformed query or form cannot match a signature: it reads as empty and verification reports it.
    const query = safePairs(q < 0 ? "" : rawUrl.slice(q + 1));
    const rpcAction = headers["x-acs-action"] ?? queryValue(query, "Action");
    const match = matchRoute(this.services, method, path, rpcAction);
    const service = match?.service;
    const cloud = service?.cloud ?? guessCloud(path, headers);
    const dialect = DIALECTS[cloud];
    const requestId = dialect.requestId();
    const entry: RequestLogEntry = {
      method,
      path,
      service: service?.id ?? "unknown",
      action: match?.route.action ?? rpcAction ?? "Unknown",
      status: 0,
      at: this.now().toISOString(),
      requestId,
    };
    this.requests.push(entry);
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.shift();
    const host = headers.host ?? "";
    const answer = (response: ServiceResponse) => {
      entry.status = response.status;
      this.send(res, response, { [dialect.idHeader]: requestId });
    };
    const fail = (e: unknown) => answer(this.renderError(e, dialect, { requestId, host, product: service?.product }));

    if (body === undefined) return fail(dialect.bodyTooLarge());
    if (!this.rateLimiter.take(this.now().getTime())) return fail(dialect.throttled(this.rateLimiter.perSecond));
    if (match && this.recordFile)
      this.record({ service: entry.service, action: entry.action, method, path, query, headers, body });
    const fault = this.faults.pick({ service: entry.service, cloud, action: entry.action, method, path });
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault && faultFails(fault) && !fault.afterHandling)
      return this.injectFault(fault, dialect, service, res, entry, fail);

    this.reloadIfChanged();
    let response: ServiceResponse;
    try {
      if (!match) throw dialect.routeNotFound();
      const misrouted = dialect.misrouted(match.route, headers);
      if (misrouted) throw misrouted;
      if (this.options.verifySignatures !== false) {
        const refused = dialect.verify(this.auth, { method, path, query, headers, body }, this.now());
        if (refused) throw refused;
      }
      // RPC parameters may come in a form body as well as in the query.
      const isForm = (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      const params = match.route.rpc && isForm ? [...query, ...safePairs(body)] : query;
      response = match.route.handle({
        method,
        path,
        params: match.params,
        query: params,
        headers,
        body,
        now: this.now(),
        requestId,
      });
    } catch (e) {
      response = this.renderError(e, dialect, { requestId, host, product: service?.product });
    }
    this.persist();
    if (fault && faultFails(fault)) return this.injectFault(fault, dialect, service, res, entry, fail);
    answer(response);
  }

  private record(call: {
    service: string;
    action: string;
    method: string;
    path: string;
    query: Array<[string, string]>;
    headers: Record<string, string>;
    body: string;
  }): void {
    const { headers, ...rest } = call;
    const line = JSON.stringify({ ...rest, contentType: headers["content-type"] ?? "" });
    appendFileSync(this.recordFile!, `${line}\n`);
  }

  /** The admin API's guard: loopback clients, or anyone with the admin token when one is set. */
  private refuseAdmin(address: string | undefined, authorization: string | undefined): ServiceResponse | undefined {
    if (isLoopback(address)) return undefined;
    const token = this.options.adminToken ?? process.env.CANARY_MESH_EMULATOR_ADMIN_TOKEN;
    const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
    if (token && given && safeEqual(given, token)) return undefined;
    const why = token
      ? "send the emulator's admin token as Authorization: Bearer <token>"
      : "the admin API answers clients on this machine only; start the emulator with --admin-token (or CANARY_MESH_EMULATOR_ADMIN_TOKEN) to allow others";
    return { status: 403, body: { error: `admin API refused for ${address ?? "an unknown address"}: ${why}` } };
  }

  /** Admin calls; a cloud error from a service's admin route (a seed the service refuses) in that cloud's shape. */
  private admin(method: string, path: string, body: string): ServiceResponse {
    try {
      return handleAdmin(this, method, path.slice("/_emulator".length), body);
    } catch (e) {
      const service = this.services.find((s) => path.startsWith(`/_emulator/${s.id.replace("-", "/")}/`));
      if (service && e instanceof EmulatorError) {
        return { status: e.status, body: DIALECTS[service.cloud].errorBody(e, { requestId: "admin", host: "" }) };
      }
      process.stderr.write(`canary-mesh emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return { status: 500, body: { error: e instanceof Error ? e.message : String(e) } };
    }
  }

  private injectFault(
    fault: Fault,
    dialect: CloudDialect,
    service: EmulatedService | undefined,
    res: http.ServerResponse,
    entry: RequestLogEntry,
    fail: (e: unknown) => void,
  ): void {
    if (fault.reset) {
      entry.status = 0;
      res.socket?.destroy();
      return;
    }
    const status = fault.status ?? 500;
    fail(dialect.injected(fault.code ?? dialect.faultCode(status), fault.status, fault.message, service?.product));
  }

  /** Any failure in the cloud's own body shape; an unexpected exception is the cloud's internal error. */
  private renderError(
    e: unknown,
    dialect: CloudDialect,
    context: { requestId: string; host: string; product?: string },
  ): ServiceResponse {
    if (e instanceof EmulatorError) return { status: e.status, body: dialect.errorBody(e, context) };
    process.stderr.write(`canary-mesh emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    const internal = dialect.internal();
    return { status: internal.status, body: dialect.errorBody(internal, context) };
  }

  private send(res: http.ServerResponse, response: ServiceResponse, headers: Record<string, string>): void {
    if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers).end();
      return;
    }
    const text = toJson(response.body);
    res
      .writeHead(response.status, {
        ...headers,
        "Content-Type": "application/json;charset=UTF-8",
        "Content-Length": Buffer.byteLength(text),
      })
      .end(text);
  }
}

const BIGINT = "\u0001bigint:";

/** JSON where a bigint is written as a number with all its digits (int64 ids beyond 2^53). */
export function toJson(body: unknown): string {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? `${BIGINT}${v}` : v));
  return text.includes("bigint:") ? text.replace(/"\\u0001bigint:(-?\d+)"/g, "$1") : text;
}
