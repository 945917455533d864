/**
 * The package as users receive it: `npm pack` of this checkout, installed into a fresh project outside the
 * repository (npm or pnpm, a pinned `@pulumi/pulumi`, a pinned Node.js), type-checked with the strict tsconfig of
 * Pulumi's TypeScript template, and run through the real CLI against the emulator bin of the installed package.
 */
import { ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2EStack, ROOT, RunResult } from "../e2e/harness";
import { emulatorStackConfig } from "../support/fixtures";

const runtime = require("../../scripts/runtime.js") as {
  versions(): { pulumiNewest: string; pulumiDev: string; pulumiFloor: string; node: Record<string, string> };
  nodeDir(major: number | string): string;
  pnpmDir(): string;
  npmCli(): string;
};

export const VERSIONS = runtime.versions();
export const nodeDir = runtime.nodeDir;

/** The tsconfig `pulumi new typescript` writes: strict, classic node resolution, no skipLibCheck. */
export const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export interface Tarball {
  file: string;
  /** Packed (gzip) and unpacked bytes. */
  size: number;
  unpackedSize: number;
  files: string[];
}

let packed: Tarball | undefined;

/** `npm pack` of the built checkout (`npm test` builds first), once per test process. */
export function packTarball(): Tarball {
  if (packed) return packed;
  if (!fs.existsSync(path.join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build`");
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: Array<{ path: string }>;
  }>;
  if (!info) throw new Error(`npm pack printed no result: ${out}`);
  packed = {
    file: path.join(dest, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path).sort(),
  };
  return packed;
}

/** The first TypeScript block under README.md's "Using it" heading: the program users copy. */
export function readmeProgram(): string {
  const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = text.indexOf("\n## Using it");
  const start = text.indexOf("```ts\n", section);
  const end = text.indexOf("\n```", start + 6);
  if (section < 0 || start < 0 || end < 0) throw new Error('README.md has no ```ts block under "## Using it"');
  return text.slice(start + 6, end + 1);
}

export interface ConsumerOptions {
  manager: "npm" | "pnpm";
  /** `@pulumi/pulumi` version installed next to the package. */
  pulumi: string;
  /** Node.js major version that runs the package manager, the CLI's language host and the emulator. */
  node: number;
  /** `index.ts` of the project. */
  program: string;
}

/** A user's fresh Pulumi TypeScript project outside the repository. */
export class Consumer {
  readonly dir: string;
  readonly path: string[];
  private emulator?: ChildProcess;
  private stack?: E2EStack;

  private constructor(
    readonly options: ConsumerOptions,
    dir: string,
    pathDirs: string[],
  ) {
    this.dir = dir;
    this.path = pathDirs;
  }

  static create(options: ConsumerOptions): Consumer {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-consumer-"));
    const pathDirs = [nodeDir(options.node), ...(options.manager === "pnpm" ? [runtime.pnpmDir()] : [])];
    const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    const write = (name: string, content: string) => fs.writeFileSync(path.join(dir, name), content);
    write(
      "package.json",
      JSON.stringify(
        {
          name: "consumer",
          main: "index.ts",
          devDependencies: { "@types/node": dev["@types/node"], typescript: dev.typescript },
        },
        null,
        2,
      ),
    );
    write("tsconfig.json", JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
    write("Pulumi.yaml", "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
    write("index.ts", options.program);
    // pnpm 11+ refuses to finish until each dependency's build script is allowed or denied; @pulumi/pulumi pulls in
    // protobufjs, whose postinstall only prints a notice.
    if (options.manager === "pnpm") write("pnpm-workspace.yaml", "allowBuilds:\n  protobufjs: false\n");
    return new Consumer(options, dir, pathDirs);
  }

  get env(): NodeJS.ProcessEnv {
    return { ...process.env, PATH: [...this.path, process.env.PATH ?? ""].join(path.delimiter), NO_COLOR: "1" };
  }

  /** Runs a command in the project with this runtime first on PATH. */
  exec(command: string, args: string[], timeoutMs = 300_000): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(
        command,
        args,
        { cwd: this.dir, env: this.env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** `npm install <tarball> @pulumi/pulumi@<v>` (npm run by this Node.js) or `pnpm add …`, with no flags. */
  install(tarball: string): Promise<RunResult> {
    const packages = [tarball, `@pulumi/pulumi@${this.options.pulumi}`];
    return this.options.manager === "npm"
      ? this.exec("node", [runtime.npmCli(), "install", ...packages])
      : this.exec("pnpm", ["add", ...packages]);
  }

  /** `tsc --noEmit` with the installed TypeScript; `project` defaults to the template tsconfig. */
  typecheck(project = "tsconfig.json"): Promise<RunResult> {
    return this.exec("node", [
      path.join(this.dir, "node_modules", "typescript", "bin", "tsc"),
      "--noEmit",
      "-p",
      project,
    ]);
  }

  /** Starts the installed package's `canary-mesh-emulator` bin with a seed; resolves with its URL. */
  async startEmulator(seed: object): Promise<string> {
    const seedFile = path.join(this.dir, "emulator-seed.json");
    fs.writeFileSync(seedFile, JSON.stringify(seed));
    const bin = path.join(this.dir, "node_modules", ".bin", "canary-mesh-emulator");
    const child = spawn(bin, ["--port", "0", "--seed", seedFile], { cwd: this.dir, env: this.env });
    this.emulator = child;
    return new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.once("exit", (code) => reject(new Error(`the emulator exited (${code}): ${out}`)));
    });
  }

  /** A stack of this project through the real CLI, its config pointing at the emulator. */
  async pulumiStack(emulatorUrl: string, config: Record<string, string> = {}): Promise<E2EStack> {
    this.stack = await E2EStack.create({
      projectDir: this.dir,
      path: this.path,
      config: { ...emulatorStackConfig(emulatorUrl), ...config },
    });
    return this.stack;
  }

  /** Which Node.js a plain `node` runs in this project. */
  nodeVersion(): string {
    return execFileSync("node", ["--version"], { cwd: this.dir, env: this.env, encoding: "utf8" }).trim();
  }

  cleanup(): void {
    this.emulator?.kill();
    this.stack?.cleanup();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The `@pulumi/pulumi` the program resolves and the one the installed package resolves (they must be the same
 * copy: a second copy would hold separate runtime state), and its version. Resolved by a plain Node.js process.
 */
export function resolvedSdk(dir: string): { program: string; fromPackage: string; version: string } {
  const script = `
    const fs = require("node:fs"), path = require("node:path");
    const at = (from) => fs.realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
    const pkg = fs.realpathSync(path.join(process.cwd(), "node_modules", "pulumi-canary-mesh"));
    const program = at(process.cwd());
    console.log(JSON.stringify({ program, fromPackage: at(pkg), version: require(program).version }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" }));
}
