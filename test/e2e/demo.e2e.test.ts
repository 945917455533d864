/**
 * `npm run demo` as the quick start runs it (scripts/demo.sh), in a directory and stack of its own: the review of
 * the plan, the rollout to the approval, promote, the next release aborted by an unhealthy canary, status before
 * and after, and no change left for the next preview; then `npm run demo -- destroy` deletes what it made.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pulumiCliDir, ROOT, RunResult, runProcess } from "./harness";

jest.setTimeout(300_000);

const STACK = "demo-e2e";

function demo(dir: string, ...args: string[]): Promise<RunResult> {
  return runProcess("bash", [path.join(ROOT, "scripts", "demo.sh"), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      CANARY_MESH_DEMO_DIR: dir,
      CANARY_MESH_DEMO_STACK: STACK,
      // npm test built dist/; rebuilding it here would pull it from under the other engine tests.
      CANARY_MESH_DEMO_SKIP_BUILD: "1",
      CANARY_MESH_PULUMI_DIR: pulumiCliDir(),
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 280_000,
  });
}

describe("npm run demo", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-demo-"));
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.join(ROOT, `Pulumi.${STACK}.yaml`), { force: true });
  });

  it("tells the story of a release: reviewed, rolled out, promoted; the next one aborted on its own", async () => {
    const run = await demo(dir);
    const out = run.stdout;
    if (run.code !== 0) console.log(`${out}\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(out).toMatch(
      /10% \(pause 3 s\) → 30% \(waits for approval\) → 100% · gated on healthyMembers, proxyStatus, meshUpgrade/,
    );
    expect(out).toMatch(/phase +Paused \(waiting for promotion\)/);
    expect(out).toMatch(/promoted \(by \S+\) +step 1 approved past its pause by \S+: error rate flat/);
    expect(out).toMatch(/Completed at step 2 \(canary 100%\)/);
    expect(out).toMatch(
      /error: CanaryRollout orders-v3: aborted during the pause of step 0 \(canary 10%\): gate healthyMembers failed/,
    );
    expect(out).toMatch(/phase +Aborted/);
    expect(out).toMatch(/pulumi preview: no changes \(state and code agree after the abort\)/);
  });

  it("tears down with npm run demo -- destroy: every resource deleted through a new emulator, nothing left", async () => {
    const run = await demo(dir, "destroy");
    if (run.code !== 0) console.log(`${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CanaryRollout orders deleted/);
    expect(run.stdout).toMatch(/VpcChannel orders deleted/);
    expect(run.stdout).toMatch(/- 3 deleted/);
    expect(run.stdout).not.toMatch(/errored|deleting failed/);
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(path.join(ROOT, `Pulumi.${STACK}.yaml`))).toBe(false);
  });
});
