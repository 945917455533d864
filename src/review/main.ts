#!/usr/bin/env node
/**
 * `canary-mesh-review`: reads `pulumi preview --json` (a file, or standard input) and prints what share of traffic
 * each channel change moves, with guardrails. Exit 0: clean (advisories allowed); 1: a mandatory rule failed;
 * 2: the input or the options could not be read.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { applyFlags, configFromFile } from "./config";
import { exitCode, Format, FORMATS, formatReview } from "./format";
import { PlanInputError, readPlan } from "./preview";
import { reviewPlan } from "./channels";
import { defaultRulesConfig, RULE_IDS, RULES } from "./guardrails";

export const USAGE = `Usage: pulumi preview --json | canary-mesh-review [options] [-]
       canary-mesh-review [options] preview.json

Reviews the traffic side of a Pulumi plan: per channel, the share of traffic per group before -> after, members
added, removed, re-weighted or disabled, health-check changes, gates; changes made outside Pulumi when the preview
ran with --refresh; per CanaryRollout, its step plan (shares, pauses, gates and their limits), its worst-case
duration, where the live rollout stands and what the next up does; and the rules below. Add --show-sames to the preview to see gates and groups that do not change.

Options:
  --format F            markdown (default: a pull-request comment), json, text
  --config FILE         JSON: {"rules": {"<rule>": "mandatory"|"advisory"|"off" |
                        {"severity", "maxPoints" (weight-step, rollout-step), "maxMinutes" (rollout-duration)}},
                        "exempt": {"<resource name or URN>": ["<rule>" | "*"]}}
  --max-step N          weight-step: the largest move of a group's share in one change, in points (default 25)
  --severity RULE=LEVEL mandatory, advisory or off (repeatable)
  --exempt NAME=RULES   exempt a resource from rules, comma-separated, * for all (repeatable)
  --output FILE         write the review to FILE instead of standard output
  --help                show this text

Rules:
${RULE_IDS.map((id) => `  ${id.padEnd(21)} ${RULES[id].description} (${RULES[id].severity})`).join("\n")}

Exit status: 0 clean (advisory findings allowed), 1 a mandatory rule failed, 2 unreadable input or options.
`;

export interface ReviewIo {
  readStdin(): Promise<string>;
  stdinIsTty: boolean;
  write(text: string): void;
  error(text: string): void;
}

/** Runs the CLI; returns the exit status. */
export async function runReview(argv: string[], io: ReviewIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        config: { type: "string" },
        "max-step": { type: "string" },
        severity: { type: "string", multiple: true },
        exempt: { type: "string", multiple: true },
        output: { type: "string" },
        help: { type: "boolean" },
      },
    });
    if (values.help) {
      io.write(USAGE);
      return 0;
    }
    const format = (values.format ?? "markdown") as Format;
    if (!FORMATS.includes(format)) {
      throw new PlanInputError(`--format must be one of ${FORMATS.join(", ")} (got "${values.format}")`);
    }
    if (positionals.length > 1) throw new PlanInputError(`give one input file (got ${positionals.length})`);
    let config = defaultRulesConfig();
    if (values.config) config = configFromFile(readFile(values.config, "--config"), values.config);
    config = applyFlags(config, { maxStep: values["max-step"], severity: values.severity, exempt: values.exempt });

    const source = positionals[0];
    let text: string;
    if (source === undefined || source === "-") {
      if (source === undefined && io.stdinIsTty) {
        throw new PlanInputError("no input: pipe `pulumi preview --json` in, or give the file it was saved to");
      }
      text = await io.readStdin();
    } else {
      text = readFile(source, "input");
    }
    const review = reviewPlan(readPlan(text), config);
    const rendered = formatReview(review, format);
    if (values.output) fs.writeFileSync(values.output, rendered);
    else io.write(rendered);
    return exitCode(review);
  } catch (err) {
    if (err instanceof PlanInputError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.error(`canary-mesh-review: ${(err as Error).message}\nRun canary-mesh-review --help for the options.\n`);
      return 2;
    }
    throw err;
  }
}

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new PlanInputError(`${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The process: reads standard input when no file is given; sets the exit status. */
export async function reviewMain(argv: string[], program = "canary-mesh-review"): Promise<void> {
  try {
    process.exitCode = await runReview(argv, {
      readStdin,
      stdinIsTty: Boolean(process.stdin.isTTY),
      write: (t) => process.stdout.write(t),
      error: (t) => process.stderr.write(t),
    });
  } catch (err) {
    process.stderr.write(`${program}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void reviewMain(process.argv.slice(2));
