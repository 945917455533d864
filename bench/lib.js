// Bench helpers: stats, machine info, the emulator's admin API, and a driver for the real Pulumi CLI
// (temp project, offline file backend), after test/e2e/harness.ts.
"use strict";
const { execFile, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const dist = (p) => require(path.join(ROOT, "dist", p));
const keys = dist("emulator/keys.js");
const PROJECT_ID = keys.EMULATOR_HUAWEI_PROJECT_ID;
const INSTANCE_ID = "gw-bench";

// ---------------------------------------------------------------- stats and timing

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function timeMs(fn) {
  const t = nowMs();
  const value = await fn();
  return { ms: nowMs() - t, value };
}

function machine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpu: model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverage1m: os.loadavg()[0],
  };
}

// ---------------------------------------------------------------- emulator

async function startEmulator() {
  // Quota raised once here: reset() keeps the option, so every scenario can hold 100+ channels.
  return dist("emulator/index.js").startEmulator({ port: 0, vpcChannelQuota: 1000 });
}

async function admin(url, method, p, body) {
  const res = await fetch(`${url}/_emulator${p}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${p}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const requestLog = async (url) => (await admin(url, "GET", "/requests")).requests;
const clearRequestLog = (url) => admin(url, "DELETE", "/requests");
const resetEmulator = (url) => admin(url, "POST", "/reset");

// ---------------------------------------------------------------- workload

const STANDARD_CHANNEL = require("../test/support/standard-channel.json");

/** Channel args as a user writes them: the tests' standard channel with `members` members over its two groups. */
function channelArgs(i, members, weight = 10) {
  return {
    ...structuredClone(STANDARD_CHANNEL),
    instanceId: INSTANCE_ID,
    name: `bench-${String(i).padStart(4, "0")}`,
    members: Array.from({ length: members }, (_, j) => ({
      host: `10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`,
      port: 8080,
      weight,
      groupName: j % 10 === 0 ? "canary" : "stable",
    })),
  };
}

// One program for every engine run: bench.json (next to it) says which provider, how many channels and members.
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const spec = require("./bench.json");
const { channelArgs } = require(${JSON.stringify(path.join(__dirname, "lib.js"))});
let Channel;
if (spec.kind === "ours") Channel = require("pulumi-canary-mesh").huawei.apig.VpcChannel;
if (spec.kind === "naive") Channel = require(${JSON.stringify(path.join(__dirname, "naive-provider.js"))}).NaiveVpcChannel;
if (spec.kind === "offline") {
  // Loaded at call time, like our shim, so the serialized closure stays small.
  const m = (name) => (...a) => require(${JSON.stringify(path.join(__dirname, "offline-provider.js"))}).provider[name](...a);
  const provider = { check: m("check"), diff: m("diff"), create: m("create"), read: m("read"), update: m("update"), delete: m("delete") };
  Channel = class extends pulumi.dynamic.Resource {
    constructor(name, args) { super(provider, name, args, undefined, "bench", "Offline"); }
  };
}
if (spec.kind === "trivial") {
  // Baseline: create returns at once, no check/diff/read; same inputs as the channels.
  const provider = { async create(inputs) { return { id: inputs.name, outs: inputs }; } };
  Channel = class extends pulumi.dynamic.Resource {
    constructor(name, args) { super(provider, name, args, undefined, "bench", "Trivial"); }
  };
}
for (let i = 0; i < spec.count; i++) new Channel("ch" + i, channelArgs(i, spec.members, spec.weight));
`;

// ---------------------------------------------------------------- Pulumi CLI driver

let cliDir;
function pulumiCliDir() {
  if (!cliDir) {
    const out = execFileSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    cliDir = out.trim().split("\n").pop();
  }
  return cliDir;
}

class Stack {
  constructor(dir, env) {
    this.dir = dir;
    this.env = env;
  }

  /** A fresh project and stack on a file backend; `config` keys ending in "!" are set as secrets. */
  static async create({ spec, config = {}, env = {} }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-bench-"));
    const programDir = path.join(dir, "program");
    fs.mkdirSync(path.join(dir, "state"));
    fs.mkdirSync(programDir);
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(programDir, "node_modules"), "dir");
    fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), "name: canary-mesh-bench\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(programDir, "package.json"),
      JSON.stringify({ name: "canary-mesh-bench", main: "index.js" }),
    );
    fs.writeFileSync(path.join(programDir, "index.js"), PROGRAM);
    const stack = new Stack(programDir, {
      ...process.env,
      PATH: `${pulumiCliDir()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      ...env,
    });
    stack.setSpec(spec);
    await stack.must(["stack", "init", "bench"]);
    const args = Object.entries(config).map(([k, v]) =>
      k.endsWith("!") ? ["--secret", `${k.slice(0, -1)}=${v}`] : ["--plaintext", `${k}=${v}`],
    );
    if (args.length) await stack.must(["config", "set-all", ...args.flat()]);
    return stack;
  }

  setSpec(spec) {
    fs.writeFileSync(path.join(this.dir, "bench.json"), JSON.stringify(spec));
  }

  run(args) {
    return new Promise((resolve) => {
      execFile(
        "pulumi",
        ["--non-interactive", "--color", "never", ...args],
        { cwd: this.dir, env: this.env, maxBuffer: 256 * 1024 * 1024, timeout: 600_000 },
        (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async must(args) {
    const r = await this.run(args);
    if (r.code !== 0)
      throw new Error(
        `pulumi ${args.join(" ")} failed (${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`,
      );
    return r;
  }

  /** Wall time (ms) of one engine operation; parallelism left at the CLI default. */
  async timed(op) {
    return (await this.measured(op)).ms;
  }

  /**
   * Runs `op`; `ms` is its wall time and `providerRssBytes` the peak resident memory (VmHWM, sampled every 20 ms
   * from /proc) of the dynamic-provider processes it started for this stack (Linux; 0 elsewhere).
   */
  async measured(op) {
    const args = {
      preview: ["preview"],
      up: ["up", "--yes", "--skip-preview"],
      refresh: ["refresh", "--yes", "--skip-preview"],
      destroy: ["destroy", "--yes", "--skip-preview"],
    }[op];
    const peaks = new Map();
    const others = new Set(); // pids seen not to be this stack's provider: never read again
    const sample = () => {
      let pids = [];
      try {
        pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d) && !others.has(d));
      } catch {
        return;
      }
      for (const pid of pids) {
        try {
          if (!peaks.has(pid)) {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
            if (!cmdline.includes("dynamic-provider") || !fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(this.dir)) {
              // A process between fork and exec still shows its parent's command line: look again later.
              if (!cmdline.includes("pulumi-resource-pulumi-nodejs")) others.add(pid);
              continue;
            }
          }
          const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
          if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1]) * 1024));
        } catch {
          others.add(pid); // gone
        }
      }
    };
    const timer = setInterval(sample, 50);
    try {
      const { ms } = await timeMs(() => this.must(args));
      return { ms, providerRssBytes: Math.max(0, ...peaks.values()) };
    } finally {
      clearInterval(timer);
    }
  }

  async exportState() {
    return (await this.must(["stack", "export"])).stdout;
  }

  cleanup() {
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}

/** Stack config and env that point both providers at the emulator. */
function emulatorSettings(url) {
  return {
    config: {
      "canary-mesh:endpoint": url,
      "canary-mesh:huaweiRegion": "cn-north-4",
      "canary-mesh:huaweiProjectId": PROJECT_ID,
      "canary-mesh:huaweiAccessKey": keys.EMULATOR_HUAWEI_ACCESS_KEY,
      "canary-mesh:huaweiSecretKey!": keys.EMULATOR_HUAWEI_SECRET_KEY,
    },
    // The naive peer reads its settings from the environment at program time.
    env: {
      NAIVE_HW_ENDPOINT: url,
      NAIVE_HW_PROJECT_ID: PROJECT_ID,
      NAIVE_HW_ACCESS_KEY: keys.EMULATOR_HUAWEI_ACCESS_KEY,
      NAIVE_HW_SECRET_KEY: keys.EMULATOR_HUAWEI_SECRET_KEY,
    },
  };
}

module.exports = {
  ROOT,
  dist,
  keys,
  PROJECT_ID,
  INSTANCE_ID,
  stats,
  nowMs,
  timeMs,
  machine,
  startEmulator,
  requestLog,
  clearRequestLog,
  resetEmulator,
  channelArgs,
  pulumiCliDir,
  Stack,
  emulatorSettings,
};
