/**
 * `canary-mesh rollout status|promote|abort|retry|watch <name>`: a rollout driven from the command line without
 * editing the program. promote, abort and retry put a request in stack config, which the rollout's resource passes
 * on and its provider applies once, recording who and why; then the `up` that carries it out, targeted at the
 * rollout; then the request is removed. The stack comes in through a port (`workspace.ts`: the Automation API).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { byline, intentProblem } from "../rollout/intents";
import { DEFAULTS, ReadableOutputsSchema, RolloutOutputs } from "../rollout/state";
import { channelWeights, nextAction, phaseLabel, planLine } from "../rollout/status";
import { RolloutAction, RolloutEvent, RolloutIntent } from "../rollout/surface";
import { rolloutStatus, statusJson } from "./statusText";

export class CliUsageError extends Error {}

export interface StoredResource {
  urn: string;
  name: string;
  outputs: Record<string, unknown>;
}

/** The user's stack, as the commands need it. */
export interface RolloutStackPort {
  readonly stackName: string;
  /** Every `CanaryRollout` in the stack's state. */
  rollouts(): Promise<StoredResource[]>;
  /** The requests in stack config, by rollout name. */
  requests(): Promise<Record<string, unknown>>;
  /** Writes them (none: the key is removed). */
  setRequests(requests: Record<string, unknown>): Promise<void>;
  /** `pulumi up` targeted at one resource. */
  up(urn: string, message: string, onOutput: (text: string) => void): Promise<{ ok: boolean; error?: string }>;
}

export interface CliIo {
  write(text: string): void;
  error(text: string): void;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Who runs the command (the OS user). */
  user(): string;
}

export const ROLLOUT_USAGE = `Usage: canary-mesh rollout <command> <name> [options]

<name> is the CanaryRollout's resource name in the program; the stack is the project's selected one (or --stack).

Commands:
  status   where the rollout stands: phase, step, each channel's shares, the gates' last values, the next action
  promote  approve the step waiting for promotion (or --step N), then run pulumi up
  abort    set every channel back to its baseline and stop the revision, then run pulumi up
  retry    start an aborted revision again, then run pulumi up
  watch    run pulumi up whenever the next step is due, with a line per step, until the rollout completes,
           aborts or waits for approval

promote, abort and retry never edit the program: they put a request in stack config (canary-mesh:rolloutIntents),
run pulumi up targeted at the rollout, and remove the request. The rollout applies a request once and records
who (--actor, default the OS user), when and why (--reason) in its history.

Options:
  --stack S       the stack (default: the selected stack of the project)
  --cwd DIR       the Pulumi project directory (default: the current directory)
  --actor NAME    who asks, for the history (default: the OS user)
  --reason TEXT   why, for the history
  --step N        promote: the step to approve (default: the one waiting, else the next untilPromoted step)
  --json          status: print JSON
  --max-wait S    watch: exit 0 when the next step is due more than S seconds away (a CI schedule runs it again)
  --verbose       show the output of pulumi up
  --help          show this text

Exit status: 0 completed, paused as planned (a timed pause beyond --max-wait, waiting for approval), or aborted
by abort as asked; 1 aborted (by a gate, or before the command), or pulumi up failed; 2 usage or input error (no
such rollout, a request that does not apply).
`;

const COMMANDS = ["status", "promote", "abort", "retry", "watch"] as const;
type Command = (typeof COMMANDS)[number];

export type OpenStack = (options: { stack?: string; cwd: string }) => Promise<RolloutStackPort>;

interface Found {
  urn: string;
  outputs: RolloutOutputs;
}

async function find(port: RolloutStackPort, name: string): Promise<Found> {
  const all = await port.rollouts();
  const match = all.filter((r) => r.name === name);
  if (match.length === 0) {
    const names = all.map((r) => r.name);
    throw new CliUsageError(
      `no CanaryRollout named "${name}" in stack ${port.stackName}${names.length ? ` (its rollouts: ${names.join(", ")})` : " (it has none yet: run pulumi up first)"}`,
    );
  }
  if (match.length > 1) {
    throw new CliUsageError(
      `${match.length} CanaryRollouts are named "${name}" (in different parents): ${match.map((m) => m.urn).join(", ")}`,
    );
  }
  const parsed = ReadableOutputsSchema.safeParse(match[0]!.outputs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliUsageError(
      `the state of CanaryRollout "${name}" cannot be read (${issue.path.join(".")}: ${issue.message}); run pulumi up once with this release`,
    );
  }
  return { urn: match[0]!.urn, outputs: parsed.data as unknown as RolloutOutputs };
}

/** Splits `pulumi up` output into lines for `--verbose`. */
function lineWriter(io: CliIo, on: boolean): (text: string) => void {
  return (text) => {
    if (on) io.write(text);
  };
}

const time = (iso: string) => iso.slice(11, 19);

/** A progress line: "13:02:11  step 1 · canary 30%  step-started  weights set on orders-backend; gates: …". */
export function progressLine(e: RolloutEvent): string {
  const who = e.actor ? ` (by ${e.actor})` : "";
  return `${time(e.at)}  step ${e.step} · canary ${e.weight}%  ${e.event}${who}  ${e.detail}`;
}

const eventKey = (e: RolloutEvent) => `${e.at}|${e.event}|${e.step}|${e.detail}`;

export async function runRolloutCommand(argv: string[], open: OpenStack, io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string" },
        cwd: { type: "string" },
        actor: { type: "string" },
        reason: { type: "string" },
        step: { type: "string" },
        json: { type: "boolean" },
        "max-wait": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
  if (values.help) {
    io.write(ROLLOUT_USAGE);
    return 0;
  }
  const [command, name, ...extra] = positionals;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    throw new CliUsageError(`the command must be one of ${COMMANDS.join(", ")}${command ? ` (got "${command}")` : ""}`);
  }
  if (!name) throw new CliUsageError(`rollout ${command} needs the CanaryRollout's resource name`);
  if (extra.length > 0) throw new CliUsageError(`unexpected arguments: ${extra.join(" ")}`);
  const step = values.step === undefined ? undefined : wholeNumber("--step", values.step as string, 0, 49);
  if (step !== undefined && command !== "promote") throw new CliUsageError("--step is for promote only");
  const maxWait =
    values["max-wait"] === undefined
      ? undefined
      : wholeNumber("--max-wait", values["max-wait"] as string, 0, 31_536_000);
  const port = await open({ stack: values.stack as string | undefined, cwd: (values.cwd as string) ?? process.cwd() });
  const verbose = Boolean(values.verbose);
  switch (command as Command) {
    case "status":
      return status(port, name, Boolean(values.json), io);
    case "watch":
      return watch(port, name, maxWait, verbose, io);
    default:
      return request(port, name, command as RolloutAction, {
        step,
        actor: (values.actor as string | undefined) ?? io.user(),
        reason: values.reason as string | undefined,
        verbose,
        io,
      });
  }
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

async function status(port: RolloutStackPort, name: string, json: boolean, io: CliIo): Promise<number> {
  const { outputs } = await find(port, name);
  io.write(json ? statusJson(outputs, name, port.stackName) : rolloutStatus(outputs, name, port.stackName));
  return outputs.__run.phase === "Aborted" ? 1 : 0;
}

interface RequestOptions {
  step?: number;
  actor: string;
  reason?: string;
  verbose: boolean;
  io: CliIo;
}

async function request(
  port: RolloutStackPort,
  name: string,
  action: RolloutAction,
  o: RequestOptions,
): Promise<number> {
  const { io } = o;
  if (o.actor.length === 0 || o.actor.length > 128) throw new CliUsageError("--actor must be 1–128 characters");
  if (o.reason !== undefined && o.reason.length > 1024)
    throw new CliUsageError("--reason must be at most 1024 characters");
  const { urn, outputs } = await find(port, name);
  const problem = intentProblem(
    { action, revision: outputs.revision, step: o.step },
    outputs.steps,
    outputs.__run,
    outputs.promote,
  );
  if (problem) throw new CliUsageError(`cannot ${action} ${name}: ${problem}`);
  const intent: RolloutIntent = {
    id: `${new Date(io.now()).toISOString().replace(/[-:.TZ]/g, "")}-${randomBytes(4).toString("hex")}`,
    action,
    revision: outputs.revision,
    ...(o.step !== undefined ? { step: o.step } : {}),
    actor: o.actor,
    ...(o.reason ? { reason: o.reason } : {}),
    at: new Date(io.now()).toISOString(),
  };
  io.write(
    `${action} ${name} (stack ${port.stackName}, revision ${outputs.revision}) by ${intent.actor}: pulumi up targeted at the rollout\n`,
  );
  await port.setRequests({ ...(await port.requests()), [name]: intent });
  const withdraw = async () => {
    const { [name]: _done, ...rest } = await port.requests();
    await port.setRequests(rest);
  };
  // Interrupted, the request is withdrawn too: left in config, the next anyone's up would apply it.
  const interrupted = () => void withdraw().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  let result: { ok: boolean; error?: string };
  try {
    const message = `canary-mesh rollout ${action} ${name} ${byline(intent)}`;
    result = await port.up(urn, message, lineWriter(io, o.verbose));
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await withdraw();
  }
  const after = (await find(port, name)).outputs;
  for (const e of after.history.filter((h) => h.at >= intent.at)) io.write(`${progressLine(e)}\n`);
  if (!result.ok) {
    io.error(`pulumi up failed:\n${result.error ?? ""}\n`);
    return 1;
  }
  const refusal = (after.__refused ?? []).find((r) => r.id === intent.id);
  if (refusal) {
    io.error(`the rollout did not apply ${action}: ${refusal.reason}\n`);
    return 2;
  }
  if (!(after.__applied ?? []).includes(intent.id)) {
    io.error(`the rollout did not apply the request (see pulumi up's output with --verbose)\n`);
    return 1;
  }
  io.write(
    `${phaseLabel(after)} at step ${after.step} (canary ${after.canaryWeight}%); next: ${nextAction(after, name).text}\n`,
  );
  if (after.__run.phase === "Aborted") return action === "abort" ? 0 : 1;
  return 0;
}

async function watch(
  port: RolloutStackPort,
  name: string,
  maxWait: number | undefined,
  verbose: boolean,
  io: CliIo,
): Promise<number> {
  const { urn, outputs: before } = await find(port, name);
  const printed = new Set(before.history.map(eventKey));
  io.write(
    `watching ${name} (stack ${port.stackName}, revision ${before.revision}): ${planLine(before.steps, before.promote, before.__run)}\n`,
  );
  let o = before;
  /** Updates in a row that recorded nothing (a budget that cannot fit a step's gates would loop for ever). */
  let stalled = 0;
  for (let first = true; ; first = false) {
    const next = nextAction(o, name);
    if (!first) {
      if (next.kind === "done") {
        io.write(`completed: revision ${o.revision}\n`);
        return 0;
      }
      if (next.kind === "aborted") {
        io.write(`aborted: ${o.message}\n`);
        return 1;
      }
      if (next.kind === "approval") {
        io.write(`${next.text}\n`);
        return 0;
      }
      if (o.__run.phase === "Paused" && o.__run.pausedBy === "gate") {
        // A gate holding the rollout (inconclusive, a before-step webhook) may hold for long: ask it again unhurried.
        const wait = Math.max(gateInterval(o), GATE_RECHECK_SECONDS);
        if (maxWait !== undefined && wait > maxWait) {
          io.write(`a gate holds the rollout: ${o.message}; run watch again\n`);
          return 0;
        }
        await io.sleep(wait * 1000);
      } else if (stalled >= STALL_LIMIT) {
        io.error(`the rollout made no progress in ${STALL_LIMIT} updates: ${o.message}\n`);
        return 1;
      }
    }
    // The first up runs whatever is due (and any change in the program); later ones only when a step is.
    if (next.kind === "timer") {
      const wait = Math.max(0, next.at! - io.now());
      if (maxWait !== undefined && wait > maxWait * 1000) {
        io.write(
          `the next step is due at ${new Date(next.at!).toISOString()}, beyond --max-wait: run watch again then\n`,
        );
        return 0;
      }
      await io.sleep(wait + 250);
    }
    const result = await port.up(urn, `canary-mesh rollout watch ${name}`, lineWriter(io, verbose));
    o = (await find(port, name)).outputs;
    const fresh = o.history.filter((h) => !printed.has(eventKey(h)));
    for (const e of fresh) {
      printed.add(eventKey(e));
      io.write(`${progressLine(e)}\n`);
    }
    stalled = fresh.length > 0 ? 0 : stalled + 1;
    if (!result.ok) {
      io.error(`pulumi up failed:\n${result.error ?? ""}\n${o.message}\n`);
      return 1;
    }
    const shares = channelWeights(o)
      .map((c) => `${c.canaryGroup} ${c.want.canary}% / ${c.stableGroup} ${c.want.stable}%`)
      .join(", ");
    io.write(`${time(new Date(io.now()).toISOString())}  ${phaseLabel(o)} · step ${o.step} · ${shares}\n`);
  }
}

/** The least time between two ups of `watch` while a gate holds the rollout. */
const GATE_RECHECK_SECONDS = 30;
/** Ups in a row that may record nothing before `watch` gives up. */
const STALL_LIMIT = 3;

/** The gates' interval from the stored plan. */
function gateInterval(o: RolloutOutputs): number {
  const g = o.gates as unknown as { intervalSeconds?: unknown } | undefined;
  return typeof g?.intervalSeconds === "number" ? g.intervalSeconds : DEFAULTS.gateIntervalSeconds;
}
