/**
 * A read-only audit stack for drift checks in CI. It owns nothing: it records what the rollout depends on, so
 * `pulumi preview --refresh --expect-no-changes` fails the pipeline when someone changed the canary rule, the
 * mesh's sync state or the upgrade task since the last accepted `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { alibaba, huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();

const rule = new alibaba.sae.GreyTagRouteLookup("canary-rule", {
  greyTagRouteId: config.requireNumber("greyTagRouteId"),
});
const proxies = new alibaba.asm.ProxyStatusLookup("mesh-proxies", { serviceMeshId: config.require("serviceMeshId") });
const upgrade = new huawei.asm.MeshUpgradeLookup("mesh-upgrade", { meshUpgradeId: config.require("meshUpgradeId") });

// Plain functions read at every run without keeping state: handy for reports.
const siblings = alibaba.sae.getGreyTagRoutesOutput({ appId: rule.appId.apply((id) => id ?? "") });

export const ruleName = rule.name;
export const ruleUpdated = rule.updateTime;
export const proxiesNotSynced = proxies.notSynced;
export const upgradeState = pulumi.interpolate`${upgrade.state} / ${upgrade.phase}`;
export const rulesOfApp = siblings.routes.apply((routes) => routes.map((r) => r.name));
