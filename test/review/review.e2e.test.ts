/**
 * `canary-mesh-review` on real `pulumi preview --json` output: stacks on the emulator through the real CLI, one
 * preview per rule (failing and passing), golden Markdown, drift from `--refresh`, bad input; and the policy pack
 * run by the real engine's analyzer host.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../../src/emulator";
import { adminCall } from "../support/emulator";
import { emulatorStackConfig, ROLLOUT_IDS, ROLLOUT_SEED, STANDARD_HEALTH_CHECK } from "../support/fixtures";
import { E2EStack, liveChannels, ROOT } from "../e2e/harness";
import { runNode, previewJson, expectGolden } from "../support/review";

jest.setTimeout(600_000);

const BIN = path.join(ROOT, "dist", "review", "main.js");
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-review-"));

interface Spec {
  canary?: number;
  stableHosts?: string[];
  canaryHosts?: string[];
  health?: object | null;
  instanceId?: string;
  gated?: boolean;
  /** The gate stays in the program, but the channel no longer depends on it. */
  dependsOnGate?: boolean;
  name?: string;
}

/** A rollout program: stable/canary groups, members, health check, optionally gated on proxy sync. */
function program(spec: Spec = {}): string {
  const canary = spec.canary ?? 10;
  const members = [
    ...(spec.stableHosts ?? ["10.0.0.5", "10.0.0.6"]).map((host) => ({
      host,
      port: 8080,
      weight: 10,
      groupName: "stable",
    })),
    ...(spec.canaryHosts ?? ["10.0.1.5"]).map((host) => ({ host, port: 8080, weight: 10, groupName: "canary" })),
  ];
  const health = spec.health === undefined ? STANDARD_HEALTH_CHECK : spec.health;
  const gated = spec.gated ?? true;
  return `
const { alibaba, huawei } = require("pulumi-canary-mesh");
${gated ? `const gate = new alibaba.asm.ProxyStatusLookup("mesh-proxies", { serviceMeshId: "${ROLLOUT_IDS.serviceMeshId}", waitFor: { allSynced: true, timeoutSeconds: 30 } });` : ""}
new huawei.apig.VpcChannel("${spec.name ?? "orders"}", {
  instanceId: "${spec.instanceId ?? "gw-review"}", name: "${spec.name ?? "orders"}-backend", port: 8080, memberType: "ip",
  memberGroups: [{ name: "stable", weight: ${100 - canary} }, { name: "canary", weight: ${canary} }],
  members: ${JSON.stringify(members)},
  ${health ? `healthCheck: ${JSON.stringify(health)},` : ""}
}${gated && spec.dependsOnGate !== false ? ", { dependsOn: [gate] }" : ""});
`;
}

interface Reviewed {
  code: number;
  stdout: string;
  stderr: string;
}

const review = (args: string[]): Promise<Reviewed> => runNode(BIN, args);

const json = async (file: string, extra: string[] = []) => {
  const result = await review(["--format", "json", ...extra, file]);
  return {
    code: result.code,
    body: JSON.parse(result.stdout) as Record<string, unknown> & { findings: Array<Record<string, string>> },
  };
};
const rulesOf = (body: { findings: Array<Record<string, string>> }) =>
  body.findings.map((f) => `${f.rule}:${f.severity}`);

describe("canary-mesh-review on real previews", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let rollout: E2EStack;
  let plain: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: ROLLOUT_SEED });
    rollout = await E2EStack.create({
      program: program(),
      config: emulatorStackConfig(emulator.url),
      projectName: "rollout",
    });
    await rollout.up();
    plain = await E2EStack.create({
      program: program({ gated: false, name: "plain" }),
      config: emulatorStackConfig(emulator.url),
      projectName: "plain",
    });
    await plain.up();
  });

  afterAll(async () => {
    rollout?.cleanup();
    plain?.cleanup();
    await emulator?.close();
    fs.rmSync(WORK, { recursive: true, force: true });
  });

  it("a gated 10 → 30 shift passes, as a Markdown comment with shares and gate states", async () => {
    rollout.writeProgram(program({ canary: 30 }));
    const file = await previewJson(rollout, WORK, "shift-30", ["--show-sames"]);
    const result = await review([file]);
    expect(result.code).toBe(0);
    expectGolden("shift-gated", result.stdout);
    const { body } = await json(file);
    expect(body.findings).toEqual([]);
    expect((body.channels as Array<{ shares: unknown }>)[0]!.shares).toEqual([
      { unit: "canary", kind: "group", before: 10, after: 30 },
      { unit: "stable", kind: "group", before: 90, after: 70 },
    ]);
  });

  it("weight-step: 10 → 60 in one change fails (exit 1); --max-step 60 lets it through", async () => {
    rollout.writeProgram(program({ canary: 60 }));
    const file = await previewJson(rollout, WORK, "shift-60");
    const result = await review([file]);
    expect(result.code).toBe(1);
    expectGolden("weight-step", result.stdout);
    expect((await json(file, ["--max-step", "60"])).code).toBe(0);
    const text = await review(["--format", "text", file]);
    expect(text.stdout).toContain(
      "MANDATORY weight-step: orders: traffic moves more than 25 points in one change: canary 10% → 60% (+50), stable 90% → 40% (-50)",
    );
  });

  it("members-emptied: the canary group loses its only member; removing one of two stable members passes", async () => {
    rollout.writeProgram(program({ canaryHosts: [] }));
    const emptied = await json(await previewJson(rollout, WORK, "canary-emptied"));
    expect(emptied.code).toBe(1);
    expect(rulesOf(emptied.body)).toEqual(["members-emptied:mandatory"]);
    expect(emptied.body.findings[0]!.message).toBe(
      "orders: group canary carries 10% of traffic and is left without a member that can serve (it had 1)",
    );
    rollout.writeProgram(program({ stableHosts: ["10.0.0.5"] }));
    const fine = await json(await previewJson(rollout, WORK, "stable-one-less"));
    expect(fine).toMatchObject({ code: 0, body: { findings: [] } });
    expect((fine.body.channels as Array<{ members: { removed: string[] } }>)[0]!.members.removed).toEqual([
      "10.0.0.6 (stable)",
    ]);
  });

  it("channel-replaced and health-check-removed: a new gateway without a health check", async () => {
    rollout.writeProgram(program({ instanceId: "gw-review-2", health: null }));
    const file = await previewJson(rollout, WORK, "replaced");
    const result = await review([file]);
    expect(result.code).toBe(1);
    expectGolden("replaced", result.stdout);
    const { body } = await json(file);
    expect(rulesOf(body)).toEqual(["health-check-removed:mandatory", "channel-replaced:mandatory"]);
  });

  it("health checks: a changed interval passes; dropping the block from the program is flagged as unmanaged", async () => {
    rollout.writeProgram(program({ health: { ...STANDARD_HEALTH_CHECK, interval: 20 } }));
    const changed = await json(await previewJson(rollout, WORK, "health-interval"));
    expect(changed).toMatchObject({ code: 0, body: { findings: [] } });
    expect((changed.body.channels as Array<{ health: unknown }>)[0]!.health).toEqual({
      change: "changed",
      fields: [{ field: "interval", from: STANDARD_HEALTH_CHECK.interval, to: 20 }],
    });
    rollout.writeProgram(program({ health: null, canary: 20 }));
    const dropped = await json(await previewJson(rollout, WORK, "health-dropped"));
    expect(dropped.code).toBe(1);
    expect(dropped.body.findings[0]!.message).toMatch(
      /^orders: healthCheck is no longer in the program: the live check \(HTTP \/healthz/,
    );
  });

  it("ungated-shift: advisory by default (exit 0), mandatory by flag, exempt by config file", async () => {
    plain.writeProgram(program({ gated: false, name: "plain", canary: 20 }));
    const file = await previewJson(plain, WORK, "ungated");
    const advisory = await json(file);
    expect(advisory.code).toBe(0);
    expect(rulesOf(advisory.body)).toEqual(["ungated-shift:advisory"]);
    expect(advisory.body.findings[0]!.message).toContain(
      "plain: traffic shares change (canary 10% → 20%, stable 90% → 80%)",
    );
    expect((await json(file, ["--severity", "ungated-shift=mandatory"])).code).toBe(1);
    const config = path.join(WORK, "review.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ rules: { "ungated-shift": "mandatory" }, exempt: { plain: ["ungated-shift"] } }),
    );
    expect(await json(file, ["--config", config])).toMatchObject({ code: 0, body: { findings: [] } });
    expect(await json(file, ["--exempt", "plain=*", "--severity", "ungated-shift=mandatory"])).toMatchObject({
      code: 0,
    });
  });

  it("ungated-shift: a shift whose channel no longer depends on its gate is ungated, though the state before had it", async () => {
    rollout.writeProgram(program({ canary: 20, dependsOnGate: false }));
    const file = await previewJson(rollout, WORK, "gate-removed", ["--show-sames"]);
    const { code, body } = await json(file);
    expect(code).toBe(0);
    expect(rulesOf(body)).toEqual(["ungated-shift:advisory"]);
    expect((body.channels as Array<{ gates: unknown[] }>)[0]!.gates).toEqual([]);
    // The same shift with the gate kept is gated.
    rollout.writeProgram(program({ canary: 20 }));
    const gated = await json(await previewJson(rollout, WORK, "gate-kept", ["--show-sames"]));
    expect(rulesOf(gated.body)).toEqual([]);
  });

  it("drift: preview --refresh labels a console edit as changed outside Pulumi", async () => {
    rollout.writeProgram(program());
    const channel = (await liveChannels(emulator.url, "gw-review")).find((c) => c.name === "orders-backend")!;
    const members = channel.members!.map((m) => ({
      host: m.host,
      port: m.port,
      weight: m.host === "10.0.1.5" ? 60 : m.weight,
      member_group_name: m.member_group_name,
    }));
    await adminCall(emulator.url, "POST", `/huawei/apig/vpc-channels/${channel.id}/console-edit`, { members });
    const file = await previewJson(rollout, WORK, "drift", ["--refresh"]);
    const result = await review([file]);
    expect(result.code).toBe(0);
    expectGolden("drift", result.stdout);
    expect(result.stdout).toContain("changed outside Pulumi: member 10.0.1.5 (canary) weight 10 → 60");
  });

  it("an empty plan is clean; input that is not a preview exits 2 and says what was expected", async () => {
    await rollout.up();
    const empty = await review(["--format", "text", await previewJson(rollout, WORK, "empty")]);
    expect(empty).toMatchObject({ code: 0, stdout: "No changes in this plan.\n" });

    const text = path.join(WORK, "preview.txt");
    fs.writeFileSync(text, (await rollout.run(["preview"])).stdout);
    const notJson = await review([text]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/the input is not JSON .*expected the output of `pulumi preview --json`/);

    const exported = path.join(WORK, "export.json");
    fs.writeFileSync(exported, (await rollout.run(["stack", "export"])).stdout);
    const other = await review([exported]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("this looks like `pulumi stack export`");

    const blank = path.join(WORK, "blank.json");
    fs.writeFileSync(blank, "");
    expect((await review([blank])).stderr).toContain("the input is empty");
    expect((await review(["--format", "yaml", blank])).code).toBe(2);
  });
});

describe("the policy pack through the real engine", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;
  let pack: string;
  let bin: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: ROLLOUT_SEED });
    // The engine's own loader for analyzers of a runtime without a language host (the Node.js host built here
    // cannot run policy packs): it starts pulumi-analyzer-policy-<runtime> from PATH, which runs the pack with
    // @pulumi/pulumi's run-policy-pack entry point, as Pulumi's pulumi-analyzer-policy script does.
    pack = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-pack-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pack, "node_modules"), "dir");
    fs.writeFileSync(path.join(pack, "PulumiPolicy.yaml"), "runtime: crossguard-node\n");
    fs.writeFileSync(
      path.join(pack, "package.json"),
      JSON.stringify({ name: "canary-mesh-pack", version: "0.0.1", main: "index.js" }),
    );
    fs.writeFileSync(
      path.join(pack, "index.js"),
      'require("pulumi-canary-mesh/policy").canaryMeshPolicyPack("canary-mesh");\n',
    );
    bin = path.join(pack, "bin");
    fs.mkdirSync(bin);
    const analyzer = path.join(bin, "pulumi-analyzer-policy-crossguard-node");
    fs.writeFileSync(analyzer, '#!/bin/sh\nexec node ./node_modules/@pulumi/pulumi/cmd/run-policy-pack "$@"\n', {
      mode: 0o755,
    });
    stack = await E2EStack.create({
      program: program({ gated: false, name: "packed" }),
      config: emulatorStackConfig(emulator.url),
      projectName: "packed",
      path: [bin],
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    fs.rmSync(pack, { recursive: true, force: true });
    await emulator?.close();
  });

  it("warns about an ungated split (advisory: the preview still passes)", async () => {
    const result = await stack.run(["preview", "--policy-pack", pack]);
    const out = result.stdout + result.stderr;
    expect(out).toMatch(/\[advisory\]\s+ungated-shift/);
    expect(out).toContain(
      "packed: traffic is split (canary 10%, stable 90%) but the channel does not depend on a gate",
    );
    expect(result.code).toBe(0);
  });

  it("fails the preview on a weighted group without members (mandatory)", async () => {
    stack.writeProgram(program({ name: "packed", canaryHosts: [] }));
    const result = await stack.run(["preview", "--policy-pack", pack]);
    const out = result.stdout + result.stderr;
    expect(out).toMatch(/\[mandatory\]\s+members-emptied/);
    expect(out).toContain("packed: group canary has weight 10 but no member that can serve");
    expect(out).not.toContain("ungated-shift");
    expect(result.code).not.toBe(0);
  });

  it("passes a gated rollout with members in every weighted group", async () => {
    stack.writeProgram(program({ name: "packed" }));
    const result = await stack.run(["preview", "--policy-pack", pack]);
    expect(result.stdout + result.stderr).not.toMatch(/members-emptied|ungated-shift/);
    expect(result.stdout).toContain("canary-mesh@v0.0.1");
    expect(result.code).toBe(0);
  });

  it("judges a CanaryRollout's declared steps and gates: a jump to 100% without a health gate fails", async () => {
    const rollout = (steps: object[], gates: object) => `
${program({ name: "packed", gated: false }).replace("new huawei.apig.VpcChannel(", "const channel = new huawei.apig.VpcChannel(").replace('{ name: "stable", weight: 90 }, { name: "canary", weight: 10 }', '{ name: "stable" }, { name: "canary" }')}
new (require("pulumi-canary-mesh").CanaryRollout)("release", {
  revision: "v1",
  channels: [{ instanceId: channel.instanceId, vpcChannelId: channel.id, stableGroup: "stable", canaryGroup: "canary" }],
  steps: ${JSON.stringify(steps)},
  gates: ${JSON.stringify(gates)},
});
`;
    stack.writeProgram(rollout([{ weight: 100 }], {}));
    const risky = await stack.run(["preview", "--policy-pack", pack]);
    const out = risky.stdout + risky.stderr;
    expect(out).toMatch(/\[mandatory\]\s+rollout-step/);
    expect(out).toContain("release: the plan moves the canary's share more than 50 points in one step: 0% → 100%");
    expect(out).toMatch(/\[mandatory\]\s+rollout-ungated/);
    expect(risky.code).not.toBe(0);

    stack.writeProgram(
      rollout([{ weight: 20, pause: { seconds: 60 } }, { weight: 60 }, { weight: 100 }], { healthyMembers: true }),
    );
    const safe = await stack.run(["preview", "--policy-pack", pack]);
    expect(safe.stdout + safe.stderr).not.toMatch(/rollout-(step|ungated|duration|conflict)/);
    expect(safe.code).toBe(0);
  });
});
