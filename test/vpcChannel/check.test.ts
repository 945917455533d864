import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { UNKNOWN } from "../../src/core/unknowns";
import { requestLog, useEmulatorEnv } from "../support/emulator";
import { channelArgs, PROJECT_ID as PROJECT, STANDARD_HEALTH_CHECK } from "../support/fixtures";

const valid = channelArgs({ members: [{ host: "10.0.0.5", weight: 10, groupName: "stable" }] });
const hc = STANDARD_HEALTH_CHECK;
const nacos = {
  serviceType: "NACOS",
  nacos: {
    serviceName: "orders",
    servers: [{ ipAddress: "10.0.0.10", port: 8848 }],
    user: { userName: "nacos", password: "s3cret-pass" },
  },
};
const ecsBase = { ...valid, memberType: "ecs", members: [{ ecsId: "ecs-1", ecsName: "web-1" }] };

/** [description, overrides, expected property path, expected words in the reason] */
const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ["missing instanceId", { instanceId: undefined }, "instanceId", /required/],
  ["empty instanceId", { instanceId: "" }, "instanceId", /empty/],
  ["instanceId with spaces", { instanceId: "gw 1" }, "instanceId", /letters, digits/],
  ["missing name", { name: undefined }, "name", /required/],
  ["name too short", { name: "ab" }, "name", /3–64/],
  ["name too long", { name: "a".repeat(65) }, "name", /3–64/],
  ["name starting with a digit", { name: "1orders" }, "name", /start with a letter/],
  ["name with a slash", { name: "orders/backend" }, "name", /only letters/],
  ["name with an emoji", { name: "orders🚀" }, "name", /only letters/],
  ["name of wrong type", { name: 42 }, "name", /string/],
  ["port zero", { port: 0 }, "port", /1–65535/],
  ["port too large", { port: 70000 }, "port", /1–65535/],
  ["port fractional", { port: 80.5 }, "port", /whole number/],
  ["port as string", { port: "8080" }, "port", /number/],
  ["unknown balance strategy", { balanceStrategy: "random" }, "balanceStrategy", /roundRobin/],
  ["balance strategy code 5", { balanceStrategy: 5 }, "balanceStrategy", /1–4/],
  ["unknown member type", { memberType: "instance" }, "memberType", /ip or ecs/],
  ["unknown channel type", { channelType: "elb" }, "channelType", /builtin/],
  ["legacy type 1", { type: 1 }, "type", /2 \(builtin\), 3 \(microservice\) or 0 \(unset\)/],
  [
    "member host with a port",
    { members: [{ host: "10.0.0.5:8080", groupName: "stable" }] },
    "members[0].host",
    /without scheme, port or path \(the port goes in port\)/,
  ],
  [
    "member group name that breaks the rule, with groups unmanaged",
    { memberGroups: undefined, members: [{ host: "10.0.0.5", groupName: "-x" }] },
    "members[0].groupName",
    /3–64 characters/,
  ],
  ["type together with channelType", { type: 2, channelType: "builtin" }, "type", /conflicts with channelType/],
  [
    "misspelled top-level property",
    { memebrs: [] },
    "memebrs",
    /unknown property "memebrs"; check the spelling against VpcChannelArgs/,
  ],
  ["members not a list", { members: { host: "x" } }, "members", /list/],
  ["ip member without host", { members: [{ weight: 1 }] }, "members[0].host", /host is required/],
  [
    "ip member with ecsId",
    { members: [{ host: "10.0.0.1", ecsId: "e" }] },
    "members[0].ecsId",
    /only for memberType "ecs"/,
  ],
  ["member weight negative", { members: [{ host: "10.0.0.1", weight: -1 }] }, "members[0].weight", /0–10000/],
  ["member weight too large", { members: [{ host: "10.0.0.1", weight: 10001 }] }, "members[0].weight", /0–10000/],
  ["member port too large", { members: [{ host: "10.0.0.1", port: 65536 }] }, "members[0].port", /0–65535/],
  ["member host too long", { members: [{ host: "h".repeat(256) }] }, "members[0].host", /255/],
  [
    "member status unknown",
    { members: [{ host: "10.0.0.1", status: "paused" }] },
    "members[0].status",
    /available or unavailable/,
  ],
  [
    "member isBackup not boolean",
    { members: [{ host: "10.0.0.1", isBackup: "yes" }] },
    "members[0].isBackup",
    /true or false/,
  ],
  [
    "member naming an unknown group",
    { members: [{ host: "10.0.0.1", groupName: "blue" }] },
    "members[0].groupName",
    /not one of memberGroups/,
  ],
  [
    "duplicate member identity",
    {
      members: [
        { host: "10.0.0.1", groupName: "stable" },
        { host: "10.0.0.1", port: 8080, groupName: "stable" },
      ],
    },
    "members[1]",
    /duplicates members\[0\]/,
  ],
  [
    "misspelled member property",
    { members: [{ host: "10.0.0.1", wieght: 3 }] },
    "members[0].wieght",
    /unknown property "wieght"; check the spelling against VpcChannelArgs/,
  ],
  [
    "ecs member without ecsId",
    { ...ecsBase, members: [{ ecsName: "web-1" }] },
    "members[0].ecsId",
    /ecsId is required/,
  ],
  [
    "ecs member without ecsName",
    { ...ecsBase, members: [{ ecsId: "ecs-1" }] },
    "members[0].ecsName",
    /ecsName is required/,
  ],
  [
    "ecs member id with a dot",
    { ...ecsBase, members: [{ ecsId: "ecs.1", ecsName: "w" }] },
    "members[0].ecsId",
    /letters, digits, - and _/,
  ],
  [
    "default member type is ecs",
    { memberType: undefined, members: [{ host: "10.0.0.1" }] },
    "members[0].ecsId",
    /memberType: "ip"/,
  ],
  [
    "duplicate group names",
    { memberGroups: [{ name: "stable" }, { name: "stable" }] },
    "memberGroups[1].name",
    /unique/,
  ],
  ["group name too short", { memberGroups: [{ name: "ab" }] }, "memberGroups[0].name", /3–64/],
  [
    "group name starting with a digit",
    { memberGroups: [{ name: "9lives" }] },
    "memberGroups[0].name",
    /start with a letter/,
  ],
  ["group weight over 100", { memberGroups: [{ name: "stable", weight: 101 }] }, "memberGroups[0].weight", /0–100/],
  [
    "group remark too long",
    { memberGroups: [{ name: "stable", remark: "r".repeat(256) }] },
    "memberGroups[0].remark",
    /255/,
  ],
  ["group without a name", { memberGroups: [{ weight: 1 }] }, "memberGroups[0].name", /required/],
  [
    "microservice fields on a builtin channel",
    { memberGroups: [{ name: "stable", microserviceVersion: "v1" }], members: [] },
    "memberGroups[0].microserviceVersion",
    /only when channelType is microservice/,
  ],
  [
    "reference id on a builtin channel",
    { memberGroups: [{ name: "stable", referenceVpcChannelId: "x" }], members: [] },
    "memberGroups[0].referenceVpcChannelId",
    /only when channelType is reference/,
  ],
  [
    "label name invalid",
    {
      channelType: "microservice",
      microservice: nacos,
      memberGroups: [{ name: "stable", microserviceLabels: { "-bad": "v" } }],
      members: [],
    },
    "memberGroups[0].microserviceLabels.-bad",
    /label names/,
  ],
  [
    "health protocol unknown",
    { healthCheck: { ...hc, protocol: "UDP" } },
    "healthCheck.protocol",
    /TCP, HTTP or HTTPS/,
  ],
  [
    "health path missing for HTTP",
    { healthCheck: { ...hc, path: undefined } },
    "healthCheck.path",
    /required when protocol is HTTP/,
  ],
  ["health path not absolute", { healthCheck: { ...hc, path: "healthz" } }, "healthCheck.path", /start with \//],
  [
    "health httpCodes missing for HTTP",
    { healthCheck: { ...hc, protocol: "http", httpCodes: undefined } },
    "healthCheck.httpCodes",
    /required when protocol is HTTP/,
  ],
  [
    "health httpCodes out of range",
    { healthCheck: { ...hc, httpCodes: "200-600" } },
    "healthCheck.httpCodes",
    /100–599/,
  ],
  [
    "health httpCodes reversed range",
    { healthCheck: { ...hc, httpCodes: "299-200" } },
    "healthCheck.httpCodes",
    /100–599/,
  ],
  ["health httpCodes garbage", { healthCheck: { ...hc, httpCodes: "2xx" } }, "healthCheck.httpCodes", /100–599/],
  [
    "health interval below timeout",
    { healthCheck: { ...hc, interval: 4, timeout: 5 } },
    "healthCheck.interval",
    /must not be less than timeout/,
  ],
  ["health interval too large", { healthCheck: { ...hc, interval: 301 } }, "healthCheck.interval", /1–300/],
  ["health timeout too large", { healthCheck: { ...hc, timeout: 31, interval: 60 } }, "healthCheck.timeout", /1–30/],
  ["health threshold zero", { healthCheck: { ...hc, thresholdNormal: 0 } }, "healthCheck.thresholdNormal", /1–10/],
  [
    "health threshold eleven",
    { healthCheck: { ...hc, thresholdAbnormal: 11 } },
    "healthCheck.thresholdAbnormal",
    /1–10/,
  ],
  ["health method POST", { healthCheck: { ...hc, method: "POST" } }, "healthCheck.method", /GET or HEAD/],
  [
    "health missing threshold",
    { healthCheck: { ...hc, thresholdNormal: undefined } },
    "healthCheck.thresholdNormal",
    /required/,
  ],
  [
    "microservice on a builtin channel",
    { microservice: nacos },
    "microservice",
    /only when channelType is microservice/,
  ],
  [
    "microservice channel without microservice",
    { channelType: "microservice" },
    "microservice",
    /required when channelType is microservice/,
  ],
  [
    "NACOS group weight",
    { channelType: "microservice", microservice: nacos, members: [] },
    "memberGroups[0].weight",
    /NACOS/,
  ],
  [
    "NACOS without servers",
    {
      channelType: "microservice",
      memberGroups: [],
      members: [],
      microservice: { ...nacos, nacos: { ...nacos.nacos, servers: [] } },
    },
    "microservice.nacos.servers",
    /1–9/,
  ],
  [
    "NACOS service name with @@",
    {
      channelType: "microservice",
      memberGroups: [],
      members: [],
      microservice: { ...nacos, nacos: { ...nacos.nacos, serviceName: "a@@b" } },
    },
    "microservice.nacos.serviceName",
    /@@/,
  ],
  [
    "CCE without its block",
    { channelType: "microservice", memberGroups: [], members: [], microservice: { serviceType: "CCE" } },
    "microservice.cce",
    /required when serviceType is CCE/,
  ],
  [
    "CCE without app name or labels",
    {
      channelType: "microservice",
      memberGroups: [],
      members: [],
      microservice: { serviceType: "CCE", cce: { clusterId: "c", namespace: "default", workloadType: "deployment" } },
    },
    "microservice.cce.appName",
    /appName, or both labelKey and labelValue/,
  ],
  [
    "two microservice sources",
    {
      channelType: "microservice",
      memberGroups: [],
      members: [],
      microservice: {
        serviceType: "CSE",
        cse: { engineId: "e", serviceId: "s" },
        cce: { clusterId: "c", namespace: "n", workloadType: "deployment", appName: "a" },
      },
    },
    "microservice.cce",
    /not allowed when serviceType is CSE/,
  ],
  [
    "members on a reference channel",
    { channelType: "reference", memberGroups: [{ name: "stable", referenceVpcChannelId: "x" }] },
    "members",
    /not used by reference channels/,
  ],
  ["project id not hex", { projectId: "my-project" }, "projectId", /32-character hexadecimal/],
  ["region malformed", { region: "North 4" }, "region", /region id/],
  ["adopt together with adoptId", { adopt: true, adoptId: "b".repeat(32) }, "adoptId", /alternatives/],
  ["adoptId malformed", { adoptId: "chan-1" }, "adoptId", /32-character/],
  ["adopt not boolean", { adopt: "yes" }, "adopt", /true or false/],
];

describe("check rejects bad input before any API call", () => {
  const emulator = useEmulatorEnv(() => ({
    HW_REGION_NAME: "cn-north-4",
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    HUAWEICLOUD_SDK_AK: "AK",
    HUAWEICLOUD_SDK_SK: "SK-value",
  }));

  it(`has at least 40 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s", async (_title, overrides, property, reason) => {
    const news = { ...valid, ...overrides };
    for (const [k, v] of Object.entries(news)) if (v === undefined) delete (news as Record<string, unknown>)[k];
    const result = await vpcChannelProvider.check({}, news);
    expect(result.inputs).toBeUndefined();
    const failure = result.failures?.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
  });

  it("made zero calls to the emulator", async () => {
    const requests = await requestLog(emulator.url());
    expect(requests).toEqual([]);
  });

  it("lets unknown preview values through untouched", async () => {
    const news = { ...valid, port: UNKNOWN, members: UNKNOWN, healthCheck: { ...hc, path: UNKNOWN } };
    const result = await vpcChannelProvider.check({}, news);
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toEqual(news);
  });

  it("still reports known problems next to unknown values", async () => {
    const result = await vpcChannelProvider.check({}, { ...valid, port: UNKNOWN, name: "x" });
    expect(result.failures).toEqual([{ property: "name", reason: "name must be 3–64 characters" }]);
  });

  it("accepts and normalises a valid channel, resolving project and region from the environment", async () => {
    const result = await vpcChannelProvider.check({}, valid);
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toMatchObject({
      projectId: PROJECT,
      region: "cn-north-4",
      members: { "stable/10.0.0.5:8080": { weight: 10 } },
    });
  });

  /** What the reference and the SDK's models allow, which earlier releases refused. */
  it.each<[string, Record<string, unknown>]>([
    [
      "a group name with a Chinese first character (the SDK's model)",
      { memberGroups: [{ name: "灰度组" }], members: [] },
    ],
    [
      "HTTPS without httpCodes (required only for HTTP)",
      { healthCheck: { ...hc, protocol: "HTTPS", httpCodes: undefined } },
    ],
    ["an interval equal to the timeout (the live service)", { healthCheck: { ...hc, interval: 5, timeout: 5 } }],
    ["legacy type 0 (unset)", { type: 0 }],
    ["a host name with an underscore", { members: [{ host: "orders_v2.internal", groupName: "stable" }] }],
    ["an ECS name with Chinese characters", { memberType: "ecs", members: [{ ecsId: "ecs-1", ecsName: "订单-1" }] }],
  ])("accepts %s", async (_name, overrides) => {
    expect((await vpcChannelProvider.check({}, { ...valid, ...overrides })).failures ?? []).toEqual([]);
  });
});
