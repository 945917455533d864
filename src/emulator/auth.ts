/**
 * Signature checks as the clouds' gateways make them, answered with their codes: Huawei SDK-HMAC-SHA256 (or
 * an IAM token in `X-Auth-Token`) and Alibaba ACS3-HMAC-SHA256 with a 15-minute clock-skew limit and nonce
 * replay rejection. The verifiers are our signing modules, which are tested against vendor vectors and the
 * official SDKs, so this check is not circular. Messages never carry a secret or token.
 */
import { verifyAlibaba } from "../signing/alibaba";
import { verifyHuawei } from "../signing/huawei";
import { QueryPairs } from "../signing/encoding";
import { AlibabaError } from "./alibaba/errors";
import { HuaweiError } from "./huawei/errors";
import {
  EMULATOR_ALIBABA_ACCESS_KEY_ID,
  EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_AUTH_TOKEN,
  EMULATOR_HUAWEI_READONLY_ACCESS_KEY,
  EMULATOR_HUAWEI_READONLY_SECRET_KEY,
  EMULATOR_HUAWEI_SECRET_KEY,
} from "./keys";

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface EmulatorCredentials {
  /** `readOnly` keys may only read: a write answers 403 `APIG.1005`. */
  huawei?: Array<{ accessKey: string; secretKey: string; readOnly?: boolean }>;
  huaweiTokens?: string[];
  alibaba?: Array<{ accessKeyId: string; accessKeySecret: string }>;
}

export interface SignedRequest {
  method: string;
  path: string;
  query: QueryPairs;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The built-in keys, the standard environment variables' keys when set, and any given in options. */
export function acceptedCredentials(
  env: NodeJS.ProcessEnv,
  extra: EmulatorCredentials = {},
): Required<EmulatorCredentials> {
  const huawei: Array<{ accessKey: string; secretKey: string; readOnly?: boolean }> = [
    { accessKey: EMULATOR_HUAWEI_ACCESS_KEY, secretKey: EMULATOR_HUAWEI_SECRET_KEY },
    { accessKey: EMULATOR_HUAWEI_READONLY_ACCESS_KEY, secretKey: EMULATOR_HUAWEI_READONLY_SECRET_KEY, readOnly: true },
  ];
  if (env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK) {
    huawei.push({ accessKey: env.HUAWEICLOUD_SDK_AK, secretKey: env.HUAWEICLOUD_SDK_SK });
  }
  const alibaba = [
    { accessKeyId: EMULATOR_ALIBABA_ACCESS_KEY_ID, accessKeySecret: EMULATOR_ALIBABA_ACCESS_KEY_SECRET },
  ];
  if (env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) {
    alibaba.push({
      accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    });
  }
  return {
    huawei: [...huawei, ...(extra.huawei ?? [])],
    huaweiTokens: [EMULATOR_HUAWEI_AUTH_TOKEN, ...(extra.huaweiTokens ?? [])],
    alibaba: [...alibaba, ...(extra.alibaba ?? [])],
  };
}

/** The gateway echoes its canonical request on a mismatch, `|` for newlines; token header values are hidden. */
function echoCanonicalRequest(canonical: string): string {
  return canonical
    .split("\n")
    .map((line) => line.replace(/^(x-security-token|x-auth-token):.*$/, "$1:***"))
    .join("|");
}

export class Authenticator {
  private readonly huaweiSecrets: Map<string, string>;
  private readonly huaweiReadOnly: Set<string>;
  private readonly alibabaSecrets: Map<string, string>;
  private readonly tokens: Set<string>;
  /** `accessKeyId:nonce` → expiry (ms): a replay inside the skew window is refused. */
  private readonly nonces = new Map<string, number>();

  constructor(credentials: Required<EmulatorCredentials>) {
    this.huaweiSecrets = new Map(credentials.huawei.map((k) => [k.accessKey, k.secretKey]));
    this.huaweiReadOnly = new Set(credentials.huawei.filter((k) => k.readOnly).map((k) => k.accessKey));
    this.alibabaSecrets = new Map(credentials.alibaba.map((k) => [k.accessKeyId, k.accessKeySecret]));
    this.tokens = new Set(credentials.huaweiTokens);
  }

  /** Undefined when the request is authentic; otherwise the error the gateway answers. */
  checkHuawei(request: SignedRequest, now: Date): HuaweiError | undefined {
    const token = request.headers["x-auth-token"];
    if (token !== undefined && request.headers.authorization === undefined) {
      // An IAM token the service cannot resolve: APIG.1002 (the APIG error-code table).
      return this.tokens.has(token) ? undefined : new HuaweiError("APIG.1002");
    }
    const result = verifyHuawei(request, (ak) => this.huaweiSecrets.get(ak), now, MAX_CLOCK_SKEW_MS);
    if (result.ok) {
      const write = request.method !== "GET" && request.method !== "HEAD";
      return write && this.huaweiReadOnly.has(result.accessKey) ? new HuaweiError("APIG.1005") : undefined;
    }
    const detail = {
      missing: "Authorization and X-Auth-Token not found in the request headers",
      malformed: "the Authorization header is not in the SDK-HMAC-SHA256 format",
      "unknown-key": `access key ${result.accessKey} not found`,
      date: "X-Sdk-Date is missing, malformed or not signed",
      expired: "X-Sdk-Date is more than 15 minutes away from the server time",
      mismatch: `verify aksk signature fail, the canonical request is: ${echoCanonicalRequest(result.canonicalRequest ?? "")}`,
    }[result.reason];
    return new HuaweiError("APIGW.0301", detail);
  }

  checkAlibaba(request: SignedRequest, now: Date): AlibabaError | undefined {
    const result = verifyAlibaba(request, (id) => this.alibabaSecrets.get(id), now, MAX_CLOCK_SKEW_MS);
    if (!result.ok) {
      switch (result.reason) {
        case "missing":
          return new AlibabaError("MissingAuthorization");
        case "malformed":
          return new AlibabaError("IncompleteSignature", ["Missing or unsigned required headers."]);
        case "unknown-key":
          return new AlibabaError("InvalidAccessKeyId.NotFound");
        case "date":
          return new AlibabaError("InvalidTimeStamp.Format");
        case "expired":
          return new AlibabaError("InvalidTimeStamp.Expired");
        default:
          return new AlibabaError("SignatureDoesNotMatch");
      }
    }
    const key = `${result.accessKeyId}:${result.nonce}`;
    const nowMs = now.getTime();
    const seen = this.nonces.get(key);
    if (seen !== undefined && seen > nowMs) return new AlibabaError("SignatureNonceUsed");
    this.nonces.set(key, nowMs + 2 * MAX_CLOCK_SKEW_MS);
    if (this.nonces.size % 256 === 0) {
      for (const [k, expiry] of this.nonces) if (expiry <= nowMs) this.nonces.delete(k);
    }
    return undefined;
  }
}
