/**
 * The contract between the emulator's server and each emulated service (moto's shape): a service brings its
 * routes, its state's snapshot and restore, its seed section and its admin routes, and registers itself in
 * `registry.ts`. Services never touch node:http; the server turns these plain values into wire traffic, in the
 * service's cloud dialect (`dialects.ts`).
 */
import type { z } from "zod";
import { QueryPairs } from "../signing/encoding";

export type CloudId = "huawei" | "alibaba";
/** `<cloud>-<service>`: the request log's and the fault matcher's name; `huawei-apig` keeps its state under `huaweiApig`. */
export type ServiceId = `${CloudId}-${string}`;

/** A request after parsing: decoded path, query pairs, lower-case header names, exact body text. */
export interface ServiceRequest {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: QueryPairs;
  headers: Readonly<Record<string, string>>;
  body: string;
  now: Date;
  requestId: string;
}

export interface ServiceResponse {
  status: number;
  /** JSON body; omitted for 204. */
  body?: unknown;
}

export interface Route {
  method: string;
  /** Path template, `{name}` matching one non-empty segment. */
  path: string;
  /** API operation name, as the cloud's reference spells it (used by the request log and fault matching). */
  action: string;
  /** RPC style: the operation is named by `x-acs-action` (or `Action`), not by the path. */
  rpc?: boolean;
  handle(request: ServiceRequest): ServiceResponse;
}

/** An admin route under `/_emulator/<cloud>/<service>`: method, the rest of the path, handler of the JSON body. */
export type AdminRoute = [method: string, path: RegExp, handle: (params: string[], body: unknown) => ServiceResponse];

/** What a service gets from the emulator: its clock, id source and options. */
export interface ServiceContext {
  now(): Date;
  newId(): string;
  /** VPC channels per gateway instance (APIG). */
  vpcChannelQuota?: number;
}

export interface EmulatedService {
  id: ServiceId;
  cloud: CloudId;
  /** The product name Alibaba's error bodies link to (`sae`, `servicemesh`). */
  product?: string;
  routes: readonly Route[];
  /** Admin routes (seeding and nudging the service as a console user would). */
  adminRoutes?: readonly AdminRoute[];
  /** The state as plain JSON, persisted with the rest of the emulated world. */
  snapshot(): unknown;
  /** Restores a snapshot; undefined: back to the initial state (and options). */
  restore(snapshot: unknown): void;
  /** Applies the service's section of a seed file (`{<cloud>: {<service>: …}}`). */
  seed(section: unknown): void;
}

export type ServiceFactory = (context: ServiceContext) => EmulatedService;

/** An admin call that cannot be answered: its status and message. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a JSON text with a schema; each dialect says what a body that is not JSON, or not valid, answers. */
export function parseJson<T>(
  text: string,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  onNotJson: () => Error,
  onInvalid: (error: z.ZodError) => Error,
): T {
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch {
      throw onNotJson();
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw onInvalid(parsed.error);
  return parsed.data;
}

/** The admin API's own parse: 400 with the first problem's path. */
export function parseAdmin<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new AdminError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
}

/** The first value of a query parameter. */
export function queryValue(query: QueryPairs, name: string): string | undefined {
  return query.find(([k]) => k === name)?.[1];
}
