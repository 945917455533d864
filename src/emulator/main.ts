#!/usr/bin/env node
/**
 * `canary-mesh-emulator`: runs the local cloud emulator until SIGINT/SIGTERM. The first line printed is the
 * listening URL, so scripts can wait for it and read the port.
 */
import { parseArgs } from "node:util";
import {
  EMULATOR_ALIBABA_ACCESS_KEY_ID,
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_PROJECT_ID,
  EmulatorOptions,
  RunningEmulator,
  startEmulator,
} from "./index";

export const USAGE = `Usage: canary-mesh-emulator [options]

Local emulator of Huawei Cloud APIG VPC channels and ASM mesh upgrade tasks, and Alibaba Cloud SAE grey tag
routes and ASM proxy status, all on one port.

Options:
  --port N          port to listen on (0 = any free port; default 0)
  --host HOST       address to bind (default 127.0.0.1)
  --state FILE      keep the state in FILE (loaded at start, rewritten atomically after every change)
  --seed FILE       JSON fixtures applied when there is no saved state
  --no-verify       accept unsigned requests (signature verification is on by default)
  --fault-seed N    seed for probabilistic faults (default 1)
  --rate-limit N    answer the clouds' throttling error above N calls per second
  --admin-token T   let clients on other machines call the admin API with Authorization: Bearer T
                    (default: loopback clients only; or CANARY_MESH_EMULATOR_ADMIN_TOKEN)
  --help            show this text

Admin API (unsigned JSON) under /_emulator/: reset, state, requests, faults, rate-limit and seeding routes.`;

export class CliUsageError extends Error {}

export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

function integer(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliUsageError(`${flag} needs an integer from ${min} to ${max}`);
  }
  return Number(value);
}

const FLAGS = {
  help: { type: "boolean", short: "h" },
  port: { type: "string" },
  host: { type: "string" },
  state: { type: "string" },
  seed: { type: "string" },
  "no-verify": { type: "boolean" },
  "fault-seed": { type: "string" },
  "rate-limit": { type: "string" },
  "admin-token": { type: "string" },
} as const;

/** Parses `--flag value` and `--flag=value` forms (node:util `parseArgs`, strict: unknown flags are errors). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; args: string[] }>>["values"];
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    const flag = /'(-[^']*)'/.exec((err as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new CliUsageError(`${flag.split(" ")[0]} needs a value`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
      throw new CliUsageError(`unexpected argument ${argv.find((a) => !a.startsWith("-")) ?? ""}`);
    throw new CliUsageError(`unknown option ${flag.split(" ")[0] || (err as Error).message}`);
  }
  if (values.help) return { help: true };
  const options: EmulatorOptions = {};
  if (values.port !== undefined) options.port = integer("--port", values.port, 0, 65535);
  if (values.host !== undefined) options.host = values.host || "127.0.0.1";
  if (values.state !== undefined) {
    if (!values.state) throw new CliUsageError("--state needs a file name");
    options.stateFile = values.state;
  }
  if (values.seed !== undefined) {
    if (!values.seed) throw new CliUsageError("--seed needs a file name");
    options.seed = values.seed;
  }
  if (values["no-verify"]) options.verifySignatures = false;
  if (values["fault-seed"] !== undefined)
    options.faultSeed = integer("--fault-seed", values["fault-seed"], 0, 2 ** 31 - 1);
  if (values["rate-limit"] !== undefined)
    options.rateLimitPerSecond = integer("--rate-limit", values["rate-limit"], 1, 1_000_000);
  if (values["admin-token"] !== undefined) {
    if (values["admin-token"].length < 16) throw new CliUsageError("--admin-token needs at least 16 characters");
    options.adminToken = values["admin-token"];
  }
  return { help: false, options };
}

/** Starts the emulator for a command line; undefined after printing help. The first line is the URL. */
export async function runCli(
  argv: readonly string[],
  print: (line: string) => void,
): Promise<RunningEmulator | undefined> {
  const command = parseCliArgs(argv);
  if (command.help) {
    print(USAGE);
    return undefined;
  }
  const running = await startEmulator(command.options);
  print(`canary-mesh emulator listening on ${running.url}`);
  print(`  Huawei AK ${EMULATOR_HUAWEI_ACCESS_KEY}, project ${EMULATOR_HUAWEI_PROJECT_ID}`);
  print(`  Alibaba AccessKeyId ${EMULATOR_ALIBABA_ACCESS_KEY_ID}`);
  print("  (their secrets are exported by pulumi-canary-mesh/emulator; keys in the standard env variables work too)");
  const verified = command.options.verifySignatures === false ? "NOT verified" : "verified";
  print(`  signatures ${verified}; admin API at ${running.url}/_emulator/`);
  return running;
}

/** The process: runs until SIGINT/SIGTERM; exit status 2 for a usage error. */
export async function emulatorMain(argv: readonly string[], program = "canary-mesh-emulator"): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let running: RunningEmulator | undefined;
  try {
    running = await runCli(argv, print);
  } catch (e) {
    process.stderr.write(`${program}: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof CliUsageError) process.stderr.write(`\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!running) return;
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) void emulatorMain(process.argv.slice(2));
