/** Huawei Cloud calls: SDK-HMAC-SHA256 (or IAM token) signing and the `{error_code, error_msg}` error body. */
import { CloudErrorBody, CloudProtocol, HttpClient, HttpClientOptions, sharedHttpClient } from "../../core/http";
import { ConfigSource, HuaweiAuth, HuaweiSettings, resolveHuaweiSettings } from "../../core/settings";
import { THROTTLING_CODES } from "../../core/retry";
import { signHuawei } from "../../signing/huawei";

export function huaweiProtocol(service: string, baseUrl: string, projectId: string, auth: HuaweiAuth): CloudProtocol {
  return {
    cloud: "huawei",
    service,
    baseUrl,
    sign(request, runtime) {
      if (auth.kind === "token") return { "X-Auth-Token": auth.token.reveal() };
      const signedHeaders: Record<string, string> = { host: request.host, "x-project-id": projectId };
      const contentType = request.headers["content-type"] ?? request.headers["Content-Type"];
      if (contentType) signedHeaders["content-type"] = contentType;
      if (auth.securityToken) signedHeaders["x-security-token"] = auth.securityToken.reveal();
      const added = signHuawei(
        {
          method: request.method,
          path: request.path,
          query: request.query,
          headers: signedHeaders,
          body: request.body,
        },
        { accessKey: auth.accessKey, secretKey: auth.secretKey.reveal() },
        runtime.now(),
      );
      const out: Record<string, string> = { "X-Project-Id": projectId, ...added };
      if (auth.securityToken) out["X-Security-Token"] = auth.securityToken.reveal();
      return out;
    },
    readError(status, body, headers): CloudErrorBody {
      const b = (body ?? {}) as Record<string, unknown>;
      const code = typeof b.error_code === "string" ? b.error_code : typeof b.code === "string" ? b.code : undefined;
      const message =
        typeof b.error_msg === "string" ? b.error_msg : typeof b.message === "string" ? b.message : `HTTP ${status}`;
      const requestId = typeof b.request_id === "string" ? b.request_id : headers["x-request-id"];
      return { code, message, requestId };
    },
  };
}

/** One shared HTTP client per Huawei endpoint, project, credentials and retry policy. */
export function huaweiHttp(
  service: string,
  baseUrl: string,
  projectId: string,
  auth: HuaweiAuth,
  options?: HttpClientOptions,
): HttpClient {
  const secret =
    auth.kind === "token"
      ? auth.token.reveal()
      : `${auth.secretKey.reveal()}\u0000${auth.securityToken?.reveal() ?? ""}`;
  const identity = [
    "huawei",
    service,
    baseUrl,
    projectId,
    auth.kind === "aksk" ? auth.accessKey : "token",
    JSON.stringify(options?.policy ?? {}),
  ];
  return sharedHttpClient(
    identity,
    secret,
    () => new HttpClient(huaweiProtocol(service, baseUrl, projectId, auth), options),
  );
}

/** What to do next for Huawei codes about credentials and permissions (never retried) or throttling that outlasted the retries. */
export function huaweiAuthHint(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (THROTTLING_CODES.huawei(code)) {
    return "The gateway kept throttling this call after every retry: raise canary-mesh:retryMaxAttempts or retryDeadlineSeconds, or lower pulumi up --parallel";
  }
  if (/^APIGW?\.030[0-9]$/.test(code) || /^APIG\.100[0-2]$/.test(code)) {
    return "Check canary-mesh:huaweiAccessKey/huaweiSecretKey (or the IAM token, and canary-mesh:huaweiSecurityToken for temporary keys, which expire) and the clock; Huawei locks an access key for five minutes after more than five consecutive signature failures, so fix the credentials before retrying";
  }
  if (code === "APIG.1005" || code === "APIG.1113") {
    return "The credentials are valid but not allowed this operation: grant the IAM user or agency the API Gateway permissions it needs (for example the APIG FullAccess policy, or APIG ReadOnlyAccess for lookups only) in the project of the gateway";
  }
  return undefined;
}

/**
 * The client of one Huawei service for a placement (argument > stack config > environment), with its resolved
 * place: what every Huawei client factory returns.
 */
export function huaweiClient<C>(
  service: "APIG" | "ASM",
  Client: new (http: HttpClient, projectId: string) => C,
  config: ConfigSource,
  placement: { projectId?: string; region?: string },
): { client: C; projectId: string; region: string } {
  const settings: HuaweiSettings = resolveHuaweiSettings(config, process.env, placement);
  const endpoint = service === "APIG" ? settings.apigEndpoint : settings.asmEndpoint;
  const http = huaweiHttp(service, endpoint, settings.projectId, settings.auth, { policy: settings.retry });
  return { client: new Client(http, settings.projectId), projectId: settings.projectId, region: settings.region };
}
