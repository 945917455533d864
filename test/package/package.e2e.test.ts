/**
 * The package as users receive it: the tarball's contents, a fresh project with the newest `@pulumi/pulumi`
 * installing it with plain `npm install` and with pnpm, the README's program type-checked as a user's project
 * would be, every export resolving with types, and the project run through the real CLI on Node.js 22.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { adminCall } from "../support/emulator";
import { ROLLOUT_SEED } from "../support/fixtures";
import { changedPropertyLines, E2EStack, ROOT, SHIFT_10_TO_30 } from "../e2e/harness";
import { Consumer, packTarball, readmeProgram, resolvedSdk, Tarball, VERSIONS } from "./consumer";

jest.setTimeout(600_000);

const NODE = 22;

let tarball: Tarball;
beforeAll(() => {
  tarball = packTarball();
  console.log(
    `[package] ${path.basename(tarball.file)}: ${tarball.size} B packed, ${tarball.unpackedSize} B unpacked, ` +
      `${tarball.files.length} files`,
  );
});

describe("the tarball", () => {
  it("holds the compiled package, its README and license, and nothing else", () => {
    const stray = tarball.files.filter((f) => !/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(f));
    expect(stray).toEqual([]);
    expect(tarball.files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "dist/index.js"]));
    expect(tarball.files.some((f) => /\.map$|^test\/|^src\/|^\.tools\/|^bench\//.test(f))).toBe(false);
  });

  it("holds every file package.json points at: main, types, bin and each export with its types", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
      if (subpath === "./package.json") continue;
      expect(typeof target === "object" && target.types && target.default).toBeTruthy();
      targets.push(...Object.values(target as Record<string, string>));
    }
    for (const list of Object.values(pkg.typesVersions["*"] as Record<string, string[]>)) targets.push(...list);
    const missing = targets
      .map((t: string) => t.replace(/^\.\//, ""))
      .filter((t: string) => !tarball.files.includes(t));
    expect(missing).toEqual([]);
    for (const bin of Object.values(pkg.bin as Record<string, string>)) {
      expect(fs.readFileSync(path.join(ROOT, bin), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    }
  });
});

/** Shared steps of the two package managers: install, type-check, run the README program through the CLI. */
function describeConsumer(manager: "npm" | "pnpm", runAll: boolean): void {
  describe(`${manager}: a fresh project with @pulumi/pulumi ${VERSIONS.pulumiNewest} on Node.js ${NODE}`, () => {
    let consumer: Consumer;
    let installed: Awaited<ReturnType<Consumer["install"]>>;

    beforeAll(async () => {
      consumer = Consumer.create({ manager, pulumi: VERSIONS.pulumiNewest, node: NODE, program: readmeProgram() });
      installed = await consumer.install(tarball.file);
    });
    afterAll(() => consumer?.cleanup());

    it(`installs the tarball next to the newest @pulumi/pulumi with a plain \`${manager}\` install`, () => {
      // npm stops with ERESOLVE; pnpm finishes but warns "Issues with peer dependencies found".
      const conflict = /ERESOLVE|peer dep/i.test(installed.stdout + installed.stderr);
      expect({ code: installed.code, conflict }).toEqual({
        code: 0,
        conflict: false,
      });
      const sdk = resolvedSdk(consumer.dir);
      expect(sdk.version).toBe(VERSIONS.pulumiNewest);
      expect(sdk.fromPackage).toBe(sdk.program);
    });

    it("type-checks the README's program with the strict tsconfig of Pulumi's template", async () => {
      const result = await consumer.typecheck();
      expect(result.stdout + result.stderr).toBe("");
      expect(result.code).toBe(0);
    });

    if (runAll) {
      it("costs the user's type-check little: the public declarations reach no wire schema or emulator module", async () => {
        const result = await consumer.exec("node", [
          path.join(consumer.dir, "node_modules", "typescript", "bin", "tsc"),
          "--noEmit",
          "-p",
          "tsconfig.json",
          "--listFiles",
        ]);
        const ours = result.stdout.split("\n").filter((f) => f.includes("/pulumi-canary-mesh/dist/"));
        const bytes = ours.reduce((sum, f) => sum + fs.statSync(f).size, 0);
        console.log(`[package] the README program type-checks ${ours.length} declaration files of ours, ${bytes} B`);
        expect(ours.filter((f) => /\/dist\/(clouds|emulator)\//.test(f))).toEqual([]);
        expect(bytes).toBeLessThan(200_000);
      });
    }

    it(`runs it through the real CLI on Node.js ${NODE} against the package's own emulator bin`, async () => {
      expect(consumer.nodeVersion()).toMatch(new RegExp(`^v${NODE}\\.`));
      const url = await consumer.startEmulator(ROLLOUT_SEED);
      const stack = await consumer.pulumiStack(url, { canaryWeight: "10" });
      await stack.up();
      const outputs = await stack.outputs();
      expect(outputs.canaryPaths).toEqual(["/orders"]);
      expect(Object.keys(outputs.members as object).sort()).toEqual(["canary/10.0.1.5:8080", "stable/10.0.0.5:8080"]);
      await stack.refresh(["--expect-no-changes"]);
      if (runAll) await checkPreviewAndShift(stack);
      await stack.destroy();
      const state = (await adminCall(url, "GET", "/state")) as { huaweiApig: { channels: unknown[] } };
      expect(state.huaweiApig.channels).toEqual([]);
    });
  });
}

async function checkPreviewAndShift(stack: E2EStack): Promise<void> {
  await stack.preview(["--expect-no-changes"]);
  await stack.setConfig("canaryWeight", "30");
  const shift = changedPropertyLines((await stack.preview()).stdout);
  expect(shift).toEqual(SHIFT_10_TO_30);
  await stack.setConfig("canaryWeight", "10");
}

describeConsumer("npm", true);
describeConsumer("pnpm", false);

describe("exports", () => {
  let consumer: Consumer;
  beforeAll(async () => {
    const program = [
      'import { alibaba, CloudApiError, huawei } from "pulumi-canary-mesh";',
      'import { call } from "pulumi-canary-mesh/provider";',
      'import { EMULATOR_HUAWEI_PROJECT_ID, EmulatorOptions, startEmulator } from "pulumi-canary-mesh/emulator";',
      "const options: EmulatorOptions = { port: 0, verifySignatures: true };",
      'const dispatch: (kind: "vpcChannel", method: string, args: unknown[]) => Promise<unknown> = call;',
      "export const used = [huawei.apig.VpcChannel, alibaba.asm.getProxyStatus, CloudApiError, dispatch,",
      "  startEmulator, options, EMULATOR_HUAWEI_PROJECT_ID.length];",
      "",
    ].join("\n");
    consumer = Consumer.create({ manager: "npm", pulumi: VERSIONS.pulumiNewest, node: NODE, program });
    const installed = await consumer.install(tarball.file);
    if (installed.code !== 0) throw new Error(`install failed: ${installed.stderr}`);
  });
  afterAll(() => consumer?.cleanup());

  it.each([
    ["node (classic, as Pulumi's template)", "node", "commonjs"],
    ["node16", "node16", "node16"],
  ])("each subpath resolves with its types under %s module resolution", async (_label, resolution, module) => {
    const config = {
      ...JSON.parse(fs.readFileSync(path.join(consumer.dir, "tsconfig.json"), "utf8")),
    };
    config.compilerOptions = { ...config.compilerOptions, moduleResolution: resolution, module };
    fs.writeFileSync(path.join(consumer.dir, `tsconfig.${resolution}.json`), JSON.stringify(config));
    const result = await consumer.typecheck(`tsconfig.${resolution}.json`);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("each subpath loads at run time", async () => {
    const script =
      'const m = ["pulumi-canary-mesh", "pulumi-canary-mesh/provider", "pulumi-canary-mesh/emulator", "pulumi-canary-mesh/policy"]' +
      ".map((s) => Object.keys(require(s)).sort().join(',')); console.log(JSON.stringify(m));";
    const result = await consumer.exec("node", ["-e", script]);
    expect(result.code).toBe(0);
    const [root, provider, emulator, policy] = JSON.parse(result.stdout) as string[];
    // The policy entry loads without its optional peer @pulumi/policy (not installed here).
    expect(policy).toBe("POLICY_RULES,RULES,RULE_IDS,canaryMeshPolicies,canaryMeshPolicyPack");
    expect(root).toContain("huawei");
    expect(provider).toBe("call,shim");
    expect(emulator).toContain("startEmulator");
  });

  it("installs the review bin, which reads a plan file", async () => {
    const plan = path.join(consumer.dir, "plan.json");
    fs.writeFileSync(plan, JSON.stringify({ steps: [], changeSummary: { same: 1 } }));
    const bin = path.join(consumer.dir, "node_modules", ".bin", "canary-mesh-review");
    const result = await consumer.exec(bin, ["--format", "text", plan]);
    expect(result).toMatchObject({ code: 0, stdout: "No changes in this plan.\n" });
    expect((await consumer.exec(bin, [path.join(consumer.dir, "package.json")])).code).toBe(2);
  });

  it("installs the canary-mesh bin: review through it, and rollout refusing a directory without a project", async () => {
    const bin = path.join(consumer.dir, "node_modules", ".bin", "canary-mesh");
    const plan = path.join(consumer.dir, "plan.json");
    fs.writeFileSync(plan, JSON.stringify({ steps: [], changeSummary: { same: 1 } }));
    expect(await consumer.exec(bin, ["review", "--format", "text", plan])).toMatchObject({
      code: 0,
      stdout: "No changes in this plan.\n",
    });
    const help = await consumer.exec(bin, ["--help"]);
    expect(help.stdout).toMatch(/rollout +status, promote, abort, retry or watch a CanaryRollout/);
    const elsewhere = await consumer.exec(bin, ["rollout", "status", "orders", "--cwd", os.tmpdir()]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/canary-mesh rollout: /);
  });
});
