/**
 * Huawei Cloud `SDK-HMAC-SHA256` signer: golden vectors (huawei-apis.md §2.2), its canonicalisation steps and the
 * verifier's rejection reasons.
 */
import { EMPTY_SHA256, sha256Hex } from "../../src/signing/encoding";
import {
  formatSdkDate,
  huaweiCanonicalHeaders,
  huaweiCanonicalRequest,
  huaweiCanonicalUri,
  huaweiPayloadHash,
  HuaweiSignableRequest,
  huaweiStringToSign,
  parseHuaweiAuthorization,
  parseSdkDate,
  signHuawei,
  verifyHuawei,
} from "../../src/signing/huawei";

const AK = "QTWAOYTTINDUT2QVKYUC";
const SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
const KEY = { accessKey: AK, secretKey: SK };

const APIG_HOST = "apig.cn-north-4.myhuaweicloud.com";
const CHANNELS_PATH = "/v2/0123456789abcdef0123456789abcdef/apigw/instances/inst-1/vpc-channels";

interface HuaweiVector {
  name: string;
  request: HuaweiSignableRequest;
  now: Date;
  /** Full canonical request, where the source gives it verbatim. */
  canonicalRequest?: string;
  canonicalRequestSha256?: string;
  canonicalQuery: string;
  payloadSha256: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
}

const VECTORS: HuaweiVector[] = [
  {
    name: "(a) official API signing guide vector",
    request: {
      method: "GET",
      path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
      query: [
        ["marker", "13551d6b-755d-4757-b956-536f674975c0"],
        ["limit", "2"],
      ],
      headers: { "Content-Type": "application/json", Host: "service.region.example.com" },
    },
    now: new Date("2019-11-15T03:36:55Z"),
    canonicalRequest: [
      "GET",
      "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
      "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
      "content-type:application/json",
      "host:service.region.example.com",
      "x-sdk-date:20191115T033655Z",
      "",
      "content-type;host;x-sdk-date",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ].join("\n"),
    canonicalRequestSha256: "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    canonicalQuery: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
    payloadSha256: EMPTY_SHA256,
    signedHeaders: "content-type;host;x-sdk-date",
    signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    authorization:
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
      "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
  },
  {
    name: "(b) APIG list VPC channels, query with space, ~ and *",
    request: {
      method: "GET",
      path: CHANNELS_PATH,
      query: [
        ["name", "my chan~*"],
        ["limit", "500"],
        ["offset", "0"],
        ["precise_search", "name"],
      ],
      headers: { "content-type": "application/json", host: APIG_HOST },
    },
    now: new Date("2024-01-02T03:04:05Z"),
    canonicalQuery: "limit=500&name=my%20chan~%2A&offset=0&precise_search=name",
    payloadSha256: EMPTY_SHA256,
    signedHeaders: "content-type;host;x-sdk-date",
    signature: "ad5c39b89e5c782fd15680139a02c9e48eb5ce434ad06bc20d81e31ab2df7197",
    authorization:
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
      "Signature=ad5c39b89e5c782fd15680139a02c9e48eb5ce434ad06bc20d81e31ab2df7197",
  },
  {
    name: "(c) APIG create VPC channel, JSON body and X-Project-Id",
    request: {
      method: "POST",
      path: CHANNELS_PATH,
      query: [],
      headers: {
        "content-type": "application/json",
        host: APIG_HOST,
        "X-Project-Id": "0123456789abcdef0123456789abcdef",
      },
      body: JSON.stringify({
        name: "chan_1",
        port: 8080,
        balance_strategy: 1,
        member_type: "ip",
        members: [{ host: "10.0.0.1", weight: 1 }],
      }),
    },
    now: new Date("2024-01-02T03:04:05Z"),
    canonicalQuery: "",
    payloadSha256: "144b743077d7ff578f470a1fc6b7034f5541e0b47fddaf70501a892c4acfa6bb",
    signedHeaders: "content-type;host;x-project-id;x-sdk-date",
    signature: "88d2f993deb0a917570c1cabc3b619d651643e3b00871b1edc04a579477ea436",
    authorization:
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-project-id;x-sdk-date, " +
      "Signature=88d2f993deb0a917570c1cabc3b619d651643e3b00871b1edc04a579477ea436",
  },
];

/** The request as the signer saw it, with the `X-Sdk-Date` it added. */
function withDate(v: HuaweiVector): HuaweiSignableRequest {
  return { ...v.request, headers: { ...v.request.headers, "X-Sdk-Date": formatSdkDate(v.now) } };
}

describe("Huawei SDK-HMAC-SHA256 golden vectors (huawei-apis.md §2.2)", () => {
  it.each(VECTORS)("$name", (v) => {
    const signed = withDate(v);
    const canonicalRequest = huaweiCanonicalRequest(signed);
    const lines = canonicalRequest.split("\n");

    if (v.canonicalRequest !== undefined) expect(canonicalRequest).toBe(v.canonicalRequest);
    if (v.canonicalRequestSha256 !== undefined) expect(sha256Hex(canonicalRequest)).toBe(v.canonicalRequestSha256);
    expect(lines[0]).toBe(v.request.method);
    expect(lines[1]).toBe(v.request.path + "/");
    expect(lines[2]).toBe(v.canonicalQuery);
    expect(lines[lines.length - 2]).toBe(v.signedHeaders);
    expect(lines[lines.length - 1]).toBe(v.payloadSha256);
    expect(huaweiPayloadHash(signed)).toBe(v.payloadSha256);

    const sdkDate = formatSdkDate(v.now);
    expect(huaweiStringToSign(canonicalRequest, sdkDate)).toBe(
      `SDK-HMAC-SHA256\n${sdkDate}\n${sha256Hex(canonicalRequest)}`,
    );

    const out = signHuawei(v.request, KEY, v.now);
    expect(out).toEqual({ "X-Sdk-Date": sdkDate, Authorization: v.authorization });
    expect(parseHuaweiAuthorization(out.Authorization)).toEqual({
      accessKey: AK,
      signedHeaders: v.signedHeaders.split(";"),
      signature: v.signature,
    });

    const verdict = verifyHuawei(
      { ...v.request, headers: { ...v.request.headers, ...out } },
      (ak) => (ak === AK ? SK : undefined),
      v.now,
    );
    expect(verdict).toEqual({ ok: true, accessKey: AK });
  });
});

describe("Huawei canonicalisation steps", () => {
  it.each([
    ["/v1/x", "/v1/x/"],
    ["/v1/x/", "/v1/x/"],
    ["/", "/"],
    ["", "/"],
    ["/a b/c*d~e", "/a%20b/c%2Ad~e/"],
    ["/v1//x", "/v1//x/"],
  ])("canonical URI of %j is %j (always ends in /)", (path, expected) => {
    expect(huaweiCanonicalUri(path)).toBe(expected);
  });

  it("canonical headers: lower-case names, sorted, trimmed values, every given header signed", () => {
    expect(
      huaweiCanonicalHeaders({
        "X-Sdk-Date": "20240102T030405Z",
        Host: APIG_HOST,
        "Content-Type": " application/json ",
        "X-Custom": "a  b",
      }),
    ).toEqual({
      canonical: `content-type:application/json\nhost:${APIG_HOST}\nx-custom:a  b\nx-sdk-date:20240102T030405Z\n`,
      signedHeaders: "content-type;host;x-custom;x-sdk-date",
    });
  });

  it("payload hash: exact body bytes, empty body, or the declared X-Sdk-Content-Sha256", () => {
    const base = { method: "POST", path: "/", query: [], headers: { host: APIG_HOST } };
    expect(huaweiPayloadHash(base)).toBe(EMPTY_SHA256);
    expect(huaweiPayloadHash({ ...base, body: "" })).toBe(EMPTY_SHA256);
    expect(huaweiPayloadHash({ ...base, body: '{"a":"é"}' })).toBe(sha256Hex(Buffer.from('{"a":"é"}', "utf8")));
    expect(huaweiPayloadHash({ ...base, body: Buffer.from("a=1") })).toBe(sha256Hex("a=1"));
    expect(
      huaweiPayloadHash({
        ...base,
        headers: { ...base.headers, "X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD" },
        body: "x",
      }),
    ).toBe("UNSIGNED-PAYLOAD");
  });

  it("formatSdkDate is UTC YYYYMMDDTHHMMSSZ, dropping milliseconds", () => {
    expect(formatSdkDate(new Date("2019-11-15T03:36:55Z"))).toBe("20191115T033655Z");
    expect(formatSdkDate(new Date("2024-01-02T03:04:05.999Z"))).toBe("20240102T030405Z");
    expect(formatSdkDate(new Date("2024-12-31T23:59:59+02:00"))).toBe("20241231T215959Z");
  });

  it("parseSdkDate reads what formatSdkDate writes and rejects anything else", () => {
    expect(parseSdkDate("20191115T033655Z")?.toISOString()).toBe("2019-11-15T03:36:55.000Z");
    const now = new Date("2030-06-07T08:09:10Z");
    expect(parseSdkDate(formatSdkDate(now))?.getTime()).toBe(now.getTime());
    for (const bad of [
      "",
      "2019-11-15T03:36:55Z",
      "20191115T033655",
      "20191115 033655Z",
      "20191115T0336Z",
      "x20191115T033655Z",
      "20191315T033655Z", // month 13
      "20190230T033655Z", // 30 February
      "20191115T243655Z", // hour 24
      "20191115T036055Z", // minute 60
      "00500101T000000Z", // year 50 (Date.UTC would read 1950)
    ]) {
      expect([bad, parseSdkDate(bad)]).toEqual([bad, undefined]);
    }
  });

  it("parseHuaweiAuthorization accepts the signer's format and rejects others", () => {
    const sig = "0".repeat(64);
    expect(
      parseHuaweiAuthorization(`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${sig}`),
    ).toEqual({ accessKey: "AK1", signedHeaders: ["host", "x-sdk-date"], signature: sig });
    for (const bad of [
      "",
      `ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host,Signature=${sig}`,
      `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${sig.slice(1)}`,
      `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${"A".repeat(64)}`,
      `SDK-HMAC-SHA256 SignedHeaders=host, Signature=${sig}`,
    ]) {
      expect(parseHuaweiAuthorization(bad)).toBeUndefined();
    }
  });
});

describe("verifyHuawei", () => {
  const now = new Date("2024-01-02T03:04:05Z");
  const secretFor = (ak: string) => (ak === AK ? SK : undefined);
  const request: HuaweiSignableRequest = {
    method: "PUT",
    path: CHANNELS_PATH + "/chan 1",
    query: [
      ["b", "2"],
      ["a", "x y"],
    ],
    headers: {
      host: APIG_HOST,
      "Content-Type": "application/json",
      "X-Project-Id": "0123456789abcdef0123456789abcdef",
    },
    body: '{"name":"chan_1","port":8080}',
  };
  const signed = signHuawei(request, KEY, now);
  type Received = Omit<HuaweiSignableRequest, "headers"> & { headers: Record<string, string | undefined> };
  const received: Received = { ...request, headers: { ...request.headers, ...signed } };

  it("accepts what signHuawei produced, also with header names in another case and within the skew window", () => {
    expect(verifyHuawei(received, secretFor, now)).toEqual({ ok: true, accessKey: AK });
    const relettered = Object.fromEntries(Object.entries(received.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyHuawei({ ...received, headers: relettered }, secretFor, now)).toEqual({ ok: true, accessKey: AK });
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() + 15 * 60 * 1000)).ok).toBe(true);
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() - 15 * 60 * 1000)).ok).toBe(true);
    // headers that were not signed may change freely
    expect(verifyHuawei({ ...received, headers: { ...received.headers, "User-Agent": "x" } }, secretFor, now).ok).toBe(
      true,
    );
  });

  it.each<[string, (r: Received) => Received]>([
    ["tampered body", (r) => ({ ...r, body: '{"name":"chan_1","port":8081}' })],
    ["body dropped", (r) => ({ ...r, body: undefined })],
    [
      "tampered query value",
      (r) => ({
        ...r,
        query: [
          ["b", "2"],
          ["a", "x z"],
        ],
      }),
    ],
    ["extra query pair", (r) => ({ ...r, query: [...r.query, ["c", ""]] })],
    ["tampered path", (r) => ({ ...r, path: CHANNELS_PATH + "/chan 2" })],
    ["tampered method", (r) => ({ ...r, method: "POST" })],
    ["tampered signed header", (r) => ({ ...r, headers: { ...r.headers, "X-Project-Id": "f".repeat(32) } })],
    ["tampered host", (r) => ({ ...r, headers: { ...r.headers, host: "apig.cn-south-1.myhuaweicloud.com" } })],
    ["signed header removed", (r) => ({ ...r, headers: { ...r.headers, "X-Project-Id": undefined } })],
    [
      "tampered signature",
      (r) => ({
        ...r,
        headers: {
          ...r.headers,
          Authorization: r.headers.Authorization!.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
        },
      }),
    ],
  ])("rejects %s as mismatch", (_name, tamper) => {
    const verdict = verifyHuawei(tamper(received), secretFor, now);
    expect(verdict).toMatchObject({ ok: false, reason: "mismatch", accessKey: AK });
    expect(verdict.ok === false && verdict.canonicalRequest).toEqual(expect.stringContaining("\nx-sdk-date:"));
  });

  it("reports the canonical request it computed on mismatch", () => {
    const tampered = { ...received, body: "{}" };
    const verdict = verifyHuawei(tampered, secretFor, now);
    expect(verdict.ok === false && verdict.canonicalRequest).toBe(
      huaweiCanonicalRequest({
        ...tampered,
        headers: {
          "content-type": "application/json",
          host: APIG_HOST,
          "x-project-id": "0123456789abcdef0123456789abcdef",
          "x-sdk-date": signed["X-Sdk-Date"],
        },
      }),
    );
  });

  it("rejects an unknown access key", () => {
    expect(verifyHuawei(received, () => undefined, now)).toEqual({
      ok: false,
      reason: "unknown-key",
      accessKey: AK,
    });
    const other = signHuawei(request, { accessKey: "OTHERAK", secretKey: SK }, now);
    expect(verifyHuawei({ ...request, headers: { ...request.headers, ...other } }, secretFor, now)).toEqual({
      ok: false,
      reason: "unknown-key",
      accessKey: "OTHERAK",
    });
  });

  it("rejects a request signed with another secret", () => {
    const forged = signHuawei(request, { accessKey: AK, secretKey: "not-the-secret" }, now);
    expect(verifyHuawei({ ...request, headers: { ...request.headers, ...forged } }, secretFor, now)).toMatchObject({
      ok: false,
      reason: "mismatch",
    });
  });

  it("rejects a missing Authorization header", () => {
    expect(
      verifyHuawei({ ...received, headers: { ...received.headers, Authorization: undefined } }, secretFor, now),
    ).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(verifyHuawei({ ...received, headers: { ...received.headers, Authorization: "" } }, secretFor, now)).toEqual({
      ok: false,
      reason: "missing",
    });
  });

  it.each([
    ["another algorithm", (a: string) => a.replace("SDK-HMAC-SHA256", "SDK-HMAC-SHA1")],
    ["no Access", (a: string) => a.replace(/Access=[^,]+, /, "")],
    ["no SignedHeaders", (a: string) => a.replace(/SignedHeaders=[^,]+, /, "")],
    ["short signature", (a: string) => a.slice(0, -1)],
    [
      "upper-case signature",
      (a: string) => a.replace(/Signature=(.*)$/, (_m, s: string) => `Signature=${s.toUpperCase()}`),
    ],
    ["garbage", () => "Bearer abc"],
  ])("rejects a malformed Authorization header (%s)", (_name, mangle) => {
    const headers = { ...received.headers, Authorization: mangle(signed.Authorization) };
    expect(verifyHuawei({ ...received, headers }, secretFor, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("rejects a missing, malformed or unsigned X-Sdk-Date as date", () => {
    const missing = { ...received, headers: { ...received.headers, "X-Sdk-Date": undefined } };
    expect(verifyHuawei(missing, secretFor, now)).toEqual({ ok: false, reason: "date", accessKey: AK });
    const malformed = { ...received, headers: { ...received.headers, "X-Sdk-Date": "2024-01-02T03:04:05Z" } };
    expect(verifyHuawei(malformed, secretFor, now)).toEqual({ ok: false, reason: "date", accessKey: AK });
    // signed without the date header: verifier insists that X-Sdk-Date is part of SignedHeaders
    const auth = signed.Authorization.replace(
      "SignedHeaders=content-type;host;x-project-id;x-sdk-date",
      "SignedHeaders=content-type;host;x-project-id",
    );
    expect(auth).not.toBe(signed.Authorization);
    const unsigned = { ...received, headers: { ...received.headers, Authorization: auth } };
    expect(verifyHuawei(unsigned, secretFor, now)).toEqual({ ok: false, reason: "date", accessKey: AK });
  });

  it("rejects a date outside the skew window as expired, in both directions", () => {
    const skew = 15 * 60 * 1000;
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() + skew + 1000))).toEqual({
      ok: false,
      reason: "expired",
      accessKey: AK,
    });
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() - skew - 1000))).toEqual({
      ok: false,
      reason: "expired",
      accessKey: AK,
    });
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() + 61_000), 60_000)).toMatchObject({
      reason: "expired",
    });
    expect(verifyHuawei(received, secretFor, new Date(now.getTime() + 59_000), 60_000).ok).toBe(true);
  });
});
