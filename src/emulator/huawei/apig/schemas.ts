/**
 * APIG VPC channel request bodies as the API reference documents them (UpdateVpcChannel / VpcCreate,
 * MemberInfo, MemberGroupCreate, VpcHealthConfig). Rules that touch one body live here; rules that need
 * stored state (existing groups, member type of a stored channel) live in state.ts. Unknown fields are
 * dropped (not rejected), and `null` counts as absent (terraform's client sends `null` lists).
 */
import { z } from "zod";
import { HuaweiError } from "../errors";

// --- Rules

/** Issue params a schema refinement sets to choose its APIG code. */
export interface ApigIssueParams {
  apigCode?: "APIG.2001" | "APIG.2011" | "APIG.2012";
  parameter?: string;
}

/** Maps the first zod issue to the APIG error the service would answer (it reports one problem at a time). */
export function apigErrorFromZod(error: z.ZodError): HuaweiError {
  const issue = error.issues[0]!;
  const leaf = [...issue.path].reverse().find((p): p is string => typeof p === "string") ?? "body";
  if (issue.code === z.ZodIssueCode.custom) {
    const params = (issue.params ?? {}) as ApigIssueParams;
    return new HuaweiError(params.apigCode ?? "APIG.2011", params.parameter ?? leaf);
  }
  if (issue.code === z.ZodIssueCode.invalid_type) {
    return issue.received === "undefined" || issue.received === "null"
      ? new HuaweiError("APIG.2001", leaf)
      : new HuaweiError("APIG.2012", leaf);
  }
  return new HuaweiError("APIG.2011", leaf);
}

/** 3–64 characters, starting with a letter or Chinese character; letters, digits, Chinese, `-`, `_`, `.`. */
export const CHANNEL_NAME_PATTERN = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]{2,63}$/;
const DICT_CODE_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;
/** `200`, `200,201`, `200-299` or mixes, each code 100–599. */
const HTTP_CODE_PATTERN = /^[1-5]\d\d(-[1-5]\d\d)?(,[1-5]\d\d(-[1-5]\d\d)?)*$/;

function issue(ctx: z.RefinementCtx, params: ApigIssueParams, path: (string | number)[] = []): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, params, path });
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

// --- Bodies

/** Label names and values: 1–63 characters, letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
const LABEL_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const NO_CHINESE = /^[^\u4e00-\u9fa5]*$/;

export const MicroserviceLabelSchema = z.object({
  label_name: z.string().regex(LABEL_PATTERN),
  label_value: z.string().regex(LABEL_PATTERN),
});

export const MemberGroupCreateSchema = z.object({
  member_group_name: z.string().regex(CHANNEL_NAME_PATTERN),
  member_group_remark: optional(z.string().max(255)),
  member_group_weight: optional(int(0, 100)),
  dict_code: optional(z.string().regex(DICT_CODE_PATTERN)),
  microservice_version: optional(z.string().max(64)),
  microservice_port: optional(int(0, 65535)),
  microservice_labels: optional(z.array(MicroserviceLabelSchema)),
  reference_vpc_channel_id: optional(z.string().max(64)),
});
export type MemberGroupCreate = z.infer<typeof MemberGroupCreateSchema>;

export const MemberInfoSchema = z.object({
  host: optional(z.string().max(255)),
  weight: optional(int(0, 10000)),
  is_backup: optional(z.boolean()),
  member_group_name: optional(z.string()),
  status: optional(int(1, 2)),
  port: optional(int(0, 65535)),
  // The reference says both "1 to 64 characters" and "Maximum: 255"; the SDK's model says 1–64.
  ecs_id: optional(z.string().min(1).max(64)),
  ecs_name: optional(z.string().max(64)),
});
export type MemberInfo = z.infer<typeof MemberInfoSchema>;

export const VpcHealthConfigSchema = z
  .object({
    protocol: z.string().regex(/^(tcp|http|https)$/i),
    path: optional(z.string().max(512)),
    method: optional(z.string().regex(/^(GET|HEAD)$/i)),
    port: optional(int(0, 65535)),
    threshold_normal: int(1, 10),
    threshold_abnormal: int(1, 10),
    time_interval: int(1, 300),
    http_code: optional(z.string().regex(HTTP_CODE_PATTERN)),
    enable_client_ssl: optional(z.boolean()),
    status: optional(int(1, 2)),
    timeout: int(1, 30),
  })
  .superRefine((hc, ctx) => {
    // The reference says timeout < time_interval; the live service accepts them equal (Terraform's acceptance test
    // TestAccChannel_basic sends time_interval = timeout = 1 and passes).
    if (hc.time_interval < hc.timeout) issue(ctx, { parameter: "time_interval" }, ["time_interval"]);
    const protocol = hc.protocol.toUpperCase();
    if (protocol !== "TCP" && !hc.path) issue(ctx, { apigCode: "APIG.2001", parameter: "path" }, ["path"]);
    if (protocol === "HTTP" && !hc.http_code) {
      issue(ctx, { apigCode: "APIG.2001", parameter: "http_code" }, ["http_code"]);
    }
  });
export type VpcHealthConfig = z.infer<typeof VpcHealthConfigSchema>;

const s64 = z.string().min(1).max(64);
const LETTER_FIRST = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export const MicroServiceCreateSchema = z
  .object({
    service_type: optional(z.enum(["CSE", "CCE", "CCE_SERVICE", "NACOS"])),
    cse_info: optional(z.object({ engine_id: s64, service_id: s64 })),
    cce_info: optional(
      z.object({
        cluster_id: s64,
        namespace: s64,
        workload_type: z.enum(["deployment", "statefulset", "daemonset"]),
        app_name: optional(s64.regex(LETTER_FIRST)),
        label_key: optional(s64.regex(/^[A-Za-z0-9][A-Za-z0-9_./:()-]*$/)),
        label_value: optional(s64.regex(LETTER_FIRST)),
      }),
    ),
    cce_service_info: optional(
      z.object({
        cluster_id: s64,
        namespace: z.string().regex(/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
        service_name: s64.regex(LETTER_FIRST),
      }),
    ),
    nacos_info: optional(
      z.object({
        namespace: optional(
          z
            .string()
            .max(64)
            .regex(/^[A-Za-z0-9_-]*$/),
        ),
        cluster_name: optional(
          z
            .string()
            .max(64)
            .regex(/^[A-Za-z0-9_-]*$/),
        ),
        group_name: optional(
          z
            .string()
            .max(128)
            .regex(/^[A-Za-z0-9_.:-]*$/),
        ),
        service_name: z
          .string()
          .min(1)
          .max(512)
          .regex(NO_CHINESE)
          .refine((v) => !v.startsWith("@") && !v.includes("@@")),
        server_config: z
          .array(
            z.object({
              ip_address: z.string().min(7).max(128).regex(NO_CHINESE),
              port: int(1, 65535),
              grpc_port: optional(int(1, 65535)),
            }),
          )
          .min(1)
          .max(9),
        user_info: z.object({ user_name: s64, password: s64 }),
      }),
    ),
  })
  .superRefine((ms, ctx) => {
    const info = { CSE: "cse_info", CCE: "cce_info", CCE_SERVICE: "cce_service_info", NACOS: "nacos_info" } as const;
    const wanted = ms.service_type && info[ms.service_type];
    if (wanted && !ms[wanted]) issue(ctx, { apigCode: "APIG.2001", parameter: wanted }, [wanted]);
  });
export type MicroServiceCreate = z.infer<typeof MicroServiceCreateSchema>;

export const VpcCreateSchema = z
  .object({
    name: z.string().regex(CHANNEL_NAME_PATTERN),
    port: int(1, 65535),
    balance_strategy: int(1, 4),
    member_type: z.enum(["ip", "ecs"]),
    type: optional(z.number().int()),
    vpc_channel_type: optional(z.union([z.enum(["builtin", "microservice", "reference"]), z.literal("")])),
    dict_code: optional(z.string().regex(DICT_CODE_PATTERN)),
    member_groups: optional(z.array(MemberGroupCreateSchema)),
    members: optional(z.array(MemberInfoSchema)),
    vpc_health_config: optional(VpcHealthConfigSchema),
    microservice_info: optional(MicroServiceCreateSchema),
  })
  .superRefine((body, ctx) => {
    if (body.type !== undefined && ![0, 2, 3].includes(body.type)) issue(ctx, { parameter: "type" }, ["type"]);
    if (body.vpc_channel_type && body.type) issue(ctx, { parameter: "vpc_channel_type" }, ["vpc_channel_type"]);
  });
export type VpcCreate = z.infer<typeof VpcCreateSchema>;

export const MembersBodySchema = z.object({ members: z.array(MemberInfoSchema) });
export const MembersOverwriteSchema = z.object({
  members: optional(z.array(MemberInfoSchema)),
  member_group_name: optional(z.string()),
});
export const MemberGroupsBodySchema = z.object({ member_groups: z.array(MemberGroupCreateSchema) });
export const MembersBatchSchema = z.object({ member_ids: z.array(z.string()).min(1) });

/** List filters (query parameters of ListVpcChannelsV2), already defaulted and clamped. */
export interface ChannelFilter {
  offset: number;
  limit: number;
  id?: string;
  name?: string;
  dict_code?: string;
  precise: ReadonlySet<string>;
  member_host?: string;
  member_port?: number;
  member_group_name?: string;
  member_group_id?: string;
  vpc_channel_type?: string;
}
