/**
 * The emulator's HTTP server: one port for all four services, routed by path (and `x-acs-action` for RPC).
 * Per call: rate limit → fault → signature → handler → persist, every call logged. `/_emulator/` is the
 * unsigned admin API. Handlers run synchronously after the last await, so each call sees and leaves a
 * consistent state.
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { decodePathSegments, parseQueryPairs } from "../signing/encoding";
import { AdminTarget, applySeed, handleAdmin, RequestLogEntry } from "./admin";
import { alibabaAsmService, ProxyStatusState } from "./alibaba/asm";
import { AlibabaError, alibabaErrorBody } from "./alibaba/errors";
import { GreyTagRouteState, saeService } from "./alibaba/sae";
import { acceptedCredentials, Authenticator, EmulatorCredentials } from "./auth";
import { defaultFaultCode, Fault, faultFails, FaultTable, RateLimiter } from "./faults";
import { huaweiAsmService, MeshUpgradeState } from "./huawei/asm";
import { HuaweiError, huaweiErrorBody } from "./huawei/apig/errors";
import { apigService } from "./huawei/apig/routes";
import { VpcChannelState } from "./huawei/apig/state";
import { DEFAULT_VPC_CHANNEL_QUOTA } from "./huawei/apig/stored";
import { CloudId, matchRoute, queryValue, Service, ServiceId, ServiceResponse } from "./router";
import { Snapshot, SNAPSHOT_VERSION, StateFile } from "./store";

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
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The request log keeps the latest calls only, so a long demo run does not grow without bound. */
const MAX_LOGGED_REQUESTS = 10_000;
const PRODUCTS: Record<string, string> = { "alibaba-sae": "sae", "alibaba-asm": "servicemesh" };

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

/** Which cloud an unroutable call was meant for, so even a 404 comes in the right shape. */
function guessCloud(path: string, headers: Record<string, string>): CloudId {
  return path.startsWith("/pop/") || Object.keys(headers).some((h) => h.startsWith("x-acs-")) ? "alibaba" : "huawei";
}

export class Emulator implements AdminTarget {
  readonly apig: VpcChannelState;
  readonly huaweiAsm: MeshUpgradeState;
  readonly sae: GreyTagRouteState;
  readonly alibabaAsm: ProxyStatusState;
  readonly faults: FaultTable;
  readonly rateLimiter: RateLimiter;
  readonly requests: RequestLogEntry[] = [];
  private readonly services: Service[];
  private readonly auth: Authenticator;
  private readonly store?: StateFile;
  private readonly now: () => Date;
  private readonly server: http.Server;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.now = options.now ?? (() => new Date());
    const clock = { now: this.now, newId: () => randomBytes(16).toString("hex") };
    this.apig = new VpcChannelState(clock, options.vpcChannelQuota ?? DEFAULT_VPC_CHANNEL_QUOTA);
    this.huaweiAsm = new MeshUpgradeState(clock);
    this.sae = new GreyTagRouteState(clock);
    this.alibabaAsm = new ProxyStatusState();
    this.services = [
      apigService(this.apig),
      huaweiAsmService(this.huaweiAsm),
      saeService(this.sae),
      alibabaAsmService(this.alibabaAsm),
    ];
    this.faults = new FaultTable(options.faultSeed ?? 1);
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond);
    this.auth = new Authenticator(acceptedCredentials(options.env ?? process.env, options.credentials));
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
    this.apig.setQuota(this.options.vpcChannelQuota ?? DEFAULT_VPC_CHANNEL_QUOTA);
    this.faults.clear();
    this.rateLimiter.perSecond = this.options.rateLimitPerSecond;
    this.requests.length = 0;
  }

  snapshot(): Snapshot {
    return {
      version: SNAPSHOT_VERSION,
      huaweiApig: this.apig.snapshot(),
      huaweiAsm: this.huaweiAsm.snapshot(),
      alibabaSae: this.sae.snapshot(),
      alibabaAsm: this.alibabaAsm.snapshot(),
    };
  }

  private restore(snapshot: Snapshot | undefined): void {
    this.apig.restore(snapshot?.huaweiApig);
    this.huaweiAsm.restore(snapshot?.huaweiAsm);
    this.sae.restore(snapshot?.alibabaSae);
    this.alibabaAsm.restore(snapshot?.alibabaAsm);
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
    const cloud = match?.service.cloud ?? guessCloud(path, headers);
    const service: ServiceId | "unknown" = match?.service.id ?? "unknown";
    const requestId = cloud === "huawei" ? randomBytes(16).toString("hex") : randomUUID().toUpperCase();
    const entry: RequestLogEntry = {
      method,
      path,
      service,
      action: match?.route.action ?? rpcAction ?? "Unknown",
      status: 0,
      at: this.now().toISOString(),
      requestId,
    };
    this.requests.push(entry);
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.shift();
    const idHeader: Record<string, string> = { [cloud === "huawei" ? "X-Request-Id" : "x-acs-request-id"]: requestId };
    const answer = (response: ServiceResponse) => {
      entry.status = response.status;
      this.send(res, response, idHeader);
    };
    const fail = (e: unknown) => answer(this.renderError(e, cloud, service, requestId, headers.host ?? ""));

    if (body === undefined) return fail(new HuaweiError("APIG.0201"));
    if (!this.rateLimiter.take(this.now().getTime())) {
      return fail(
        cloud === "huawei"
          ? new HuaweiError("APIG.0308", String(this.rateLimiter.perSecond))
          : new AlibabaError("Throttling.User"),
      );
    }
    const fault = this.faults.pick({ service, cloud, action: entry.action, method, path });
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    const failNow = fault && faultFails(fault) && !fault.afterHandling;
    if (failNow) return this.injectFault(fault, cloud, res, entry, fail);

    this.reloadIfChanged();
    let response: ServiceResponse;
    try {
      if (!match) {
        throw cloud === "huawei" ? new HuaweiError("APIG.0101") : new AlibabaError("InvalidAction.NotFound");
      }
      const declared = headers["x-acs-action"];
      if (cloud === "alibaba" && !match.route.rpc && declared !== undefined && declared !== match.route.action) {
        throw new AlibabaError("InvalidAction.NotFound");
      }
      if (this.options.verifySignatures !== false) {
        const signed = { method, path, query, headers, body };
        const refused =
          cloud === "huawei" ? this.auth.checkHuawei(signed, this.now()) : this.auth.checkAlibaba(signed, this.now());
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
      response = this.renderError(e, cloud, service, requestId, headers.host ?? "");
    }
    this.persist();
    if (fault && faultFails(fault)) return this.injectFault(fault, cloud, res, entry, fail);
    answer(response);
  }

  private admin(method: string, path: string, body: string): ServiceResponse {
    try {
      return handleAdmin(this, method, path.slice("/_emulator".length), body);
    } catch (e) {
      return this.renderError(e, e instanceof AlibabaError ? "alibaba" : "huawei", "unknown", "admin", "");
    }
  }

  private injectFault(
    fault: Fault,
    cloud: CloudId,
    res: http.ServerResponse,
    entry: RequestLogEntry,
    fail: (e: unknown) => void,
  ): void {
    if (fault.reset) {
      entry.status = 0;
      res.socket?.destroy();
      return;
    }
    const code = fault.code ?? defaultFaultCode(cloud, fault.status ?? 500);
    const shape = entry.service === "alibaba-sae" ? "sae" : "rpc";
    fail(
      cloud === "huawei"
        ? HuaweiError.injected(code, fault.status, fault.message)
        : AlibabaError.injected(code, fault.status, fault.message, shape),
    );
  }

  /** Any failure in the cloud's own body shape; an unexpected exception is the cloud's internal error. */
  private renderError(e: unknown, cloud: CloudId, service: string, requestId: string, host: string): ServiceResponse {
    if (e instanceof HuaweiError) return { status: e.status, body: huaweiErrorBody(e.code, e.message, requestId) };
    if (e instanceof AlibabaError) {
      return { status: e.status, body: alibabaErrorBody(e, requestId, host, PRODUCTS[service] ?? "sae") };
    }
    process.stderr.write(`canary-mesh emulator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    const internal = cloud === "huawei" ? new HuaweiError("APIG.9999") : new AlibabaError("InternalError");
    return this.renderError(internal, cloud, service, requestId, host);
  }

  private send(res: http.ServerResponse, response: ServiceResponse, headers: Record<string, string>): void {
    if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers).end();
      return;
    }
    const text = JSON.stringify(response.body);
    res
      .writeHead(response.status, {
        ...headers,
        "Content-Type": "application/json;charset=UTF-8",
        "Content-Length": Buffer.byteLength(text),
      })
      .end(text);
  }
}
