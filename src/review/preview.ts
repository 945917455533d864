/**
 * Reads the JSON that `pulumi preview --json` prints (CLI 3.x) into the steps a review needs. What the engine really
 * writes there, as observed: `steps` (unchanged resources only with `--show-sames`), each with `op`, `urn`, `oldState`
 * (`inputs`, `outputs`) and `newState` (`inputs`, `dependencies`; no outputs); `detailedDiff` is always null for
 * dynamic resources, so everything is computed from the states.
 */
import { z } from "zod";

/** Input the review cannot read; the CLI exits 2 with this message. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanInputError";
  }
}

const EXPECTED = "expected the output of `pulumi preview --json` (an object with `steps`)";

const StateSchema = z
  .object({
    id: z.string().optional(),
    type: z.string().optional(),
    inputs: z.record(z.unknown()).optional(),
    outputs: z.record(z.unknown()).optional(),
    dependencies: z.array(z.string()).optional(),
  })
  .passthrough();

const StepSchema = z
  .object({
    op: z.string(),
    urn: z.string(),
    oldState: StateSchema.nullish(),
    newState: StateSchema.nullish(),
    replaceReasons: z.array(z.string()).nullish(),
  })
  .passthrough();

const DiagnosticSchema = z.object({ message: z.string().optional(), severity: z.string().optional() }).passthrough();

const PreviewSchema = z
  .object({
    steps: z.array(StepSchema).optional(),
    changeSummary: z.record(z.number()).optional(),
    diagnostics: z.array(DiagnosticSchema).optional(),
  })
  .passthrough();

export type StepState = z.infer<typeof StateSchema>;

export interface PlanStep {
  op: string;
  urn: string;
  /** The type token, e.g. `pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannel`. */
  type: string;
  /** The resource name of the URN. */
  name: string;
  old?: StepState;
  new?: StepState;
  replaceReasons: string[];
}

export interface Plan {
  steps: PlanStep[];
  changeSummary: Record<string, number>;
}

/** `urn:pulumi:stack::project::[parent$]type::name` → type and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) return { type: "", name: urn };
  const qualified = parts[2]!;
  return { type: qualified.slice(qualified.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

function otherCommand(value: Record<string, unknown>): string | undefined {
  if ("deployment" in value) return "this looks like `pulumi stack export` (it has `deployment`)";
  if ("version" in value && "checkpoint" in value) return "this looks like a stack checkpoint file";
  if (Array.isArray(value.resources)) return "this looks like a list of resources, not a preview";
  return undefined;
}

/** Parses the text of `pulumi preview --json`; throws `PlanInputError` saying what was expected. */
export function readPlan(text: string): Plan {
  if (text.trim() === "") throw new PlanInputError(`the input is empty: ${EXPECTED}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const first = text.trimStart().split("\n")[0]!.slice(0, 60);
    throw new PlanInputError(
      `the input is not JSON (${(err as Error).message}; it starts with "${first}"): ${EXPECTED}; run pulumi preview with --json`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PlanInputError(`the input is JSON but not an object: ${EXPECTED}`);
  }
  const record = value as Record<string, unknown>;
  const other = otherCommand(record);
  if (other && !("steps" in record)) throw new PlanInputError(`${other}: ${EXPECTED}`);
  const parsed = PreviewSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlanInputError(`the input has ${issue.path.join(".") || "a value"} that ${issue.message}: ${EXPECTED}`);
  }
  const errors = (parsed.data.diagnostics ?? []).filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const message = (errors[0]!.message ?? "").trim().split("\n").slice(0, 3).join(" ");
    throw new PlanInputError(`the preview itself failed, so there is no plan to review: ${message}`);
  }
  if (parsed.data.steps === undefined) {
    throw new PlanInputError(
      `the input has no \`steps\` (keys: ${Object.keys(record).slice(0, 6).join(", ") || "none"}): ${EXPECTED}`,
    );
  }
  return {
    changeSummary: parsed.data.changeSummary ?? {},
    steps: parsed.data.steps.map((s) => ({
      op: s.op,
      urn: s.urn,
      ...parseUrn(s.urn),
      old: s.oldState ?? undefined,
      new: s.newState ?? undefined,
      replaceReasons: s.replaceReasons ?? [],
    })),
  };
}
