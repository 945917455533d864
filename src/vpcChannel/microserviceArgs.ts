/**
 * The `microservice` block of a `VpcChannel` (microservice channels only): its public args and strict input schema,
 * exactly one registry source per service type.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { enumOf, int, text } from "../core/rules";

// ---------------------------------------------------------------- enumerations

/** Microservice registries. */
export const SERVICE_TYPES = ["CSE", "CCE", "CCE_SERVICE", "NACOS"] as const;
/** Microservice registry of a `microservice` channel. */
export type ServiceType = (typeof SERVICE_TYPES)[number];
/** CCE workload kinds. */
export const WORKLOAD_TYPES = ["deployment", "statefulset", "daemonset"] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

// ---------------------------------------------------------------- public args

/** CSE (ServiceComb engine) source. */
export interface VpcChannelCseArgs {
  /** Engine id, 1–64 characters. */
  engineId: pulumi.Input<string>;
  /** Microservice id, 1–64 characters. */
  serviceId: pulumi.Input<string>;
}

/** CCE workload source: `appName`, or `labelKey` with `labelValue`, selects the pods. */
export interface VpcChannelCceArgs {
  /** Cluster id, 1–64 characters. */
  clusterId: pulumi.Input<string>;
  /** Namespace, 1–64 characters. */
  namespace: pulumi.Input<string>;
  /** `deployment`, `statefulset` or `daemonset`. */
  workloadType: pulumi.Input<WorkloadType>;
  /** App name, 1–64 letters, digits, `.`, `-`, `_`, starting with a letter. */
  appName?: pulumi.Input<string>;
  /** Pod label key, 1–64 letters, digits and `-_./:()`, starting with a letter or digit. */
  labelKey?: pulumi.Input<string>;
  /** Pod label value, 1–64 letters, digits, `.`, `-`, `_`, starting with a letter. */
  labelValue?: pulumi.Input<string>;
}

/** CCE Service source. */
export interface VpcChannelCceServiceArgs {
  /** Cluster id, 1–64 characters. */
  clusterId: pulumi.Input<string>;
  /** Namespace: 1–63 lowercase letters, digits and `-`, starting with a letter. */
  namespace: pulumi.Input<string>;
  /** Service name, 1–64 letters, digits, `.`, `-`, `_`, starting with a letter. */
  serviceName: pulumi.Input<string>;
}

/** One NACOS server. */
export interface VpcChannelNacosServerArgs {
  /** Address, 7–128 characters. */
  ipAddress: pulumi.Input<string>;
  /** Port, 1–65535. */
  port: pulumi.Input<number>;
  /** gRPC port, 1–65535 (the server's default: `port` + 1000). */
  grpcPort?: pulumi.Input<number>;
}

/** NACOS registry source. */
export interface VpcChannelNacosArgs {
  /** Namespace id, at most 64 letters, digits, `-`, `_`. */
  namespace?: pulumi.Input<string>;
  /** Cluster, at most 64 letters, digits, `-`, `_`. */
  clusterName?: pulumi.Input<string>;
  /** Group, at most 128 letters, digits and `-_.:`. */
  groupName?: pulumi.Input<string>;
  /** Service name, 1–512 characters, not starting with `@` and without `@@`. */
  serviceName: pulumi.Input<string>;
  /** 1–9 servers. */
  servers: pulumi.Input<Array<pulumi.Input<VpcChannelNacosServerArgs>>>;
  /** The password is stored encrypted in state (the whole `microservice` block is a secret). */
  user: pulumi.Input<{ userName: pulumi.Input<string>; password: pulumi.Input<string> }>;
}

/** Microservice source of a `microservice` channel: exactly one of `cse`, `cce`, `cceService`, `nacos`. */
export interface VpcChannelMicroserviceArgs {
  /** `CSE`, `CCE`, `CCE_SERVICE` or `NACOS`. */
  serviceType: pulumi.Input<ServiceType>;
  cse?: pulumi.Input<VpcChannelCseArgs>;
  cce?: pulumi.Input<VpcChannelCceArgs>;
  cceService?: pulumi.Input<VpcChannelCceServiceArgs>;
  nacos?: pulumi.Input<VpcChannelNacosArgs>;
}

// ---------------------------------------------------------------- input schema

const LETTER_FIRST = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const LETTER_FIRST_RULE = "must start with a letter and contain only letters, digits, ., - and _";

const CceInputSchema = z
  .object({
    clusterId: text("clusterId", 1, 64),
    namespace: text("namespace", 1, 64),
    workloadType: enumOf("workloadType", WORKLOAD_TYPES),
    appName: text("appName", 1, 64).regex(LETTER_FIRST, `appName ${LETTER_FIRST_RULE}`).optional(),
    labelKey: text("labelKey", 1, 64)
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_./:()-]*$/,
        "labelKey must start with a letter or digit and contain only letters, digits and -_./:()",
      )
      .optional(),
    labelValue: text("labelValue", 1, 64)
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, `labelValue ${LETTER_FIRST_RULE}`)
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
  });

const NacosInputSchema = z
  .object({
    namespace: text("namespace", 0, 64)
      .regex(/^[A-Za-z0-9_-]*$/, "namespace may contain only letters, digits, - and _")
      .optional(),
    clusterName: text("clusterName", 0, 64)
      .regex(/^[A-Za-z0-9_-]*$/, "clusterName may contain only letters, digits, - and _")
      .optional(),
    groupName: text("groupName", 0, 128)
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
            ipAddress: text("ipAddress", 7, 128),
            port: int("port", 1, 65535),
            grpcPort: int("grpcPort", 1, 65535).optional(),
          })
          .strict(),
        { required_error: "servers is required" },
      )
      .min(1, "servers must list 1–9 servers")
      .max(9, "servers must list 1–9 servers"),
    user: z.object({ userName: text("userName", 1, 64, true), password: text("password", 1, 64, true) }).strict(),
  })
  .strict();

/** The `microservice` block key for each service type. */
export const SERVICE_BLOCKS = { CSE: "cse", CCE: "cce", CCE_SERVICE: "cceService", NACOS: "nacos" } as const;

export const MicroserviceInputSchema = z
  .object({
    serviceType: enumOf("serviceType", SERVICE_TYPES),
    cse: z
      .object({ engineId: text("engineId", 1, 64), serviceId: text("serviceId", 1, 64) })
      .strict()
      .optional(),
    cce: CceInputSchema.optional(),
    cceService: z
      .object({
        clusterId: text("clusterId", 1, 64),
        namespace: z
          .string()
          .regex(
            /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
            "namespace must be 1–63 lowercase letters, digits and -, starting with a letter",
          ),
        serviceName: text("serviceName", 1, 64).regex(LETTER_FIRST, `serviceName ${LETTER_FIRST_RULE}`),
      })
      .strict()
      .optional(),
    nacos: NacosInputSchema.optional(),
  })
  .strict()
  .superRefine((ms, ctx) => {
    const wanted = SERVICE_BLOCKS[ms.serviceType];
    if (!ms[wanted])
      ctx.addIssue({
        code: "custom",
        path: [wanted],
        message: `${wanted} is required when serviceType is ${ms.serviceType}`,
      });
    for (const other of Object.values(SERVICE_BLOCKS)) {
      if (other !== wanted && ms[other])
        ctx.addIssue({
          code: "custom",
          path: [other],
          message: `${other} is not allowed when serviceType is ${ms.serviceType}`,
        });
    }
  });

export type MicroserviceInput = z.infer<typeof MicroserviceInputSchema>;
