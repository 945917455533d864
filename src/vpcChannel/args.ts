/**
 * `VpcChannel` arguments: the public `VpcChannelArgs` (Pulumi inputs, documented) and the strict input schema that
 * `check()` applies before any API call. Every rule's message names the rule; each enumeration is declared once, in
 * `enums.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isIP } from "node:net";
import { z } from "zod";
import { enumOf, flag, int, nameOrCode, text } from "../core/rules";
import { InputFailure } from "../core/errors";
import { schemaValidator } from "../core/providerKit";
import {
  BALANCE_STRATEGIES,
  BalanceStrategy,
  CHANNEL_TYPES,
  ChannelType,
  HEALTH_METHODS,
  HEALTH_PROTOCOLS,
  HealthMethod,
  MEMBER_STATUSES,
  MEMBER_TYPES,
  MemberStatus,
  MemberType,
} from "./enums";
import { memberKey } from "./fields";
import { PLACEMENT, PlacementArgs } from "./placement";
import { MicroserviceInputSchema, VpcChannelMicroserviceArgs } from "./microserviceArgs";

// ---------------------------------------------------------------- enumerations (values in `enums.ts`)

/** A strategy name, or its API code (1–4), as its name; undefined for a code this release has no name for. */
export function strategyOf(value: BalanceStrategy | number): BalanceStrategy | undefined {
  return typeof value === "number" ? BALANCE_STRATEGIES[value - 1] : value;
}
/** A strategy's API code. */
export const strategyCode = (name: BalanceStrategy): number => BALANCE_STRATEGIES.indexOf(name) + 1;
/** `value` when it is one of `values`, else undefined: checked narrowing of what the wire says. */
export function oneOf<T extends string>(values: readonly T[], value: string | null | undefined): T | undefined {
  return (values as readonly (string | null | undefined)[]).includes(value) ? (value as T) : undefined;
}

// ---------------------------------------------------------------- public args

/** A backend server of the channel. Identity: group + host (or ECS id) + port; two members may not share it. */
export interface VpcChannelMemberArgs {
  /** Backend address (IP or domain name, no scheme, port or path), required when `memberType` is `ip`. At most 255 characters. */
  host?: pulumi.Input<string>;
  /** ECS id, required when `memberType` is `ecs`. 1–64 letters, digits, `-`, `_`. */
  ecsId?: pulumi.Input<string>;
  /** ECS name, required when `memberType` is `ecs`. 1–64 letters, digits, Chinese characters, `-`, `_`, `.`. */
  ecsName?: pulumi.Input<string>;
  /** Backend port, 0–65535; unset: the channel port (part of the member's identity). */
  port?: pulumi.Input<number>;
  /** Weight, 0–10000; higher receives more requests. Unset: not managed (the gateway chooses). */
  weight?: pulumi.Input<number>;
  /** Standby member, used only when every other member is down. Unset: not managed (a new member is not a backup). */
  isBackup?: pulumi.Input<boolean>;
  /** `available` (API 1) or `unavailable` (API 2). Unset: not managed (a new member is available). */
  status?: pulumi.Input<MemberStatus | 1 | 2>;
  /** Name of the member group this member belongs to (part of its identity); one of `memberGroups` when they are managed here. */
  groupName?: pulumi.Input<string>;
}

/** A member group (for example `stable` and `canary`). Identity: its name. */
export interface VpcChannelGroupArgs {
  /**
   * 3–64 characters: letters, digits, Chinese characters, `-`, `_`, `.`, starting with a letter or Chinese character.
   * Unique within the channel. Renaming a group here is a delete and a create: it gets a new id, and its members are
   * re-created under the new name.
   */
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
  /** `GET` or `HEAD`. Unset: not managed (the gateway uses `GET` for a new check). */
  method?: pulumi.Input<HealthMethod>;
  /** Port 0–65535; 0: the channel port. Unset: not managed (a new check uses the channel port). */
  port?: pulumi.Input<number>;
  /** Consecutive successes to mark a member healthy, 1–10. */
  thresholdNormal: pulumi.Input<number>;
  /** Consecutive failures to mark a member unhealthy, 1–10. */
  thresholdAbnormal: pulumi.Input<number>;
  /** Seconds between checks, 1–300; at least `timeout`. */
  interval: pulumi.Input<number>;
  /** Seconds before a check fails, 1–30; at most `interval`. */
  timeout: pulumi.Input<number>;
  /** Success codes, e.g. `200`, `200,201`, `200-299`, each within 100–599. Required for HTTP (optional for HTTPS). */
  httpCodes?: pulumi.Input<string>;
  /** Two-way TLS with the gateway's backend client certificate. Unset: not managed (off for a new check). */
  enableClientSsl?: pulumi.Input<boolean>;
}

export interface VpcChannelArgs extends PlacementArgs {
  /** 3–64 characters: letters, digits, Chinese characters, `-`, `_`, `.`, starting with a letter or Chinese character. Unique per gateway. */
  name: pulumi.Input<string>;
  /** Host port, 1–65535 (also the default health-check and member port). */
  port: pulumi.Input<number>;
  /** `roundRobin` (default), `leastConnections`, `sourceHash`, `uriHash`; API codes 1–4 are accepted. */
  balanceStrategy?: pulumi.Input<BalanceStrategy | 1 | 2 | 3 | 4>;
  /** `ip` (members by address) or `ecs` (members by ECS id). Default `ecs`, as the API. */
  memberType?: pulumi.Input<MemberType>;
  /** `builtin` (default), `microservice` or `reference`. Changing it replaces the channel. */
  channelType?: pulumi.Input<ChannelType>;
  /** Legacy numeric type (2 = builtin, 3 = microservice, 0 = unset); use `channelType` instead, never both. */
  type?: pulumi.Input<0 | 2 | 3>;
  /** Member groups. Omitted: not managed (kept as they are); `[]`: no groups. */
  memberGroups?: pulumi.Input<Array<pulumi.Input<VpcChannelGroupArgs>>>;
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

/** Channel and group names: the SDK's models allow a Chinese first character (the reference says a letter). */
const NAME_RE = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5_.-]*$/;
const NAME_RULE =
  "must start with a letter or Chinese character and contain only letters, digits, Chinese characters, -, _ and .";
const LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
/** A host, not a URL: no whitespace, scheme, path, query, user info, or port (except inside an IPv6 address). */
const HOST_RE = /^[^\s/?#@]+$/;
const HTTP_CODE_ITEM = /^(\d{3})(?:-(\d{3}))?$/;

function validHttpCodes(value: string): boolean {
  return value.split(",").every((part) => {
    const m = HTTP_CODE_ITEM.exec(part.trim());
    if (!m) return false;
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    return low >= 100 && high <= 599 && low <= high;
  });
}

export const MemberInputSchema = z
  .object({
    // Stricter than the reference (a string of at most 255) on purpose: a scheme, path or port here is a mistake
    // the gateway would only report as an unreachable backend.
    host: text("host", 1, 255)
      .refine(
        (h) => isIP(h) !== 0 || (HOST_RE.test(h) && !h.includes(":")),
        "host must be an address or host name without scheme, port or path (the port goes in port)",
      )
      .optional(),
    ecsId: z
      .string()
      .max(64, "ecsId must be 1–64 characters")
      .regex(/^[A-Za-z0-9_-]+$/, "ecsId may contain only letters, digits, - and _")
      .optional(),
    ecsName: z
      .string()
      .max(64, "ecsName must be 1–64 characters")
      .regex(
        /^[A-Za-z0-9\u4e00-\u9fa5_.-]+$/,
        "ecsName may contain only letters, digits, Chinese characters, -, _ and .",
      )
      .optional(),
    port: int("port", 0, 65535).optional(),
    weight: int("weight", 0, 10000).optional(),
    isBackup: flag("isBackup").optional(),
    status: nameOrCode("status", MEMBER_STATUSES, false).optional(),
    groupName: text("groupName", 3, 64).regex(NAME_RE, `groupName ${NAME_RULE}`).optional(),
  })
  .strict();

const labelRule = "start and end with a letter or digit and contain only letters, digits, -, _ and .";

export const MemberGroupInputSchema = z
  .object({
    name: text("name", 3, 64).regex(NAME_RE, `name ${NAME_RULE}`),
    remark: text("remark", 0, 255).optional(),
    weight: int("weight", 0, 100).optional(),
    microserviceVersion: text("microserviceVersion", 0, 64).optional(),
    microservicePort: int("microservicePort", 0, 65535).optional(),
    microserviceLabels: z
      .record(
        z
          .string()
          .min(1)
          .max(63, "label values must be 1–63 characters")
          .regex(LABEL_RE, `label values must ${labelRule}`),
      )
      .superRefine((labels, ctx) => {
        for (const key of Object.keys(labels)) {
          if (key.length < 1 || key.length > 63 || !LABEL_RE.test(key)) {
            const message =
              "label names must be 1–63 characters, start and end with a letter or digit, and contain only letters, digits, -, _ and .";
            ctx.addIssue({ code: "custom", path: [key], message });
          }
        }
      })
      .optional(),
    referenceVpcChannelId: text("referenceVpcChannelId", 0, 64).optional(),
  })
  .strict();

export const HealthCheckInputSchema = z
  .object({
    protocol: z
      .string({ required_error: "protocol is required" })
      .transform((p) => p.toUpperCase())
      .pipe(enumOf("protocol", HEALTH_PROTOCOLS)),
    // Stricter than the reference on purpose: the gateway requests this URL path as given.
    path: z.string().regex(/^\//, "path must start with / (it is the URL path the gateway requests)").optional(),
    // The reference lists no values; the gateway offers GET and HEAD (Terraform's huaweicloud_apig_channel too).
    method: enumOf("method", HEALTH_METHODS).optional(),
    port: int("port", 0, 65535).optional(),
    thresholdNormal: int("thresholdNormal", 1, 10),
    thresholdAbnormal: int("thresholdAbnormal", 1, 10),
    interval: int("interval", 1, 300),
    timeout: int("timeout", 1, 30),
    httpCodes: z
      .string()
      .refine(validHttpCodes, "httpCodes must be codes or ranges within 100–599, e.g. 200,201 or 200-299")
      .optional(),
    enableClientSsl: flag("enableClientSsl").optional(),
    /** Named only to say what became of it: releases up to 0.1 took the health-check result for a setting. */
    status: z.unknown().optional(),
  })
  .strict()
  .superRefine((hc, ctx) => {
    const fail = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (hc.status !== undefined) {
      fail(
        "status",
        "status is the health-check result the gateway reports, not a setting: remove it (read it as the output healthCheck.result)",
      );
    }
    // The reference says timeout < interval; the live service accepts them equal (Terraform's acceptance test
    // TestAccChannel_basic runs with interval = timeout = 1).
    if (hc.interval < hc.timeout) fail("interval", "interval must not be less than timeout");
    if (hc.protocol !== "TCP" && !hc.path) fail("path", `path is required when protocol is ${hc.protocol}`);
    if (hc.protocol === "HTTP" && !hc.httpCodes) fail("httpCodes", "httpCodes is required when protocol is HTTP");
  });

export const VpcChannelInputSchema = z
  .object({
    ...PLACEMENT,
    name: text("name", 3, 64).regex(
      NAME_RE,
      "name must start with a letter or Chinese character and contain only letters, digits, Chinese characters, -, _ and .",
    ),
    port: int("port", 1, 65535),
    balanceStrategy: nameOrCode("balanceStrategy", BALANCE_STRATEGIES, true).optional(),
    memberType: enumOf("memberType", MEMBER_TYPES).optional(),
    channelType: enumOf("channelType", CHANNEL_TYPES).optional(),
    type: z
      .union([z.literal(0), z.literal(2), z.literal(3)], {
        errorMap: () => ({ message: "type must be 2 (builtin), 3 (microservice) or 0 (unset); prefer channelType" }),
      })
      .optional(),
    memberGroups: z
      .array(MemberGroupInputSchema, { invalid_type_error: "memberGroups must be a list" })
      .max(500, "memberGroups may hold at most 500 groups (a limit of this provider, not of the API)")
      .optional(),
    members: z
      .array(MemberInputSchema, { invalid_type_error: "members must be a list" })
      .max(10000, "members may hold at most 10000 members (a limit of this provider, not of the API)")
      .optional(),
    healthCheck: HealthCheckInputSchema.optional(),
    microservice: MicroserviceInputSchema.optional(),
    adopt: flag("adopt").optional(),
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

// ---------------------------------------------------------------- validation

export function channelTypeOf(input: Pick<VpcChannelInput, "channelType" | "type">): ChannelType {
  if (input.channelType) return input.channelType;
  return input.type === 3 ? "microservice" : "builtin";
}

function crossFieldFailures(input: VpcChannelInput): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const channelType = channelTypeOf(input);
  const memberType = input.memberType ?? "ecs";
  if (input.type !== undefined && input.channelType !== undefined) {
    fail("type", "type conflicts with channelType: set only channelType (type is the legacy form)");
  }
  if (input.adopt && input.adoptId) fail("adoptId", "adoptId and adopt: true are alternatives; set one");
  const nacos = input.microservice?.serviceType === "NACOS";
  if (input.microservice && channelType !== "microservice") {
    fail("microservice", `microservice is allowed only when channelType is microservice (it is ${channelType})`);
  }
  if (channelType === "microservice" && !input.microservice) {
    fail("microservice", "microservice is required when channelType is microservice");
  }

  const groupNames = new Set<string>();
  (input.memberGroups ?? []).forEach((g, i) => {
    const at = `memberGroups[${i}]`;
    if (groupNames.has(g.name)) fail(`${at}.name`, `group name "${g.name}" is used twice; group names must be unique`);
    groupNames.add(g.name);
    if (nacos && g.weight !== undefined)
      fail(`${at}.weight`, "group weight cannot be set for NACOS microservice channels");
    if (channelType !== "microservice") {
      for (const k of ["microserviceVersion", "microservicePort", "microserviceLabels"] as const) {
        if (g[k] !== undefined) fail(`${at}.${k}`, `${k} is allowed only when channelType is microservice`);
      }
    }
    if (g.referenceVpcChannelId !== undefined && channelType !== "reference") {
      fail(`${at}.referenceVpcChannelId`, "referenceVpcChannelId is allowed only when channelType is reference");
    }
  });

  const seen = new Map<string, number>();
  (input.members ?? []).forEach((m, i) => {
    const at = `members[${i}]`;
    if (memberType === "ip") {
      if (!m.host) fail(`${at}.host`, 'host is required when memberType is "ip"');
      if (m.ecsId !== undefined || m.ecsName !== undefined)
        fail(`${at}.ecsId`, 'ecsId and ecsName are only for memberType "ecs"');
    } else {
      if (!m.ecsId)
        fail(
          `${at}.ecsId`,
          'ecsId is required when memberType is "ecs" (the default); set memberType: "ip" for members given by address',
        );
      if (!m.ecsName) fail(`${at}.ecsName`, 'ecsName is required when memberType is "ecs"');
    }
    if (m.groupName !== undefined && input.memberGroups !== undefined && !groupNames.has(m.groupName)) {
      fail(`${at}.groupName`, `group "${m.groupName}" is not one of memberGroups`);
    }
    const key = memberKey({ ...m, port: m.port ?? input.port });
    const previous = seen.get(key);
    if (previous !== undefined)
      fail(at, `duplicates members[${previous}] (same group, ${memberType === "ip" ? "host" : "ecsId"} and port)`);
    else seen.set(key, i);
  });
  if (channelType === "reference" && input.members && input.members.length > 0) {
    fail("members", "members are not used by reference channels; list the referenced channels in memberGroups");
  }
  return failures;
}

/**
 * Validates raw inputs: the schema, then rules that span fields, every problem at once and before any API call.
 * Problems under a value that is unknown during preview are not reported (it is checked again once known).
 */
export const validateChannel = schemaValidator(VpcChannelInputSchema, "VpcChannelArgs", crossFieldFailures);
