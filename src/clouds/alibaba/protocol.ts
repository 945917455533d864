/** Alibaba Cloud calls: ACS3-HMAC-SHA256 signing for ROA and RPC styles, and the `{Code, Message, RequestId}` body. */
import { CloudErrorBody, CloudProtocol, HttpClient, HttpClientOptions, sharedHttpClient } from "../../core/http";
import { AlibabaCredentials } from "../../core/settings";
import { signAlibaba } from "../../signing/alibaba";

export function alibabaProtocol(service: string, baseUrl: string, credentials: AlibabaCredentials): CloudProtocol {
  return {
    cloud: "alibaba",
    service,
    baseUrl,
    sign(request, runtime) {
      const headers = { ...request.headers, host: request.host };
      const { Authorization, ...acs } = signAlibaba(
        { method: request.method, path: request.path, query: request.query, headers, body: request.body },
        {
          accessKeyId: credentials.accessKeyId,
          accessKeySecret: credentials.accessKeySecret.reveal(),
          securityToken: credentials.securityToken?.reveal(),
        },
        runtime.now(),
        runtime.nonce(),
      );
      return { ...acs, Authorization } as Record<string, string>;
    },
    readError(status, body, headers): CloudErrorBody {
      const b = (body ?? {}) as Record<string, unknown>;
      const str = (...keys: string[]) => {
        for (const k of keys) if (typeof b[k] === "string" && b[k] !== "") return b[k] as string;
        return undefined;
      };
      return {
        code: str("ErrorCode", "Code", "code"),
        message: str("Message", "message") ?? `HTTP ${status}`,
        requestId: str("RequestId", "requestId") ?? headers["x-acs-request-id"],
      };
    },
  };
}

/** One shared HTTP client per Alibaba endpoint, credentials and retry policy. */
export function alibabaHttp(
  service: string,
  baseUrl: string,
  credentials: AlibabaCredentials,
  options?: HttpClientOptions,
): HttpClient {
  const secret = `${credentials.accessKeySecret.reveal()}\u0000${credentials.securityToken?.reveal() ?? ""}`;
  const identity = ["alibaba", service, baseUrl, credentials.accessKeyId, JSON.stringify(options?.policy ?? {})];
  return sharedHttpClient(
    identity,
    secret,
    () => new HttpClient(alibabaProtocol(service, baseUrl, credentials), options),
  );
}

/** Alibaba codes that mean the credentials were refused: never retried, and worth a hint. */
export function alibabaAuthHint(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (
    /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId.*|InvalidSecurityToken.*|SignatureNonceUsed|InvalidTimeStamp.*|Forbidden.*)$/.test(
      code,
    )
  ) {
    return "Check canary-mesh:alibabaAccessKeyId/alibabaAccessKeySecret (and the STS token, which expires) and the clock";
  }
  return undefined;
}
