/**
 * SAE grey tag routes: the provider functions and the tracked lookup's provider methods, against the emulator.
 * Struct.fromJavaScript stands in for the engine's wire format, which has no `undefined`.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { adminCall, requestLog, useEmulatorEnv } from "../support/emulator";

import {
  getGreyTagRoute,
  getGreyTagRouteOutput,
  getGreyTagRoutes,
  getGreyTagRoutesOutput,
  GreyTagRoute,
  GreyTagRouteLookupOutputs,
  greyTagRouteLookupProvider as provider,
} from "../../src/lookups/greyTagRoute";
import { UNKNOWN } from "../../src/core/unknowns";
import { CloudApiError, InputError } from "../../src/core/errors";

import { valueOf, alibabaEmulatorEnv } from "../support/fixtures";

const emulator = useEmulatorEnv(alibabaEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const cloudCalls = async () => (await requestLog<{ action: string }>(emulator.url())).map((r) => r.action);
const seed = (route: object) => admin("POST", "/alibaba/sae/grey-tag-routes", route);

const APP = "3faaf993-7aed-4bcd-b189-625e6a5a0001";
/** Spring Cloud and ALB rules, deliberately out of order. */
const route16 = {
  GreyTagRouteId: 16,
  AppId: APP,
  Name: "orders-canary",
  Description: "canary by header",
  ScRules: [
    {
      path: "/b",
      condition: "OR",
      items: [
        { type: "header", name: "x-canary", operator: "rawvalue", value: "true", cond: "==", index: 0, expr: "N/A" },
        { type: "cookie", name: "grey", operator: "rawvalue", value: "1", cond: "==", index: 0, expr: "N/A" },
      ],
    },
    { path: "/a", condition: "AND", items: [{ type: "param", name: "uid", operator: "mod", value: "10", cond: "<" }] },
  ],
  AlbRules: [
    {
      serviceId: "22",
      ingressId: "23",
      condition: "AND",
      items: [{ type: "sourceIp", name: "ip", operator: "rawvalue", value: "10.0.0.1", cond: "==" }],
    },
    {
      serviceId: "21",
      ingressId: "23",
      condition: "AND",
      items: [{ type: "header", name: "h", operator: "rawvalue", value: "v", cond: "==" }],
    },
  ],
  CreateTime: 1619007592013,
  UpdateTime: 1619007600000,
};
/** A Dubbo rule (SAE does not allow Spring Cloud and Dubbo rules together). */
const route17 = {
  GreyTagRouteId: 17,
  AppId: "dubbo-app",
  Name: "echo-canary",
  DubboRules: [
    {
      serviceName: "com.alibaba.edas.boot.EchoService",
      group: "DUBBO",
      version: "1.0.0",
      methodName: "echo",
      condition: "OR",
      items: [
        { index: 1, expr: "", operator: "list", value: "a,b", cond: "==" },
        { index: 0, expr: ".name", operator: "rawvalue", value: "test", cond: "==" },
      ],
    },
  ],
  CreateTime: 1619007592013,
  UpdateTime: 1619007592013,
};

const expected16: GreyTagRoute = {
  greyTagRouteId: 16,
  id: "16",
  name: "orders-canary",
  description: "canary by header",
  appId: APP,
  createTime: 1619007592013,
  updateTime: 1619007600000,
  scRules: [
    { path: "/a", condition: "AND", items: [{ cond: "<", name: "uid", operator: "mod", type: "param", value: "10" }] },
    {
      path: "/b",
      condition: "OR",
      items: [
        { cond: "==", expr: "N/A", index: 0, name: "grey", operator: "rawvalue", type: "cookie", value: "1" },
        { cond: "==", expr: "N/A", index: 0, name: "x-canary", operator: "rawvalue", type: "header", value: "true" },
      ],
    },
  ],
  dubboRules: [],
  albRules: [
    {
      ingressId: "23",
      serviceId: "21",
      condition: "AND",
      items: [{ cond: "==", name: "h", operator: "rawvalue", type: "header", value: "v" }],
    },
    {
      ingressId: "23",
      serviceId: "22",
      condition: "AND",
      items: [{ cond: "==", name: "ip", operator: "rawvalue", type: "sourceIp", value: "10.0.0.1" }],
    },
  ],
  region: "cn-hangzhou",
};

async function checked(raw: Record<string, unknown>) {
  const result = await provider.check({}, raw);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as { greyTagRouteId: number | string; region: string };
}

beforeEach(async () => {
  await admin("POST", "/reset");
  await seed(route16);
  await seed(route17);
  await admin("DELETE", "/requests");
});

describe("getGreyTagRoute", () => {
  it("returns the rule typed, camelCased and in a stable order", async () => {
    expect(await getGreyTagRoute({ greyTagRouteId: 16 })).toEqual(expected16);
    expect(await cloudCalls()).toEqual(["DescribeGreyTagRoute"]);
  });

  it("keeps every Dubbo item field and sorts items by their fields", async () => {
    const route = await getGreyTagRoute({ greyTagRouteId: "17", region: "cn-hangzhou" });
    expect(route.scRules).toEqual([]);
    expect(route.dubboRules).toEqual([
      {
        serviceName: "com.alibaba.edas.boot.EchoService",
        group: "DUBBO",
        version: "1.0.0",
        methodName: "echo",
        condition: "OR",
        items: [
          { cond: "==", expr: ".name", index: 0, operator: "rawvalue", value: "test" },
          { cond: "==", expr: "", index: 1, operator: "list", value: "a,b" },
        ],
      },
    ]);
  });

  it("says which rule is missing in which region", async () => {
    const error = await getGreyTagRoute({ greyTagRouteId: 999 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect((error as CloudApiError).code).toBe("InvalidParameter.WithMessage");
    expect((error as Error).message).toMatch(/grey tag route 999 not found in region cn-hangzhou/);
    expect((error as Error).message).toMatch(/Check greyTagRouteId and region/);
  });

  it("rejects bad arguments before any call, naming the property and the rule", async () => {
    const error = await getGreyTagRoute({ greyTagRouteId: -3, region: "Hangzhou" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).failures).toEqual([
      { property: "greyTagRouteId", reason: "greyTagRouteId must be a positive number" },
      { property: "region", reason: "must be a region id such as cn-north-4 or cn-hangzhou" },
    ]);
    expect(await cloudCalls()).toEqual([]);
  });

  it("has an Output form", async () => {
    expect(await valueOf(getGreyTagRouteOutput({ greyTagRouteId: Promise.resolve(16) }))).toEqual(expected16);
  });
});

describe("getGreyTagRoutes", () => {
  it("lists an application's rules, fills in appId, and filters by name", async () => {
    const all = await getGreyTagRoutes({ appId: APP });
    expect(all).toEqual({ appId: APP, region: "cn-hangzhou", ids: ["16"], routes: [expected16] });
    const none = await getGreyTagRoutes({ appId: APP, nameRegex: "^payments-" });
    expect(none).toEqual({ appId: APP, nameRegex: "^payments-", region: "cn-hangzhou", ids: [], routes: [] });
    expect(await cloudCalls()).toEqual(["ListGreyTagRoute", "ListGreyTagRoute"]);
  });

  it("returns an empty list for an application without rules, and rejects a bad regex before any call", async () => {
    expect((await getGreyTagRoutes({ appId: "no-rules" })).routes).toEqual([]);
    await expect(getGreyTagRoutes({ appId: APP, nameRegex: "(" })).rejects.toThrow(
      "Invalid getGreyTagRoutes arguments: nameRegex: nameRegex must be a valid regular expression",
    );
    expect(await valueOf(getGreyTagRoutesOutput({ appId: Promise.resolve("dubbo-app") }))).toMatchObject({
      ids: ["17"],
    });
  });
});

describe("int64 ids", () => {
  const BIG = "9007199254740993"; // 2^53 + 1: as a JSON number read naively, it becomes ...992

  beforeEach(async () => {
    await seed({ GreyTagRouteId: BIG, AppId: "big-app", Name: "big-rule" });
    await seed({ GreyTagRouteId: 100, AppId: "big-app", Name: "small-rule" });
  });

  it("reads and lists an id beyond 2^53 with every digit", async () => {
    const route = await getGreyTagRoute({ greyTagRouteId: BIG });
    expect(route).toMatchObject({ greyTagRouteId: BIG, id: BIG, name: "big-rule", appId: "big-app" });
    const listed = await getGreyTagRoutes({ appId: "big-app" });
    expect(listed.ids).toEqual(["100", BIG]);
    expect(listed.routes.map((r) => r.greyTagRouteId)).toEqual([100, BIG]);
  });

  it("tracks it as digits, and refuses a number that has already lost them", async () => {
    const inputs = await checked({ greyTagRouteId: BIG });
    expect(inputs.greyTagRouteId).toBe(BIG);
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe(BIG);
    expect(outs.greyTagRouteId).toBe(BIG);
    const result = await provider.check({}, { greyTagRouteId: 2 ** 60 });
    expect(result.failures).toEqual([
      {
        property: "greyTagRouteId",
        reason: "greyTagRouteId beyond 2^53 must be given as a string of digits, to stay exact",
      },
    ]);
  });
});

describe("GreyTagRouteLookup provider", () => {
  it("check resolves the region and normalises the id; create reads once and returns a no-op diff", async () => {
    const inputs = await checked({ greyTagRouteId: "16", __provider: "serialized" });
    expect(inputs).toEqual({ greyTagRouteId: 16, region: "cn-hangzhou" });
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe("16");
    const { id: _id, ...result } = expected16;
    expect(outs).toEqual({ ...result, __seen: expect.stringMatching(/^[0-9a-f]{64}$/), __accepted: outs.__seen });
    expect(() => Struct.fromJavaScript(outs)).not.toThrow();
    expect(await cloudCalls()).toEqual(["DescribeGreyTagRoute"]);
    // `pulumi up` again with nothing changed: check → diff(olds = stored outputs, news = checked inputs).
    expect(await provider.diff(id, outs, await checked({ greyTagRouteId: 16 }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("refresh reports drift after the rule changed in the cloud, and none when it did not", async () => {
    const inputs = await checked({ greyTagRouteId: 16 });
    const { id, outs } = await provider.create(inputs);
    const same = await provider.read(id, outs as GreyTagRouteLookupOutputs);
    expect(same.props).toEqual(outs);
    expect((await provider.diff(id, same.props, inputs)).changes).toBe(false);

    await seed({ ...route16, Description: "canary by cookie", UpdateTime: 1619999999999 });
    const refreshed = await provider.read(id, same.props as GreyTagRouteLookupOutputs);
    expect(refreshed.props).toMatchObject({
      description: "canary by cookie",
      updateTime: 1619999999999,
      __accepted: outs.__accepted,
    });
    // What the engine does on refresh: diff(olds = refreshed outputs, news = stored inputs).
    expect(await provider.diff(id, refreshed.props, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    // A second refresh keeps reporting it until `pulumi up` accepts the new data (update).
    const again = await provider.read(id, refreshed.props as GreyTagRouteLookupOutputs);
    expect((await provider.diff(id, again.props, inputs)).changes).toBe(true);
    const updated = await provider.update(id, again.props as GreyTagRouteLookupOutputs, inputs);
    expect(updated.outs).toMatchObject({ description: "canary by cookie" });
    expect((await provider.diff(id, updated.outs, inputs)).changes).toBe(false);
  });

  it("refresh fails clearly when the rule was deleted (it is not dropped from state silently)", async () => {
    const { id, outs } = await provider.create(await checked({ greyTagRouteId: 16 }));
    await admin("POST", "/reset");
    const error = await provider.read(id, outs as GreyTagRouteLookupOutputs).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/grey tag route 16 not found in region cn-hangzhou/);
    expect((error as Error).message).toMatch(/deleted outside Pulumi/);
  });

  it("create fails clearly for a missing rule", async () => {
    await expect(provider.create(await checked({ greyTagRouteId: 404 }))).rejects.toThrow(
      /grey tag route 404 not found/,
    );
  });

  it("replaces on a new id or region (also while unknown), never on the looked-up data", async () => {
    const { id, outs } = await provider.create(await checked({ greyTagRouteId: 16 }));
    expect(await provider.diff(id, outs, { greyTagRouteId: 17, region: "cn-hangzhou" })).toMatchObject({
      changes: true,
      replaces: ["greyTagRouteId"],
    });
    expect((await provider.diff(id, outs, { greyTagRouteId: 16, region: "cn-shanghai" })).replaces).toEqual(["region"]);
    expect((await provider.diff(id, outs, { greyTagRouteId: UNKNOWN, region: "cn-hangzhou" })).replaces).toEqual([
      "greyTagRouteId",
    ]);
  });

  it("delete makes no cloud call", async () => {
    const { id, outs } = await provider.create(await checked({ greyTagRouteId: 16 }));
    await admin("DELETE", "/requests");
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await cloudCalls()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<{ property: string; reason: RegExp }>]>([
    ["missing id", {}, [{ property: "greyTagRouteId", reason: /greyTagRouteId is required/ }]],
    ["id not a number", { greyTagRouteId: "sixteen" }, [{ property: "greyTagRouteId", reason: /must be a number/ }]],
    ["fractional id", { greyTagRouteId: 1.5 }, [{ property: "greyTagRouteId", reason: /whole number/ }]],
    ["bad region", { greyTagRouteId: 1, region: "CN" }, [{ property: "region", reason: /region id/ }]],
    [
      "misspelt key",
      { greyTagRouteId: 1, regoin: "cn-hangzhou" },
      [{ property: "regoin", reason: /unknown property "regoin"; check the spelling against GreyTagRouteLookupArgs/ }],
    ],
  ])("check rejects %s with the property path and rule, before any call", async (_name, raw, expected) => {
    const result = await provider.check({}, raw);
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual(
      expected.map((f) => ({ property: f.property, reason: expect.stringMatching(f.reason) })),
    );
    expect(await cloudCalls()).toEqual([]);
  });

  it("check lets preview unknowns through untouched", async () => {
    const news = { greyTagRouteId: UNKNOWN, region: UNKNOWN, __provider: "p" };
    expect(await provider.check({}, news)).toEqual({ inputs: news });
  });

  it("check reports missing provider settings as failures", async () => {
    delete process.env.ALIBABA_CLOUD_REGION_ID;
    try {
      const result = await provider.check({}, { greyTagRouteId: 16 });
      expect(result.failures).toEqual([
        { property: "region", reason: expect.stringMatching(/canary-mesh:alibabaRegion/) },
      ]);
    } finally {
      process.env.ALIBABA_CLOUD_REGION_ID = "cn-hangzhou";
    }
  });
});
