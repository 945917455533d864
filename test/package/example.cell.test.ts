/**
 * A cell of the compatibility matrix (`npm run test:matrix`): the canary-rollout example stack as a user's project
 * with the packed package, on the Node.js and `@pulumi/pulumi` named by `CANARY_MESH_CELL_NODE` and
 * `CANARY_MESH_CELL_PULUMI` (default: Node.js 24 and the newest SDK of tools/matrix.json), through the real CLI:
 * up, preview, refresh, a weight shift, destroy.
 */
import fs from "node:fs";
import path from "node:path";
import { adminCall } from "../support/emulator";
import { ROLLOUT_IDS, ROLLOUT_SEED } from "../support/fixtures";
import { changedPropertyLines, E2EStack, ROOT, SHIFT_10_TO_30 } from "../e2e/harness";
import { Consumer, packTarball, resolvedSdk, VERSIONS } from "./consumer";

jest.setTimeout(600_000);

const NODE = Number(process.env.CANARY_MESH_CELL_NODE ?? 24);
const PULUMI = process.env.CANARY_MESH_CELL_PULUMI ?? VERSIONS.pulumiNewest;

describe(`examples/canary-rollout on Node.js ${NODE} with @pulumi/pulumi ${PULUMI}`, () => {
  let consumer: Consumer;
  let stack: E2EStack;
  let url: string;

  beforeAll(async () => {
    const program = fs.readFileSync(path.join(ROOT, "examples", "canary-rollout", "index.ts"), "utf8");
    consumer = Consumer.create({ manager: "npm", pulumi: PULUMI, node: NODE, program });
    const installed = await consumer.install(packTarball().file);
    if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.stdout}\n${installed.stderr}`);
  });
  afterAll(() => consumer?.cleanup());

  it("installs and type-checks as a user's project", async () => {
    expect(resolvedSdk(consumer.dir).version).toBe(PULUMI);
    const result = await consumer.typecheck();
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("up creates the gated channel; preview and refresh see no change", async () => {
    expect(consumer.nodeVersion()).toMatch(new RegExp(`^v${NODE}\\.`));
    url = await consumer.startEmulator(ROLLOUT_SEED);
    stack = await consumer.pulumiStack(url, {
      gatewayId: "gw-matrix",
      canaryWeight: "10",
      stableHosts: JSON.stringify(["10.0.0.5", "10.0.0.6"]),
      canaryHosts: JSON.stringify(["10.0.1.5"]),
      serviceMeshId: ROLLOUT_IDS.serviceMeshId,
      meshUpgradeId: ROLLOUT_IDS.meshUpgradeId,
      greyTagRouteId: String(ROLLOUT_IDS.greyTagRouteId),
    });
    await stack.up();
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({
      canaryShare: "10%",
      proxiesSynced: true,
      upgradePhase: "DataPlaneUpgrading",
      greyRuleName: "orders-canary",
      greyRulePaths: ["/orders"],
    });
    expect(Object.keys(outputs.members as object)).toHaveLength(3);
    await stack.preview(["--expect-no-changes"]);
    await stack.refresh(["--expect-no-changes"]);
  });

  it("a canary weight shift previews as two group weights and applies", async () => {
    await stack.setConfig("canaryWeight", "30");
    const shift = changedPropertyLines((await stack.preview()).stdout);
    expect(shift).toEqual(SHIFT_10_TO_30);
    await stack.up();
    await stack.refresh(["--expect-no-changes"]);
  });

  it("destroy removes the channel", async () => {
    await stack.destroy();
    const state = (await adminCall(url, "GET", "/state")) as { huaweiApig: { channels: unknown[] } };
    expect(state.huaweiApig.channels).toEqual([]);
  });
});
