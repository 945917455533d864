/**
 * Drives the real Pulumi engine (CLI) against compiled `dist/` and the local emulator. Programs are plain
 * CommonJS written to a temp project whose node_modules links to this checkout's, so the serialized provider
 * resolves `pulumi-canary-mesh/provider` exactly as in a user's project.
 */
import { execFile, ExecFileOptions, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { ApigClient, VpcChannelListWireSchema, VpcChannelWire } from "../../src/clouds/huawei/apig";
import { huaweiHttp } from "../../src/clouds/huawei/protocol";
import { Secret } from "../../src/core/secrets";
import { EMULATOR_HUAWEI_ACCESS_KEY, EMULATOR_HUAWEI_SECRET_KEY } from "../../src/emulator/keys";

export const ROOT = path.resolve(__dirname, "../..");
import { PROJECT_ID } from "../support/fixtures";

let cliDir: string | undefined;

/** The directory holding `pulumi` and the Node.js plugins; builds them if needed. Throws when impossible. */
export function pulumiCliDir(): string {
  if (cliDir) return cliDir;
  if (!fs.existsSync(path.join(ROOT, "dist", "provider.js"))) {
    throw new Error("dist/ is missing: engine tests run against compiled code; run `npm run build` (npm test does)");
  }
  const fromEnv = process.env.CANARY_MESH_PULUMI_DIR;
  if (fromEnv && fs.existsSync(path.join(fromEnv, "pulumi"))) return (cliDir = fromEnv);
  try {
    cliDir = execFileSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!;
  } catch (err) {
    throw new Error(
      `The Pulumi CLI is required for engine tests and could not be provided (scripts/pulumi-cli.sh): ${String(err)}`,
    );
  }
  return cliDir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end; a failure to start, a timeout or a signal is a non-zero code, never a throw. */
export function runProcess(file: string, args: string[], options: ExecFileOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export interface StackOptions {
  /** CommonJS program source, run in a fresh project whose node_modules links to this checkout's. */
  program?: string;
  /** Or an existing project directory with its own Pulumi.yaml, program and node_modules (a user's project). */
  projectDir?: string;
  /** Stack config; `{ secret }` values are set with --secret. Keys without namespace go to the project. */
  config?: Record<string, string | { secret: string }>;
  env?: Record<string, string>;
  projectName?: string;
  /** Directories put first on PATH, e.g. that of another Node.js runtime. */
  path?: string[];
}

/** In a matrix cell (`scripts/matrix.js`), the runtime and SDK the stack will use must be the cell's. */
function checkCell(programDir: string, env: NodeJS.ProcessEnv): void {
  const node = process.env.CANARY_MESH_CELL_NODE;
  const pulumi = process.env.CANARY_MESH_CELL_PULUMI;
  if (!node && !pulumi) return;
  const seen = execFileSync(
    "node",
    ["-p", 'process.version + " " + require(require.resolve("@pulumi/pulumi/package.json", { paths: ["."] })).version'],
    { cwd: programDir, env, encoding: "utf8" },
  ).trim();
  const [nodeVersion, sdkVersion] = seen.split(" ");
  if ((node && !nodeVersion!.startsWith(`v${node}.`)) || (pulumi && sdkVersion !== pulumi)) {
    throw new Error(`this cell wants Node.js ${node} and @pulumi/pulumi ${pulumi}; the stack would use ${seen}`);
  }
}

export class E2EStack {
  /** The project directory (Pulumi.yaml, program). */
  readonly dir: string;
  /** Holds the state backend and PULUMI_HOME; removed by `cleanup`. */
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;

  private constructor(dir: string, workDir: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.workDir = workDir;
    this.env = env;
  }

  static async create(options: StackOptions): Promise<E2EStack> {
    const bin = pulumiCliDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-e2e-"));
    fs.mkdirSync(path.join(dir, "state"));
    let programDir = options.projectDir;
    if (programDir === undefined) {
      programDir = path.join(dir, "program");
      fs.mkdirSync(programDir);
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(programDir, "node_modules"), "dir");
      const name = options.projectName ?? "canary-mesh-e2e";
      fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
      fs.writeFileSync(path.join(programDir, "package.json"), JSON.stringify({ name, main: "index.js" }));
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [...(options.path ?? []), bin, process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
      ...options.env,
    };
    checkCell(programDir, env);
    const stack = new E2EStack(programDir, dir, env);
    if (options.program !== undefined) stack.writeProgram(options.program);
    await stack.must(["stack", "init", "e2e", "--non-interactive"]);
    for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, value);
    return stack;
  }

  writeProgram(source: string): void {
    fs.writeFileSync(path.join(this.dir, "index.js"), source);
  }

  async setConfig(key: string, value: string | { secret: string }): Promise<void> {
    if (typeof value === "string") await this.must(["config", "set", key, "--", value]);
    else await this.must(["config", "set", "--secret", key, "--", value.secret]);
  }

  run(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return runProcess("pulumi", ["--non-interactive", "--color", "never", ...args], {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
  }

  async must(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    const result = await this.run(args, extraEnv);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  up(extra: string[] = []): Promise<RunResult> {
    return this.must(["up", "--yes", "--skip-preview", ...extra]);
  }

  preview(extra: string[] = []): Promise<RunResult> {
    return this.must(["preview", "--diff", ...extra]);
  }

  refresh(extra: string[] = []): Promise<RunResult> {
    return this.must(["refresh", "--yes", "--skip-preview", ...extra]);
  }

  destroy(): Promise<RunResult> {
    return this.must(["destroy", "--yes", "--skip-preview"]);
  }

  async exportState(): Promise<{ deployment: { resources: Array<Record<string, unknown>> } }> {
    const result = await this.must(["stack", "export", "--show-secrets=false"]);
    return JSON.parse(result.stdout);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.must(["stack", "output", "--json", "--show-secrets"])).stdout);
  }

  cleanup(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/**
 * Property lines that `preview --diff` marks as added, removed or changed (`+`, `-`, `~`) in the resources
 * section: resource header lines, the stack's outputs (`--outputs:--`) and the summary are left out.
 */
export function changedPropertyLines(diffText: string): string[] {
  const lines: string[] = [];
  for (const raw of diffText.split("\n")) {
    const line = raw.trimEnd();
    if (/^(Outputs|Resources|Diagnostics):/.test(line) || line.trim() === "--outputs:--") break;
    if (!/^\s+[+~-]\s/.test(line) || /pulumi-nodejs:dynamic|pulumi:pulumi:Stack|pulumi:providers/.test(line)) continue;
    lines.push(line.trim());
  }
  return lines;
}

/** An example project's program as written (`examples/<project>/index.ts`), compiled to the CommonJS the harness runs. */
export function exampleProgram(project: string): string {
  const source = fs.readFileSync(path.join(ROOT, "examples", project, "index.ts"), "utf8");
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/** What `preview --diff` shows for the example stack's 10 → 30 canary shift: exactly two group weights. */
export const SHIFT_10_TO_30 = [
  "~ memberGroups   : {",
  "~ canary: {",
  "~ weight: 10 => 30",
  "~ stable: {",
  "~ weight: 90 => 70",
];

/** Every channel on a gateway, as the (emulated) APIG API shows it, through the signed API. */
export async function liveChannels(url: string, instanceId: string): Promise<VpcChannelWire[]> {
  const auth = {
    kind: "aksk" as const,
    accessKey: EMULATOR_HUAWEI_ACCESS_KEY,
    secretKey: new Secret(EMULATOR_HUAWEI_SECRET_KEY),
  };
  const http = huaweiHttp("APIG", url, PROJECT_ID, auth);
  const page = await http.call({
    operation: "ListVpcChannels",
    request: {
      method: "GET",
      path: `/v2/${PROJECT_ID}/apigw/instances/${instanceId}/vpc-channels`,
      query: [["limit", "500"]],
      headers: {},
    },
    schema: VpcChannelListWireSchema,
  });
  const client = new ApigClient(http, PROJECT_ID);
  return Promise.all((page.vpc_channels ?? []).map((c) => client.showVpcChannel(instanceId, c.id)));
}

/** Group weights of every channel on a gateway, by channel name then group name. */
export async function weightsOn(
  url: string,
  instanceId: string,
): Promise<Record<string, Record<string, number | undefined>>> {
  const channels = await liveChannels(url, instanceId);
  return Object.fromEntries(
    channels.map((c) => [
      c.name,
      Object.fromEntries((c.member_groups ?? []).map((g) => [g.member_group_name, g.member_group_weight ?? undefined])),
    ]),
  );
}

/** The stored outputs of the stack's `CanaryRollout`, as the state export holds them. */
export async function rolloutOutputs<T>(stack: E2EStack): Promise<T> {
  const state = await stack.exportState();
  const r = state.deployment.resources.find((x) => String(x.type).endsWith(":CanaryRollout"))!;
  return r.outputs as T;
}

export const WRITE_METHODS = new Set(["POST", "PUT", "DELETE", "PATCH"]);
