/**
 * Provider settings: regions, projects, credentials and endpoints, resolved at call time from stack config
 * (namespace `canary-mesh:`) and the clouds' standard environment variables, validated with zod. Nothing here
 * is captured in the serialized provider. Stack config reaches the provider as the engine recorded it at the last
 * `up` unless `refresh`/`destroy` run with `--run-program`; environment variables are always read fresh.
 *
 * Precedence for every setting: resource argument > stack config > environment variable > default.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ini from "ini";
import { z } from "zod";
import { InputError } from "./errors";
import { Secret } from "./secrets";
import type { RetryPolicy } from "./retry";

/** Reads one stack config key of the `canary-mesh` namespace (key given without the namespace). */
export type ConfigSource = (key: string) => string | undefined;

export const CONFIG_NAMESPACE = "canary-mesh";

export type ServiceName = "huaweiApig" | "huaweiAsm" | "alibabaSae" | "alibabaAsm";

const SERVICE_ENV: Record<ServiceName, string> = {
  huaweiApig: "CANARY_MESH_HUAWEI_APIG_ENDPOINT",
  huaweiAsm: "CANARY_MESH_HUAWEI_ASM_ENDPOINT",
  alibabaSae: "CANARY_MESH_ALIBABA_SAE_ENDPOINT",
  alibabaAsm: "CANARY_MESH_ALIBABA_ASM_ENDPOINT",
};

const DEFAULT_ENDPOINT: Record<ServiceName, (region: string) => string> = {
  huaweiApig: (r) => `https://apig.${r}.myhuaweicloud.com`,
  huaweiAsm: (r) => `https://asm.${r}.myhuaweicloud.com`,
  alibabaSae: (r) => `https://sae.${r}.aliyuncs.com`,
  alibabaAsm: () => "https://servicemesh.aliyuncs.com",
};

export const RegionSchema = z
  .string()
  .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, "must be a region id such as cn-north-4 or cn-hangzhou");
export const HuaweiProjectIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, "must be a 32-character hexadecimal Huawei Cloud project id");

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

export const EndpointSchema = z
  .string()
  .url("must be an absolute URL such as https://apig.cn-north-4.myhuaweicloud.com")
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(url.hostname));
  }, "must use https:// (plain http:// is allowed only for a loopback address, such as the local emulator)")
  .refine((value) => !new URL(value).search && !new URL(value).username, "must not carry a query or credentials");

type Env = Readonly<Record<string, string | undefined>>;

interface Looked {
  value?: string;
  from?: string;
  places: string[];
}

function first(candidates: Array<[string, string | undefined]>): Looked {
  const places = candidates.map(([place]) => place);
  for (const [place, value] of candidates) {
    if (value !== undefined && value.trim() !== "") return { value: value.trim(), from: place, places };
  }
  return { places };
}

function cfg(config: ConfigSource, key: string): [string, string | undefined] {
  return [`stack config ${CONFIG_NAMESPACE}:${key}`, config(key)];
}

function envVar(env: Env, name: string): [string, string | undefined] {
  return [`environment variable ${name}`, env[name]];
}

/** The environment variables each setting is looked for in, in order, after the argument and stack config. */
const ENV_NAMES = {
  huaweiRegion: ["HW_REGION_NAME", "HUAWEICLOUD_SDK_REGION", "OS_REGION_NAME"],
  huaweiProjectId: ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID", "OS_PROJECT_ID"],
  huaweiAuthToken: ["HW_AUTH_TOKEN", "OS_AUTH_TOKEN"],
  huaweiAccessKey: ["HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "OS_ACCESS_KEY"],
  huaweiSecretKey: ["HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "OS_SECRET_KEY"],
  huaweiSecurityToken: ["HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"],
  alibabaRegion: ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"],
} as const;

/** The first value set: the resource argument `arg` (when given), then stack config `key`, then its variables. */
function lookUp(
  config: ConfigSource,
  env: Env,
  key: keyof typeof ENV_NAMES,
  arg?: [string, string | undefined],
): Looked {
  return first([...(arg ? [arg] : []), cfg(config, key), ...ENV_NAMES[key].map((name) => envVar(env, name))]);
}

function missing(subject: string, property: string, looked: Looked, hint: string): never {
  throw new InputError(subject, [
    { property, reason: `is required but was not found; looked in ${looked.places.join(", ")}. ${hint}` },
  ]);
}

function validate<T>(schema: z.ZodType<T>, looked: Looked, subject: string, property: string): T {
  const parsed = schema.safeParse(looked.value);
  if (parsed.success) return parsed.data;
  throw new InputError(subject, [
    { property, reason: `${parsed.error.issues[0]?.message ?? "is invalid"} (from ${looked.from})` },
  ]);
}

/** Resolves the base URL of one service. */
export function resolveEndpoint(service: ServiceName, region: string, config: ConfigSource, env: Env): string {
  let perService: string | undefined;
  const endpointsJson = config("endpoints");
  if (endpointsJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(endpointsJson);
    } catch {
      throw new InputError("provider configuration", [
        { property: `${CONFIG_NAMESPACE}:endpoints`, reason: "must be a JSON object of service name to base URL" },
      ]);
    }
    const map = z.record(z.string()).safeParse(parsed);
    if (!map.success) {
      throw new InputError("provider configuration", [
        { property: `${CONFIG_NAMESPACE}:endpoints`, reason: "must be a JSON object of service name to base URL" },
      ]);
    }
    perService = map.data[service];
  }
  const looked = first([
    [`stack config ${CONFIG_NAMESPACE}:endpoints.${service}`, perService],
    cfg(config, "endpoint"),
    envVar(env, SERVICE_ENV[service]),
    envVar(env, "CANARY_MESH_ENDPOINT"),
  ]);
  if (!looked.value) return DEFAULT_ENDPOINT[service](region);
  return validate(EndpointSchema, looked, "provider configuration", `endpoint for ${service}`).replace(/\/$/, "");
}

/** Retry settings from config (`retryMaxAttempts`, `retryDeadlineSeconds`); the HTTP layer fills in the rest. */
function resolveRetryPolicy(config: ConfigSource): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  const attempts = config("retryMaxAttempts");
  if (attempts !== undefined) {
    out.maxAttempts = validate(
      z.coerce.number().int().min(1).max(20),
      { value: attempts, from: "stack config", places: [] },
      "provider configuration",
      `${CONFIG_NAMESPACE}:retryMaxAttempts`,
    );
  }
  const deadline = config("retryDeadlineSeconds");
  if (deadline !== undefined) {
    out.deadlineMs =
      1000 *
      validate(
        z.coerce.number().min(1).max(3600),
        { value: deadline, from: "stack config", places: [] },
        "provider configuration",
        `${CONFIG_NAMESPACE}:retryDeadlineSeconds`,
      );
  }
  return out;
}

// ---------------------------------------------------------------- Huawei

export type HuaweiAuth =
  | { kind: "aksk"; accessKey: string; secretKey: Secret; securityToken?: Secret }
  | { kind: "token"; token: Secret };

export interface HuaweiSettings {
  region: string;
  projectId: string;
  auth: HuaweiAuth;
  apigEndpoint: string;
  asmEndpoint: string;
  retry: Partial<RetryPolicy>;
}

export interface HuaweiOverrides {
  region?: string;
  projectId?: string;
}

const HUAWEI = "Huawei Cloud provider configuration";
const ALIBABA = "Alibaba Cloud provider configuration";

/** Where a Huawei resource lives (argument > stack config > environment): what `check` stores, no credentials. */
export function resolveHuaweiPlacement(
  config: ConfigSource,
  env: Env = process.env,
  overrides: HuaweiOverrides = {},
): { region: string; projectId: string } {
  const region = lookUp(config, env, "huaweiRegion", ["resource argument region", overrides.region]);
  if (!region.value)
    missing(HUAWEI, "region", region, "Set it with `pulumi config set canary-mesh:huaweiRegion cn-north-4`.");
  const projectId = lookUp(config, env, "huaweiProjectId", ["resource argument projectId", overrides.projectId]);
  if (!projectId.value)
    missing(HUAWEI, "projectId", projectId, "Set it with `pulumi config set canary-mesh:huaweiProjectId <id>`.");
  return {
    region: validate(RegionSchema, region, HUAWEI, "region"),
    projectId: validate(HuaweiProjectIdSchema, projectId, HUAWEI, "projectId"),
  };
}

export function resolveHuaweiSettings(
  config: ConfigSource,
  env: Env = process.env,
  overrides: HuaweiOverrides = {},
): HuaweiSettings {
  const subject = HUAWEI;
  const placement = resolveHuaweiPlacement(config, env, overrides);
  const token = lookUp(config, env, "huaweiAuthToken");
  const accessKey = lookUp(config, env, "huaweiAccessKey");
  const secretKey = lookUp(config, env, "huaweiSecretKey");
  const securityToken = lookUp(config, env, "huaweiSecurityToken");
  let auth: HuaweiAuth;
  if (accessKey.value || secretKey.value) {
    if (!accessKey.value) missing(subject, "accessKey", accessKey, "An access key is needed with the secret key.");
    if (!secretKey.value) {
      missing(
        subject,
        "secretKey",
        secretKey,
        "Set it with `pulumi config set --secret canary-mesh:huaweiSecretKey <sk>`.",
      );
    }
    auth = {
      kind: "aksk",
      accessKey: accessKey.value,
      secretKey: new Secret(secretKey.value),
      securityToken: securityToken.value ? new Secret(securityToken.value) : undefined,
    };
  } else if (token.value) {
    auth = { kind: "token", token: new Secret(token.value) };
  } else {
    missing(
      subject,
      "credentials",
      { places: [...accessKey.places, ...secretKey.places, ...token.places] },
      "Set an access key pair (`canary-mesh:huaweiAccessKey` and, as a secret, `canary-mesh:huaweiSecretKey`) or an IAM token.",
    );
  }
  return {
    ...placement,
    auth,
    apigEndpoint: resolveEndpoint("huaweiApig", placement.region, config, env),
    asmEndpoint: resolveEndpoint("huaweiAsm", placement.region, config, env),
    retry: resolveRetryPolicy(config),
  };
}

// ---------------------------------------------------------------- Alibaba

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: Secret;
  securityToken?: Secret;
}

export interface AlibabaSettings {
  region: string;
  credentials: AlibabaCredentials;
  saeEndpoint: string;
  asmEndpoint: string;
  retry: Partial<RetryPolicy>;
}

/**
 * Reads a profile of the credentials file `@alicloud/credentials` reads (`~/.alibabacloud/credentials`, INI) the way
 * it does: parsed by `ini` (quotes stripped, `;` and `#` start comments), `type` `access_key` (key pair) or `sts`
 * (key pair and `security_token`). Other types (RAM roles, OIDC) need a credential exchange this provider does not do.
 */
function readAlibabaProfile(env: Env): {
  file: string;
  profile: string;
  keyId?: string;
  secret?: string;
  token?: string;
  unusable?: string;
} {
  const file =
    env.ALIBABA_CLOUD_CREDENTIALS_FILE ?? path.join(env.HOME ?? os.homedir(), ".alibabacloud", "credentials");
  const profile = env.ALIBABA_CLOUD_PROFILE ?? "default";
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { file, profile };
  }
  const section: unknown = ini.parse(text)[profile];
  if (!section || typeof section !== "object") return { file, profile };
  const values = section as Record<string, unknown>;
  const str = (key: string) => (typeof values[key] === "string" && values[key] !== "" ? values[key] : undefined);
  const type = str("type");
  if (type !== "access_key" && type !== "sts") {
    return { file, profile, unusable: type ? `its type is ${type}` : "it has no type (access_key or sts)" };
  }
  return {
    file,
    profile,
    keyId: str("access_key_id"),
    secret: str("access_key_secret"),
    token: type === "sts" ? str("security_token") : undefined,
  };
}

/** The region of an Alibaba lookup (argument > stack config > environment): what `check` stores, no credentials. */
export function resolveAlibabaRegion(config: ConfigSource, env: Env = process.env, region?: string): string {
  const looked = lookUp(config, env, "alibabaRegion", ["resource argument region", region]);
  if (!looked.value)
    missing(ALIBABA, "region", looked, "Set it with `pulumi config set canary-mesh:alibabaRegion cn-hangzhou`.");
  return validate(RegionSchema, looked, ALIBABA, "region");
}

export function resolveAlibabaSettings(
  config: ConfigSource,
  env: Env = process.env,
  overrides: { region?: string } = {},
): AlibabaSettings {
  const subject = ALIBABA;
  const regionValue = resolveAlibabaRegion(config, env, overrides.region);

  const profile = readAlibabaProfile(env);
  const profilePlace = `profile [${profile.profile}] in ${profile.file}${profile.unusable ? ` (not used: ${profile.unusable})` : ""}`;
  const fromConfig = first([cfg(config, "alibabaAccessKeyId")]);
  const fromEnv = first([envVar(env, "ALIBABA_CLOUD_ACCESS_KEY_ID")]);
  let keyId: string | undefined;
  let secret: string | undefined;
  let token: string | undefined;
  let from: string;
  if (fromConfig.value) {
    keyId = fromConfig.value;
    secret = config("alibabaAccessKeySecret");
    token = config("alibabaSecurityToken");
    from = "stack config";
  } else if (fromEnv.value) {
    keyId = fromEnv.value;
    secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
    from = "environment";
  } else {
    keyId = profile.keyId;
    secret = profile.secret;
    token = profile.token;
    from = profilePlace;
  }
  const places = [
    `stack config ${CONFIG_NAMESPACE}:alibabaAccessKeyId and ${CONFIG_NAMESPACE}:alibabaAccessKeySecret`,
    "environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    profilePlace,
  ];
  if (!keyId) {
    missing(
      subject,
      "credentials",
      { places },
      "Set `canary-mesh:alibabaAccessKeyId` and, as a secret, `canary-mesh:alibabaAccessKeySecret`.",
    );
  }
  if (!secret) {
    missing(
      subject,
      "accessKeySecret",
      { places: [`the ${from} that gave the access key id`] },
      "An access key id needs its secret from the same place.",
    );
  }
  return {
    region: regionValue,
    credentials: {
      accessKeyId: keyId,
      accessKeySecret: new Secret(secret),
      securityToken: token ? new Secret(token) : undefined,
    },
    saeEndpoint: resolveEndpoint("alibabaSae", regionValue, config, env),
    asmEndpoint: resolveEndpoint("alibabaAsm", regionValue, config, env),
    retry: resolveRetryPolicy(config),
  };
}
