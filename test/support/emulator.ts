/**
 * The one home of emulator scaffolding for tests: raw signed calls with our signers (wire details), the unsigned
 * admin API (`/_emulator/...`), the request log, and per-file emulators (reset before each test, or with the
 * provider environment pointed at them).
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { formatQueryPairs, QueryPairs } from "../../src/signing/encoding";
import { signAlibaba } from "../../src/signing/alibaba";
import { signHuawei } from "../../src/signing/huawei";
import { setProviderConfig } from "../../src/core/stackConfig";
import {
  EMULATOR_ALIBABA_ACCESS_KEY_ID,
  EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_PROJECT_ID,
  EMULATOR_HUAWEI_SECRET_KEY,
  EmulatorOptions,
  RunningEmulator,
  startEmulator,
} from "../../src/emulator";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RawRequest {
  method: string;
  path: string;
  query?: QueryPairs;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends exactly the given headers and body (no client-side rewriting). */
export function send(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const qs = r.query && r.query.length > 0 ? `?${formatQueryPairs(r.query)}` : "";
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: `${r.path}${qs}`,
        headers: r.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = undefined;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on("error", reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

export function hostOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

export const PROJECT = EMULATOR_HUAWEI_PROJECT_ID;
export const HUAWEI_KEY = { accessKey: EMULATOR_HUAWEI_ACCESS_KEY, secretKey: EMULATOR_HUAWEI_SECRET_KEY };
export const ALIBABA_KEY = {
  accessKeyId: EMULATOR_ALIBABA_ACCESS_KEY_ID,
  accessKeySecret: EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
};

export function channelsPath(instance = "gw-1"): string {
  return `/v2/${PROJECT}/apigw/instances/${instance}/vpc-channels`;
}

/** A Huawei call signed with our SDK-HMAC-SHA256 signer (content-type, host, x-project-id signed). */
export function huawei(
  baseUrl: string,
  method: string,
  path: string,
  options: { query?: QueryPairs; body?: unknown; key?: typeof HUAWEI_KEY; now?: Date } = {},
): Promise<RawResponse> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const signed: Record<string, string> = { host: hostOf(baseUrl), "x-project-id": PROJECT };
  if (body !== undefined) signed["content-type"] = "application/json";
  const added = signHuawei(
    { method, path, query: options.query ?? [], headers: signed, body },
    options.key ?? HUAWEI_KEY,
    options.now ?? new Date(),
  );
  return send(baseUrl, { method, path, query: options.query, headers: { ...signed, ...added }, body });
}

export interface AlibabaCall {
  method: string;
  path: string;
  action: string;
  version: string;
  query?: QueryPairs;
  form?: QueryPairs;
  key?: typeof ALIBABA_KEY;
  now?: Date;
  nonce?: string;
}

/** Alibaba headers signed with our ACS3-HMAC-SHA256 signer; `form` becomes an urlencoded body. */
export function alibabaRequest(baseUrl: string, call: AlibabaCall): RawRequest {
  const body = call.form ? formatQueryPairs(call.form) : undefined;
  const headers: Record<string, string> = {
    host: hostOf(baseUrl),
    "x-acs-action": call.action,
    "x-acs-version": call.version,
  };
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  const added = signAlibaba(
    { method: call.method, path: call.path, query: call.query ?? [], headers, body },
    call.key ?? ALIBABA_KEY,
    call.now ?? new Date(),
    call.nonce ?? randomBytes(16).toString("hex"),
  );
  return { method: call.method, path: call.path, query: call.query, headers: { ...headers, ...added }, body };
}

export function alibaba(baseUrl: string, call: AlibabaCall): Promise<RawResponse> {
  return send(baseUrl, alibabaRequest(baseUrl, call));
}

export const SAE_VERSION = "2019-05-06";
export const ASM_VERSION = "2020-01-11";
export const SAE_PATH = "/pop/v1/sam/tagroute/greyTagRoute";

export function sae(baseUrl: string, method: string, action: string, query: QueryPairs, path = SAE_PATH) {
  return alibaba(baseUrl, { method, path, action, version: SAE_VERSION, query });
}

export function proxyStatus(baseUrl: string, meshId: string) {
  return alibaba(baseUrl, {
    method: "POST",
    path: "/",
    action: "DescribeServiceMeshProxyStatus",
    version: ASM_VERSION,
    form: [["ServiceMeshId", meshId]],
  });
}

/**
 * Asserts `actual` has every field of the documented example with the same JSON type, recursively (arrays:
 * each actual element against the first documented one), and no fields beyond `extra` (documented in the
 * field tables but absent from the example).
 */
export function expectDocumentedShape(
  actual: unknown,
  documented: unknown,
  extra: readonly string[] = [],
  path = "$",
): void {
  const kind = (v: unknown) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
  if (kind(actual) !== kind(documented))
    throw new Error(`${path}: ${kind(actual)} where the docs have ${kind(documented)}`);
  if (Array.isArray(actual) && Array.isArray(documented)) {
    if (documented.length > 0)
      actual.forEach((item, i) => expectDocumentedShape(item, documented[0], extra, `${path}[${i}]`));
    return;
  }
  if (kind(actual) !== "object") return;
  const a = actual as Record<string, unknown>;
  const d = documented as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!(key in a)) throw new Error(`${path}.${key}: missing (documented)`);
    expectDocumentedShape(a[key], d[key], extra, `${path}.${key}`);
  }
  for (const key of Object.keys(a)) {
    if (!(key in d) && !extra.includes(key)) throw new Error(`${path}.${key}: not in the documented example`);
  }
}

// ---------------------------------------------------------------- admin API and request log

/** Unsigned admin call (`path` after `/_emulator`), the raw answer. */
export function admin(baseUrl: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return send(baseUrl, {
    method,
    path: `/_emulator${path}`,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Unsigned admin call (`path` after `/_emulator`) that must succeed: its JSON answer; throws on status ≥ 300. */
export async function adminCall(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await admin(url, method, path, body);
  if (res.status >= 300) throw new Error(`${method} /_emulator${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Sets the health APIG's check reports for members of a channel (by host or ECS id). */
export async function setMemberHealth(url: string, channelId: string, members: Record<string, string>): Promise<void> {
  await adminCall(url, "PUT", `/huawei/apig/vpc-channels/${channelId}/member-health`, { members });
}

export interface LoggedRequest {
  method: string;
  path: string;
  service: string;
  action: string;
  status: number;
}

/** The emulator's request log (cloud calls only), oldest first. */
export async function requestLog<T = LoggedRequest>(url: string): Promise<T[]> {
  return ((await adminCall(url, "GET", "/requests")) as { requests: T[] }).requests;
}

export async function clearRequestLog(url: string): Promise<void> {
  await adminCall(url, "DELETE", "/requests");
}

// ---------------------------------------------------------------- per-file emulators

/** Starts an emulator for a test file and resets it before each test. */
export function useEmulator(options: EmulatorOptions = {}): { url: () => string } {
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await adminCall(running!.url, "POST", "/reset");
  });
  return { url: () => running!.url };
}

export interface EmulatorEnvOptions {
  /** Passed to `startEmulator`; defaults to `{ port: 0 }`. */
  emulator?: EmulatorOptions;
}

/**
 * Starts an emulator for the test file, points the provider env at it (`env(url)` is merged into
 * `process.env`), clears the stack config, and restores `process.env` (as it was when called) and closes
 * the emulator afterwards. Resetting the emulator between tests is left to the caller.
 */
export function useEmulatorEnv(
  env: (url: string) => Record<string, string>,
  options: EmulatorEnvOptions = {},
): { url(): string } {
  const savedEnv = { ...process.env };
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options.emulator ?? { port: 0 });
    Object.assign(process.env, { CANARY_MESH_ENDPOINT: running.url, ...env(running.url) });
    setProviderConfig(() => undefined);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await running?.close();
  });
  return {
    url(): string {
      if (!running) throw new Error("the emulator is not running (use url() inside hooks and tests)");
      return running.url;
    },
  };
}
