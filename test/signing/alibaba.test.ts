/**
 * Alibaba Cloud `ACS3-HMAC-SHA256` (signature V3) signer: the official vector (alibaba-apis.md §3.5), the derived
 * vectors for SAE and ASM (§3.6), canonicalisation steps and the verifier's rejection reasons.
 */
import { EMPTY_SHA256, hmacSha256Hex, sha256Hex } from "../../src/signing/encoding";
import {
  alibabaCanonicalHeaders,
  alibabaCanonicalRequest,
  AlibabaSignableRequest,
  AlibabaSigningKey,
  alibabaStringToSign,
  formatAcsDate,
  parseAcsDate,
  parseAlibabaAuthorization,
  signAlibaba,
  verifyAlibaba,
} from "../../src/signing/alibaba";

const AK = "YourAccessKeyId";
const SECRET = "YourAccessKeySecret";
const DATE = new Date("2023-10-26T10:22:32Z");
const NONCE = "3156853299f313e23d1673dc12e1703d";

interface AlibabaVector {
  name: string;
  request: AlibabaSignableRequest;
  key: AlibabaSigningKey;
  /** Full canonical request, where the source gives it verbatim. */
  canonicalRequest?: string;
  canonicalQuery: string;
  payloadSha256: string;
  signedHeaders: string;
  hashedCanonicalRequest: string;
  signature: string;
}

const SAE_HOST = "sae.cn-hangzhou.aliyuncs.com";
const ASM_BODY = "ServiceMeshId=ca04bc38979214bf2882be79d39b4****";

const VECTORS: AlibabaVector[] = [
  {
    name: "§3.5 official V3 example (RunInstances, RPC, POST, empty body)",
    request: {
      method: "POST",
      path: "/",
      query: [
        ["RegionId", "cn-shanghai"],
        ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
      ],
      headers: {
        host: "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
      },
    },
    key: { accessKeyId: AK, accessKeySecret: SECRET },
    canonicalRequest: [
      "POST",
      "/",
      "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
      "host:ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action:RunInstances",
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "x-acs-date:2023-10-26T10:22:32Z",
      "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
      "x-acs-version:2014-05-26",
      "",
      "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ].join("\n"),
    canonicalQuery: "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
    payloadSha256: EMPTY_SHA256,
    signedHeaders: "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    hashedCanonicalRequest: "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    signature: "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
  },
  {
    name: "§3.6 A: SAE DescribeGreyTagRoute (ROA, GET)",
    request: {
      method: "GET",
      path: "/pop/v1/sam/tagroute/greyTagRoute",
      query: [["GreyTagRouteId", "16"]],
      headers: { host: SAE_HOST, "x-acs-action": "DescribeGreyTagRoute", "x-acs-version": "2019-05-06" },
    },
    key: { accessKeyId: AK, accessKeySecret: SECRET },
    canonicalRequest: [
      "GET",
      "/pop/v1/sam/tagroute/greyTagRoute",
      "GreyTagRouteId=16",
      `host:${SAE_HOST}`,
      "x-acs-action:DescribeGreyTagRoute",
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "x-acs-date:2023-10-26T10:22:32Z",
      "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
      "x-acs-version:2019-05-06",
      "",
      "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ].join("\n"),
    canonicalQuery: "GreyTagRouteId=16",
    payloadSha256: EMPTY_SHA256,
    signedHeaders: "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    hashedCanonicalRequest: "14689693b937e1805b8424162e90d88c8b5c184ded27155a7a84fb9b4c6f3299",
    signature: "577fa860343b17e4a0519b5fbec66b14bc422fb1afc9ace0114345e6487a43d1",
  },
  {
    name: "§3.6 B: ASM DescribeServiceMeshProxyStatus (RPC, POST form body)",
    request: {
      method: "POST",
      path: "/",
      query: [],
      headers: {
        host: "servicemesh.aliyuncs.com",
        "content-type": "application/x-www-form-urlencoded",
        "x-acs-action": "DescribeServiceMeshProxyStatus",
        "x-acs-version": "2020-01-11",
      },
      body: ASM_BODY,
    },
    key: { accessKeyId: AK, accessKeySecret: SECRET },
    canonicalRequest: [
      "POST",
      "/",
      "",
      "content-type:application/x-www-form-urlencoded",
      "host:servicemesh.aliyuncs.com",
      "x-acs-action:DescribeServiceMeshProxyStatus",
      "x-acs-content-sha256:56bfe039829db4cf6c7c9019abd566cc341aef1bd71a81ca3c9bbbee186f2333",
      "x-acs-date:2023-10-26T10:22:32Z",
      "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
      "x-acs-version:2020-01-11",
      "",
      "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
      "56bfe039829db4cf6c7c9019abd566cc341aef1bd71a81ca3c9bbbee186f2333",
    ].join("\n"),
    canonicalQuery: "",
    payloadSha256: "56bfe039829db4cf6c7c9019abd566cc341aef1bd71a81ca3c9bbbee186f2333",
    signedHeaders: "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
    hashedCanonicalRequest: "cec73959d9b2061d6f6450c0cc1eb5c50e83acc848b8c08058c0afa545df2787",
    signature: "66890b191c79bec9dfdc2acc8331bfd5a7f4a1867f451df7747f7459e6a5194b",
  },
  {
    name: "§3.6 C: SAE ListGreyTagRoute with STS token (* in query)",
    request: {
      method: "GET",
      path: "/pop/v1/sam/tagroute/greyTagRouteList",
      query: [["AppId", "7171a6ca-d1cd-4928-8642-7d5cfe69****"]],
      headers: { host: SAE_HOST, "x-acs-action": "ListGreyTagRoute", "x-acs-version": "2019-05-06" },
    },
    key: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: "TestSecurityToken" },
    canonicalQuery: "AppId=7171a6ca-d1cd-4928-8642-7d5cfe69%2A%2A%2A%2A",
    payloadSha256: EMPTY_SHA256,
    signedHeaders:
      "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;" +
      "x-acs-signature-nonce;x-acs-version",
    hashedCanonicalRequest: "e4686e211c868a2dc809bd3584c7671065501bfde05b590ebff6f7d07acbca25",
    signature: "d977026f6027e14748a90b94df4cb0a88469220503f308f4eb8bd8500eb918ec",
  },
];

describe("Alibaba ACS3-HMAC-SHA256 golden vectors (alibaba-apis.md §3.5, §3.6)", () => {
  it.each(VECTORS)("$name", (v) => {
    const out = signAlibaba(v.request, v.key, DATE, NONCE);
    expect(out["x-acs-date"]).toBe("2023-10-26T10:22:32Z");
    expect(out["x-acs-signature-nonce"]).toBe(NONCE);
    expect(out["x-acs-content-sha256"]).toBe(v.payloadSha256);
    if (v.key.securityToken) {
      expect(out["x-acs-security-token"]).toBe(v.key.securityToken);
      expect(out["x-acs-accesskey-id"]).toBe(v.key.accessKeyId);
    } else {
      expect(out).not.toHaveProperty("x-acs-security-token");
      expect(out).not.toHaveProperty("x-acs-accesskey-id");
    }

    const { Authorization, ...added } = out;
    const signedRequest = { ...v.request, headers: { ...v.request.headers, ...added } };
    const canonicalRequest = alibabaCanonicalRequest(signedRequest, v.payloadSha256);
    const lines = canonicalRequest.split("\n");
    if (v.canonicalRequest !== undefined) expect(canonicalRequest).toBe(v.canonicalRequest);
    expect(lines[0]).toBe(v.request.method);
    expect(lines[1]).toBe(v.request.path);
    expect(lines[2]).toBe(v.canonicalQuery);
    expect(lines[lines.length - 2]).toBe(v.signedHeaders);
    expect(lines[lines.length - 1]).toBe(v.payloadSha256);
    expect(sha256Hex(canonicalRequest)).toBe(v.hashedCanonicalRequest);

    expect(alibabaStringToSign(canonicalRequest)).toBe(`ACS3-HMAC-SHA256\n${v.hashedCanonicalRequest}`);
    expect(Authorization).toBe(
      `ACS3-HMAC-SHA256 Credential=${v.key.accessKeyId},SignedHeaders=${v.signedHeaders},Signature=${v.signature}`,
    );
    expect(parseAlibabaAuthorization(Authorization)).toEqual({
      accessKeyId: v.key.accessKeyId,
      signedHeaders: v.signedHeaders.split(";"),
      signature: v.signature,
    });

    const verdict = verifyAlibaba(
      { ...v.request, headers: { ...v.request.headers, ...out } },
      (ak) => (ak === AK ? SECRET : undefined),
      DATE,
    );
    expect(verdict).toEqual({ ok: true, accessKeyId: AK, nonce: NONCE });
  });

  it("§3.5 official Authorization header, verbatim", () => {
    const [official] = VECTORS;
    expect(signAlibaba(official!.request, official!.key, DATE, NONCE).Authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;" +
        "x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
  });

  it("hashes the exact body bytes: string and Uint8Array bodies sign identically", () => {
    const asm = VECTORS[2]!;
    const fromBytes = signAlibaba({ ...asm.request, body: Buffer.from(ASM_BODY, "utf8") }, asm.key, DATE, NONCE);
    expect(fromBytes.Authorization).toContain(`Signature=${asm.signature}`);
    expect(signAlibaba({ ...asm.request, body: new Uint8Array(0) }, asm.key, DATE, NONCE)["x-acs-content-sha256"]).toBe(
      EMPTY_SHA256,
    );
  });
});

describe("Alibaba canonicalisation steps", () => {
  it("signs host, content-type and x-acs-* only; lower-cases names, sorts them, trims values", () => {
    expect(
      alibabaCanonicalHeaders({
        Host: "sae.cn-hangzhou.aliyuncs.com",
        "Content-Type": "  application/json ",
        "X-Acs-Action": "DescribeGreyTagRoute",
        "x-acs-version": "2019-05-06\t",
        Accept: "application/json",
        "User-Agent": "test",
        "X-Project-Id": "abc",
        "x-acsx": "not an x-acs- header",
      }),
    ).toEqual({
      canonical:
        "content-type:application/json\nhost:sae.cn-hangzhou.aliyuncs.com\n" +
        "x-acs-action:DescribeGreyTagRoute\nx-acs-version:2019-05-06\n",
      signedHeaders: "content-type;host;x-acs-action;x-acs-version",
    });
  });

  it("canonical URI: RPC is /, ROA path segments are RFC 3986-encoded, no trailing / is added", () => {
    const req = (path: string): AlibabaSignableRequest => ({ method: "get", path, query: [], headers: {} });
    const uri = (path: string) => alibabaCanonicalRequest(req(path), EMPTY_SHA256).split("\n")[1];
    expect(uri("/")).toBe("/");
    expect(uri("/pop/v1/sam/tagroute/greyTagRoute")).toBe("/pop/v1/sam/tagroute/greyTagRoute");
    expect(uri("/a b/c*d~e/f+g/é")).toBe("/a%20b/c%2Ad~e/f%2Bg/%C3%A9");
    expect(uri("/x/")).toBe("/x/");
    expect(alibabaCanonicalRequest(req("/"), EMPTY_SHA256).split("\n")[0]).toBe("GET");
  });

  it("canonical query: sorted by key (upper-case first), values RFC 3986-encoded, empty value keeps =", () => {
    const canonical = alibabaCanonicalRequest(
      {
        method: "GET",
        path: "/",
        query: [
          ["b", "x y"],
          ["Tag.1.Key", "k*"],
          ["a", ""],
          ["B", "~!'()"],
        ],
        headers: {},
      },
      EMPTY_SHA256,
    );
    expect(canonical.split("\n")[2]).toBe("B=~%21%27%28%29&Tag.1.Key=k%2A&a=&b=x%20y");
  });

  it("formatAcsDate is UTC yyyy-MM-ddTHH:mm:ssZ without milliseconds", () => {
    expect(formatAcsDate(new Date("2023-10-26T10:22:32Z"))).toBe("2023-10-26T10:22:32Z");
    expect(formatAcsDate(new Date("2023-10-26T10:22:32.999Z"))).toBe("2023-10-26T10:22:32Z");
    expect(formatAcsDate(new Date("2024-01-01T01:02:03+08:00"))).toBe("2023-12-31T17:02:03Z");
  });

  it("parseAcsDate reads what formatAcsDate writes and rejects anything else", () => {
    expect(parseAcsDate("2023-10-26T10:22:32Z")?.getTime()).toBe(DATE.getTime());
    for (const bad of [
      "",
      "2023-10-26T10:22:32.000Z",
      "2023-10-26T10:22:32+08:00",
      "2023-10-26 10:22:32Z",
      "20231026T102232Z",
      "2023-13-26T10:22:32Z", // month 13
      "2023-02-30T10:22:32Z", // 30 February
      "2023-10-26T24:00:00Z", // hour 24
    ]) {
      expect([bad, parseAcsDate(bad)]).toEqual([bad, undefined]);
    }
  });

  it("parseAlibabaAuthorization accepts the signer's format and rejects others", () => {
    const sig = "a".repeat(64);
    expect(
      parseAlibabaAuthorization(`ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=${sig}`),
    ).toEqual({
      accessKeyId: "AK",
      signedHeaders: ["host", "x-acs-date"],
      signature: sig,
    });
    for (const bad of [
      "",
      `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=${sig}`,
      `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=${sig}0`,
      `ACS3-HMAC-SHA256 SignedHeaders=host,Signature=${sig}`,
      `acs AK:${sig}`,
    ]) {
      expect(parseAlibabaAuthorization(bad)).toBeUndefined();
    }
  });
});

describe("verifyAlibaba", () => {
  const now = DATE;
  const secretFor = (ak: string) => (ak === AK ? SECRET : undefined);
  const request: AlibabaSignableRequest = {
    method: "PUT",
    path: "/pop/v1/sam/tagroute/greyTagRoute",
    query: [
      ["GreyTagRouteId", "16"],
      ["Description", "canary 10%"],
    ],
    headers: {
      host: SAE_HOST,
      "content-type": "application/json",
      "x-acs-action": "UpdateGreyTagRoute",
      "x-acs-version": "2019-05-06",
      accept: "application/json",
    },
    body: '{"ScRules":"[]"}',
  };
  const key: AlibabaSigningKey = { accessKeyId: AK, accessKeySecret: SECRET, securityToken: "sts-token" };
  const signed = signAlibaba(request, key, now, NONCE);
  type Received = Omit<AlibabaSignableRequest, "headers"> & { headers: Record<string, string | undefined> };
  const received: Received = { ...request, headers: { ...request.headers, ...signed } };
  const withHeaders = (r: Received, headers: Record<string, string | undefined>): Received => ({
    ...r,
    headers: { ...r.headers, ...headers },
  });

  it("accepts what signAlibaba produced and returns the nonce; unsigned headers may change", () => {
    expect(verifyAlibaba(received, secretFor, now)).toEqual({ ok: true, accessKeyId: AK, nonce: NONCE });
    const upper = Object.fromEntries(Object.entries(received.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyAlibaba({ ...received, headers: upper }, secretFor, now).ok).toBe(true);
    expect(verifyAlibaba(withHeaders(received, { accept: "*/*", "user-agent": "x" }), secretFor, now).ok).toBe(true);
    expect(verifyAlibaba(received, secretFor, new Date(now.getTime() + 15 * 60 * 1000)).ok).toBe(true);
  });

  it("canonicalises exactly the headers SignedHeaders lists, as the official SDKs sign (accept and user-agent too)", () => {
    // The official Python and Node SDKs sign every header they send: sign such a request the same way.
    const sdkHeaders: Record<string, string> = {
      ...request.headers,
      "user-agent": "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.3.15 TeaDSL/1 darabonba",
      "x-acs-date": "2023-10-26T10:22:32Z",
      "x-acs-signature-nonce": NONCE,
      "x-acs-content-sha256": sha256Hex(request.body!),
    };
    const names = Object.keys(sdkHeaders).map((h) => h.toLowerCase());
    const canonicalRequest = alibabaCanonicalRequest(
      { ...request, headers: sdkHeaders },
      sha256Hex(request.body!),
      names,
    );
    const signature = hmacSha256Hex(SECRET, alibabaStringToSign(canonicalRequest));
    const authorization = `ACS3-HMAC-SHA256 Credential=${AK},SignedHeaders=${[...names].sort().join(";")},Signature=${signature}`;
    const sdkSigned: Received = { ...request, headers: { ...sdkHeaders, authorization } };
    expect(verifyAlibaba(sdkSigned, secretFor, now)).toEqual({ ok: true, accessKeyId: AK, nonce: NONCE });
    // Signed now, so no longer free to change; still required: host and the x-acs-* headers.
    expect(verifyAlibaba(withHeaders(sdkSigned, { "user-agent": "other" }), secretFor, now)).toMatchObject({
      reason: "mismatch",
    });
    const withoutDate = authorization.replace("x-acs-date;", "");
    expect(verifyAlibaba(withHeaders(sdkSigned, { authorization: withoutDate }), secretFor, now)).toMatchObject({
      reason: "malformed",
    });
  });

  it("rejects a tampered body as content-hash, before looking at the signature", () => {
    expect(verifyAlibaba({ ...received, body: '{"ScRules":"[1]"}' }, secretFor, now)).toEqual({
      ok: false,
      reason: "content-hash",
      accessKeyId: AK,
    });
    expect(verifyAlibaba({ ...received, body: undefined }, secretFor, now)).toMatchObject({ reason: "content-hash" });
    expect(
      verifyAlibaba(withHeaders(received, { "x-acs-content-sha256": EMPTY_SHA256 }), secretFor, now),
    ).toMatchObject({
      reason: "content-hash",
    });
  });

  it("rejects a tampered body whose x-acs-content-sha256 was updated to match as mismatch", () => {
    const body = '{"ScRules":"[1]"}';
    expect(
      verifyAlibaba({ ...withHeaders(received, { "x-acs-content-sha256": sha256Hex(body) }), body }, secretFor, now),
    ).toEqual({ ok: false, reason: "mismatch", accessKeyId: AK });
  });

  it.each<[string, (r: Received) => Received]>([
    [
      "tampered query value",
      (r) => ({
        ...r,
        query: [
          ["GreyTagRouteId", "17"],
          ["Description", "canary 10%"],
        ],
      }),
    ],
    ["extra query pair", (r) => ({ ...r, query: [...r.query, ["AppId", "x"]] })],
    ["dropped query pair", (r) => ({ ...r, query: [["GreyTagRouteId", "16"]] })],
    ["tampered path", (r) => ({ ...r, path: "/pop/v1/sam/tagroute/greyTagRouteList" })],
    ["tampered method", (r) => ({ ...r, method: "DELETE" })],
    ["tampered x-acs-action", (r) => withHeaders(r, { "x-acs-action": "DeleteGreyTagRoute" })],
    ["tampered host", (r) => withHeaders(r, { host: "sae.cn-beijing.aliyuncs.com" })],
    ["tampered content-type", (r) => withHeaders(r, { "content-type": "text/plain" })],
    ["tampered security token", (r) => withHeaders(r, { "x-acs-security-token": "other" })],
    ["tampered nonce", (r) => withHeaders(r, { "x-acs-signature-nonce": "replayed" })],
    ["tampered date within the window", (r) => withHeaders(r, { "x-acs-date": "2023-10-26T10:22:33Z" })],
    ["signed optional header removed", (r) => withHeaders(r, { "x-acs-accesskey-id": undefined })],
  ])("rejects %s as mismatch", (_name, tamper) => {
    expect(verifyAlibaba(tamper(received), secretFor, now)).toEqual({ ok: false, reason: "mismatch", accessKeyId: AK });
  });

  it("rejects an unknown access key id and a wrong secret", () => {
    expect(verifyAlibaba(received, () => undefined, now)).toEqual({
      ok: false,
      reason: "unknown-key",
      accessKeyId: AK,
    });
    const forged = signAlibaba(request, { accessKeyId: AK, accessKeySecret: "guess" }, now, NONCE);
    expect(verifyAlibaba({ ...request, headers: { ...request.headers, ...forged } }, secretFor, now)).toEqual({
      ok: false,
      reason: "mismatch",
      accessKeyId: AK,
    });
  });

  it("rejects a missing Authorization header", () => {
    expect(verifyAlibaba(withHeaders(received, { Authorization: undefined }), secretFor, now)).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(verifyAlibaba(withHeaders(received, { Authorization: "" }), secretFor, now)).toEqual({
      ok: false,
      reason: "missing",
    });
  });

  it.each([
    ["another algorithm", (a: string) => a.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")],
    ["no Credential", (a: string) => a.replace(/Credential=[^,]+,/, "")],
    ["short signature", (a: string) => a.slice(0, -2)],
    ["Huawei format", (a: string) => a.replace("ACS3-HMAC-SHA256 Credential=", "SDK-HMAC-SHA256 Access=")],
    ["V1 ROA format", () => "acs YourAccessKeyId:abc="],
  ])("rejects a malformed Authorization header (%s)", (_name, mangle) => {
    expect(
      verifyAlibaba(withHeaders(received, { Authorization: mangle(signed.Authorization) }), secretFor, now),
    ).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it.each(["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"])(
    "rejects a request without required header %s, or with it left out of SignedHeaders, as malformed",
    (name) => {
      expect(verifyAlibaba(withHeaders(received, { [name]: undefined }), secretFor, now)).toEqual({
        ok: false,
        reason: "malformed",
        accessKeyId: AK,
      });
      const auth = signed.Authorization.replace(
        /SignedHeaders=([^,]+)/,
        (_m, list: string) =>
          `SignedHeaders=${list
            .split(";")
            .filter((h) => h !== name)
            .join(";")}`,
      );
      expect(auth).not.toBe(signed.Authorization);
      expect(verifyAlibaba(withHeaders(received, { Authorization: auth }), secretFor, now)).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    },
  );

  it("rejects a malformed x-acs-date as date", () => {
    for (const date of ["20231026T102232Z", "2023-10-26T10:22:32.000Z", "yesterday"]) {
      expect(verifyAlibaba(withHeaders(received, { "x-acs-date": date }), secretFor, now)).toEqual({
        ok: false,
        reason: "date",
        accessKeyId: AK,
      });
    }
  });

  it("rejects a date outside the skew window as expired, in both directions", () => {
    const skew = 15 * 60 * 1000;
    for (const offset of [skew + 1000, -skew - 1000]) {
      expect(verifyAlibaba(received, secretFor, new Date(now.getTime() + offset))).toEqual({
        ok: false,
        reason: "expired",
        accessKeyId: AK,
      });
    }
    expect(verifyAlibaba(received, secretFor, new Date(now.getTime() + 31_000), 30_000)).toMatchObject({
      reason: "expired",
    });
    expect(verifyAlibaba(received, secretFor, new Date(now.getTime() - 29_000), 30_000).ok).toBe(true);
  });
});
