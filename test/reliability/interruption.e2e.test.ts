/**
 * Interruption: the CLI is SIGKILLed in the middle of a create and of an update (the emulator holds the call
 * with `latencyMs` to make the window wide), its plugins die with it, and the call it had sent still takes
 * effect in the cloud. Then the test does what a user does with the file backend of Pulumi 3.248, and the next
 * `pulumi up` converges with nothing lost or duplicated:
 *
 * - update: `pulumi cancel` (removes the lock the killed CLI left), `pulumi stack export`, drop
 *   `pending_operations`, `pulumi stack import`, `pulumi up` (the PUT is a full, idempotent overwrite).
 * - create: `pulumi cancel`; `pulumi up` fails with APIG.3208 and names `adopt` (the channel exists but its id
 *   never reached state: the gateway refuses a duplicate, so nothing is duplicated); `pulumi refresh
 *   --clear-pending-creates`; set `adopt: true` on the interrupted resources; `pulumi up` adopts them.
 */
import fs from "node:fs";
import path from "node:path";
import { startEmulator } from "../../src/emulator";
import { E2EStack, liveChannels } from "../e2e/harness";
import {
  channelsProgram,
  convergence,
  DeclaredChannel,
  fleet,
  killCli,
  runPulumi,
  spawnPulumi,
  Spawned,
  waitFor,
} from "./support";
import { adminCall, requestLog } from "../support/emulator";
import { emulatorStackConfig } from "../support/fixtures";

jest.setTimeout(240_000);

const INSTANCE = "gw-interrupt";
const URN_PREFIX = "urn:pulumi:e2e::canary-mesh-e2e::pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannel::";

/** The file backend's checkpoint, read directly while the CLI runs (the CLI holds the stack lock). */
function checkpoint(stack: E2EStack): {
  resources?: Array<{ type: string; id?: string }>;
  pending_operations?: unknown[];
} {
  const root = path.join(stack.workDir, "state", ".pulumi", "stacks");
  const find = (dir: string): string | undefined => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const found = find(p);
        if (found) return found;
      } else if (e.name === "e2e.json") return p;
    }
    return undefined;
  };
  const file = find(root);
  if (!file) return {};
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint: { latest?: object } }).checkpoint.latest ?? {};
  } catch {
    return {}; // Caught mid-write.
  }
}

const tracked = (cp: ReturnType<typeof checkpoint>) =>
  (cp.resources ?? []).filter((r) => r.type.endsWith(":VpcChannel"));

async function expectConverged(url: string, declared: DeclaredChannel[], stack: E2EStack): Promise<void> {
  const c = await convergence(url, INSTANCE, declared);
  expect(c.lost).toEqual([]);
  expect(c.duplicated).toEqual([]);
  expect(c.problems).toEqual([]);
  expect(c.channels).toBe(declared.length);
  const live = await liveChannels(url, INSTANCE);
  const state = await stack.exportState();
  const ids = state.deployment.resources.filter((r) => String(r.type).endsWith(":VpcChannel")).map((r) => String(r.id));
  expect(ids.sort()).toEqual(live.map((ch) => ch.id).sort());
  expect((state.deployment as { pending_operations?: unknown[] }).pending_operations ?? []).toEqual([]);
}

describe("SIGKILL of the CLI in the middle of an operation", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;
  let running: Spawned | undefined;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterEach(async () => {
    running?.killGroup();
    stack?.cleanup();
    await emulator?.close();
  });

  it("during an update: cancel, clear pending operations with stack export/import, and up converges", async () => {
    const before = fleet(3, INSTANCE, 0);
    const after = fleet(3, INSTANCE, 1);
    stack = await E2EStack.create({ program: channelsProgram(before), config: emulatorStackConfig(emulator.url) });
    await stack.up();

    stack.writeProgram(channelsProgram(after));
    await adminCall(emulator.url, "DELETE", "/requests");
    // Each update writes groups first, then members: held on the members, the kill leaves channels half-updated.
    await adminCall(emulator.url, "POST", "/faults", { match: { action: "AddBackendInstances" }, latencyMs: 4000 });
    running = spawnPulumi(stack, ["up", "--yes", "--skip-preview"]);
    await waitFor(
      async () => (await requestLog(emulator.url)).filter((r) => r.action === "AddBackendInstances").length >= 2,
      60_000,
      "the updates to be in flight",
    );
    await killCli(running);
    await adminCall(emulator.url, "DELETE", "/faults");
    // Half-applied: some channel has its new group weights but not yet its new members.
    const mid = await liveChannels(emulator.url, INSTANCE);
    expect(
      mid.some(
        (ch) =>
          ch.member_groups!.some((g) => g.member_group_name === "canary" && g.member_group_weight === 20) &&
          !ch.members!.some((m) => /^10\.\d+\.9\.10$/.test(m.host ?? "")),
      ),
    ).toBe(true);

    // The killed CLI left its lock and an "updating" pending operation.
    const locked = await runPulumi(stack, ["up", "--yes", "--skip-preview"]);
    expect(locked.code).not.toBe(0);
    expect(locked.stdout + locked.stderr).toMatch(/locked/);
    expect(await runPulumi(stack, ["cancel", "--yes"])).toMatchObject({ code: 0 });
    const exported = JSON.parse((await stack.must(["stack", "export", "--show-secrets=false"])).stdout) as {
      deployment: { pending_operations?: Array<{ type: string; resource: { urn: string } }> };
    };
    const pending = exported.deployment.pending_operations ?? [];
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(pending.every((op) => op.type === "updating" && op.resource.urn.startsWith(URN_PREFIX))).toBe(true);
    delete exported.deployment.pending_operations;
    const file = path.join(stack.workDir, "state.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    await stack.must(["stack", "import", "--file", file]);

    await stack.up();
    await expectConverged(emulator.url, after, stack);
    expect((await runPulumi(stack, ["preview", "--expect-no-changes"])).code).toBe(0);
  });

  it("during a create: the re-run refuses a duplicate and names adopt; clear the pending create, adopt, and up converges", async () => {
    const declared = fleet(3, INSTANCE, 0);
    stack = await E2EStack.create({ program: channelsProgram(declared), config: emulatorStackConfig(emulator.url) });
    // Two of the three creates are held for 5 s; the third completes and reaches state before the kill.
    await adminCall(emulator.url, "POST", "/faults", {
      match: { action: "CreateVpcChannel" },
      latencyMs: 5000,
      count: 2,
    });
    running = spawnPulumi(stack, ["up", "--yes", "--skip-preview"]);
    await waitFor(
      async () =>
        (await requestLog(emulator.url)).filter((r) => r.action === "CreateVpcChannel").length >= 3 &&
        tracked(checkpoint(stack)).length === 1,
      60_000,
      "one create done and two in flight",
    );
    const interruptedUrns = new Set(
      ((checkpoint(stack).pending_operations ?? []) as Array<{ type: string; resource: { urn: string } }>)
        .filter((op) => op.type === "creating")
        .map((op) => op.resource.urn),
    );
    expect(interruptedUrns.size).toBe(2);
    await killCli(running);
    // The calls the CLI had sent still take effect: three channels exist, one of them tracked in state.
    await waitFor(
      async () => (await liveChannels(emulator.url, INSTANCE)).length === 3,
      15_000,
      "the held creates to land",
    );
    await adminCall(emulator.url, "DELETE", "/faults");

    expect(await runPulumi(stack, ["cancel", "--yes"])).toMatchObject({ code: 0 });
    // A plain re-run: the provider re-sends the two creates, the gateway refuses the duplicates (APIG.3208),
    // and the error tells the user what to do. Nothing is duplicated.
    const rerun = await runPulumi(stack, ["up", "--yes", "--skip-preview"]);
    expect(rerun.code).not.toBe(0);
    const text = rerun.stdout + rerun.stderr;
    expect(text).toMatch(/pending operations from previous deployment/);
    expect(text).toMatch(/APIG\.3208/);
    expect(text).toMatch(/set adopt: true/);
    expect((await liveChannels(emulator.url, INSTANCE)).length).toBe(3);

    // The user path: drop the pending creates, adopt the channels by name, up.
    const cleared = await runPulumi(stack, ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    expect(cleared.code).toBe(0);
    const adopted = declared.map((c) => (interruptedUrns.has(URN_PREFIX + c.resourceName) ? { ...c, adopt: true } : c));
    stack.writeProgram(channelsProgram(adopted));
    await adminCall(emulator.url, "DELETE", "/requests");
    await stack.up();
    const calls = await requestLog(emulator.url);
    expect(calls.filter((r) => r.action === "CreateVpcChannel")).toEqual([]);
    await expectConverged(emulator.url, declared, stack);

    // adopt only acts on create: taking it out again is no change.
    stack.writeProgram(channelsProgram(declared));
    expect((await runPulumi(stack, ["preview", "--expect-no-changes"])).code).toBe(0);
    console.log(
      `[interruption] create killed with ${interruptedUrns.size} creates in flight: re-run refused duplicates (APIG.3208, hint names adopt); ` +
        `after refresh --clear-pending-creates + adopt: ${declared.length} channels, one per name, all members present`,
    );
  });
});
