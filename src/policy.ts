/**
 * The review's rules as a CrossGuard policy pack (`pulumi preview --policy-pack`), built on the same rule module as
 * `canary-mesh-review`. CrossGuard shows a policy only the proposed state of each resource (its analyzer protocol
 * carries no previous state), so the pack holds the rules that can be decided from it:
 *
 * - `members-emptied`: a group with a weight has no member that can serve, or none of a channel's members can;
 * - `ungated-shift`: a channel carries a traffic split but depends on no gate lookup with `waitFor`;
 * - `rollout-step`: a `CanaryRollout`'s declared steps move the canary's share more than `maxPoints` at once;
 * - `rollout-ungated`: a rollout has no health or metric gate;
 * - `rollout-duration`: a rollout's timed pauses and gate budgets add up to more than `maxMinutes`;
 * - `rollout-conflict`: a `VpcChannel` or `VpcChannelMemberGroup` it depends on sets a weight the rollout owns.
 *
 * `weight-step`, `health-check-removed` and `channel-replaced` compare with the state before the change: run
 * `canary-mesh-review` on `pulumi preview --json` for them. `@pulumi/policy` is an optional peer dependency,
 * needed only here.
 *
 * ```ts
 * // policy/index.ts of a policy pack project (PulumiPolicy.yaml: runtime: nodejs)
 * import { canaryMeshPolicyPack } from "pulumi-canary-mesh/policy";
 * canaryMeshPolicyPack("canary-mesh", { severity: { "ungated-shift": "mandatory" } });
 * ```
 */
import type { PolicyPack, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { CHANNEL_TYPE, GATE_TYPES, gateWaitsFor, GROUP_TYPE } from "./review/channels";
import {
  defaultRulesConfig,
  evaluate,
  Gate,
  RULE_IDS,
  RULES,
  RuleId,
  RulesConfig,
  Severity,
} from "./review/guardrails";
import { desiredView } from "./review/traffic";
import { UNKNOWN } from "./core/unknowns";
import { PlanStep } from "./review/preview";
import { ROLLOUT_TYPE, rolloutReview, weightSetters } from "./review/rollouts";

export { RULE_IDS, RULES } from "./review/guardrails";
export type { RuleId, RuleInfo, Severity } from "./review/guardrails";

/** The rules a policy pack can decide from the proposed state. */
export const POLICY_RULES: readonly RuleId[] = RULE_IDS.filter((id) => !RULES[id].needsBefore);

export interface CanaryMeshPolicyOptions {
  /** Per rule: `mandatory`, `advisory` or `off` (defaults as the review's). */
  severity?: Partial<Record<RuleId, Severity | "off">>;
  /** Resource name (or URN) → rule ids it is exempt from (`*`: all). */
  exempt?: Record<string, string[]>;
  /** Per rule: `maxPoints` (rollout-step, default 50) and `maxMinutes` (rollout-duration, default 120). */
  limits?: Partial<Record<RuleId, { maxPoints?: number; maxMinutes?: number }>>;
}

function gateOf(r: PolicyResource): Gate | undefined {
  const type = GATE_TYPES[r.type];
  if (!type) return undefined;
  const waitsFor = gateWaitsFor(type, r.props.waitFor);
  return { name: r.name, type, inPlan: true, ...(waitsFor ? { waitsFor } : {}) };
}

/**
 * A plain copy of proposed properties, with the engine's unknown placeholder where a value is not known during
 * preview: reading such a value from the policy SDK's properties throws, and the review judges what it can see.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((_, i) => read(() => value[i] as unknown));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).map((k) => [k, read(() => (value as Record<string, unknown>)[k])]));
  }
  return value;
}
function read(get: () => unknown): unknown {
  try {
    return plain(get());
  } catch {
    return UNKNOWN;
  }
}

/** A resource as a plan step that creates it: what the review reads, from the proposed state. */
function proposed(r: PolicyResource): PlanStep {
  return {
    op: "create",
    urn: r.urn,
    type: r.type,
    name: r.name,
    new: { inputs: plain(r.props) as Record<string, unknown>, dependencies: r.dependencies.map((d) => d.urn) },
    replaceReasons: [],
  };
}

/** The rollout rules' findings on every `CanaryRollout` of the stack. */
function rolloutFindings(
  resources: readonly PolicyResource[],
  config: RulesConfig,
): Array<{ urn: string; message: string }> {
  const setters = weightSetters(
    resources.filter((r) => r.type === CHANNEL_TYPE || r.type === GROUP_TYPE).map(proposed),
    CHANNEL_TYPE,
    GROUP_TYPE,
  );
  return resources
    .filter((r) => r.type === ROLLOUT_TYPE)
    .flatMap((r) =>
      rolloutReview(proposed(r), "create", setters, config).findings.map((f) => ({ urn: r.urn, message: f.message })),
    );
}

/** One stack validation policy per rule. */
export function canaryMeshPolicies(options: CanaryMeshPolicyOptions = {}): StackValidationPolicy[] {
  const base = defaultRulesConfig();
  return POLICY_RULES.flatMap((rule) => {
    const severity = options.severity?.[rule] ?? base.rules[rule].severity;
    if (severity === "off") return [];
    const config: RulesConfig = {
      rules: Object.fromEntries(
        Object.entries(base.rules).map(([id, s]) => [
          id,
          { ...s, ...options.limits?.[id as RuleId], severity: id === rule ? severity : "off" },
        ]),
      ) as RulesConfig["rules"],
      exempt: options.exempt ?? {},
    };
    const policy: StackValidationPolicy = {
      name: rule,
      description: `${RULES[rule].description} (pulumi-canary-mesh)`,
      enforcementLevel: severity,
      validateStack: (args, reportViolation) => {
        if (RULES[rule].subject === "rollout") {
          for (const { urn, message } of rolloutFindings(args.resources, config)) reportViolation(message, urn);
          return;
        }
        for (const r of args.resources.filter((x) => x.type === CHANNEL_TYPE)) {
          const gates = r.dependencies.map(gateOf).filter((g): g is Gate => g !== undefined);
          const findings = evaluate(
            {
              resource: r.name,
              urn: r.urn,
              op: "proposed",
              replaceReasons: [],
              after: desiredView(r.props, undefined),
              gates,
              healthManaged: { before: false, after: "healthCheck" in r.props },
            },
            config,
          );
          for (const f of findings) reportViolation(f.message, r.urn);
        }
      },
    };
    return [policy];
  });
}

/** Creates (and, under `pulumi preview --policy-pack`, serves) the pack. */
export function canaryMeshPolicyPack(name = "canary-mesh", options: CanaryMeshPolicyOptions = {}): PolicyPack {
  let policy: typeof import("@pulumi/policy");
  try {
    policy = require("@pulumi/policy") as typeof import("@pulumi/policy");
  } catch {
    throw new Error(
      "pulumi-canary-mesh/policy needs @pulumi/policy in the policy pack's project: npm install @pulumi/policy",
    );
  }
  return new policy.PolicyPack(name, { policies: canaryMeshPolicies(options) });
}
