/**
 * Shared helpers of the reliability suite: emulator admin calls, the standard stack config, a program generator
 * for many channels with many members, a `pulumi` runner that hands back the child process (so a test can
 * SIGKILL it), and convergence checks through the signed API.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { VpcChannelWire } from "../../src/clouds/huawei/apig";

import { adminCall } from "../support/emulator";
import { E2EStack, liveChannels, RunResult } from "../e2e/harness";

/** `CANARY_MESH_SOAK=1` makes the engine tests bigger (more channels, more rounds); the default fits CI. */
export const SOAK = process.env.CANARY_MESH_SOAK === "1";

export interface FaultInfo {
  id: number;
  fired: number;
  match: Record<string, string>;
  status?: number;
  code?: string;
  reset?: boolean;
  latencyMs?: number;
  afterHandling?: boolean;
}

export async function faults(url: string): Promise<FaultInfo[]> {
  return ((await adminCall(url, "GET", "/faults")) as { faults: FaultInfo[] }).faults;
}

// ---------------------------------------------------------------- declared channels

export interface DeclaredMember {
  host: string;
  port: number;
  weight: number;
  groupName: "stable" | "canary";
}

export interface DeclaredChannel {
  resourceName: string;
  instanceId: string;
  name: string;
  port: number;
  memberType: "ip";
  memberGroups: Array<{ name: string; weight: number }>;
  members: DeclaredMember[];
  adopt?: boolean;
}

/**
 * `count` channels; channel i has 30–100 members (spread deterministically). `round` changes the desired
 * state the way a rollout does: group weights shift, every third member is re-weighted, some members leave and
 * new ones join.
 */
export function fleet(count: number, instanceId: string, round = 0, prefix = "svc"): DeclaredChannel[] {
  const channels: DeclaredChannel[] = [];
  for (let i = 0; i < count; i++) {
    const size = 30 + ((i * 37) % 71);
    const members: DeclaredMember[] = [];
    for (let m = 0; m < size; m++) {
      // Round 1 drops every 7th member and adds 3 new ones: a real add/remove/re-weight mix.
      if (round > 0 && m % 7 === 3) continue;
      members.push({
        host: `10.${i}.${Math.floor(m / 200)}.${(m % 200) + 1}`,
        port: 8080,
        weight: round > 0 && m % 3 === 0 ? 20 + round : 10,
        groupName: m % 4 === 0 ? "canary" : "stable",
      });
    }
    if (round > 0) {
      for (let extra = 0; extra < 3; extra++) {
        members.push({ host: `10.${i}.9.${extra + 10 * round}`, port: 8080, weight: 5, groupName: "canary" });
      }
    }
    const canary = round > 0 ? 10 + 10 * round : 10;
    channels.push({
      resourceName: `${prefix}${i}`,
      instanceId,
      name: `${prefix}-${i}-backend`,
      port: 8080,
      memberType: "ip",
      memberGroups: [
        { name: "stable", weight: 100 - canary },
        { name: "canary", weight: canary },
      ],
      members,
    });
  }
  return channels;
}

/** A CommonJS program declaring the channels (plain data, so the program itself never fails). */
export function channelsProgram(channels: DeclaredChannel[]): string {
  return `
const { huawei } = require("pulumi-canary-mesh");
const channels = ${JSON.stringify(channels)};
for (const c of channels) {
  const { resourceName, ...args } = c;
  const ch = new huawei.apig.VpcChannel(resourceName, args);
  exports[resourceName] = ch.id;
}
`;
}

export interface Convergence {
  channels: number;
  members: number;
  /** Names that exist more than once on the gateway. */
  duplicated: string[];
  /** Declared names missing on the gateway. */
  lost: string[];
  /** Human-readable differences (members missing, extra, wrong weight or group; group weights). */
  problems: string[];
}

/** Compares the gateway, read through the signed API, with what was declared. */
export async function convergence(url: string, instanceId: string, declared: DeclaredChannel[]): Promise<Convergence> {
  const live = await liveChannels(url, instanceId);
  const byName = new Map<string, VpcChannelWire[]>();
  for (const ch of live) byName.set(ch.name, [...(byName.get(ch.name) ?? []), ch]);
  const result: Convergence = { channels: 0, members: 0, duplicated: [], lost: [], problems: [] };
  const names = new Set(declared.map((c) => c.name));
  for (const name of byName.keys()) if (!names.has(name)) result.problems.push(`undeclared channel ${name}`);
  for (const want of declared) {
    const found = byName.get(want.name) ?? [];
    if (found.length === 0) {
      result.lost.push(want.name);
      continue;
    }
    if (found.length > 1) result.duplicated.push(want.name);
    const ch = found[0]!;
    result.channels++;
    const liveMembers = new Map((ch.members ?? []).map((m) => [`${m.member_group_name}/${m.host}:${m.port}`, m]));
    for (const m of want.members) {
      const key = `${m.groupName}/${m.host}:${m.port}`;
      const got = liveMembers.get(key);
      if (!got) result.problems.push(`${want.name}: member ${key} missing`);
      else if (got.weight !== m.weight)
        result.problems.push(`${want.name}: member ${key} weight ${got.weight} != ${m.weight}`);
      else result.members++;
      liveMembers.delete(key);
    }
    for (const extra of liveMembers.keys()) result.problems.push(`${want.name}: undeclared member ${extra}`);
    const groups = new Map((ch.member_groups ?? []).map((g) => [g.member_group_name, g.member_group_weight]));
    for (const g of want.memberGroups) {
      if (groups.get(g.name) !== g.weight)
        result.problems.push(`${want.name}: group ${g.name} weight ${groups.get(g.name)} != ${g.weight}`);
      groups.delete(g.name);
    }
    for (const extra of groups.keys()) result.problems.push(`${want.name}: undeclared group ${extra}`);
  }
  return result;
}

/** Calls per action in a request log. */
export function perAction(log: Array<{ action?: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of log) out[r.action ?? "?"] = (out[r.action ?? "?"] ?? 0) + 1;
  return out;
}

// ---------------------------------------------------------------- pulumi with a handle on the process

/** The environment the harness runs `pulumi` with for this stack (file backend, PULUMI_HOME, PATH). */
export function stackEnv(stack: E2EStack): NodeJS.ProcessEnv {
  // The harness keeps it private; the suite needs it to spawn the CLI itself (to SIGKILL it mid-operation).
  return (stack as unknown as { env: NodeJS.ProcessEnv }).env;
}

export interface Spawned {
  child: ChildProcess;
  /** Everything written so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when the CLI exits (`code` is 137-like -1 for a signal). */
  done: Promise<RunResult & { signal: NodeJS.Signals | null }>;
  /** Kills every process left in the CLI's process group (language host, provider plugins). */
  killGroup(): void;
}

/** Starts `pulumi` in its own process group and returns at once. */
export function spawnPulumi(stack: E2EStack, args: string[], extraEnv: Record<string, string> = {}): Spawned {
  const child = spawn("pulumi", ["--non-interactive", "--color", "never", ...args], {
    cwd: stack.dir,
    env: { ...stackEnv(stack), ...extraEnv },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let all = "";
  child.stdout!.on("data", (c: Buffer) => ((stdout += c.toString()), (all += c.toString())));
  child.stderr!.on("data", (c: Buffer) => ((stderr += c.toString()), (all += c.toString())));
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return {
    child,
    output: () => all,
    done,
    killGroup: () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    },
  };
}

/** Runs `pulumi` to completion, capturing all output (no size limit beyond memory). */
export async function runPulumi(
  stack: E2EStack,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  const spawned = spawnPulumi(stack, args, extraEnv);
  try {
    return await spawned.done;
  } finally {
    spawned.killGroup();
  }
}

/** Every descendant of `pid` (from /proc), so the plugins that outlive a killed CLI can be killed by id. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // The process exited meanwhile.
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const [child, ppid] of parent) {
      if (ppid === p) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** SIGKILLs the CLI (as an OOM killer or a cancelled CI job would), then the plugins it leaves behind. */
export async function killCli(run: Spawned): Promise<void> {
  const plugins = descendants(run.child.pid!);
  run.child.kill("SIGKILL");
  const result = await run.done;
  expect(result.signal).toBe("SIGKILL");
  for (const pid of plugins) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
