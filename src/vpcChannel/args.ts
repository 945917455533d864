/**
 * `VpcChannel` arguments: the public `VpcChannelArgs` (Pulumi inputs, documented) and the strict input schema
 * that `check()` applies before any API call. Every rule's message names the rule.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isIP } from "node:net";
import { z } from "zod";
import { HuaweiProjectIdSchema, RegionSchema } from "../core/settings";

// ---------------------------------------------------------------- public args

/** A backend server of the channel. Identity: group + host (or ECS id) + port; two members may not share it. */
export interface VpcChannelMemberArgs {
  /** Backend address (IP or domain), required when `memberType` is `ip`. At most 255 characters. */
  host?: pulumi.Input<string>;
  /** ECS id, required when `memberType` is `ecs`. 1–64 letters, digits, `-`, `_`. */
  ecsId?: pulumi.Input<string>;
  /** ECS name, required when `memberType` is `ecs`. 1–64 letters, digits, `-`, `_`, `.`. */
  ecsName?: pulumi.Input<string>;
  /** Backend port, 0–65535 (0: the channel port). Unset: not managed. */
  port?: pulumi.Input<number>;
  /** Weight, 0–10000; higher receives more requests. Unset: not managed (the gateway chooses). */
  weight?: pulumi.Input<number>;
  /** Standby member, used only when every other member is down. Default `false`. */
  isBackup?: pulumi.Input<boolean>;
  /** `available` (API 1, default) or `unavailable` (API 2). */
  status?: pulumi.Input<"available" | "unavailable" | 1 | 2>;
  /** Name of the member group this member belongs to; must be one of `memberGroups`. */
  groupName?: pulumi.Input<string>;
}

/** A member group (for example `stable` and `canary`). Identity: its name. */
export interface VpcChannelMemberGroupArgs {
  /** 3–64 characters: letters, digits, `-`, `_`, `.`, starting with a letter. Unique within the channel. */
  name: pulumi.Input<string>;
  /** Description, at most 255 characters. */
  remark?: pulumi.Input<string>;
  /** Group weight 0–100, applied to the group's members. Not allowed for NACOS microservice channels. */
  weight?: pulumi.Input<number>;
  /** Microservice version (microservice channels only), at most 64 characters. */
  microserviceVersion?: pulumi.Input<string>;
  /** Microservice port 0–65535 (microservice channels only; 0 inherits the channel port). */
  microservicePort?: pulumi.Input<number>;
  /** Microservice labels (microservice channels only): name → value, each 1–63 letters, digits, `-`, `_`, `.`. */
  microserviceLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Id of the referenced load-balance channel (`reference` channels only), at most 64 characters. */
  referenceVpcChannelId?: pulumi.Input<string>;
}

/** Health check of the channel's members. */
export interface VpcChannelHealthCheckArgs {
  /** `TCP`, `HTTP` or `HTTPS` (case-insensitive). */
  protocol: pulumi.Input<string>;
  /** Request path, required for HTTP and HTTPS; starts with `/`. */
  path?: pulumi.Input<string>;
  /** `GET` (default) or `HEAD`. */
  method?: pulumi.Input<"GET" | "HEAD">;
  /** Port 0–65535; 0 or unset: the channel port. */
  port?: pulumi.Input<number>;
  /** Consecutive successes to mark a member healthy, 1–10. */
  thresholdNormal: pulumi.Input<number>;
  /** Consecutive failures to mark a member unhealthy, 1–10. */
  thresholdAbnormal: pulumi.Input<number>;
  /** Seconds between checks, 1–300; greater than `timeout`. */
  interval: pulumi.Input<number>;
  /** Seconds before a check fails, 1–30; less than `interval`. */
  timeout: pulumi.Input<number>;
  /** Success codes for HTTP(S), e.g. `200`, `200,201`, `200-299`, each within 100–599. Required for HTTP(S). */
  httpCodes?: pulumi.Input<string>;
  /** Two-way TLS with the gateway's backend client certificate. Default `false`. */
  enableClientSsl?: pulumi.Input<boolean>;
  /** `enabled` (API 1, default) or `disabled` (API 2). */
  status?: pulumi.Input<"enabled" | "disabled" | 1 | 2>;
}

/** Microservice source of a `microservice` channel: exactly one of `cse`, `cce`, `cceService`, `nacos`. */
export interface VpcChannelMicroserviceArgs {
  /** `CSE`, `CCE`, `CCE_SERVICE` or `NACOS`. */
  serviceType: pulumi.Input<"CSE" | "CCE" | "CCE_SERVICE" | "NACOS">;
  cse?: pulumi.Input<{ engineId: pulumi.Input<string>; serviceId: pulumi.Input<string> }>;
  cce?: pulumi.Input<{
    clusterId: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    /** `deployment`, `statefulset` or `daemonset`. */
    workloadType: pulumi.Input<"deployment" | "statefulset" | "daemonset">;
    appName?: pulumi.Input<string>;
    labelKey?: pulumi.Input<string>;
    labelValue?: pulumi.Input<string>;
  }>;
  cceService?: pulumi.Input<{
    clusterId: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
  }>;
  nacos?: pulumi.Input<{
    namespace?: pulumi.Input<string>;
    clusterName?: pulumi.Input<string>;
    groupName?: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
    /** 1–9 servers. */
    servers: pulumi.Input<
      Array<
        pulumi.Input<{ ipAddress: pulumi.Input<string>; port: pulumi.Input<number>; grpcPort?: pulumi.Input<number> }>
      >
    >;
    /** The password is stored encrypted in state (the whole `microservice` block is a secret). */
    user: pulumi.Input<{ userName: pulumi.Input<string>; password: pulumi.Input<string> }>;
  }>;
}

export interface VpcChannelArgs {
  /** Dedicated gateway id. Changing it replaces the channel. */
  instanceId: pulumi.Input<string>;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. Changing it replaces. */
  projectId?: pulumi.Input<string>;
  /** Region; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. Changing it replaces. */
  region?: pulumi.Input<string>;
  /** 3–64 characters: letters, digits, Chinese characters, `-`, `_`, `.`, starting with a letter or Chinese character. Unique per gateway. */
  name: pulumi.Input<string>;
  /** Host port, 1–65535 (also the default health-check and member port). */
  port: pulumi.Input<number>;
  /** `roundRobin` (default), `leastConnections`, `sourceHash`, `uriHash`; API codes 1–4 are accepted. */
  balanceStrategy?: pulumi.Input<"roundRobin" | "leastConnections" | "sourceHash" | "uriHash" | 1 | 2 | 3 | 4>;
  /** `ip` (members by address) or `ecs` (members by ECS id). Default `ecs`, as the API. */
  memberType?: pulumi.Input<"ip" | "ecs">;
  /** `builtin` (default), `microservice` or `reference`. Changing it replaces the channel. */
  channelType?: pulumi.Input<"builtin" | "microservice" | "reference">;
  /** Legacy numeric type (2 = builtin, 3 = microservice); use `channelType` instead, never both. */
  type?: pulumi.Input<2 | 3>;
  /** Member groups. Omitted: not managed (kept as they are); `[]`: no groups. */
  memberGroups?: pulumi.Input<Array<pulumi.Input<VpcChannelMemberGroupArgs>>>;
  /** Members. Omitted: not managed (kept as they are); `[]`: no members. Order does not matter. */
  members?: pulumi.Input<Array<pulumi.Input<VpcChannelMemberArgs>>>;
  /** Health check. Omitted: not managed (kept as it is). */
  healthCheck?: pulumi.Input<VpcChannelHealthCheckArgs>;
  /** Microservice source (microservice channels only). Stored as a secret. */
  microservice?: pulumi.Input<VpcChannelMicroserviceArgs>;
  /** Take over an existing channel of the same name on create, instead of failing (no `pulumi import` for dynamic providers). */
  adopt?: pulumi.Input<boolean>;
  /** Take over this existing channel id on create. */
  adoptId?: pulumi.Input<string>;
}

// ---------------------------------------------------------------- input schema

const NAME_RE = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]*$/;
const GROUP_NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const ECS_ID_RE = /^[A-Za-z0-9_-]+$/;
const ECS_NAME_RE = /^[A-Za-z0-9_.-]+$/;
const HOSTNAME_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const HTTP_CODE_ITEM = /^(\d{3})(?:-(\d{3}))?$/;

const int = (what: string, min: number, max: number) =>
  z
    .number({ invalid_type_error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be ${min}–${max}`)
    .max(max, `${what} must be ${min}–${max}`);

function validHttpCodes(value: string): boolean {
  return value.split(",").every((part) => {
    const m = HTTP_CODE_ITEM.exec(part.trim());
    if (!m) return false;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    return low >= 100 && high <= 599 && low <= high;
  });
}

export const BALANCE_STRATEGIES = ["roundRobin", "leastConnections", "sourceHash", "uriHash"] as const;
export type BalanceStrategy = (typeof BALANCE_STRATEGIES)[number];

export const MemberInputSchema = z
  .object({
    host: z
      .string()
      .min(1, "host must not be empty")
      .max(255, "host must be at most 255 characters")
      .refine((h) => isIP(h) !== 0 || HOSTNAME_RE.test(h), "host must be an IPv4/IPv6 address or an ASCII host name")
      .optional(),
    ecsId: z
      .string()
      .max(64, "ecsId must be 1–64 characters")
      .regex(ECS_ID_RE, "ecsId may contain only letters, digits, - and _")
      .optional(),
    ecsName: z
      .string()
      .max(64, "ecsName must be 1–64 characters")
      .regex(ECS_NAME_RE, "ecsName may contain only letters, digits, -, _ and .")
      .optional(),
    port: int("port", 0, 65535).optional(),
    weight: int("weight", 0, 10000).optional(),
    isBackup: z.boolean({ invalid_type_error: "isBackup must be true or false" }).optional(),
    status: z
      .union([z.enum(["available", "unavailable"]), z.literal(1), z.literal(2)], {
        errorMap: () => ({ message: "status must be available or unavailable" }),
      })
      .optional(),
    groupName: z.string().optional(),
  })
  .strict();

export const MemberGroupInputSchema = z
  .object({
    name: z
      .string({ required_error: "name is required", invalid_type_error: "name must be a string" })
      .min(3, "name must be 3–64 characters")
      .max(64, "name must be 3–64 characters")
      .regex(GROUP_NAME_RE, "name must start with a letter and contain only letters, digits, -, _ and ."),
    remark: z.string().max(255, "remark must be at most 255 characters").optional(),
    weight: int("weight", 0, 100).optional(),
    microserviceVersion: z.string().max(64, "microserviceVersion must be at most 64 characters").optional(),
    microservicePort: int("microservicePort", 0, 65535).optional(),
    microserviceLabels: z
      .record(
        z
          .string()
          .min(1)
          .max(63, "label values must be 1–63 characters")
          .regex(
            LABEL_RE,
            "label values must start and end with a letter or digit and contain only letters, digits, -, _ and .",
          ),
      )
      .superRefine((labels, ctx) => {
        for (const key of Object.keys(labels)) {
          if (key.length < 1 || key.length > 63 || !LABEL_RE.test(key)) {
            ctx.addIssue({
              code: "custom",
              path: [key],
              message:
                "label names must be 1–63 characters, start and end with a letter or digit, and contain only letters, digits, -, _ and .",
            });
          }
        }
      })
      .optional(),
    referenceVpcChannelId: z.string().max(64, "referenceVpcChannelId must be at most 64 characters").optional(),
  })
  .strict();

export const HealthCheckInputSchema = z
  .object({
    protocol: z
      .string({ required_error: "protocol is required" })
      .transform((p) => p.toUpperCase())
      .pipe(z.enum(["TCP", "HTTP", "HTTPS"], { errorMap: () => ({ message: "protocol must be TCP, HTTP or HTTPS" }) })),
    path: z.string().max(512, "path must be at most 512 characters").regex(/^\//, "path must start with /").optional(),
    method: z.enum(["GET", "HEAD"], { errorMap: () => ({ message: "method must be GET or HEAD" }) }).optional(),
    port: int("port", 0, 65535).optional(),
    thresholdNormal: int("thresholdNormal", 1, 10),
    thresholdAbnormal: int("thresholdAbnormal", 1, 10),
    interval: int("interval", 1, 300),
    timeout: int("timeout", 1, 30),
    httpCodes: z
      .string()
      .refine(validHttpCodes, "httpCodes must be codes or ranges within 100–599, e.g. 200,201 or 200-299")
      .optional(),
    enableClientSsl: z.boolean({ invalid_type_error: "enableClientSsl must be true or false" }).optional(),
    status: z
      .union([z.enum(["enabled", "disabled"]), z.literal(1), z.literal(2)], {
        errorMap: () => ({ message: "status must be enabled or disabled" }),
      })
      .optional(),
  })
  .strict()
  .superRefine((hc, ctx) => {
    if (hc.interval <= hc.timeout)
      ctx.addIssue({ code: "custom", path: ["interval"], message: "interval must be greater than timeout" });
    if (hc.protocol !== "TCP") {
      if (!hc.path)
        ctx.addIssue({ code: "custom", path: ["path"], message: `path is required when protocol is ${hc.protocol}` });
      if (!hc.httpCodes)
        ctx.addIssue({
          code: "custom",
          path: ["httpCodes"],
          message: `httpCodes is required when protocol is ${hc.protocol}`,
        });
    }
  });

const s64 = (what: string) =>
  z
    .string({ required_error: `${what} is required` })
    .min(1, `${what} must not be empty`)
    .max(64, `${what} must be at most 64 characters`);

export const MicroserviceInputSchema = z
  .object({
    serviceType: z.enum(["CSE", "CCE", "CCE_SERVICE", "NACOS"], {
      errorMap: () => ({ message: "serviceType must be CSE, CCE, CCE_SERVICE or NACOS" }),
    }),
    cse: z
      .object({ engineId: s64("engineId"), serviceId: s64("serviceId") })
      .strict()
      .optional(),
    cce: z
      .object({
        clusterId: s64("clusterId"),
        namespace: s64("namespace"),
        workloadType: z.enum(["deployment", "statefulset", "daemonset"], {
          errorMap: () => ({ message: "workloadType must be deployment, statefulset or daemonset" }),
        }),
        appName: s64("appName")
          .regex(
            /^[A-Za-z][A-Za-z0-9_.-]*$/,
            "appName must start with a letter and contain only letters, digits, ., - and _",
          )
          .optional(),
        labelKey: s64("labelKey")
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9_./:()-]*$/,
            "labelKey must start with a letter or digit and contain only letters, digits and -_./:()",
          )
          .optional(),
        labelValue: s64("labelValue")
          .regex(
            /^[A-Za-z][A-Za-z0-9_.-]*$/,
            "labelValue must start with a letter and contain only letters, digits, ., - and _",
          )
          .optional(),
      })
      .strict()
      .superRefine((cce, ctx) => {
        if (!cce.appName && !(cce.labelKey && cce.labelValue)) {
          ctx.addIssue({
            code: "custom",
            path: ["appName"],
            message: "appName, or both labelKey and labelValue, must be set",
          });
        }
      })
      .optional(),
    cceService: z
      .object({
        clusterId: s64("clusterId"),
        namespace: z
          .string()
          .regex(
            /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
            "namespace must be 1–63 lowercase letters, digits and -, starting with a letter",
          ),
        serviceName: s64("serviceName").regex(
          /^[A-Za-z][A-Za-z0-9_.-]*$/,
          "serviceName must start with a letter and contain only letters, digits, ., - and _",
        ),
      })
      .strict()
      .optional(),
    nacos: z
      .object({
        namespace: z
          .string()
          .max(64, "namespace must be at most 64 characters")
          .regex(/^[A-Za-z0-9_-]*$/, "namespace may contain only letters, digits, - and _")
          .optional(),
        clusterName: z
          .string()
          .max(64, "clusterName must be at most 64 characters")
          .regex(/^[A-Za-z0-9_-]*$/, "clusterName may contain only letters, digits, - and _")
          .optional(),
        groupName: z
          .string()
          .max(128, "groupName must be at most 128 characters")
          .regex(/^[A-Za-z0-9_.:-]*$/, "groupName may contain only letters, digits, -, _, . and :")
          .optional(),
        serviceName: z
          .string({ required_error: "serviceName is required" })
          .min(1, "serviceName must be 1–512 characters")
          .max(512, "serviceName must be 1–512 characters")
          .refine((s) => !s.startsWith("@") && !s.includes("@@"), "serviceName must not start with @ or contain @@"),
        servers: z
          .array(
            z
              .object({
                ipAddress: z
                  .string()
                  .min(7, "ipAddress must be 7–128 characters")
                  .max(128, "ipAddress must be 7–128 characters"),
                port: int("port", 1, 65535),
                grpcPort: int("grpcPort", 1, 65535).optional(),
              })
              .strict(),
            { required_error: "servers is required" },
          )
          .min(1, "servers must list 1–9 servers")
          .max(9, "servers must list 1–9 servers"),
        user: z
          .object({
            userName: z.string().min(1, "userName must be 1–64 characters").max(64, "userName must be 1–64 characters"),
            password: z.string().min(1, "password must be 1–64 characters").max(64, "password must be 1–64 characters"),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((ms, ctx) => {
    const key = { CSE: "cse", CCE: "cce", CCE_SERVICE: "cceService", NACOS: "nacos" } as const;
    const wanted = key[ms.serviceType];
    if (!ms[wanted])
      ctx.addIssue({
        code: "custom",
        path: [wanted],
        message: `${wanted} is required when serviceType is ${ms.serviceType}`,
      });
    for (const other of Object.values(key)) {
      if (other !== wanted && ms[other])
        ctx.addIssue({
          code: "custom",
          path: [other],
          message: `${other} is not allowed when serviceType is ${ms.serviceType}`,
        });
    }
  });

export const VpcChannelInputSchema = z
  .object({
    instanceId: z
      .string({ required_error: "instanceId is required" })
      .min(1, "instanceId must not be empty")
      .max(64, "instanceId must be at most 64 characters")
      .regex(/^[A-Za-z0-9_-]+$/, "instanceId may contain only letters, digits, - and _"),
    projectId: HuaweiProjectIdSchema.optional(),
    region: RegionSchema.optional(),
    name: z
      .string({ required_error: "name is required", invalid_type_error: "name must be a string" })
      .min(3, "name must be 3–64 characters")
      .max(64, "name must be 3–64 characters")
      .regex(
        NAME_RE,
        "name must start with a letter or Chinese character and contain only letters, digits, Chinese characters, -, _ and .",
      ),
    port: int("port", 1, 65535),
    balanceStrategy: z
      .union([z.enum(BALANCE_STRATEGIES), z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
        errorMap: () => ({
          message: "balanceStrategy must be roundRobin, leastConnections, sourceHash or uriHash (or API code 1–4)",
        }),
      })
      .optional(),
    memberType: z.enum(["ip", "ecs"], { errorMap: () => ({ message: "memberType must be ip or ecs" }) }).optional(),
    channelType: z
      .enum(["builtin", "microservice", "reference"], {
        errorMap: () => ({ message: "channelType must be builtin, microservice or reference" }),
      })
      .optional(),
    type: z
      .union([z.literal(2), z.literal(3)], {
        errorMap: () => ({ message: "type must be 2 (builtin) or 3 (microservice); prefer channelType" }),
      })
      .optional(),
    memberGroups: z
      .array(MemberGroupInputSchema, { invalid_type_error: "memberGroups must be a list" })
      .max(500, "memberGroups may hold at most 500 groups")
      .optional(),
    members: z
      .array(MemberInputSchema, { invalid_type_error: "members must be a list" })
      .max(10000, "members may hold at most 10000 members")
      .optional(),
    healthCheck: HealthCheckInputSchema.optional(),
    microservice: MicroserviceInputSchema.optional(),
    adopt: z.boolean({ invalid_type_error: "adopt must be true or false" }).optional(),
    adoptId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "adoptId must be a 32-character hexadecimal channel id")
      .optional(),
  })
  .strict();

export type VpcChannelInput = z.infer<typeof VpcChannelInputSchema>;
export type MemberInput = z.infer<typeof MemberInputSchema>;
export type MemberGroupInput = z.infer<typeof MemberGroupInputSchema>;
export type HealthCheckInput = z.infer<typeof HealthCheckInputSchema>;
export type MicroserviceInput = z.infer<typeof MicroserviceInputSchema>;
