/**
 * The review's rules, pure: one channel change (or one rollout's plan, `rollouts.ts`) in, findings out. Shared by
 * the `canary-mesh-review` CLI (which knows the state before the change) and the CrossGuard policy pack (which sees
 * only the proposed state: rules that need the previous state say so and are skipped there).
 */
import { activeCount, ChannelView, HealthView, Share, shares } from "./traffic";

export const RULE_IDS = [
  "weight-step",
  "members-emptied",
  "health-check-removed",
  "channel-replaced",
  "ungated-shift",
  "rollout-step",
  "rollout-ungated",
  "rollout-duration",
  "rollout-conflict",
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type ChannelRuleId = Exclude<RuleId, `rollout-${string}`>;
export type RolloutRuleId = Extract<RuleId, `rollout-${string}`>;
export type Severity = "mandatory" | "advisory";

export interface RuleInfo {
  id: RuleId;
  description: string;
  severity: Severity;
  /** Needs the state before the change (the CLI has it; a policy pack does not). */
  needsBefore: boolean;
  /** What it judges: a channel's change, or a `CanaryRollout`'s plan. */
  subject: "channel" | "rollout";
}

export const RULES: Record<RuleId, RuleInfo> = {
  "weight-step": {
    id: "weight-step",
    description: "a group's share of traffic moves more than maxPoints percentage points in one change",
    severity: "mandatory",
    needsBefore: true,
    subject: "channel",
  },
  "members-emptied": {
    id: "members-emptied",
    description: "a channel, or a group that carries traffic, is left without a member that can serve",
    severity: "mandatory",
    needsBefore: false,
    subject: "channel",
  },
  "health-check-removed": {
    id: "health-check-removed",
    description: "a channel loses its health check, or the program stops managing it",
    severity: "mandatory",
    needsBefore: true,
    subject: "channel",
  },
  "channel-replaced": {
    id: "channel-replaced",
    description: "a channel is replaced or deleted (the APIs bound to it lose their backend)",
    severity: "mandatory",
    needsBefore: true,
    subject: "channel",
  },
  "ungated-shift": {
    id: "ungated-shift",
    description: "traffic shares change on a channel that does not depend on a gate lookup",
    severity: "advisory",
    needsBefore: false,
    subject: "channel",
  },
  "rollout-step": {
    id: "rollout-step",
    description:
      "a rollout's plan moves the canary's share more than maxPoints percentage points between two steps (unless the first waits for approval)",
    severity: "mandatory",
    needsBefore: false,
    subject: "rollout",
  },
  "rollout-ungated": {
    id: "rollout-ungated",
    description:
      "a rollout has no health or metric gate (healthyMembers, or a Prometheus metric that is not a dry run)",
    severity: "mandatory",
    needsBefore: false,
    subject: "rollout",
  },
  "rollout-duration": {
    id: "rollout-duration",
    description: "a rollout may take longer than maxMinutes (timed pauses and gate budgets; approvals not counted)",
    severity: "advisory",
    needsBefore: false,
    subject: "rollout",
  },
  "rollout-conflict": {
    id: "rollout-conflict",
    description: "a group weight a rollout owns is also set by a VpcChannel or VpcChannelMemberGroup in the plan",
    severity: "mandatory",
    needsBefore: false,
    subject: "rollout",
  },
};

export interface RuleSetting {
  severity: Severity | "off";
  /** weight-step (default 25) and rollout-step (default 50): the largest move in percentage points. */
  maxPoints?: number;
  /** rollout-duration: the longest a rollout may take, in minutes (default 120). */
  maxMinutes?: number;
}

export interface RulesConfig {
  rules: Record<RuleId, RuleSetting>;
  /** Resource name (or URN) → rule ids it is exempt from (`*`: all). */
  exempt: Record<string, string[]>;
}

export const DEFAULT_MAX_POINTS = 25;
export const DEFAULT_ROLLOUT_MAX_POINTS = 50;
export const DEFAULT_ROLLOUT_MAX_MINUTES = 120;

export function defaultRulesConfig(): RulesConfig {
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, { severity: RULES[id].severity }])) as Record<
    RuleId,
    RuleSetting
  >;
  rules["weight-step"].maxPoints = DEFAULT_MAX_POINTS;
  rules["rollout-step"].maxPoints = DEFAULT_ROLLOUT_MAX_POINTS;
  rules["rollout-duration"].maxMinutes = DEFAULT_ROLLOUT_MAX_MINUTES;
  return { rules, exempt: {} };
}

export type ChangeOp = "create" | "update" | "replace" | "delete" | "same" | "proposed";

export interface Gate {
  name: string;
  type: "ProxyStatusLookup" | "MeshUpgradeLookup";
  /** What it waits for, e.g. "all proxies synced"; undefined without waitFor. */
  waitsFor?: string;
  /** What it last saw, e.g. "14/14 synced". */
  state?: string;
  /** Its own state is in the plan (without `--show-sames`, an unchanged lookup is only a dependency URN). */
  inPlan: boolean;
}

/** One channel's change, as the rules see it. `before` is undefined for a new channel and in `proposed` mode. */
export interface ChannelChange {
  resource: string;
  urn: string;
  op: ChangeOp;
  replaceReasons: string[];
  before?: ChannelView;
  after?: ChannelView;
  gates: Gate[];
  /** The program managed / manages the health check (`healthCheck` in its inputs). */
  healthManaged: { before: boolean; after: boolean };
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  resource: string;
  message: string;
}

const pct = (n: number | undefined) => (n === undefined ? "?" : `${n}%`);
const points = (n: number) => `${n > 0 ? "+" : ""}${Math.round(n * 10) / 10}`;

export function describeHealth(h: HealthView | undefined): string {
  if (!h) return "none";
  const f = h.fields;
  return [f.protocol, f.path, f.port ? `port ${String(f.port)}` : undefined].filter(Boolean).join(" ") || "set";
}

/** Share rows before and after, paired by unit. */
export function pairShares(
  change: ChannelChange,
): Array<{ unit: string; kind: Share["kind"]; before?: Share; after?: Share }> {
  const before = change.before ? shares(change.before) : [];
  const after = change.after ? shares(change.after) : [];
  const units = [...new Set([...before.map((s) => s.unit), ...after.map((s) => s.unit)])].sort();
  return units.map((unit) => {
    const b = before.find((s) => s.unit === unit);
    const a = after.find((s) => s.unit === unit);
    return { unit, kind: (a ?? b)!.kind, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) };
  });
}

/** Units whose share changes (by more than a rounding step). */
export function shiftedUnits(change: ChannelChange): Array<{ unit: string; from: number; to: number }> {
  if (change.op === "proposed" || !change.before || !change.after) return [];
  return pairShares(change)
    .map((p) => ({ unit: p.unit, from: p.before?.share, to: p.after?.share }))
    .filter((p): p is { unit: string; from: number; to: number } => p.from !== undefined && p.to !== undefined)
    .filter((p) => Math.abs(p.to - p.from) >= 0.1);
}

/** A rule's check: the messages of its findings on one subject (none: it passes). */
export type Check<T> = (subject: T, setting: RuleSetting) => string[];

const CHECKS: Record<ChannelRuleId, Check<ChannelChange>> = {
  "weight-step": (change, setting) => {
    if (change.op !== "update") return [];
    const max = setting.maxPoints ?? DEFAULT_MAX_POINTS;
    const over = shiftedUnits(change).filter((s) => Math.abs(s.to - s.from) > max);
    if (over.length === 0) return [];
    const moves = over.map((s) => `${s.unit} ${pct(s.from)} → ${pct(s.to)} (${points(s.to - s.from)})`).join(", ");
    return [
      `${change.resource}: traffic moves more than ${max} points in one change: ${moves}; shift in smaller steps`,
    ];
  },

  "members-emptied": (change) => {
    const { before, after } = change;
    if (!after || change.op === "delete") return [];
    if (change.op === "proposed") {
      const messages =
        Object.keys(after.members).length > 0 && activeCount(after) === 0
          ? [
              `${change.resource}: none of the channel's ${Object.keys(after.members).length} member(s) can serve (all disabled or backup)`,
            ]
          : [];
      if (messages.length > 0) return messages;
      return shares(after)
        .filter(
          (s) =>
            s.kind === "group" && (s.weight ?? 0) > 0 && s.activeMembers === 0 && Object.keys(after.members).length > 0,
        )
        .map((s) => `${change.resource}: group ${s.unit} has weight ${s.weight} but no member that can serve`);
    }
    if (!before) return [];
    const had = activeCount(before);
    if (had > 0 && activeCount(after) === 0) {
      return [`${change.resource}: the channel is left without a member that can serve (it had ${had})`];
    }
    return shares(before)
      .filter((s) => s.kind === "group" && (s.share ?? 0) > 0 && s.activeMembers > 0)
      .filter((s) => activeCount(after, s.unit) === 0)
      .map(
        (s) =>
          `${change.resource}: group ${s.unit} carries ${pct(s.share)} of traffic and is left without a member that can serve (it had ${s.activeMembers})`,
      );
  },

  "health-check-removed": (change) => {
    const { before, after } = change;
    if (!before?.health || change.op === "delete" || change.op === "proposed") return [];
    if (change.op === "replace" && !after?.health) {
      return [
        `${change.resource}: the channel is replaced without a health check (it had ${describeHealth(before.health)}): a failing backend would keep receiving traffic`,
      ];
    }
    if (change.op === "update" && change.healthManaged.before && !change.healthManaged.after) {
      return [
        `${change.resource}: healthCheck is no longer in the program: the live check (${describeHealth(before.health)}) stays, but nothing keeps it from being removed or changed`,
      ];
    }
    return [];
  },

  "channel-replaced": (change) => {
    if (change.op === "replace") {
      const why = change.replaceReasons.length > 0 ? ` (${change.replaceReasons.join(", ")} changed)` : "";
      return [
        `${change.resource}: the channel is replaced${why}: the APIs bound to it lose their backend until they are bound to the new channel`,
      ];
    }
    if (change.op === "delete" && change.before) {
      return [`${change.resource}: the channel is deleted: the APIs bound to it lose their backend`];
    }
    return [];
  },

  "ungated-shift": (change) => {
    // A gate left out of the plan (unchanged, no --show-sames) is taken at its word.
    const gated = change.gates.some((g) => g.waitsFor !== undefined || !g.inPlan);
    if (gated) return [];
    if (change.op === "proposed") {
      const split = change.after ? shares(change.after).filter((s) => s.kind === "group" && (s.share ?? 0) > 0) : [];
      return split.length > 1
        ? [
            `${change.resource}: traffic is split (${split.map((s) => `${s.unit} ${pct(s.share)}`).join(", ")}) but the channel does not depend on a gate lookup with waitFor (ProxyStatusLookup, MeshUpgradeLookup): add it to dependsOn`,
          ]
        : [];
    }
    if (change.op !== "update") return [];
    const moved = shiftedUnits(change);
    return moved.length > 0
      ? [
          `${change.resource}: traffic shares change (${moved.map((s) => `${s.unit} ${pct(s.from)} → ${pct(s.to)}`).join(", ")}) but the channel does not depend on a gate lookup with waitFor (ProxyStatusLookup, MeshUpgradeLookup): add it to dependsOn`,
        ]
      : [];
  },
};

function exempt(config: RulesConfig, subject: { resource: string; urn: string }, rule: RuleId): boolean {
  return [subject.resource, subject.urn].some((k) => {
    const rules = config.exempt[k];
    return rules !== undefined && (rules.includes("*") || rules.includes(rule));
  });
}

/** Every finding of `checks` on one subject, in rule order, with the config's severities and exemptions. */
export function runChecks<T extends { resource: string; urn: string }, R extends RuleId>(
  subject: T,
  checks: Record<R, Check<T>>,
  config: RulesConfig,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULE_IDS.filter((id): id is R => id in checks)) {
    const setting = config.rules[rule];
    if (setting.severity === "off" || exempt(config, subject, rule)) continue;
    for (const message of checks[rule](subject, setting)) {
      findings.push({ rule, severity: setting.severity, resource: subject.resource, message });
    }
  }
  return findings;
}

/** Every finding for one channel change, in rule order. */
export function evaluate(change: ChannelChange, config: RulesConfig = defaultRulesConfig()): Finding[] {
  return runChecks(change, CHECKS, config);
}
