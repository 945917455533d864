/**
 * Review configuration: a JSON file (`--config`) and flags on top of it. Flags win over the file, the file over the
 * defaults. Every mistake names the key or flag and what is allowed.
 */
import { z } from "zod";
import { PlanInputError } from "./preview";
import { defaultRulesConfig, RULE_IDS, RuleId, RulesConfig, Severity } from "./guardrails";

const LEVELS = ["mandatory", "advisory", "off"] as const;
const Level = z.enum(LEVELS, { errorMap: () => ({ message: `must be one of ${LEVELS.join(", ")}` }) });
const RuleObject = z
  .object({
    severity: Level.optional(),
    maxPoints: z.number({ invalid_type_error: "must be a number" }).min(0).max(100).optional(),
    maxMinutes: z.number({ invalid_type_error: "must be a number" }).min(1).max(525_600).optional(),
  })
  .strict();
const RuleSchema = z.unknown().superRefine((v, ctx) => {
  const result = typeof v === "string" ? Level.safeParse(v) : RuleObject.safeParse(v);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue);
}) as z.ZodType<z.infer<typeof Level> | z.infer<typeof RuleObject>>;

const FileSchema = z
  .object({
    rules: z
      .record(z.enum(RULE_IDS, { errorMap: () => ({ message: `is not a rule (${RULE_IDS.join(", ")})` }) }), RuleSchema)
      .optional(),
    exempt: z.record(z.array(z.string())).optional(),
  })
  .strict();

/** The file's JSON on top of the defaults. */
export function configFromFile(text: string, source: string): RulesConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new PlanInputError(`${source}: not JSON (${(err as Error).message})`);
  }
  const parsed = FileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join(".") || "(top level)";
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.join(", ")} (allowed: rules, exempt)`
        : issue.message;
    throw new PlanInputError(`${source}: ${at} ${message}`);
  }
  const config = defaultRulesConfig();
  for (const [id, rule] of Object.entries(parsed.data.rules ?? {}) as Array<[RuleId, z.infer<typeof RuleSchema>]>) {
    if (typeof rule === "string") config.rules[id].severity = rule;
    else {
      if (rule.severity) config.rules[id].severity = rule.severity;
      if (rule.maxPoints !== undefined) config.rules[id].maxPoints = rule.maxPoints;
      if (rule.maxMinutes !== undefined) config.rules[id].maxMinutes = rule.maxMinutes;
    }
  }
  for (const [name, rules] of Object.entries(parsed.data.exempt ?? {})) checkExemption(name, rules, source);
  config.exempt = { ...(parsed.data.exempt ?? {}) };
  return config;
}

function checkExemption(name: string, rules: string[], source: string): void {
  for (const r of rules) {
    if (r !== "*" && !(RULE_IDS as readonly string[]).includes(r)) {
      throw new PlanInputError(`${source}: exempt.${name}: "${r}" is not a rule (${RULE_IDS.join(", ")}, or *)`);
    }
  }
}

export interface FlagOverrides {
  maxStep?: string;
  severity?: string[];
  exempt?: string[];
}

/** Applies `--max-step N`, `--severity rule=level` and `--exempt resource=rule[,rule]` to a config. */
export function applyFlags(config: RulesConfig, flags: FlagOverrides): RulesConfig {
  const out: RulesConfig = {
    rules: Object.fromEntries(Object.entries(config.rules).map(([k, v]) => [k, { ...v }])) as RulesConfig["rules"],
    exempt: { ...config.exempt },
  };
  if (flags.maxStep !== undefined) {
    const n = Number(flags.maxStep);
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      throw new PlanInputError(
        `--max-step must be a number of percentage points from 0 to 100 (got "${flags.maxStep}")`,
      );
    }
    out.rules["weight-step"].maxPoints = n;
  }
  for (const item of flags.severity ?? []) {
    const [rule, level] = item.split("=");
    if (!rule || !(RULE_IDS as readonly string[]).includes(rule)) {
      throw new PlanInputError(`--severity ${item}: "${rule}" is not a rule (${RULE_IDS.join(", ")})`);
    }
    if (!level || !(LEVELS as readonly string[]).includes(level)) {
      throw new PlanInputError(`--severity ${item}: the level must be one of ${LEVELS.join(", ")} (rule=level)`);
    }
    out.rules[rule as RuleId].severity = level as Severity | "off";
  }
  for (const item of flags.exempt ?? []) {
    const at = item.lastIndexOf("=");
    if (at <= 0) throw new PlanInputError(`--exempt ${item}: expected resource=rule[,rule] (rule * for all)`);
    const name = item.slice(0, at);
    const rules = item
      .slice(at + 1)
      .split(",")
      .filter(Boolean);
    checkExemption(name, rules, "--exempt");
    out.exempt[name] = [...(out.exempt[name] ?? []), ...rules];
  }
  return out;
}
