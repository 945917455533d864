/**
 * Shared fixtures: stack config for the emulator, and the emulator seed behind the README's "Using it" program and
 * the canary-rollout example, with the ids those programs name.
 */
import {
  EMULATOR_ALIBABA_ACCESS_KEY_ID,
  EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_PROJECT_ID,
  EMULATOR_HUAWEI_SECRET_KEY,
} from "../../src/emulator/keys";
import type { Output } from "@pulumi/pulumi";
import STANDARD_CHANNEL from "./standard-channel.json";

export const PROJECT_ID = EMULATOR_HUAWEI_PROJECT_ID;

/** The ids the README program and the example stack read (mesh, upgrade task, grey tag route). */
export const ROLLOUT_IDS = {
  serviceMeshId: "c0ffee0123456789abcdef0123456789a",
  meshUpgradeId: "4f6c3c2e-8d7a-4c38-9b1e-6a1d2f3e4b5c",
  greyTagRouteId: 16,
} as const;

/** The SAE grey tag route the rollout programs read: an SC rule sending `x-canary: true` on /orders to the canary. */
export function ordersGreyRoute(extra: Record<string, unknown> = {}) {
  return {
    GreyTagRouteId: ROLLOUT_IDS.greyTagRouteId,
    AppId: "3faaf993-7aed-4bcd-b189-625e6a5a0001",
    Name: "orders-canary",
    ScRules: [
      {
        path: "/orders",
        condition: "OR",
        items: [{ type: "header", name: "x-canary", operator: "rawvalue", value: "true", cond: "==" }],
      },
    ],
    ...extra,
  };
}

/** A mesh canary-upgrade task still in its precheck, as the emulator's admin API seeds it (its uid is generated). */
export const PRECHECK_UPGRADE = {
  metadata: { name: "upgrade-1-15" },
  spec: {
    meshId: "mesh-1",
    upgradeStrategy: "canary",
    targetVersion: "1.15.5",
    targetType: "CSM",
    currentStep: { name: "precheck", action: "start" },
  },
  status: { state: "Running", currentStep: { id: "precheck", phase: "PreChecking" } },
};

/** One ASM proxy as DescribeServiceMeshProxyStatus lists it: fully synced unless `overrides` says otherwise. */
export const proxy = (id: string, overrides: Record<string, string> = {}) => ({
  ProxyId: id,
  ProxyVersion: "1.9.7",
  IstioVersion: "1.9.7",
  ClusterSynced: "SYNCED",
  ListenerSynced: "SYNCED",
  RouteSynced: "SYNCED",
  EndpointSynced: "SYNCED",
  EndpointPercent: "1",
  ...overrides,
});

/** `--seed` fixtures for the emulator: both gates already open, one grey tag route with an SC rule on /orders. */
export const ROLLOUT_SEED = {
  huawei: {
    asm: {
      meshUpgrades: [
        {
          kind: "MeshUpgrade",
          apiVersion: "v1",
          metadata: { name: "upgrade-1-22", uid: ROLLOUT_IDS.meshUpgradeId },
          spec: {
            meshId: "mesh-prod",
            upgradeStrategy: "canary",
            targetVersion: "1.22.3",
            targetType: "canary",
            currentStep: { name: "DataPlaneUpgrade", action: "upgrade" },
          },
          status: { state: "Running", currentStep: { id: "3", phase: "DataPlaneUpgrading" } },
        },
      ],
    },
  },
  alibaba: {
    sae: {
      greyTagRoutes: [ordersGreyRoute()],
    },
    asm: {
      meshes: { [ROLLOUT_IDS.serviceMeshId]: { ProxyStatus: [proxy("orders-v1-7d9f"), proxy("orders-v2-5c4b")] } },
    },
  },
};

/** Environment variables for the Huawei services of an emulator (its built-in keys), as a provider process reads them. */
export function huaweiEmulatorEnv(): Record<string, string> {
  return {
    HW_REGION_NAME: "cn-north-4",
    HUAWEICLOUD_SDK_PROJECT_ID: EMULATOR_HUAWEI_PROJECT_ID,
    HUAWEICLOUD_SDK_AK: EMULATOR_HUAWEI_ACCESS_KEY,
    HUAWEICLOUD_SDK_SK: EMULATOR_HUAWEI_SECRET_KEY,
  };
}

/** Environment variables for the Alibaba services of an emulator (its built-in keys). */
export function alibabaEmulatorEnv(): Record<string, string> {
  return {
    ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_ACCESS_KEY_ID: EMULATOR_ALIBABA_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  };
}

/** The value of an `Output` once known (a test awaits it instead of sleeping). */
export const valueOf = <T>(output: Output<T>) => new Promise<T>((resolve) => output.apply((v) => (resolve(v), v)));

/** Stack config pointing every service at an emulator, with its built-in keys for both clouds. */
export function emulatorStackConfig(url: string): Record<string, string | { secret: string }> {
  return {
    "canary-mesh:endpoint": url,
    "canary-mesh:huaweiRegion": "cn-north-4",
    "canary-mesh:huaweiProjectId": PROJECT_ID,
    "canary-mesh:huaweiAccessKey": EMULATOR_HUAWEI_ACCESS_KEY,
    "canary-mesh:huaweiSecretKey": { secret: EMULATOR_HUAWEI_SECRET_KEY },
    "canary-mesh:alibabaRegion": "cn-hangzhou",
    "canary-mesh:alibabaAccessKeyId": EMULATOR_ALIBABA_ACCESS_KEY_ID,
    "canary-mesh:alibabaAccessKeySecret": { secret: EMULATOR_ALIBABA_ACCESS_KEY_SECRET },
  };
}

/**
 * Stack config of `examples/progressive-rollout` on the emulator (seeded with `ROLLOUT_SEED`): gateway `gatewayId`,
 * the blue and green hosts, revision orders-v2, short gate intervals; `extra` on top (pauses, budgets, promote).
 */
export function progressiveRolloutConfig(
  url: string,
  gatewayId: string,
  extra: Record<string, string> = {},
): Record<string, string | { secret: string }> {
  return {
    ...emulatorStackConfig(url),
    gatewayId,
    serviceMeshId: ROLLOUT_IDS.serviceMeshId,
    meshUpgradeId: ROLLOUT_IDS.meshUpgradeId,
    blueHosts: JSON.stringify(["10.0.0.5", "10.0.0.6"]),
    greenHosts: JSON.stringify(["10.0.1.5", "10.0.1.6"]),
    revision: "orders-v2",
    gateIntervalSeconds: "0.5",
    ...extra,
  };
}

/** A rollout's stored settings left at their defaults (gates read every 10 s, none set). */
export const ROLLOUT_DEFAULTS = {
  gates: { intervalSeconds: 10 },
  onGateFailure: "abort",
  maxUpdateSeconds: 600,
  promote: -1,
  retry: 0,
  allowBaselineJump: false,
} as const;

/** A rollout's channel as stored (placement resolved): `vpcChannelId` on gateway `gw`. */
export function storedRolloutChannel(vpcChannelId: string, stableGroup = "blue", canaryGroup = "green") {
  return { instanceId: "gw", vpcChannelId, projectId: "p", region: "cn-north-4", stableGroup, canaryGroup };
}

// ---------------------------------------------------------------- the standard channel

/** The standard channel's args: ip members in stable (90) / canary (10) groups, an HTTP health check. */
export function channelArgs(
  overrides: Record<string, unknown> = {},
): typeof STANDARD_CHANNEL & Record<string, unknown> {
  return { ...structuredClone(STANDARD_CHANNEL), ...overrides } as typeof STANDARD_CHANNEL & Record<string, unknown>;
}

/** The standard channel's HTTP health check. */
export const STANDARD_HEALTH_CHECK = STANDARD_CHANNEL.healthCheck;

/** The standard channel with one stable and one canary member (the canary on its own port), HTTP health check. */
export const TWO_MEMBER_CHANNEL = channelArgs({
  balanceStrategy: "roundRobin",
  members: [
    { host: "10.0.0.5", weight: 10, groupName: "stable" },
    { host: "10.0.0.6", port: 9090, weight: 5, groupName: "canary" },
  ],
  healthCheck: { ...STANDARD_CHANNEL.healthCheck, protocol: "http" },
});
