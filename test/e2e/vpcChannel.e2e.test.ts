/**
 * VpcChannel through the real Pulumi engine: preview/up/refresh/destroy against compiled dist/ and the emulator.
 */
import fs from "node:fs";
import path from "node:path";
import { startEmulator } from "../../src/emulator";
import { EMULATOR_HUAWEI_ACCESS_KEY, EMULATOR_HUAWEI_SECRET_KEY } from "../../src/emulator/keys";
import { adminCall, clearRequestLog, huawei, requestLog } from "../support/emulator";
import { channelArgs, emulatorStackConfig } from "../support/fixtures";
import { changedPropertyLines, E2EStack, liveChannels, ROOT, WRITE_METHODS } from "./harness";
import { PROJECT_ID } from "../support/fixtures";

jest.setTimeout(600_000);

const NACOS_PASSWORD = "nacos-Pa55word-e2e-7f3a";

interface Member {
  host: string;
  port?: number;
  weight?: number;
  groupName?: string;
}

function program(channels: Array<Record<string, unknown>>): string {
  return `
const { huawei } = require("pulumi-canary-mesh");
const channels = ${JSON.stringify(channels)};
for (const c of channels) {
  const { resourceName, ...args } = c;
  const ch = new huawei.apig.VpcChannel(resourceName, args);
  exports[resourceName] = { id: ch.id, members: ch.members, status: ch.status };
}
`;
}

const members: Member[] = [
  { host: "10.0.0.5", weight: 10, groupName: "stable" },
  { host: "10.0.0.6", weight: 10, groupName: "stable" },
  { host: "10.0.1.5", weight: 10, groupName: "canary" },
];

/** The standard channel with three members, as the program's `orders` resource. */
function orders(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return channelArgs({ resourceName: "orders", instanceId: "gw-e2e", members, ...overrides });
}

const channelsOf = (url: string) => liveChannels(url, "gw-e2e");

describe("VpcChannel through the Pulumi engine", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await E2EStack.create({
      program: program([orders()]),
      config: emulatorStackConfig(emulator.url),
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("up creates exactly what the program declares; a second up makes zero write calls", async () => {
    await stack.up();
    const channels = await channelsOf(emulator.url);
    expect(channels).toHaveLength(1);
    const ch = channels[0]!;
    expect(ch.name).toBe("orders-backend");
    expect(ch.members!.length).toBe(3);
    expect(ch.member_groups!.map((g) => g.member_group_name).sort()).toEqual(["canary", "stable"]);

    await clearRequestLog(emulator.url);
    const second = await stack.up();
    expect(second.stdout).not.toMatch(/updated|created|deleted/);
    const writes = (await requestLog(emulator.url)).filter((r) => WRITE_METHODS.has(r.method));
    expect(writes).toEqual([]);
  });

  it("refresh --expect-no-changes passes right after up", async () => {
    await stack.refresh(["--expect-no-changes"]);
  });

  it("preview --diff after reordering members and groups reports no change", async () => {
    stack.writeProgram(
      program([orders({ members: [...members].reverse(), memberGroups: [...channelArgs().memberGroups].reverse() })]),
    );
    const result = await stack.preview(["--expect-no-changes"]);
    expect(changedPropertyLines(result.stdout)).toEqual([]);
  });

  it("preview --diff after adding one member reports exactly that member", async () => {
    stack.writeProgram(
      program([orders({ members: [...members, { host: "10.0.1.6", weight: 10, groupName: "canary" }] })]),
    );
    const lines = changedPropertyLines((await stack.preview()).stdout);
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.every(
        (l) =>
          l.includes("canary/10.0.1.6:8080") ||
          /^[+]\s+(host|port|weight|isBackup|status|groupName)\b/.test(l) ||
          /^~ members/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith("+") && l.includes("canary/10.0.1.6:8080"))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/10\.0\.0\.5|10\.0\.0\.6|10\.0\.1\.5/);
  });

  it("preview --diff after a weight change reports exactly that weight", async () => {
    stack.writeProgram(
      program([
        orders({
          memberGroups: [
            { name: "stable", weight: 80 },
            { name: "canary", weight: 20 },
          ],
        }),
      ]),
    );
    const lines = changedPropertyLines((await stack.preview()).stdout);
    const leaves = lines.filter((l) => /^~ weight/.test(l));
    expect(leaves).toHaveLength(2);
    expect(lines.join("\n")).toMatch(/weight\s*:\s*90\s*=>\s*80/);
    expect(lines.join("\n")).toMatch(/weight\s*:\s*10\s*=>\s*20/);
    expect(lines.filter((l) => !/^~ (weight|memberGroups|canary|stable)\b/.test(l))).toEqual([]);
    await stack.up();
    const live = (await channelsOf(emulator.url))[0]!;
    expect(live.member_groups!.find((g) => g.member_group_name === "canary")!.member_group_weight).toBe(20);
  });

  it("an out-of-band edit is reported by refresh and undone by the next up", async () => {
    const id = (await channelsOf(emulator.url))[0]!.id;
    const edit = await fetch(`${emulator.url}/_emulator/huawei/apig/vpc-channels/${id}/console-edit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ balance_strategy: 2 }),
    });
    expect(edit.status).toBeLessThan(300);
    // The CI drift check: fails, and writes nothing.
    const check = await stack.run(["preview", "--refresh", "--expect-no-changes", "--diff"]);
    expect(check.code).not.toBe(0);
    expect(check.stdout).toMatch(/balanceStrategy/);
    const refreshed = await stack.refresh();
    expect(refreshed.stdout).toMatch(/balanceStrategy/);
    expect(refreshed.stdout).toMatch(/1 updated/);
    const preview = await stack.preview();
    expect(changedPropertyLines(preview.stdout)).toEqual([
      expect.stringMatching(/balanceStrategy: "leastConnections" => "roundRobin"/),
    ]);
    await stack.up();
    expect((await channelsOf(emulator.url))[0]!.balance_strategy).toBe(1);
    await stack.refresh(["--expect-no-changes"]);
  });

  it("replaces on channel type keeping the name (delete before replace)", async () => {
    stack.writeProgram(
      program([
        orders({
          memberGroups: [{ name: "stable" }, { name: "canary" }],
          channelType: "microservice",
          microservice: {
            serviceType: "NACOS",
            nacos: {
              serviceName: "orders",
              servers: [{ ipAddress: "10.0.9.9", port: 8848 }],
              user: { userName: "nacos", password: NACOS_PASSWORD },
            },
          },
        }),
      ]),
    );
    const result = await stack.up();
    expect(result.stdout).toMatch(/replaced/);
    const channels = await channelsOf(emulator.url);
    expect(channels).toHaveLength(1);
    expect(channels[0]!.vpc_channel_type).toBe("microservice");
  });

  it("keeps secrets out of state and each serialized provider under 2 KB", async () => {
    const exported = await stack.exportState();
    const text = JSON.stringify(exported);
    expect(text).not.toContain(EMULATOR_HUAWEI_SECRET_KEY);
    expect(text).not.toContain(NACOS_PASSWORD);
    const channel = exported.deployment.resources.find((r) => String(r.type).endsWith(":VpcChannel"))!;
    const provider = (channel.inputs as Record<string, unknown>).__provider as string;
    expect(typeof provider).toBe("string");
    expect(Buffer.byteLength(provider)).toBeLessThan(2048);
    expect(provider).not.toMatch(/SecretKey|secretKey|axios|zod/);
  });

  it("refresh and destroy run the installed implementation, not a stale copy in state", async () => {
    const marker = "canary-mesh-impl-rebuilt-marker";
    const implPath = path.join(ROOT, "dist", "vpcChannel", "provider.js");
    const original = fs.readFileSync(implPath, "utf8");
    try {
      fs.writeFileSync(
        implPath,
        original.replace("read(id, props) {", `read(id, props) {\n        console.log("${marker}");`),
      );
      const refreshed = await stack.refresh();
      expect(refreshed.stdout + refreshed.stderr).toContain(marker);
    } finally {
      fs.writeFileSync(implPath, original);
    }
    await stack.destroy();
    expect(await channelsOf(emulator.url)).toEqual([]);
  });
});

describe("answers shaped exactly like the documents' examples", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const orders = channelArgs({ instanceId: "gw-docs" });
    stack = await E2EStack.create({
      program: `
const { huawei } = require("pulumi-canary-mesh");
const orders = new huawei.apig.VpcChannel("orders", ${JSON.stringify(orders)});
const mirror = new huawei.apig.VpcChannel("mirror", {
  instanceId: "gw-docs", name: "orders-mirror", port: 8080, channelType: "reference",
  memberGroups: [{ name: "mirrored", weight: 1, referenceVpcChannelId: orders.id }],
});
exports.result = orders.healthCheck.apply((h) => h && h.result);
`,
      config: emulatorStackConfig(emulator.url),
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("refresh reports no drift and the next up writes nothing", async () => {
    await stack.up();
    const channels = await liveChannels(emulator.url, "gw-docs");
    expect(channels.map((c) => c.vpc_channel_type).sort()).toEqual(["builtin", "reference"]);
    // As in the ShowVpcChannel examples: the health check failing (status 2 is its result), no vpc_channel_type
    // (the reference falls back to `type`), times with nanoseconds, and fields this release does not know.
    for (const channel of channels) {
      await adminCall(emulator.url, "PUT", `/huawei/apig/vpc-channels/${channel.id}/answer`, {
        healthResult: 2,
        omit: ["vpc_channel_type"],
        extra: {
          create_time: "2020-07-23T07:11:57.244829604Z",
          traffic_mirror: { enabled: true },
          lb_algorithm_version: 3,
        },
      });
    }
    const shown = await huawei(
      emulator.url,
      "GET",
      `/v2/${PROJECT_ID}/apigw/instances/gw-docs/vpc-channels/${channels[0]!.id}`,
    );
    expect(shown.body).not.toHaveProperty("vpc_channel_type");
    expect(shown.body).toMatchObject({ create_time: "2020-07-23T07:11:57.244829604Z", lb_algorithm_version: 3 });

    const refreshed = await stack.refresh(["--expect-no-changes"]);
    expect(refreshed.code).toBe(0);
    // The result is an output: refresh records it without calling it drift.
    const state = await stack.exportState();
    const orders = state.deployment.resources.find((r) => String(r.urn).endsWith("::orders"))!;
    expect((orders.outputs as { healthCheck: { result: string } }).healthCheck.result).toBe("unavailable");
    await clearRequestLog(emulator.url);
    const up = await stack.up();
    expect(up.stdout).not.toMatch(/updated|created|deleted|replaced/);
    expect((await requestLog(emulator.url)).filter((r) => WRITE_METHODS.has(r.method))).toEqual([]);
    expect((await stack.outputs()).result).toBe("unavailable");
    await stack.refresh(["--expect-no-changes"]);
  });
});

describe("adoption through the Pulumi engine", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;
  const config = (url: string) => ({
    "canary-mesh:endpoint": url,
    "canary-mesh:huaweiRegion": "cn-north-4",
    "canary-mesh:huaweiProjectId": PROJECT_ID,
    "canary-mesh:huaweiAccessKey": EMULATOR_HUAWEI_ACCESS_KEY,
    "canary-mesh:huaweiSecretKey": { secret: EMULATOR_HUAWEI_SECRET_KEY },
  });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    // A channel made outside this stack (for example in the console), with a stale member.
    const other = await E2EStack.create({
      program: program([
        orders({ resourceName: "legacy", members: [{ host: "10.9.9.9", weight: 1, groupName: "stable" }] }),
      ]),
      config: config(emulator.url),
      projectName: "legacy",
    });
    await other.up();
    other.cleanup();
    stack = await E2EStack.create({ program: program([orders()]), config: config(emulator.url) });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("without adopt, a duplicate name fails with a message suggesting adopt", async () => {
    const result = await stack.run(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/APIG\.3208/);
    expect(result.stdout + result.stderr).toMatch(/adopt: true/);
    expect(await channelsOf(emulator.url)).toHaveLength(1);
  });

  it("adopt: true takes over the existing channel and applies the desired state", async () => {
    stack.writeProgram(program([orders({ adopt: true })]));
    await stack.up();
    const channels = await channelsOf(emulator.url);
    expect(channels).toHaveLength(1);
    const hosts = channels[0]!.members!.map((m) => m.host).sort();
    expect(hosts).toEqual(["10.0.0.5", "10.0.0.6", "10.0.1.5"]);
    await stack.refresh(["--expect-no-changes"]);
    await stack.destroy();
    expect(await channelsOf(emulator.url)).toEqual([]);
  });
});
