/**
 * pulumi-canary-mesh: the traffic side of progressive delivery on Huawei Cloud and Alibaba Cloud.
 *
 * - `huawei.apig.VpcChannel`: API Gateway load-balance channels (members, groups, health check).
 * - `alibaba.sae.getGreyTagRoute(s)` / `GreyTagRouteLookup`: SAE canary routing rules.
 * - `alibaba.asm.getProxyStatus` / `ProxyStatusLookup`: ASM data-plane sync status, with a gate.
 * - `huawei.asm.getMeshUpgrade` / `MeshUpgradeLookup`: ASM canary-upgrade tasks, with a gate.
 * - `CanaryRollout`: a canary stepped through a plan inside `pulumi up`, gated, rolled back on its own.
 */
export * as huawei from "./namespaces/huawei";
export * as alibaba from "./namespaces/alibaba";
export { CloudApiError, ConflictError, InputError } from "./core/errors";
export type { CloudApiErrorDetails, CloudName, InputFailure } from "./core/errors";
export type { OutputArgs } from "./core/functions";
export { CanaryRollout } from "./rollout/resource";
export { GATE_FAILURE_ACTIONS, INTENT_CONFIG_KEY, ROLLOUT_ACTIONS, WEBHOOK_KINDS } from "./rollout/surface";
export type {
  CanaryRolloutArgs,
  CanaryRolloutOutputs,
  CanaryRolloutChannelArgs,
  CanaryRolloutGatesArgs,
  CanaryRolloutPauseArgs,
  CanaryRolloutStepArgs,
  GateFailureAction,
  HealthyMembersGateArgs,
  MeshUpgradeGateArgs,
  PrometheusGateArgs,
  ProxyStatusGateArgs,
  ValueRangeArgs,
  WebhookArgs,
  WebhookKind,
  GateVerdict,
  Outcome,
  PauseReason,
  Phase,
  RolloutChannel,
  RolloutEvent,
  RolloutEventKind,
  RolloutStep,
  RolloutAction,
  RolloutIntent,
} from "./rollout/surface";
