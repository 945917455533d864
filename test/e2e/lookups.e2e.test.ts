/**
 * Lookups and rollout gates through the real Pulumi engine: a gate holds a dependent channel until the emulator
 * flips state, refresh reports a lookup's drift, destroy never calls a delete API for lookups.
 */
import { startEmulator } from "../../src/emulator";

import { adminCall, requestLog } from "../support/emulator";
import { E2EStack, liveChannels } from "./harness";
import { emulatorStackConfig, ordersGreyRoute } from "../support/fixtures";

jest.setTimeout(600_000);

const MESH = "c0ffee0123456789abcdef0123456789a";
const ROUTE = 16;

const proxy = (id: string, synced: boolean) => ({
  ProxyId: id,
  ProxyVersion: "1.22.3",
  IstioVersion: "1.22.3",
  ClusterSynced: "SYNCED",
  ListenerSynced: "SYNCED",
  RouteSynced: synced ? "SYNCED" : "STALE",
  EndpointSynced: synced ? "SYNCED" : "NOT SENT",
  EndpointPercent: synced ? "1" : "0.5",
});

const route = (description: string) =>
  ordersGreyRoute({ GreyTagRouteId: ROUTE, Description: description, DubboRules: [], AlbRules: [] });

const PROGRAM = `
const { alibaba, huawei } = require("pulumi-canary-mesh");
const gate = new alibaba.asm.ProxyStatusLookup("proxies", {
  serviceMeshId: "${MESH}",
  waitFor: { allSynced: true, timeoutSeconds: 60, intervalSeconds: 0.2 },
});
const route = new alibaba.sae.GreyTagRouteLookup("route", { greyTagRouteId: ${ROUTE} });
const channel = new huawei.apig.VpcChannel("orders", {
  instanceId: "gw-gates", name: "orders-backend", port: 8080, memberType: "ip",
  members: [{ host: "10.0.0.5", weight: 10 }],
}, { dependsOn: [gate] });
exports.synced = gate.allSynced;
exports.routeName = route.name;
exports.channelId = channel.id;
`;

describe("rollout gates and lookups through the Pulumi engine", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const ids = ["p-1", "p-2", "p-3"];
    await adminCall(emulator.url, "PUT", `/alibaba/asm/meshes/${MESH}`, {
      ProxyStatus: ids.map((id, i) => proxy(id, i === 0)),
      then: [{ afterReads: 3, ProxyStatus: ids.map((id) => proxy(id, true)) }],
    });
    await adminCall(emulator.url, "POST", "/alibaba/sae/grey-tag-routes", route("canary by header"));
    stack = await E2EStack.create({
      program: PROGRAM,
      config: emulatorStackConfig(emulator.url),
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("a gate holds the dependent channel until every proxy is synced", async () => {
    const result = await stack.up();
    expect(result.stdout).toMatch(/1\/3 proxies synced/);
    const log = await requestLog(emulator.url);
    const reads = log.map((r, i) => ({ ...r, i })).filter((r) => r.action === "DescribeServiceMeshProxyStatus");
    const create = log.findIndex((r) => r.action === "CreateVpcChannel");
    expect(reads.length).toBeGreaterThanOrEqual(4);
    // The channel was created only after the read that saw every proxy synced (the fourth).
    expect(create).toBeGreaterThan(reads[3]!.i);
    expect((await stack.outputs()).synced).toBe(true);
    expect(await liveChannels(emulator.url, "gw-gates")).toHaveLength(1);
  });

  it("refresh reports a lookup's drift; nothing drifts right after up", async () => {
    await stack.refresh(["--expect-no-changes"]);
    await adminCall(emulator.url, "POST", "/alibaba/sae/grey-tag-routes", route("canary by header and cookie"));
    const check = await stack.run(["preview", "--refresh", "--expect-no-changes"]);
    expect(check.code).not.toBe(0);
    const refreshed = await stack.refresh(["--diff"]);
    expect(refreshed.stdout).toMatch(/GreyTagRouteLookup/);
    expect(refreshed.stdout).toMatch(/canary by header and cookie/);
    expect(refreshed.stdout).toMatch(/1 updated/);
  });

  it("destroy removes the channel and never calls a delete API for lookups", async () => {
    const before = (await requestLog(emulator.url)).length;
    await stack.destroy();
    const calls = (await requestLog(emulator.url)).slice(before);
    // One call in all: the channel's delete. Lookups are dropped from state without touching the cloud.
    expect(calls.map((c) => c.action)).toEqual(["DeleteVpcChannel"]);
    expect(await liveChannels(emulator.url, "gw-gates")).toEqual([]);
  });
});
