/**
 * Alibaba Cloud Service Mesh (ASM, product `servicemesh`, RPC, version 2020-01-11): data-plane proxy status.
 * Endpoints, wire schemas (tolerant of unknown fields), typed calls and the client factory.
 */
import { z } from "zod";
import { CloudApiError } from "../../core/errors";
import { CloudErrorBody, HttpClient } from "../../core/http";
import { ConfigSource, resolveAlibabaSettings } from "../../core/settings";
import { encodeRfc3986 } from "../../signing/encoding";
import { str } from "../wire";
import { alibabaHttp } from "./protocol";

// ---------------------------------------------------------------- schemas (wire)

/** One data-plane proxy. Every field is a string on the wire, `EndpointPercent` included. */
export const ProxyStatusWireSchema = z
  .object({
    ProxyId: str,
    ProxyVersion: str,
    IstioVersion: str,
    ClusterSynced: str,
    ListenerSynced: str,
    RouteSynced: str,
    EndpointSynced: str,
    EndpointPercent: z.union([z.string(), z.number()]).nullish(),
  })
  .passthrough();
export type ProxyStatusWire = z.infer<typeof ProxyStatusWireSchema>;

/** `Success` is a string here (`"success"`), and `Code` (`"200"`, `"403"`, `"503"`) can report an error in a 200 body. */
export const DescribeServiceMeshProxyStatusResponseSchema = z
  .object({
    Code: z.union([z.string(), z.number()]).nullish(),
    Message: str,
    RequestId: str,
    Success: z.union([z.string(), z.boolean()]).nullish(),
    ProxyStatus: z.array(ProxyStatusWireSchema).nullish(),
  })
  .passthrough();
export type DescribeServiceMeshProxyStatusResponse = z.infer<typeof DescribeServiceMeshProxyStatusResponseSchema>;

/**
 * A 200 body that is an error. `Code` 503 ("a backend server error") is reported as `ServiceUnavailable`, a code
 * the retry table treats as transient; `Code` 403 ("not authorized") keeps its code and is never retried.
 */
export function proxyStatusEnvelopeError(body: DescribeServiceMeshProxyStatusResponse): CloudErrorBody | undefined {
  const code = body.Code === null || body.Code === undefined ? undefined : String(body.Code).trim();
  const requestId = body.RequestId ?? undefined;
  const message = body.Message ?? undefined;
  if (code === "503") {
    return {
      code: "ServiceUnavailable",
      message: `${message ?? "backend server error"} (Code 503 in the response body)`,
      requestId,
    };
  }
  if (code && code !== "200") return { code, message: message ?? `Code ${code} in the response body`, requestId };
  const success = body.Success;
  if (success === false || (typeof success === "string" && /^(false|fail(ed|ure)?)$/i.test(success.trim()))) {
    return { code: "Unknown", message: message ?? `the service reported Success: ${success}`, requestId };
  }
  return undefined;
}

// ---------------------------------------------------------------- calls

const VERSION = "2020-01-11";

export class AlibabaAsmClient {
  constructor(private readonly http: HttpClient) {}

  /** The proxies of one mesh's data plane, in the order the service lists them. */
  async describeServiceMeshProxyStatus(serviceMeshId: string): Promise<ProxyStatusWire[]> {
    const body = await this.http.call({
      operation: "DescribeServiceMeshProxyStatus",
      request: {
        method: "POST",
        path: "/",
        query: [],
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-acs-action": "DescribeServiceMeshProxyStatus",
          "x-acs-version": VERSION,
          accept: "application/json",
        },
        body: `ServiceMeshId=${encodeRfc3986(serviceMeshId)}`,
      },
      schema: DescribeServiceMeshProxyStatusResponseSchema,
      envelopeError: proxyStatusEnvelopeError,
      // A read sent as POST: safe to re-send after an ambiguous failure.
      idempotent: true,
    });
    return body.ProxyStatus ?? [];
  }
}

// ---------------------------------------------------------------- client factory and errors

/** The ASM client (one central endpoint; the region only selects the provider settings), with its resolved region. */
export function alibabaAsmClient(
  config: ConfigSource,
  region: string | undefined,
): { client: AlibabaAsmClient; region: string } {
  const settings = resolveAlibabaSettings(config, process.env, { region });
  const http = alibabaHttp("ASM", settings.asmEndpoint, settings.credentials, { policy: settings.retry });
  return { client: new AlibabaAsmClient(http), region: settings.region };
}

/** The mesh does not exist (`ServiceMesh.NotFound`, as Terraform reads it, or a 404). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof CloudApiError && (err.code === "ServiceMesh.NotFound" || err.code === "ERR404" || err.status === 404)
  );
}
