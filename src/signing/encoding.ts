import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Empty-body SHA-256, used by both clouds when a request has no payload. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - _ . ~` stay literal; UTF-8 bytes, upper-case hex. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac("sha256", key).update(data, "utf8").digest("hex");
}

/** Constant-time comparison of two hex signatures (the length of a hex signature is no secret). */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A query string as ordered key/value pairs, so repeated keys survive. */
export type QueryPairs = ReadonlyArray<readonly [string, string]>;

/** Sorts pairs by key then value (code-unit order) and joins them encoded, as both clouds canonicalise queries. */
export function canonicalQueryString(query: QueryPairs, encode: (s: string) => string = encodeRfc3986): string {
  return [...query]
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join("&");
}

/** Encodes each `/`-separated segment of a decoded path: what the signers canonicalise and what goes on the wire. */
export function encodePathSegments(path: string): string {
  return path
    .split("/")
    .map((segment) => encodeRfc3986(segment))
    .join("/");
}

/** Decodes each segment of a path as it arrived on the wire; undefined when a segment is malformed. */
export function decodePathSegments(rawPath: string): string | undefined {
  try {
    return rawPath
      .split("/")
      .map((segment) => decodeURIComponent(segment))
      .join("/");
  } catch {
    return undefined;
  }
}

/** Parses a raw query string (after `?`) into decoded pairs, keeping order and repeats. */
export function parseQueryPairs(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf("=");
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));
      return [decode(key), decode(value)];
    });
}

/** Builds the wire query string for pairs, with the same encoding the signature assumed. */
export function formatQueryPairs(query: QueryPairs): string {
  return query.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join("&");
}
