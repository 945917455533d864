/**
 * ASM proxy status: the pure derivation (counts, not-synced list), `getProxyStatus`, and the tracked lookup's
 * provider methods with its SYNCED gate, against the emulator (whose `then`/`afterReads` flips states mid-wait).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { proxy, valueOf, alibabaEmulatorEnv } from "../support/fixtures";
import { adminCall, requestLog, useEmulatorEnv } from "../support/emulator";

import {
  describeProxyStatus,
  getProxyStatus,
  getProxyStatusOutput,
  ProxyStatus,
  proxyStatusFromWire,
  ProxyStatusLookupInput,
  ProxyStatusLookupOutputs,
  proxyStatusLookupProvider as provider,
} from "../../src/lookups/proxyStatus";
import { WaitTimeoutError } from "../../src/core/poll";
import { UNKNOWN } from "../../src/core/unknowns";
import { CloudApiError, InputError } from "../../src/core/errors";

let logged: string[] = [];

const emulator = useEmulatorEnv(alibabaEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const cloudCalls = async () => (await requestLog<{ action: string }>(emulator.url())).map((r) => r.action);
const setMesh = (id: string, body: object) => admin("PUT", `/alibaba/asm/meshes/${id}`, body);

const lagging = [
  proxy("sidecar-b", { RouteSynced: "STALE", EndpointSynced: "NOT SENT", EndpointPercent: "0.5" }),
  proxy("gateway-a"),
  proxy("sidecar-c", { ClusterSynced: "STALE (Never Acknowledged)" }),
];
const synced = [proxy("sidecar-b"), proxy("gateway-a"), proxy("sidecar-c")];

const expectedLagging: ProxyStatus = {
  serviceMeshId: "mesh-1",
  proxies: [
    {
      proxyId: "gateway-a",
      proxyVersion: "1.9.7",
      istioVersion: "1.9.7",
      clusterSynced: "SYNCED",
      listenerSynced: "SYNCED",
      routeSynced: "SYNCED",
      endpointSynced: "SYNCED",
      endpointPercent: 1,
    },
    {
      proxyId: "sidecar-b",
      proxyVersion: "1.9.7",
      istioVersion: "1.9.7",
      clusterSynced: "SYNCED",
      listenerSynced: "SYNCED",
      routeSynced: "STALE",
      endpointSynced: "NOT SENT",
      endpointPercent: 0.5,
    },
    {
      proxyId: "sidecar-c",
      proxyVersion: "1.9.7",
      istioVersion: "1.9.7",
      clusterSynced: "STALE (Never Acknowledged)",
      listenerSynced: "SYNCED",
      routeSynced: "SYNCED",
      endpointSynced: "SYNCED",
      endpointPercent: 1,
    },
  ],
  total: 3,
  syncedCount: 1,
  allSynced: false,
  notSynced: [
    { proxyId: "sidecar-b", notSynced: ["route", "endpoint"] },
    { proxyId: "sidecar-c", notSynced: ["cluster"] },
  ],
  counts: {
    cluster: { SYNCED: 2, "NOT SENT": 0, STALE: 0, "STALE (Never Acknowledged)": 1 },
    listener: { SYNCED: 3, "NOT SENT": 0, STALE: 0, "STALE (Never Acknowledged)": 0 },
    route: { SYNCED: 2, "NOT SENT": 0, STALE: 1, "STALE (Never Acknowledged)": 0 },
    endpoint: { SYNCED: 2, "NOT SENT": 1, STALE: 0, "STALE (Never Acknowledged)": 0 },
  },
};

async function checked(raw: Record<string, unknown>) {
  const result = await provider.check({}, raw);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as ProxyStatusLookupInput & { region: string };
}

beforeEach(async () => {
  await admin("POST", "/reset");
  await setMesh("mesh-1", { ProxyStatus: lagging });
  logged = [];
  jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe("proxyStatusFromWire and describeProxyStatus (pure)", () => {
  it("counts undocumented and missing states, and lists every lagging type", () => {
    const status = proxyStatusFromWire("m", [
      { ProxyId: "p", ClusterSynced: "FUTURE STATE", ListenerSynced: "SYNCED", RouteSynced: "SYNCED" },
    ]);
    expect(status.counts.cluster).toEqual({
      SYNCED: 0,
      "NOT SENT": 0,
      STALE: 0,
      "STALE (Never Acknowledged)": 0,
      "FUTURE STATE": 1,
    });
    expect(status.counts.endpoint.UNKNOWN).toBe(1);
    expect(status.notSynced).toEqual([{ proxyId: "p", notSynced: ["cluster", "endpoint"] }]);
    expect(status.proxies[0]!.endpointPercent).toBeUndefined();
  });

  it("treats zero proxies as not synced: an empty data plane has received nothing", () => {
    const status = proxyStatusFromWire("m", []);
    expect(status).toMatchObject({ total: 0, syncedCount: 0, allSynced: false, notSynced: [] });
    expect(describeProxyStatus(status)).toBe("0 proxies reported (the gate needs at least one proxy)");
  });

  it("describes what is lagging, shortened past the limit", () => {
    const many = Array.from({ length: 8 }, (_, i) => proxy(`p-${i}`, { RouteSynced: "STALE" }));
    expect(describeProxyStatus(proxyStatusFromWire("m", [proxy("ok"), ...many]), 2)).toBe(
      "1/9 proxies synced; not synced: p-0 (route: STALE), p-1 (route: STALE) and 6 more",
    );
    expect(describeProxyStatus(proxyStatusFromWire("m", synced))).toBe("3/3 proxies synced");
  });
});

describe("getProxyStatus", () => {
  it("returns every proxy field, sorted, with the derived gate fields", async () => {
    expect(await getProxyStatus({ serviceMeshId: "mesh-1" })).toEqual(expectedLagging);
    expect(await cloudCalls()).toEqual(["DescribeServiceMeshProxyStatus"]);
  });

  it("has an Output form", async () => {
    await setMesh("mesh-2", { ProxyStatus: synced });
    expect(await valueOf(getProxyStatusOutput({ serviceMeshId: Promise.resolve("mesh-2") }))).toMatchObject({
      allSynced: true,
      total: 3,
      syncedCount: 3,
    });
  });

  it("says which mesh is missing", async () => {
    const error = await getProxyStatus({ serviceMeshId: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect((error as Error).message).toMatch(/service mesh nope not found/);
  });

  it("explains a 403 as a permission problem, without retrying", async () => {
    await setMesh("locked", { ProxyStatus: [], Code: "403" });
    await admin("DELETE", "/requests");
    const error = await getProxyStatus({ serviceMeshId: "locked" }).catch((e: unknown) => e);
    expect((error as CloudApiError).code).toBe("403");
    expect((error as Error).message).toMatch(/grant servicemesh:DescribeServiceMeshProxyStatus/);
    expect(await cloudCalls()).toEqual(["DescribeServiceMeshProxyStatus"]);
  });

  it("rejects bad arguments before any call", async () => {
    const error = await getProxyStatus({ serviceMeshId: "has space" }).catch((e: unknown) => e);
    expect((error as InputError).failures).toEqual([
      { property: "serviceMeshId", reason: expect.stringMatching(/1–64 letters/) },
    ]);
    expect(await cloudCalls()).toEqual([]);
  });
});

describe("ProxyStatusLookup provider", () => {
  it("without waitFor: reads once, stores every field, and a second up is a no-op", async () => {
    const inputs = await checked({ serviceMeshId: "mesh-1" });
    expect(inputs).toEqual({ serviceMeshId: "mesh-1", region: "cn-hangzhou" });
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe("mesh-1");
    expect(outs).toEqual({
      ...expectedLagging,
      region: "cn-hangzhou",
      __seen: expect.any(String),
      __accepted: outs.__seen,
    });
    expect(() => Struct.fromJavaScript(outs)).not.toThrow();
    expect(await provider.diff(id, outs, await checked({ serviceMeshId: "mesh-1" }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await cloudCalls()).toEqual(["DescribeServiceMeshProxyStatus"]);
  });

  it("gate: waits while proxies lag and returns once the emulator reports them all SYNCED", async () => {
    await setMesh("mesh-1", { ProxyStatus: lagging, then: [{ afterReads: 2, ProxyStatus: synced }] });
    const inputs = await checked({
      serviceMeshId: "mesh-1",
      waitFor: { allSynced: true, timeoutSeconds: 10, intervalSeconds: 0.1 },
    });
    const { outs } = await provider.create(inputs);
    expect(outs).toMatchObject({ allSynced: true, syncedCount: 3, notSynced: [], waitFor: inputs.waitFor });
    expect(await cloudCalls()).toEqual(Array(3).fill("DescribeServiceMeshProxyStatus"));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(
      /^\[canary-mesh\] ProxyStatusLookup mesh-1: 1\/3 proxies synced; not synced: sidecar-b \(route: STALE, endpoint: NOT SENT\), sidecar-c \(cluster: STALE \(Never Acknowledged\)\) \(0 s\)$/,
    );
  });

  it("gate: times out saying which proxies lag on which xDS types", async () => {
    const inputs = await checked({
      serviceMeshId: "mesh-1",
      waitFor: { allSynced: true, timeoutSeconds: 1, intervalSeconds: 0.2 },
    });
    const started = Date.now();
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /^Timed out after 1\.\d s \(\d+ reads\) waiting for every proxy of mesh mesh-1 to be SYNCED for cluster, listener, route and endpoint\. Last seen: 1\/3 proxies synced; not synced: sidecar-b \(route: STALE, endpoint: NOT SENT\), sidecar-c \(cluster: STALE \(Never Acknowledged\)\)$/,
    );
  });

  it("gate: an empty data plane does not pass", async () => {
    await setMesh("empty", { ProxyStatus: [] });
    const inputs = await checked({
      serviceMeshId: "empty",
      waitFor: { allSynced: true, timeoutSeconds: 0.3, intervalSeconds: 0.1 },
    });
    await expect(provider.create(inputs)).rejects.toThrow(/Last seen: 0 proxies reported/);
  });

  it("refresh reports drift when the proxies' status changed, and none when it did not", async () => {
    const inputs = await checked({ serviceMeshId: "mesh-1" });
    const { id, outs } = await provider.create(inputs);
    const same = await provider.read(id, outs as ProxyStatusLookupOutputs);
    expect((await provider.diff(id, same.props, inputs)).changes).toBe(false);
    await setMesh("mesh-1", { ProxyStatus: synced });
    const refreshed = await provider.read(id, same.props as ProxyStatusLookupOutputs);
    expect(refreshed.props).toMatchObject({ allSynced: true, __accepted: outs.__accepted });
    expect(await provider.diff(id, refreshed.props, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await provider.update(id, refreshed.props as ProxyStatusLookupOutputs, inputs);
    expect((await provider.diff(id, updated.outs, inputs)).changes).toBe(false);
  });

  it("a new waitFor is an update that waits; a new mesh or region replaces", async () => {
    await setMesh("mesh-1", { ProxyStatus: synced });
    const { id, outs } = await provider.create(await checked({ serviceMeshId: "mesh-1" }));
    const gated = await checked({ serviceMeshId: "mesh-1", waitFor: { allSynced: true, timeoutSeconds: 5 } });
    expect(await provider.diff(id, outs, gated)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await provider.update(id, outs as ProxyStatusLookupOutputs, gated)).outs).toMatchObject({
      allSynced: true,
      waitFor: gated.waitFor,
    });
    expect((await provider.diff(id, outs, { serviceMeshId: "mesh-9", region: "cn-hangzhou" })).replaces).toEqual([
      "serviceMeshId",
    ]);
    expect((await provider.diff(id, outs, { serviceMeshId: "mesh-1", region: "cn-beijing" })).replaces).toEqual([
      "region",
    ]);
    expect(
      (await provider.diff(id, outs, { serviceMeshId: "mesh-1", region: "cn-hangzhou", waitFor: UNKNOWN })).changes,
    ).toBe(true);
  });

  it("refresh fails clearly when the mesh vanished", async () => {
    const { id, outs } = await provider.create(await checked({ serviceMeshId: "mesh-1" }));
    await admin("POST", "/reset");
    await expect(provider.read(id, outs as ProxyStatusLookupOutputs)).rejects.toThrow(/service mesh mesh-1 not found/);
  });

  it("delete makes no cloud call", async () => {
    const { id, outs } = await provider.create(await checked({ serviceMeshId: "mesh-1" }));
    await admin("DELETE", "/requests");
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await cloudCalls()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<[string, RegExp]>]>([
    ["missing mesh id", {}, [["serviceMeshId", /serviceMeshId is required/]]],
    [
      "allSynced false",
      { serviceMeshId: "m", waitFor: { allSynced: false } },
      [["waitFor.allSynced", /allSynced must be true/]],
    ],
    ["waitFor not an object", { serviceMeshId: "m", waitFor: true }, [["waitFor", /waitFor must be an object/]]],
    [
      "negative timeout",
      { serviceMeshId: "m", waitFor: { allSynced: true, timeoutSeconds: -1 } },
      [["waitFor.timeoutSeconds", /timeoutSeconds must be more than 0/]],
    ],
    [
      "interval over timeout",
      { serviceMeshId: "m", waitFor: { allSynced: true, timeoutSeconds: 2, intervalSeconds: 3 } },
      [["waitFor.intervalSeconds", /must not exceed timeoutSeconds/]],
    ],
    [
      "misspelt waitFor key and a bad top-level value together",
      { serviceMeshId: "", waitFor: { allSynced: true, timeout: 5 } },
      [
        ["serviceMeshId", /1–64 letters/],
        ["waitFor.timeout", /unknown property "timeout"; check the spelling against ProxyStatusLookupArgs/],
      ],
    ],
  ])("check rejects %s with the property path and rule, before any call", async (_name, raw, expected) => {
    await admin("DELETE", "/requests");
    const result = await provider.check({}, raw);
    expect(result.failures).toEqual(
      expected.map(([property, reason]) => ({ property, reason: expect.stringMatching(reason) })),
    );
    expect(await cloudCalls()).toEqual([]);
  });

  it("check lets preview unknowns through untouched, even inside waitFor", async () => {
    const news = { serviceMeshId: "mesh-1", waitFor: { allSynced: true, timeoutSeconds: UNKNOWN } };
    expect(await provider.check({}, news)).toEqual({ inputs: news });
    expect(await provider.check({}, { serviceMeshId: UNKNOWN, waitFor: UNKNOWN })).toEqual({
      inputs: { serviceMeshId: UNKNOWN, waitFor: UNKNOWN },
    });
  });
});
