/**
 * Weighted canary shift in steps. Each `pulumi up` moves the canary group to the next step of the plan, and only
 * after the mesh has synced the previous one. Run `pulumi config set step 2` (and so on) to advance; a reviewer
 * sees exactly two group weights change in `pulumi preview --diff`.
 */
import * as pulumi from "@pulumi/pulumi";
import { alibaba, huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();
const plan = config.getObject<number[]>("plan") ?? [5, 25, 50, 100];
const step = config.getNumber("step") ?? 0;
if (!Number.isInteger(step) || step < 0 || step >= plan.length) {
  throw new Error(`step must be a whole number from 0 to ${plan.length - 1} (the plan has ${plan.length} steps)`);
}
const canaryWeight = plan[step]!;

const synced = new alibaba.asm.ProxyStatusLookup(`proxies-step-${step}`, {
  serviceMeshId: config.require("serviceMeshId"),
  waitFor: { allSynced: true, timeoutSeconds: 300 },
});

const channel = new huawei.apig.VpcChannel(
  "checkout",
  {
    instanceId: config.require("gatewayId"),
    name: "checkout-backend",
    port: 8443,
    memberType: "ip",
    memberGroups: [
      { name: "stable", weight: 100 - canaryWeight },
      { name: "canary", weight: canaryWeight },
    ],
    members: [
      { host: "10.1.0.11", groupName: "stable", weight: 10 },
      { host: "10.1.0.12", groupName: "stable", weight: 10 },
      { host: "10.1.1.11", groupName: "canary", weight: 10 },
    ],
    healthCheck: {
      protocol: "HTTPS",
      path: "/ready",
      thresholdNormal: 3,
      thresholdAbnormal: 3,
      interval: 15,
      timeout: 5,
      httpCodes: "200",
    },
  },
  { dependsOn: [synced] },
);

export const canaryPercent = canaryWeight;
export const nextStep =
  step + 1 < plan.length ? `pulumi config set step ${step + 1}  # canary to ${plan[step + 1]}%` : "done";
export const channelStatus = channel.status;
