/**
 * Alibaba Cloud `ACS3-HMAC-SHA256` signing (V3 request syntax), for ROA (SAE) and RPC (ASM) calls alike.
 * Pure: clock and nonce are supplied by the caller.
 */
import {
  canonicalQueryString,
  encodePathSegments,
  hmacSha256Hex,
  QueryPairs,
  sha256Hex,
  signaturesEqual,
} from "./encoding";

export const ALIBABA_ALGORITHM = "ACS3-HMAC-SHA256";

export interface AlibabaSignableRequest {
  method: string;
  /** Decoded path: the ROA resource path, or `/` for RPC. */
  path: string;
  query: QueryPairs;
  /** Request headers; `host`, `content-type` and every `x-acs-*` header are signed. */
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

export interface AlibabaSigningKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC. */
export function formatAcsDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function parseAcsDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return undefined;
  const date = new Date(value);
  // V8 rolls some out-of-range days and hour 24 over (2023-02-30 → 2023-03-02): accept only the canonical form.
  return Number.isNaN(date.getTime()) || formatAcsDate(date) !== value ? undefined : date;
}

function isSignedHeader(lowerName: string): boolean {
  return lowerName === "host" || lowerName === "content-type" || lowerName.startsWith("x-acs-");
}

/**
 * Canonical headers and the `SignedHeaders` list. A signer chooses which headers to sign (we sign `host`,
 * `content-type` and every `x-acs-*`; the official SDKs sign every header they send, `accept` and `user-agent`
 * included); a verifier passes `names`, the list the request declares, and canonicalises exactly those.
 */
export function alibabaCanonicalHeaders(
  headers: Readonly<Record<string, string>>,
  names?: readonly string[],
): { canonical: string; signedHeaders: string } {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (names ? names.includes(n) : isSignedHeader(n)) lower.set(n, value.trim());
  }
  const sorted = names ? [...names].sort() : [...lower.keys()].sort();
  return {
    canonical: sorted.map((n) => `${n}:${lower.get(n) ?? ""}\n`).join(""),
    signedHeaders: sorted.join(";"),
  };
}

export function alibabaCanonicalRequest(
  request: AlibabaSignableRequest,
  payloadHash: string,
  signedHeaderNames?: readonly string[],
): string {
  const { canonical, signedHeaders } = alibabaCanonicalHeaders(request.headers, signedHeaderNames);
  return [
    request.method.toUpperCase(),
    encodePathSegments(request.path),
    canonicalQueryString(request.query),
    canonical,
    signedHeaders,
    payloadHash,
  ].join("\n");
}

export function alibabaStringToSign(canonicalRequest: string): string {
  return `${ALIBABA_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** The `x-acs-*` headers a signed call carries, besides `host`, `content-type`, action and version. */
export interface AlibabaSignedHeaders {
  "x-acs-date": string;
  "x-acs-signature-nonce": string;
  "x-acs-content-sha256": string;
  "x-acs-security-token"?: string;
  "x-acs-accesskey-id"?: string;
  Authorization: string;
}

/**
 * Signs a request. The caller passes `host`, `x-acs-action`, `x-acs-version` (and `content-type` when there is
 * a body) in `headers`; this adds date, nonce, payload hash and, for STS keys, the token headers.
 */
export function signAlibaba(
  request: AlibabaSignableRequest,
  key: AlibabaSigningKey,
  now: Date,
  nonce: string,
): AlibabaSignedHeaders {
  const payloadHash = sha256Hex(request.body ?? "");
  const added: Omit<AlibabaSignedHeaders, "Authorization"> = {
    "x-acs-date": formatAcsDate(now),
    "x-acs-signature-nonce": nonce,
    "x-acs-content-sha256": payloadHash,
  };
  if (key.securityToken) {
    added["x-acs-security-token"] = key.securityToken;
    added["x-acs-accesskey-id"] = key.accessKeyId;
  }
  const headers = { ...request.headers, ...added } as Record<string, string>;
  const canonicalRequest = alibabaCanonicalRequest({ ...request, headers }, payloadHash);
  const signature = hmacSha256Hex(key.accessKeySecret, alibabaStringToSign(canonicalRequest));
  const { signedHeaders } = alibabaCanonicalHeaders(headers);
  return {
    ...added,
    Authorization: `${ALIBABA_ALGORITHM} Credential=${key.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

export interface ParsedAlibabaAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAlibabaAuthorization(value: string): ParsedAlibabaAuthorization | undefined {
  const m = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  return { accessKeyId: m[1]!, signedHeaders: m[2]!.toLowerCase().split(";"), signature: m[3]! };
}

export type AlibabaVerification =
  | { ok: true; accessKeyId: string; nonce: string }
  | {
      ok: false;
      reason: "missing" | "malformed" | "unknown-key" | "date" | "expired" | "nonce" | "content-hash" | "mismatch";
      accessKeyId?: string;
    };

/**
 * Verifies a received request as the gateway does: required `x-acs-*` headers present and signed, date within
 * `maxSkewMs`, body hash matching `x-acs-content-sha256`, signature recomputed over the listed headers.
 * Nonce replay is the caller's concern (it needs memory): the nonce is returned on success.
 */
export function verifyAlibaba(
  request: Omit<AlibabaSignableRequest, "headers"> & { headers: Readonly<Record<string, string | undefined>> },
  secretFor: (accessKeyId: string) => string | undefined,
  now: Date,
  maxSkewMs = 15 * 60 * 1000,
): AlibabaVerification {
  const lower = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const authorization = lower.get("authorization");
  if (!authorization) return { ok: false, reason: "missing" };
  const parsed = parseAlibabaAuthorization(authorization);
  if (!parsed) return { ok: false, reason: "malformed" };
  const accessKeyId = parsed.accessKeyId;
  const secret = secretFor(accessKeyId);
  if (secret === undefined) return { ok: false, reason: "unknown-key", accessKeyId };
  const required = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
  ];
  if (required.some((h) => !lower.get(h) || !parsed.signedHeaders.includes(h))) {
    return { ok: false, reason: "malformed", accessKeyId };
  }
  const date = parseAcsDate(lower.get("x-acs-date")!);
  if (!date) return { ok: false, reason: "date", accessKeyId };
  if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) return { ok: false, reason: "expired", accessKeyId };
  const payloadHash = sha256Hex(request.body ?? "");
  if (lower.get("x-acs-content-sha256") !== payloadHash) return { ok: false, reason: "content-hash", accessKeyId };
  const signed: Record<string, string> = {};
  for (const name of parsed.signedHeaders) signed[name] = lower.get(name) ?? "";
  const canonicalRequest = alibabaCanonicalRequest({ ...request, headers: signed }, payloadHash, parsed.signedHeaders);
  const expected = hmacSha256Hex(secret, alibabaStringToSign(canonicalRequest));
  return signaturesEqual(expected, parsed.signature)
    ? { ok: true, accessKeyId, nonce: lower.get("x-acs-signature-nonce")! }
    : { ok: false, reason: "mismatch", accessKeyId };
}
