/**
 * A canary rollout on Huawei Cloud API Gateway, gated on Alibaba ASM and Huawei ASM readiness.
 *
 * - The `orders` load-balance channel has a `stable` and a `canary` member group and an HTTP health check.
 * - The canary weight comes from stack config (`canaryWeight`); changing it is the weight shift a reviewer
 *   sees in `pulumi preview --diff`.
 * - The shift waits for two gates: every Envoy proxy of the mesh has synced its config (Alibaba ASM), and the
 *   mesh canary-upgrade task has reached its data-plane phase (Huawei ASM).
 * - The SAE grey tag route that decides who is canary is read for the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { alibaba, huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();
const gatewayId = config.require("gatewayId");
const canaryWeight = config.requireNumber("canaryWeight");
const stableHosts = config.requireObject<string[]>("stableHosts");
const canaryHosts = config.requireObject<string[]>("canaryHosts");

// Gate 1: hold the shift until every data-plane proxy has acknowledged the new routes.
const proxies = new alibaba.asm.ProxyStatusLookup("mesh-proxies", {
  serviceMeshId: config.require("serviceMeshId"),
  waitFor: { allSynced: true, timeoutSeconds: 120 },
});

// Gate 2: hold the shift until the mesh canary upgrade reaches the data-plane step.
const upgrade = new huawei.asm.MeshUpgradeLookup("mesh-upgrade", {
  meshUpgradeId: config.require("meshUpgradeId"),
  waitFor: {
    phases: config.getObject<string[]>("upgradePhases") ?? ["DataPlaneUpgrading", "Completed"],
    timeoutSeconds: 120,
  },
});

const channel = new huawei.apig.VpcChannel(
  "orders",
  {
    instanceId: gatewayId,
    name: "orders-backend",
    port: 8080,
    balanceStrategy: "roundRobin",
    memberType: "ip",
    memberGroups: [
      { name: "stable", weight: 100 - canaryWeight, remark: "current release" },
      { name: "canary", weight: canaryWeight, remark: "release under test" },
    ],
    members: [
      ...stableHosts.map((host) => ({ host, port: 8080, weight: 10, groupName: "stable" })),
      ...canaryHosts.map((host) => ({ host, port: 8080, weight: 10, groupName: "canary" })),
    ],
    healthCheck: {
      protocol: "HTTP",
      path: "/healthz",
      port: 8080,
      thresholdNormal: 2,
      thresholdAbnormal: 5,
      interval: 10,
      timeout: 5,
      httpCodes: "200-299",
    },
  },
  { dependsOn: [proxies, upgrade] },
);

// The rule that decides which requests are canary (read-only: SAE owns it).
const greyRoute = alibaba.sae.getGreyTagRouteOutput({ greyTagRouteId: config.requireNumber("greyTagRouteId") });

export const channelId = channel.id;
export const canaryShare = pulumi.interpolate`${canaryWeight}%`;
export const members = channel.members;
export const proxiesSynced = proxies.allSynced;
export const upgradePhase = upgrade.phase;
export const greyRuleName = greyRoute.name;
export const greyRulePaths = greyRoute.scRules.apply((rules) => rules.map((r) => r.path));
