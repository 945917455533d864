#!/usr/bin/env node
/**
 * `canary-mesh`: one command for the package's tools. `review` and `emulator` are `canary-mesh-review` and
 * `canary-mesh-emulator` (kept as their own commands too); `rollout` drives a `CanaryRollout` through the
 * Automation API. Exit status 2 for a usage error, whatever the subcommand.
 */
import os from "node:os";
import { emulatorMain } from "../emulator/main";
import { reviewMain } from "../review/main";
import { CliIo, CliUsageError, ROLLOUT_USAGE, runRolloutCommand } from "./rollout";
import { openStack } from "./workspace";

export const USAGE = `Usage: canary-mesh <command> [options]

Commands:
  review     review the traffic side of pulumi preview --json (canary-mesh-review --help)
  emulator   run the local cloud emulator (canary-mesh-emulator --help)
  rollout    status, promote, abort, retry or watch a CanaryRollout (canary-mesh rollout --help)

Exit status: 0 success; 1 a mandatory review rule failed, or a rollout aborted or its up failed; 2 usage or input
error.
`;

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}

export const processIo: CliIo = {
  write: (t) => void process.stdout.write(t),
  error: (t) => void process.stderr.write(t),
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  user: osUser,
};

/** Runs `canary-mesh-rollout`-style arguments; returns the exit status. */
export async function rolloutMain(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await runRolloutCommand(argv, openStack, io);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.error(`canary-mesh rollout: ${err.message}\nRun canary-mesh rollout --help for the commands.\n`);
      return 2;
    }
    io.error(`canary-mesh rollout: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "review":
      return reviewMain(rest, "canary-mesh review");
    case "emulator":
      return emulatorMain(rest, "canary-mesh emulator");
    case "rollout":
      if (rest.length === 0) {
        process.stdout.write(ROLLOUT_USAGE);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await rolloutMain(rest);
      return;
    case undefined:
    case "--help":
    case "-h":
    case "help":
      process.stdout.write(USAGE);
      process.exitCode = command === undefined ? 2 : 0;
      return;
    default:
      process.stderr.write(`canary-mesh: "${command}" is not a command\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

if (require.main === module) void main(process.argv.slice(2));
