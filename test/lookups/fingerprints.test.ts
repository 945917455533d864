/**
 * Golden fingerprints. Tracked lookups store a fingerprint of their normalised result in state (`__seen`,
 * `__accepted`); a refresh compares a new one with the stored one. If the canonical JSON, the hash or the shape
 * of a normalised result changed, every existing lookup would report drift once: these values must never change.
 */
import { fingerprint } from "../../src/lookups/trackedLookup";
import { greyTagRouteFromWire } from "../../src/lookups/greyTagRoute";
import { proxyStatusFromWire } from "../../src/lookups/proxyStatus";
import { meshUpgradeFromWire } from "../../src/lookups/meshUpgrade";

/** The DescribeGreyTagRoute document's example `Data` (abridged to one rule of each kind, out of order). */
const GREY_TAG_ROUTE = {
  GreyTagRouteId: 16,
  Name: "rule-name",
  Description: "test",
  AppId: "3faaf993-7aed-4bcd-b189-625e6a5a0001",
  CreateTime: 1619007592013,
  UpdateTime: 1609434061000,
  ScRules: [
    {
      path: "/post-echo/hi",
      condition: "OR",
      items: [
        { type: "param", name: "t", operator: "rawvalue", value: "2", cond: "==", index: 0, expr: "N/A" },
        { type: "cookie", name: "c", operator: "rawvalue", value: "1", cond: "==", index: 0, expr: "N/A" },
      ],
    },
  ],
  DubboRules: [
    {
      serviceName: "com.alibaba.edas.boot.EchoService",
      group: "DUBBO",
      version: "1.0.0",
      methodName: "echo",
      condition: "OR",
      items: [{ index: 0, expr: ".name", operator: "rawvalue", value: "test", cond: "==", type: "N/A", name: "N/A" }],
    },
  ],
  AlbRules: [
    {
      serviceId: "22",
      ingressId: "23",
      condition: "AND",
      items: [{ type: "sourceIp", name: "N/A", operator: "rawvalue", value: "10.0.0.1", cond: "==" }],
    },
  ],
};

const PROXIES = [
  {
    ProxyId: "istio-ingressgateway-7d9f.istio-system",
    ProxyVersion: "1.9.7",
    IstioVersion: "1.9.7",
    ClusterSynced: "SYNCED",
    ListenerSynced: "SYNCED",
    RouteSynced: "STALE",
    EndpointSynced: "NOT SENT",
    EndpointPercent: "0.5",
  },
  {
    ProxyId: "details-v1-6b8c.default",
    ProxyVersion: "1.9.7",
    IstioVersion: "1.9.7",
    ClusterSynced: "SYNCED",
    ListenerSynced: "SYNCED",
    RouteSynced: "SYNCED",
    EndpointSynced: "SYNCED",
    EndpointPercent: "1",
  },
];

const MESH_UPGRADE = {
  kind: "MeshUpgrade",
  apiVersion: "v1",
  metadata: {
    name: "upgrade-1",
    uid: "4f6c3c2e-8d7a-4c38-9b1e-6a1d2f3e4b5c",
    creationTimestamp: "2026-01-01T00:00:00Z",
  },
  spec: {
    meshId: "mesh-1",
    upgradeStrategy: "canary",
    targetVersion: "1.18.7",
    targetType: "CCE",
    currentStep: { name: "upgrade-dataplane", action: "next" },
  },
  status: {
    state: "Running",
    currentStep: { id: "3", phase: "DataPlaneUpgrading", startTime: "2026-01-01T00:05:00Z" },
    updatedAt: "2026-01-01T00:06:00Z",
  },
};

describe("golden fingerprints of normalised lookup results", () => {
  it.each([
    [
      "grey tag route",
      () => greyTagRouteFromWire(GREY_TAG_ROUTE, "cn-hangzhou"),
      "3b2248919cc3184fb3d01be2094db4dd80ee1497882d1acfeafd6ac629301fed",
    ],
    [
      "proxy status",
      () => proxyStatusFromWire("mesh-1", PROXIES),
      "6589746a58c9b26cb430db5841a49ff91e4c4fd4a12fde83d02dc4c0075d4b42",
    ],
    [
      "mesh upgrade",
      () =>
        meshUpgradeFromWire(MESH_UPGRADE, {
          meshUpgradeId: MESH_UPGRADE.metadata.uid,
          projectId: "0123456789abcdef0123456789abcdef",
          region: "cn-north-4",
        }),
      "87c4b53146de4f13fdc556d8a66316e3d39cced98374445600d04d631402d140",
    ],
  ])("%s", (_name, result, golden) => {
    expect(fingerprint(result())).toBe(golden);
  });

  it("the canonical JSON sorts keys and drops undefined", () => {
    expect(fingerprint({ b: 1, a: [2, { d: undefined, c: "x" }] })).toBe(fingerprint({ a: [2, { c: "x" }], b: 1 }));
    expect(fingerprint({ a: 1 })).toBe("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
  });
});
