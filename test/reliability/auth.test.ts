/**
 * Authentication failures, for both clouds and all four services: a wrong key stops the client after the
 * first signature rejection (exactly one request reaches the gateway: Huawei locks an access key after five
 * consecutive signature failures, so a retry storm would lock a real key), even with the maximum retry
 * setting; an expired temporary token gives a clear, non-retried error; and a throttling refusal is not
 * mistaken for an authentication failure.
 */
import { startEmulator, RunningEmulator } from "../../src/emulator";
import {
  EMULATOR_ALIBABA_ACCESS_KEY_ID,
  EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_SECRET_KEY,
} from "../../src/emulator/keys";
import { CloudApiError } from "../../src/core/errors";
import { setProviderConfig } from "../../src/core/stackConfig";
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { greyTagRouteLookupProvider } from "../../src/lookups/greyTagRoute";
import { proxyStatusLookupProvider } from "../../src/lookups/proxyStatus";
import { meshUpgradeLookupProvider } from "../../src/lookups/meshUpgrade";
import type { ChannelOutputs, ChannelState } from "../../src/vpcChannel/state";
import { adminCall, requestLog } from "../support/emulator";
import { PROJECT_ID as PROJECT } from "../support/fixtures";

const CHANNEL_ID = "0123456789abcdef0123456789abcdef";

let emulator: RunningEmulator;
let config: Record<string, string> = {};

/** Provider config as the engine would hand it over (`canary-mesh:` keys), on top of the emulator endpoint. */
function useConfig(values: Record<string, string>): void {
  config = {
    "canary-mesh:endpoint": emulator.url,
    "canary-mesh:huaweiRegion": "cn-north-4",
    "canary-mesh:huaweiProjectId": PROJECT,
    "canary-mesh:alibabaRegion": "cn-hangzhou",
    // The highest setting: authentication failures must still be sent exactly once.
    "canary-mesh:retryMaxAttempts": "20",
    ...values,
  };
}

const huaweiKeys = (sk: string, extra: Record<string, string> = {}) => ({
  "canary-mesh:huaweiAccessKey": EMULATOR_HUAWEI_ACCESS_KEY,
  "canary-mesh:huaweiSecretKey": sk,
  ...extra,
});
const alibabaKeys = (secret: string, extra: Record<string, string> = {}) => ({
  "canary-mesh:alibabaAccessKeyId": EMULATOR_ALIBABA_ACCESS_KEY_ID,
  "canary-mesh:alibabaAccessKeySecret": secret,
  ...extra,
});

async function checked<T>(
  provider: {
    check: (
      o: Record<string, unknown>,
      n: Record<string, unknown>,
    ) => Promise<{ inputs?: unknown; failures?: unknown }>;
  },
  raw: Record<string, unknown>,
): Promise<T> {
  const result = await provider.check({}, raw);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as T;
}

/** One call per service, as `pulumi up` / `refresh` would make it. */
const calls: Record<string, () => Promise<unknown>> = {
  "Huawei APIG (VpcChannel read)": async () => {
    const inputs = await checked<ChannelState>(vpcChannelProvider, {
      instanceId: "gw-auth",
      name: "orders-backend",
      port: 8080,
    });
    return vpcChannelProvider.read(CHANNEL_ID, { ...inputs, __managed: [] } as ChannelOutputs);
  },
  "Huawei APIG (VpcChannel create)": async () => {
    const inputs = await checked<ChannelState>(vpcChannelProvider, {
      instanceId: "gw-auth",
      name: "orders-backend",
      port: 8080,
      memberType: "ip",
      members: [],
    });
    return vpcChannelProvider.create(inputs);
  },
  "Huawei ASM (MeshUpgradeLookup)": async () =>
    meshUpgradeLookupProvider.create(await checked(meshUpgradeLookupProvider, { meshUpgradeId: "task-1" })),
  "Alibaba SAE (GreyTagRouteLookup)": async () =>
    greyTagRouteLookupProvider.create(await checked(greyTagRouteLookupProvider, { greyTagRouteId: 16 })),
  "Alibaba ASM (ProxyStatusLookup)": async () =>
    proxyStatusLookupProvider.create(await checked(proxyStatusLookupProvider, { serviceMeshId: "mesh-1" })),
};

async function failure(call: () => Promise<unknown>): Promise<CloudApiError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudApiError);
  return error as CloudApiError;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  setProviderConfig((key) => config[key]);
  // Only what the stack config above says counts: no credential from the test machine's environment.
  for (const name of Object.keys(process.env))
    if (/^(HUAWEICLOUD_|HW_|OS_|ALIBABA_CLOUD_|CANARY_MESH_)/.test(name)) delete process.env[name];
});
afterAll(async () => {
  setProviderConfig(() => undefined);
  await emulator.close();
});
beforeEach(async () => {
  await adminCall(emulator.url, "DELETE", "/faults");
  await adminCall(emulator.url, "DELETE", "/requests");
});

describe("a wrong key is sent once: no retry storm that would lock a real key", () => {
  const wrongKeys: Array<[string, Record<string, string>, string, RegExp]> = [
    ["Huawei APIG (VpcChannel read)", huaweiKeys("wrong-secret-key-value"), "APIGW.0301", /verify aksk signature fail/],
    [
      "Huawei APIG (VpcChannel create)",
      huaweiKeys("wrong-secret-key-value"),
      "APIGW.0301",
      /verify aksk signature fail/,
    ],
    [
      "Huawei APIG (VpcChannel read)",
      {
        "canary-mesh:huaweiAccessKey": "UNKNOWNACCESSKEY0000",
        "canary-mesh:huaweiSecretKey": EMULATOR_HUAWEI_SECRET_KEY,
      },
      "APIGW.0301",
      /access key UNKNOWNACCESSKEY0000 not found/,
    ],
    [
      "Huawei APIG (VpcChannel read)",
      { "canary-mesh:huaweiAuthToken": "not-a-valid-iam-token" },
      "APIG.1002",
      /Incorrect token or token resolution failed/,
    ],
    [
      "Huawei ASM (MeshUpgradeLookup)",
      huaweiKeys("wrong-secret-key-value"),
      "APIGW.0301",
      /verify aksk signature fail/,
    ],
    [
      "Alibaba SAE (GreyTagRouteLookup)",
      alibabaKeys("wrong-alibaba-secret"),
      "SignatureDoesNotMatch",
      /signature does not match/,
    ],
    [
      "Alibaba ASM (ProxyStatusLookup)",
      alibabaKeys("wrong-alibaba-secret"),
      "SignatureDoesNotMatch",
      /signature does not match/,
    ],
    [
      "Alibaba ASM (ProxyStatusLookup)",
      {
        "canary-mesh:alibabaAccessKeyId": "LTAIUnknownKeyId",
        "canary-mesh:alibabaAccessKeySecret": EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
      },
      "InvalidAccessKeyId.NotFound",
      /access key is not found/,
    ],
  ];

  it.each(wrongKeys)(
    "%s with %j: one request, code %s, a hint, never the secret",
    async (service, keys, code, cloudMessage) => {
      useConfig(keys);
      const error = await failure(calls[service]!);
      const log = await requestLog(emulator.url);
      expect(log).toHaveLength(1);
      expect(error.code).toBe(code);
      expect(error.attempts).toBe(1);
      expect(error.message).toMatch(cloudMessage);
      expect(error.hint).toMatch(/Check canary-mesh:(huaweiAccessKey|alibabaAccessKeyId)/);
      for (const secret of Object.values(keys))
        if (secret.length >= 6 && !/^(UNKNOWN|LTAI|CANARY)/.test(secret)) expect(error.message).not.toContain(secret);
    },
  );
});

describe("an expired temporary token gives a clear message and is not retried", () => {
  it.each<[string, Record<string, string>, object, RegExp]>([
    [
      "Huawei APIG (VpcChannel read)",
      huaweiKeys(EMULATOR_HUAWEI_SECRET_KEY, { "canary-mesh:huaweiSecurityToken": "expired-security-token-value" }),
      {
        match: { service: "huawei" },
        status: 401,
        code: "APIGW.0301",
        message: "Incorrect IAM authentication information: the security token expired",
      },
      /HTTP 401 APIGW\.0301\).*security token expired/,
    ],
    [
      "Huawei ASM (MeshUpgradeLookup)",
      huaweiKeys(EMULATOR_HUAWEI_SECRET_KEY, { "canary-mesh:huaweiSecurityToken": "expired-security-token-value" }),
      {
        match: { service: "huawei" },
        status: 401,
        code: "APIG.1002",
        message: "Incorrect token or token resolution failed: token expired",
      },
      /HTTP 401 APIG\.1002\).*token expired/,
    ],
    ...["Alibaba SAE (GreyTagRouteLookup)", "Alibaba ASM (ProxyStatusLookup)"].map(
      (label) =>
        [
          label,
          alibabaKeys(EMULATOR_ALIBABA_ACCESS_KEY_SECRET, {
            "canary-mesh:alibabaSecurityToken": "expired-sts-token-value",
          }),
          {
            match: { service: "alibaba" },
            status: 400,
            code: "InvalidSecurityToken.Expired",
            message: "Specified SecurityToken is expired.",
          },
          /HTTP 400 InvalidSecurityToken\.Expired\).*SecurityToken is expired.*STS token, which expires/,
        ] as [string, Record<string, string>, object, RegExp],
    ),
  ])("%s", async (service, keys, fault, message) => {
    useConfig(keys);
    await adminCall(emulator.url, "POST", "/faults", fault);
    const error = await failure(calls[service]!);
    expect(await requestLog(emulator.url)).toHaveLength(1);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Check canary-mesh:/);
    expect(error.message).not.toMatch(/expired-(security|sts)-token-value/);
  });
});

describe("throttling is not an authentication failure", () => {
  it("a call still throttled (429 APIG.0308) after its retries is reported as throttling, without blaming the credentials", async () => {
    useConfig({ ...huaweiKeys(EMULATOR_HUAWEI_SECRET_KEY), "canary-mesh:retryMaxAttempts": "2" });
    await adminCall(emulator.url, "POST", "/faults", {
      match: { service: "huawei-apig" },
      status: 429,
      code: "APIG.0308",
      message: "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
    });
    const error = await failure(calls["Huawei APIG (VpcChannel read)"]!);
    expect(await requestLog(emulator.url)).toHaveLength(2);
    expect(error.code).toBe("APIG.0308");
    expect(error.message).toMatch(/throttling threshold/);
    // APIG.0308 is the gateway's rate limit: telling the user to check their keys, and that Huawei locks keys
    // after signature failures, sends them the wrong way.
    expect(error.message).not.toMatch(/huaweiSecretKey|locks an access key/);
  });
});
