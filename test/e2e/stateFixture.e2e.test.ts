/**
 * State written by release 0.1.0 (test/fixtures/state-0.1.0) through the real CLI and today's package: it refreshes
 * with no changes, previews with no changes, updates and destroys.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunningEmulator, startEmulator } from "../../src/emulator";
import { emulatorStackConfig } from "../support/fixtures";
import { changedPropertyLines, E2EStack, liveChannels, ROOT, SHIFT_10_TO_30 } from "./harness";

jest.setTimeout(600_000);

const FIXTURE = path.join(ROOT, "test", "fixtures", "state-0.1.0");

describe("a stack written by release 0.1.0", () => {
  let emulator: RunningEmulator;
  let stack: E2EStack;
  let work: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-fixture-"));
    const stateFile = path.join(work, "emulator.json");
    fs.copyFileSync(path.join(FIXTURE, "emulator.json"), stateFile);
    emulator = await startEmulator({ port: 0, stateFile });
    stack = await E2EStack.create({
      program: fs.readFileSync(path.join(FIXTURE, "index.js"), "utf8"),
      projectName: "canary-mesh-state-fixture",
      config: {
        ...emulatorStackConfig(emulator.url),
        canaryWeight: "10",
        nacosPassword: { secret: "nacos-fixture-Pa55" },
      },
      env: { PULUMI_CONFIG_PASSPHRASE: "state-fixture" },
    });
    // The endpoint recorded with the default provider is the fixture emulator's port; a plain refresh and destroy
    // use that recorded config, so point it at this emulator (in a real stack the endpoint does not move).
    const exported = JSON.parse(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8"));
    for (const resource of exported.deployment.resources) {
      for (const props of [resource.inputs, resource.outputs]) {
        if (props && "canary-mesh:endpoint" in props) props["canary-mesh:endpoint"] = emulator.url;
      }
    }
    const file = path.join(work, "stack.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    await stack.must(["stack", "import", "--file", file]);
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("refreshes with no changes", async () => {
    await stack.refresh(["--expect-no-changes"]);
  });

  it("previews the unchanged program with no changes", async () => {
    await stack.preview(["--expect-no-changes"]);
  });

  it("updates: a canary weight shift changes exactly two group weights, then refreshes clean", async () => {
    await stack.setConfig("canaryWeight", "30");
    const lines = changedPropertyLines((await stack.preview()).stdout);
    expect(lines).toEqual(SHIFT_10_TO_30);
    const up = await stack.up();
    expect(up.stdout).toMatch(/1 updated/);
    const orders = (await liveChannels(emulator.url, "gw-fixture")).find((c) => c.name === "orders-backend")!;
    expect(orders.member_groups!.map((g) => [g.member_group_name, g.member_group_weight]).sort()).toEqual([
      ["canary", 30],
      ["stable", 70],
    ]);
    await stack.refresh(["--expect-no-changes"]);
  });

  it("destroys every channel", async () => {
    await stack.destroy();
    expect(await liveChannels(emulator.url, "gw-fixture")).toEqual([]);
  });
});
