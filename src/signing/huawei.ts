/**
 * Huawei Cloud `SDK-HMAC-SHA256` AK/SK signing (API signing guide, "APIG SDK" algorithm).
 * Pure: the caller supplies the clock; nothing here does I/O.
 */
import {
  canonicalQueryString,
  encodePathSegments,
  EMPTY_SHA256,
  hmacSha256Hex,
  QueryPairs,
  sha256Hex,
  signaturesEqual,
} from "./encoding";

export const HUAWEI_ALGORITHM = "SDK-HMAC-SHA256";
export const HUAWEI_DATE_HEADER = "x-sdk-date";
export const HUAWEI_CONTENT_SHA256_HEADER = "x-sdk-content-sha256";

/** A request as the signer sees it: decoded path, decoded query pairs, headers to sign, exact body bytes. */
export interface HuaweiSignableRequest {
  method: string;
  /** Decoded path, e.g. `/v2/{project}/apigw/instances/{id}/vpc-channels`. */
  path: string;
  query: QueryPairs;
  /** Every header given here is signed (names are matched case-insensitively). `host` is required. */
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

export interface HuaweiSigningKey {
  accessKey: string;
  secretKey: string;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Parses `YYYYMMDDTHHMMSSZ`; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Date.UTC rolls out-of-range fields over (month 13, 30 February, hour 24) and maps years 0-99 to 19xx: round-trip.
  return Number.isNaN(date.getTime()) || formatSdkDate(date) !== value ? undefined : date;
}

/** Canonical URI: each segment RFC 3986-encoded, always ending in `/`. */
export function huaweiCanonicalUri(path: string): string {
  const encoded = encodePathSegments(path);
  return encoded.endsWith("/") ? encoded : encoded + "/";
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) out.set(name.toLowerCase(), value.trim());
  return out;
}

export function huaweiCanonicalHeaders(headers: Readonly<Record<string, string>>): {
  canonical: string;
  signedHeaders: string;
} {
  const lower = lowerCaseHeaders(headers);
  const names = [...lower.keys()].sort();
  return {
    canonical: names.map((n) => `${n}:${lower.get(n)}\n`).join(""),
    signedHeaders: names.join(";"),
  };
}

export function huaweiPayloadHash(request: HuaweiSignableRequest): string {
  const declared = lowerCaseHeaders(request.headers).get(HUAWEI_CONTENT_SHA256_HEADER);
  if (declared) return declared;
  if (request.body === undefined || request.body.length === 0) return EMPTY_SHA256;
  return sha256Hex(request.body);
}

export function huaweiCanonicalRequest(request: HuaweiSignableRequest): string {
  const { canonical, signedHeaders } = huaweiCanonicalHeaders(request.headers);
  return [
    request.method.toUpperCase(),
    huaweiCanonicalUri(request.path),
    canonicalQueryString(request.query),
    canonical,
    signedHeaders,
    huaweiPayloadHash(request),
  ].join("\n");
}

export function huaweiStringToSign(canonicalRequest: string, sdkDate: string): string {
  return `${HUAWEI_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
}

/**
 * Signs a request. Adds `X-Sdk-Date` (from `now`) to the signed headers and returns the headers to send:
 * the date and `Authorization`.
 */
export function signHuawei(
  request: HuaweiSignableRequest,
  key: HuaweiSigningKey,
  now: Date,
): { "X-Sdk-Date": string; Authorization: string } {
  const sdkDate = formatSdkDate(now);
  const headers = { ...request.headers, [HUAWEI_DATE_HEADER]: sdkDate };
  const canonicalRequest = huaweiCanonicalRequest({ ...request, headers });
  const signature = hmacSha256Hex(key.secretKey, huaweiStringToSign(canonicalRequest, sdkDate));
  const { signedHeaders } = huaweiCanonicalHeaders(headers);
  return {
    "X-Sdk-Date": sdkDate,
    Authorization: `${HUAWEI_ALGORITHM} Access=${key.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export interface ParsedHuaweiAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

export function parseHuaweiAuthorization(value: string): ParsedHuaweiAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  return { accessKey: m[1]!, signedHeaders: m[2]!.split(";"), signature: m[3]! };
}

export type HuaweiVerification =
  | { ok: true; accessKey: string }
  | {
      ok: false;
      reason: "missing" | "malformed" | "unknown-key" | "date" | "expired" | "mismatch";
      accessKey?: string;
      canonicalRequest?: string;
    };

/**
 * Verifies a received request the way the gateway does: recompute over the headers listed in SignedHeaders
 * and compare; `X-Sdk-Date` must be signed and within `maxSkewMs` of `now`.
 */
export function verifyHuawei(
  request: Omit<HuaweiSignableRequest, "headers"> & { headers: Readonly<Record<string, string | undefined>> },
  secretFor: (accessKey: string) => string | undefined,
  now: Date,
  maxSkewMs = 15 * 60 * 1000,
): HuaweiVerification {
  const lower = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const authorization = lower.get("authorization");
  if (!authorization) return { ok: false, reason: "missing" };
  const parsed = parseHuaweiAuthorization(authorization);
  if (!parsed) return { ok: false, reason: "malformed" };
  const secret = secretFor(parsed.accessKey);
  if (secret === undefined) return { ok: false, reason: "unknown-key", accessKey: parsed.accessKey };
  const sdkDate = lower.get(HUAWEI_DATE_HEADER);
  const date = sdkDate ? parseSdkDate(sdkDate) : undefined;
  if (!sdkDate || !date || !parsed.signedHeaders.includes(HUAWEI_DATE_HEADER)) {
    return { ok: false, reason: "date", accessKey: parsed.accessKey };
  }
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return { ok: false, reason: "expired", accessKey: parsed.accessKey };
  }
  const signed: Record<string, string> = {};
  for (const name of parsed.signedHeaders) signed[name] = lower.get(name) ?? "";
  const canonicalRequest = huaweiCanonicalRequest({ ...request, headers: signed });
  const expected = hmacSha256Hex(secret, huaweiStringToSign(canonicalRequest, sdkDate));
  return signaturesEqual(expected, parsed.signature)
    ? { ok: true, accessKey: parsed.accessKey }
    : { ok: false, reason: "mismatch", accessKey: parsed.accessKey, canonicalRequest };
}
