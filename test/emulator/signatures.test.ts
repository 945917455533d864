/**
 * Signature verification on the wire: requests signed by our signers and by the official SDK signers are
 * accepted; wrong signatures, unknown keys, stale dates and replayed nonces are refused with the clouds'
 * statuses and bodies.
 */
import { randomBytes } from "node:crypto";
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { OpenApiUtil } from "@alicloud/openapi-core";
import { formatAcsDate } from "../../src/signing/alibaba";
import { sha256Hex } from "../../src/signing/encoding";
import {
  EMULATOR_HUAWEI_AUTH_TOKEN,
  EMULATOR_HUAWEI_READONLY_ACCESS_KEY,
  EMULATOR_HUAWEI_READONLY_SECRET_KEY,
  startEmulator,
} from "../../src/emulator";
import {
  admin,
  ALIBABA_KEY,
  alibaba,
  alibabaRequest,
  ASM_VERSION,
  channelsPath,
  hostOf,
  huawei,
  HUAWEI_KEY,
  proxyStatus,
  sae,
  SAE_PATH,
  SAE_VERSION,
  send,
  useEmulator,
} from "../support/emulator";

const em = useEmulator();
const MINUTE = 60_000;

beforeEach(async () => {
  await admin(em.url(), "POST", "/alibaba/sae/grey-tag-routes", {
    GreyTagRouteId: 16,
    AppId: "app-1",
    Name: "rule-name",
  });
  await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-1", { ProxyStatus: [{ ProxyId: "p-1" }] });
});

describe("Huawei SDK-HMAC-SHA256", () => {
  it("accepts requests signed by our signer", async () => {
    const res = await huawei(em.url(), "GET", channelsPath(), {
      query: [
        ["limit", "500"],
        ["name", "my chan~*"],
      ],
    });
    expect(res.status).toBe(200);
  });

  it("accepts requests signed by the official SDK signer (AKSKSigner.sign)", async () => {
    const data = {
      name: "sdk_signed",
      port: 8080,
      balance_strategy: 1,
      member_type: "ip",
      members: [{ host: "10.0.0.1", weight: 1 }],
    };
    const credential = { getAk: () => HUAWEI_KEY.accessKey, getSk: () => HUAWEI_KEY.secretKey };
    const post = AKSKSigner.sign(
      {
        endpoint: `${em.url()}${channelsPath()}`,
        method: "POST",
        headers: { "content-type": "application/json" },
        data,
      } as never,
      credential as never,
    ) as Record<string, string>;
    const created = await send(em.url(), {
      method: "POST",
      path: channelsPath(),
      headers: post,
      body: JSON.stringify(data),
    });
    expect(created.status).toBe(201);

    const queryParams = { limit: 500, offset: 0, name: "sdk signed~*" };
    const get = AKSKSigner.sign(
      {
        endpoint: `${em.url()}${channelsPath()}`,
        method: "GET",
        headers: { "content-type": "application/json" },
        queryParams,
      } as never,
      credential as never,
    ) as Record<string, string>;
    const query: Array<[string, string]> = Object.entries(queryParams).map(([k, v]) => [k, String(v)]);
    const listed = await send(em.url(), { method: "GET", path: channelsPath(), query, headers: get });
    expect(listed.status).toBe(200);
  });

  it("accepts the built-in IAM token and refuses another", async () => {
    const ok = await send(em.url(), {
      method: "GET",
      path: channelsPath(),
      headers: { "X-Auth-Token": EMULATOR_HUAWEI_AUTH_TOKEN },
    });
    expect(ok.status).toBe(200);
    const bad = await send(em.url(), { method: "GET", path: channelsPath(), headers: { "X-Auth-Token": "forged" } });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({
      error_code: "APIG.1002",
      error_msg: "Incorrect token or token resolution failed",
    });
  });

  it("answers a write with a read-only key 403 APIG.1005; reads pass", async () => {
    const key = { accessKey: EMULATOR_HUAWEI_READONLY_ACCESS_KEY, secretKey: EMULATOR_HUAWEI_READONLY_SECRET_KEY };
    expect((await huawei(em.url(), "GET", channelsPath(), { key })).status).toBe(200);
    const write = await huawei(em.url(), "POST", channelsPath(), {
      key,
      body: { name: "ro_channel", port: 80, balance_strategy: 1, member_type: "ip" },
    });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error_code: "APIG.1005", error_msg: "No permissions to request this method" });
  });

  it("refuses a wrong signature with 401 APIGW.0301 echoing the canonical request, never the secret", async () => {
    const res = await huawei(em.url(), "GET", channelsPath(), { key: { ...HUAWEI_KEY, secretKey: "wrong-secret" } });
    expect(res.status).toBe(401);
    expect(Object.keys(res.body).sort()).toEqual(["error_code", "error_msg", "request_id"]);
    expect(res.body.error_code).toBe("APIGW.0301");
    expect(res.body.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.error_msg).toMatch(/^Incorrect IAM authentication information: verify aksk signature fail/);
    expect(res.body.error_msg).toContain(`GET|${channelsPath()}/||host:${hostOf(em.url())}|`);
    expect(res.body.error_msg).toContain("||host;x-project-id;x-sdk-date|e3b0c442");
    expect(res.text).not.toContain(HUAWEI_KEY.secretKey);
  });

  it("hides token header values in the echoed canonical request", async () => {
    const path = channelsPath();
    const headers = { host: hostOf(em.url()), "x-security-token": "very-secret-sts-token" };
    const { signHuawei } = await import("../../src/signing/huawei");
    const signed = signHuawei(
      { method: "GET", path, query: [], headers },
      { ...HUAWEI_KEY, secretKey: "nope" },
      new Date(),
    );
    const res = await send(em.url(), { method: "GET", path, headers: { ...headers, ...signed } });
    expect(res.status).toBe(401);
    expect(res.body.error_msg).toContain("x-security-token:***");
    expect(res.text).not.toContain("very-secret-sts-token");
  });

  it("refuses an unknown key, a stale date, a tampered body and a missing signature", async () => {
    const unknown = await huawei(em.url(), "GET", channelsPath(), { key: { accessKey: "NOSUCHKEY", secretKey: "x" } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error_msg).toContain("access key NOSUCHKEY not found");

    const stale = await huawei(em.url(), "GET", channelsPath(), { now: new Date(Date.now() - 20 * MINUTE) });
    expect(stale.status).toBe(401);
    expect(stale.body.error_msg).toContain("15 minutes");

    const path = channelsPath();
    const good = JSON.stringify({ name: "tampered", port: 80, balance_strategy: 1, member_type: "ip" });
    const { signHuawei } = await import("../../src/signing/huawei");
    const headers = { host: hostOf(em.url()), "content-type": "application/json" };
    const signed = signHuawei({ method: "POST", path, query: [], headers, body: good }, HUAWEI_KEY, new Date());
    const tampered = await send(em.url(), {
      method: "POST",
      path,
      headers: { ...headers, ...signed },
      body: good.replace("80", "81"),
    });
    expect(tampered.status).toBe(401);

    const unsigned = await send(em.url(), { method: "GET", path });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error_code).toBe("APIGW.0301");
  });

  it("answers an unknown Huawei path with 404 APIG.0101", async () => {
    const res = await huawei(em.url(), "GET", `/v2/${"0".repeat(32)}/apigw/instances/gw-1/apis`);
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe("APIG.0101");
  });
});

describe("Alibaba ACS3-HMAC-SHA256", () => {
  const rpcShape = ["Code", "HostId", "Message", "Recommend", "RequestId"];

  it("accepts ROA and RPC requests signed by our signer", async () => {
    expect((await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "16"]])).status).toBe(200);
    expect((await proxyStatus(em.url(), "mesh-1")).status).toBe(200);
  });

  it("accepts requests signed by the official oracle (OpenApiUtil.getAuthorization)", async () => {
    const signed = (
      method: string,
      pathname: string,
      action: string,
      version: string,
      query: Record<string, string>,
      body = "",
    ) => {
      const hash = sha256Hex(body);
      const headers: Record<string, string> = {
        host: hostOf(em.url()),
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": formatAcsDate(new Date()),
        "x-acs-signature-nonce": randomBytes(16).toString("hex"),
        "x-acs-content-sha256": hash,
      };
      if (body) headers["content-type"] = "application/x-www-form-urlencoded";
      const authorization = OpenApiUtil.getAuthorization(
        { method, pathname, query, headers } as never,
        "ACS3-HMAC-SHA256",
        hash,
        ALIBABA_KEY.accessKeyId,
        ALIBABA_KEY.accessKeySecret,
      );
      return send(em.url(), {
        method,
        path: pathname,
        query: Object.entries(query),
        headers: { ...headers, Authorization: authorization },
        body: body || undefined,
      });
    };
    const roa = await signed("GET", SAE_PATH, "DescribeGreyTagRoute", SAE_VERSION, { GreyTagRouteId: "16" });
    expect(roa.status).toBe(200);
    const rpc = await signed("POST", "/", "DescribeServiceMeshProxyStatus", ASM_VERSION, {}, "ServiceMeshId=mesh-1");
    expect(rpc.status).toBe(200);
    expect(rpc.body.ProxyStatus[0].ProxyId).toBe("p-1");
  });

  it("refuses a wrong signature with 400 SignatureDoesNotMatch in the RPC error shape", async () => {
    const res = await alibaba(em.url(), {
      method: "GET",
      path: SAE_PATH,
      action: "DescribeGreyTagRoute",
      version: SAE_VERSION,
      query: [["GreyTagRouteId", "16"]],
      key: { ...ALIBABA_KEY, accessKeySecret: "wrong" },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(rpcShape);
    expect(res.body).toMatchObject({
      Code: "SignatureDoesNotMatch",
      Message: "Specified signature does not match our calculation.",
    });
    expect(res.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(res.headers["x-acs-request-id"]).toBe(res.body.RequestId);
    expect(res.text).not.toContain(ALIBABA_KEY.accessKeySecret);
  });

  it("refuses an unknown key (404), a stale date, a replayed nonce and a tampered body (400)", async () => {
    const unknown = await alibaba(em.url(), {
      method: "POST",
      path: "/",
      action: "DescribeServiceMeshProxyStatus",
      version: ASM_VERSION,
      form: [["ServiceMeshId", "mesh-1"]],
      key: { accessKeyId: "LTAInope", accessKeySecret: "x" },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.Code).toBe("InvalidAccessKeyId.NotFound");

    const stale = await alibaba(em.url(), {
      method: "GET",
      path: SAE_PATH,
      action: "DescribeGreyTagRoute",
      version: SAE_VERSION,
      query: [["GreyTagRouteId", "16"]],
      now: new Date(Date.now() - 16 * MINUTE),
    });
    expect(stale.status).toBe(400);
    expect(stale.body.Code).toBe("InvalidTimeStamp.Expired");

    const once = alibabaRequest(em.url(), {
      method: "GET",
      path: SAE_PATH,
      action: "DescribeGreyTagRoute",
      version: SAE_VERSION,
      query: [["GreyTagRouteId", "16"]],
      nonce: "fixed-nonce-1",
    });
    expect((await send(em.url(), once)).status).toBe(200);
    const replay = await send(em.url(), once);
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ Code: "SignatureNonceUsed" });

    const form = alibabaRequest(em.url(), {
      method: "POST",
      path: "/",
      action: "DescribeServiceMeshProxyStatus",
      version: ASM_VERSION,
      form: [["ServiceMeshId", "mesh-1"]],
    });
    const tampered = await send(em.url(), { ...form, body: "ServiceMeshId=mesh-2" });
    expect(tampered.status).toBe(400);
    expect(tampered.body.Code).toBe("SignatureDoesNotMatch");
  });

  it("refuses a missing Authorization and incomplete signed headers", async () => {
    const missing = await send(em.url(), {
      method: "GET",
      path: SAE_PATH,
      query: [["GreyTagRouteId", "16"]],
      headers: { "x-acs-action": "DescribeGreyTagRoute" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.Code).toBe("MissingAuthorization");
    const request = alibabaRequest(em.url(), {
      method: "GET",
      path: SAE_PATH,
      action: "DescribeGreyTagRoute",
      version: SAE_VERSION,
      query: [["GreyTagRouteId", "16"]],
    });
    const headers = { ...request.headers };
    delete headers["x-acs-date"];
    const incomplete = await send(em.url(), { ...request, headers });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.Code).toBe("IncompleteSignature");
  });

  it("answers an x-acs-action that does not fit the ROA path with 404 InvalidAction.NotFound", async () => {
    const res = await alibaba(em.url(), {
      method: "GET",
      path: SAE_PATH,
      action: "DescribeApplication",
      version: SAE_VERSION,
      query: [["GreyTagRouteId", "16"]],
    });
    expect(res.status).toBe(404);
    expect(res.body.Code).toBe("InvalidAction.NotFound");
  });
});

describe("accepted keys and verification switch", () => {
  it("accepts the keys from the standard environment variables besides the built-in ones", async () => {
    const env = {
      HUAWEICLOUD_SDK_AK: "ENVAK",
      HUAWEICLOUD_SDK_SK: "env-huawei-secret",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIenv",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-alibaba-secret",
    };
    const other = await startEmulator({ env });
    try {
      await admin(other.url, "PUT", "/alibaba/asm/meshes/mesh-1", { ProxyStatus: [] });
      const hw = await huawei(other.url, "GET", channelsPath(), {
        key: { accessKey: "ENVAK", secretKey: "env-huawei-secret" },
      });
      expect(hw.status).toBe(200);
      expect((await huawei(other.url, "GET", channelsPath())).status).toBe(200);
      const ali = await alibaba(other.url, {
        method: "GET",
        path: "/",
        action: "DescribeServiceMeshProxyStatus",
        version: ASM_VERSION,
        query: [["ServiceMeshId", "mesh-1"]],
        key: { accessKeyId: "LTAIenv", accessKeySecret: "env-alibaba-secret" },
      });
      expect(ali.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("accepts unsigned calls when verification is off", async () => {
    const open = await startEmulator({ verifySignatures: false });
    try {
      expect((await send(open.url, { method: "GET", path: channelsPath() })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
