/**
 * Alibaba Cloud Serverless App Engine (SAE, ROA, version 2019-05-06): canary release (grey tag) routes.
 * Endpoints, wire schemas (tolerant of unknown fields), typed calls and the client factory.
 */
import { z } from "zod";
import { CloudApiError } from "../../core/errors";
import { CloudErrorBody, HttpClient } from "../../core/http";
import { ConfigSource, resolveAlibabaSettings } from "../../core/settings";
import { int, str } from "../wire";
import { alibabaHttp } from "./protocol";

// ---------------------------------------------------------------- schemas (wire)

/** One condition of a rule. Rule objects use lowerCamelCase keys on the wire, unlike the envelope. */
export const GreyTagRouteItemWireSchema = z
  .object({ cond: str, expr: str, index: int, name: str, operator: str, type: str, value: str })
  .passthrough();
export type GreyTagRouteItemWire = z.infer<typeof GreyTagRouteItemWireSchema>;

const items = z.array(GreyTagRouteItemWireSchema).nullish();

export const ScRuleWireSchema = z.object({ path: str, condition: str, items }).passthrough();
export type ScRuleWire = z.infer<typeof ScRuleWireSchema>;

export const DubboRuleWireSchema = z
  .object({ serviceName: str, group: str, version: str, methodName: str, condition: str, items })
  .passthrough();
export type DubboRuleWire = z.infer<typeof DubboRuleWireSchema>;

/** Describe returns `serviceId`; list items return `serviceName` instead. */
export const AlbRuleWireSchema = z
  .object({ serviceId: str, serviceName: str, ingressId: str, condition: str, items })
  .passthrough();
export type AlbRuleWire = z.infer<typeof AlbRuleWireSchema>;

/** `Data` of DescribeGreyTagRoute, and one `Data.Result[]` item of ListGreyTagRoute (which has no `AppId`). */
export const GreyTagRouteWireSchema = z
  .object({
    GreyTagRouteId: z.union([z.number(), z.string().regex(/^\d+$/)]),
    Name: str,
    Description: str,
    AppId: str,
    CreateTime: int,
    UpdateTime: int,
    ScRules: z.array(ScRuleWireSchema).nullish(),
    DubboRules: z.array(DubboRuleWireSchema).nullish(),
    AlbRules: z.array(AlbRuleWireSchema).nullish(),
  })
  .passthrough();
export type GreyTagRouteWire = z.infer<typeof GreyTagRouteWireSchema>;

/** SAE's envelope: `Success` is a boolean here (unlike ASM). */
const EnvelopeFields = {
  Code: z.union([z.string(), z.number()]).nullish(),
  Message: str,
  RequestId: str,
  TraceId: str,
  ErrorCode: str,
  Success: z.boolean().nullish(),
};

export const DescribeGreyTagRouteResponseSchema = z
  .object({ ...EnvelopeFields, Data: GreyTagRouteWireSchema.nullish() })
  .passthrough();
export type DescribeGreyTagRouteResponse = z.infer<typeof DescribeGreyTagRouteResponseSchema>;

export const ListGreyTagRouteResponseSchema = z
  .object({
    ...EnvelopeFields,
    Data: z
      .object({
        CurrentPage: int,
        PageSize: int,
        TotalSize: int,
        Result: z.array(GreyTagRouteWireSchema).nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type ListGreyTagRouteResponse = z.infer<typeof ListGreyTagRouteResponseSchema>;

/** A 2xx body that is an error: `Success: false`, or no `Data` at all. */
function envelopeError(
  body: { Success?: boolean | null; Data?: unknown } & Record<string, unknown>,
): CloudErrorBody | undefined {
  const text = (key: string) => (typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : undefined);
  if (body.Success === false) {
    return {
      code: text("ErrorCode") ?? text("Code") ?? "Unknown",
      message: text("Message") ?? "the service reported Success: false",
      requestId: text("RequestId"),
    };
  }
  if (body.Data === undefined || body.Data === null) {
    return { code: "InvalidResponse", message: "the response has no Data", requestId: text("RequestId") };
  }
  return undefined;
}

// ---------------------------------------------------------------- calls

const VERSION = "2019-05-06";
const ROUTE_PATH = "/pop/v1/sam/tagroute/greyTagRoute";
const ROUTE_LIST_PATH = "/pop/v1/sam/tagroute/greyTagRouteList";

function roaHeaders(action: string): Record<string, string> {
  return { "x-acs-action": action, "x-acs-version": VERSION, accept: "application/json" };
}

export class SaeClient {
  constructor(private readonly http: HttpClient) {}

  /** One rule by id. A missing id is answered with HTTP 400 `InvalidParameter.WithMessage` (there is no NotFound code). */
  /** `greyTagRouteId`: an int64, as a number while it is exact, else as its digits. */
  async describeGreyTagRoute(greyTagRouteId: number | string): Promise<GreyTagRouteWire> {
    const body = await this.http.call({
      operation: "DescribeGreyTagRoute",
      request: {
        method: "GET",
        path: ROUTE_PATH,
        query: [["GreyTagRouteId", String(greyTagRouteId)]],
        headers: roaHeaders("DescribeGreyTagRoute"),
      },
      schema: DescribeGreyTagRouteResponseSchema,
      envelopeError,
      exactIntegers: ["GreyTagRouteId"],
    });
    return body.Data!;
  }

  /** The rules of one application (SAE allows at most one per application; the API has no paging parameters). */
  async listGreyTagRoutes(appId: string): Promise<GreyTagRouteWire[]> {
    const body = await this.http.call({
      operation: "ListGreyTagRoute",
      request: {
        method: "GET",
        path: ROUTE_LIST_PATH,
        query: [["AppId", appId]],
        headers: roaHeaders("ListGreyTagRoute"),
      },
      schema: ListGreyTagRouteResponseSchema,
      envelopeError,
      exactIntegers: ["GreyTagRouteId"],
    });
    return body.Data?.Result ?? [];
  }
}

// ---------------------------------------------------------------- client factory and errors

/** The SAE client for a region (argument > stack config > environment), with the region it resolved to. */
export function saeClient(config: ConfigSource, region: string | undefined): { client: SaeClient; region: string } {
  const settings = resolveAlibabaSettings(config, process.env, { region });
  const http = alibabaHttp("SAE", settings.saeEndpoint, settings.credentials, { policy: settings.retry });
  return { client: new SaeClient(http), region: settings.region };
}

/** DescribeGreyTagRoute answers a missing id with HTTP 400 `InvalidParameter.WithMessage` (Terraform reads it so). */
export function isNotFound(err: unknown): boolean {
  return err instanceof CloudApiError && (err.code === "InvalidParameter.WithMessage" || err.status === 404);
}

/** ListGreyTagRoute's answers for an application that does not exist. */
export function isAppNotFound(err: unknown): boolean {
  return (
    err instanceof CloudApiError &&
    /^(InvalidAppId\.NotFound|InvalidApplication\.NotFound|InvalidParameter\.WithMessage)$/.test(err.code ?? "")
  );
}
