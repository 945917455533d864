/**
 * A progressive rollout on Huawei Cloud API Gateway: the `orders` channel has a `blue` and a `green` member group,
 * and a `CanaryRollout` steps traffic from the live group to the other one, 10 → 30 → 60 → 100 %, inside
 * `pulumi up`.
 *
 * - Before each step, and during each pause, three gates: every member of the canary group healthy (APIG's health
 *   check), every Alibaba ASM proxy synced, the Huawei ASM mesh upgrade in its data-plane phase. A failed gate sets
 *   the weights back to the baseline and fails the `up`.
 * - Step 1 (30 %) waits for a person: `canary-mesh rollout promote orders` (or `pulumi config set promote 1 &&
 *   pulumi up`). `weights` and `approvalAt` in stack config change the plan (the demo runs 10 → 30 → 100).
 * - Blue/green alternation: after a completed rollout all traffic is on the canary group, so the next release
 *   swaps the roles (`pulumi config set liveGroup green`) and its baseline is what is live.
 * - The channel declares the two groups without `weight`: the rollout owns those weights.
 */
import * as pulumi from "@pulumi/pulumi";
import { CanaryRollout, huawei } from "pulumi-canary-mesh";

const config = new pulumi.Config();
const liveGroup = config.get("liveGroup") ?? "blue";
if (liveGroup !== "blue" && liveGroup !== "green") throw new Error("liveGroup must be blue or green");
const nextGroup = liveGroup === "blue" ? "green" : "blue";
const pauseSeconds = config.getNumber("pauseSeconds") ?? 300;
const gateTimeoutSeconds = config.getNumber("gateTimeoutSeconds") ?? 120;
const weights = config.getObject<number[]>("weights") ?? [10, 30, 60, 100];
// The step that waits for a person after it (-1: none).
const approvalAt = config.getNumber("approvalAt") ?? 1;

const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: config.require("gatewayId"),
  name: "orders-backend",
  port: 8080,
  memberType: "ip",
  memberGroups: [
    { name: "blue", remark: "one release" },
    { name: "green", remark: "the other release" },
  ],
  members: [
    ...config.requireObject<string[]>("blueHosts").map((host) => ({ host, weight: 10, groupName: "blue" })),
    ...config.requireObject<string[]>("greenHosts").map((host) => ({ host, weight: 10, groupName: "green" })),
  ],
  healthCheck: {
    protocol: "HTTP",
    path: "/healthz",
    thresholdNormal: 2,
    thresholdAbnormal: 3,
    interval: 10,
    timeout: 5,
    httpCodes: "200-299",
  },
});

const rollout = new CanaryRollout("orders", {
  revision: config.require("revision"),
  channels: [
    { instanceId: channel.instanceId, vpcChannelId: channel.id, stableGroup: liveGroup, canaryGroup: nextGroup },
  ],
  steps: weights.map((weight, i) =>
    i === weights.length - 1
      ? { weight }
      : { weight, pause: i === approvalAt ? { untilPromoted: true as const } : { seconds: pauseSeconds } },
  ),
  gates: {
    healthyMembers: { timeoutSeconds: gateTimeoutSeconds },
    proxyStatus: { serviceMeshId: config.require("serviceMeshId"), timeoutSeconds: gateTimeoutSeconds },
    meshUpgrade: {
      meshUpgradeId: config.require("meshUpgradeId"),
      phases: ["DataPlaneUpgrading", "Completed"],
      timeoutSeconds: gateTimeoutSeconds,
    },
    intervalSeconds: config.getNumber("gateIntervalSeconds") ?? 10,
  },
  maxUpdateSeconds: config.getNumber("maxUpdateSeconds") ?? 600,
  promote: config.getNumber("promote") ?? -1,
  retry: config.getNumber("retry") ?? 0,
});

export const channelId = channel.id;
export const phase = rollout.phase;
export const step = rollout.step;
export const canaryWeight = rollout.canaryWeight;
export const message = rollout.message;
// Empty unless a timed pause runs (an undefined output would warn on every up).
export const nextStepAt = rollout.nextStepAt.apply((at) => at ?? "");
export const history = rollout.history;
export const gateResults = rollout.gateResults;
