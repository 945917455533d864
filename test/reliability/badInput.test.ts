/**
 * Bad input corpus: invalid configurations for every resource and lookup: each documented rule, wrong types,
 * unknown enum values, out-of-range numbers, conflicting fields, oversize strings and unicode edge cases
 * (emoji, right-to-left text and overrides, zero-width characters, NUL, full-width digits, lookalikes). Each
 * must fail in `check` (or, for provider functions, before any call) with the property path and the rule it
 * breaks, and the emulator must log zero API calls. `test/vpcChannel/check.test.ts` holds 72 other VpcChannel
 * cases; none is repeated here.
 */
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import { greyTagRouteLookupProvider, getGreyTagRoute, getGreyTagRoutes } from "../../src/lookups/greyTagRoute";
import { proxyStatusLookupProvider, getProxyStatus } from "../../src/lookups/proxyStatus";
import { meshUpgradeLookupProvider, getMeshUpgrade } from "../../src/lookups/meshUpgrade";
import { InputError } from "../../src/core/errors";
import { requestLog, useEmulatorEnv } from "../support/emulator";
import { channelArgs, PROJECT_ID as PROJECT, STANDARD_HEALTH_CHECK } from "../support/fixtures";

const hc = STANDARD_HEALTH_CHECK;
const valid = channelArgs({ members: [{ host: "10.0.0.5", weight: 10, groupName: "stable" }] });
const nacosBlock = {
  serviceName: "orders",
  servers: [{ ipAddress: "10.0.0.10", port: 8848 }],
  user: { userName: "nacos", password: "s3cret-pass" },
};
/** A microservice channel with the given microservice block (groups without weights, no members). */
const ms = (microservice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  channelType: "microservice",
  memberGroups: [{ name: "stable" }],
  members: [],
  microservice,
  ...extra,
});
const nacos = (patch: Record<string, unknown>) => ms({ serviceType: "NACOS", nacos: { ...nacosBlock, ...patch } });
const ecs = (member: Record<string, unknown>) => ({
  memberType: "ecs",
  members: [{ ecsId: "ecs-1", ecsName: "web-1", ...member }],
});
const member = (patch: Record<string, unknown>) => ({ members: [{ host: "10.0.0.1", ...patch }] });
const group = (patch: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  memberGroups: [{ name: "stable", ...patch }],
  members: [],
  ...extra,
});
const health = (patch: Record<string, unknown>) => ({ healthCheck: { ...hc, ...patch } });
const msGroup = (patch: Record<string, unknown>) =>
  ms({ serviceType: "NACOS", nacos: nacosBlock }, { memberGroups: [{ name: "stable", ...patch }] });

/** [description, overrides of a valid channel, property path, rule] */
const channelCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  // instanceId
  ["instanceId too long (65)", { instanceId: "g".repeat(65) }, "instanceId", /at most 64/],
  ["instanceId with an emoji", { instanceId: "gw-🚀" }, "instanceId", /letters, digits, - and _/],
  ["instanceId with a NUL", { instanceId: "gw\u0000-1" }, "instanceId", /letters, digits, - and _/],
  ["instanceId of wrong type", { instanceId: 42 }, "instanceId", /string/i],
  ["instanceId null", { instanceId: null }, "instanceId", /string/i],
  // name: unicode edge cases and types
  ["name with a zero-width space", { name: "orders\u200bbackend" }, "name", /only letters/],
  ["name with a zero-width joiner", { name: "orders\u200dbackend" }, "name", /only letters/],
  ["name with a right-to-left override", { name: "orders\u202ebackend" }, "name", /only letters/],
  ["name in Arabic (right-to-left script)", { name: "طلبات-backend" }, "name", /start with a letter/],
  ["name with a byte-order mark first", { name: "\ufefforders" }, "name", /start with a letter/],
  ["name with a NUL", { name: "orders\u0000backend" }, "name", /only letters/],
  ["name with a trailing space", { name: "orders " }, "name", /only letters/],
  ["name with a Cyrillic lookalike", { name: "оrders" }, "name", /start with a letter/],
  ["name 64 Chinese characters and one more", { name: "订".repeat(65) }, "name", /3–64/],
  ["name null", { name: null }, "name", /must be a string/],
  ["name as a list", { name: ["orders"] }, "name", /must be a string/],
  // port
  ["port negative", { port: -1 }, "port", /1–65535/],
  ["port NaN", { port: Number.NaN }, "port", /must be a number/],
  ["port Infinity", { port: Number.POSITIVE_INFINITY }, "port", /port must be/],
  ["port boolean", { port: true }, "port", /must be a number/],
  ["port missing", { port: undefined }, "port", /required/],
  // enums
  [
    "balanceStrategy in the wrong case",
    { balanceStrategy: "RoundRobin" },
    "balanceStrategy",
    /roundRobin, leastConnections/,
  ],
  ["balanceStrategy code 0", { balanceStrategy: 0 }, "balanceStrategy", /1–4/],
  ["balanceStrategy null", { balanceStrategy: null }, "balanceStrategy", /roundRobin/],
  ["memberType in upper case", { memberType: "IP" }, "memberType", /ip or ecs/],
  ["channelType empty", { channelType: "" }, "channelType", /builtin, microservice or reference/],
  ["legacy type as a string", { type: "2" }, "type", /2 \(builtin\), 3 \(microservice\) or 0/],
  [
    "legacy type 3 without a microservice block",
    { type: 3, memberGroups: [{ name: "stable" }], members: [] },
    "microservice",
    /required when channelType is microservice/,
  ],
  [
    "unknown key that shadows Object.prototype",
    { constructor: "x" },
    "constructor",
    /unknown property "constructor"; check the spelling against VpcChannelArgs/,
  ],
  // lists
  ["memberGroups not a list", { memberGroups: "stable" }, "memberGroups", /must be a list/],
  [
    "more than 500 member groups",
    { memberGroups: Array.from({ length: 501 }, (_, i) => ({ name: `group${i}` })), members: [] },
    "memberGroups",
    /at most 500/,
  ],
  [
    "more than 10000 members",
    {
      members: Array.from({ length: 10001 }, (_, i) => ({ host: `10.${i >> 8}.${i & 255}.1` })),
      memberGroups: undefined,
    },
    "members",
    /at most 10000/,
  ],
  // members
  ["member host empty", member({ host: "" }), "members[0].host", /must not be empty/],
  ["member weight fractional", member({ weight: 1.5 }), "members[0].weight", /whole number/],
  ["member weight as a string", member({ weight: "10" }), "members[0].weight", /must be a number/],
  ["member port negative", member({ port: -1 }), "members[0].port", /0–65535/],
  ["member status code 3", member({ status: 3 }), "members[0].status", /available or unavailable/],
  ["member not an object", { members: ["10.0.0.1"] }, "members[0]", /object/i],
  ["ecs member ecsName too long", ecs({ ecsName: "w".repeat(65) }), "members[0].ecsName", /1–64/],
  [
    "ecs member ecsName with an emoji",
    ecs({ ecsName: "web-🙂" }),
    "members[0].ecsName",
    /letters, digits, Chinese characters, -, _ and \./,
  ],
  ["ecs member ecsId too long", ecs({ ecsId: "e".repeat(65) }), "members[0].ecsId", /1–64/],
  [
    "ecs member id with a zero-width space",
    ecs({ ecsId: "ecs\u200b1" }),
    "members[0].ecsId",
    /letters, digits, - and _/,
  ],
  [
    "two ecs members with one identity",
    {
      memberType: "ecs",
      members: [
        { ecsId: "ecs-1", ecsName: "a" },
        { ecsId: "ecs-1", ecsName: "b" },
      ],
    },
    "members[1]",
    /duplicates members\[0\]/,
  ],
  // member groups
  ["group name with an emoji", group({ name: "canary🐤" }), "memberGroups[0].name", /only letters/],
  ["group name with a zero-width space", group({ name: "can\u200bary" }), "memberGroups[0].name", /only letters/],
  ["group name too long (65)", group({ name: "g".repeat(65) }), "memberGroups[0].name", /3–64/],
  ["group name of wrong type", group({ name: 7 }), "memberGroups[0].name", /must be a string/],
  ["group weight negative", group({ weight: -1 }), "memberGroups[0].weight", /0–100/],
  ["group weight fractional", group({ weight: 50.5 }), "memberGroups[0].weight", /whole number/],
  ["group remark of wrong type", group({ remark: 5 }), "memberGroups[0].remark", /string/i],
  ["misspelled group property", group({ wieght: 5 }), "memberGroups[0].wieght", /unknown property "wieght"/],
  [
    "microservicePort out of range",
    msGroup({ microservicePort: 70000 }),
    "memberGroups[0].microservicePort",
    /0–65535/,
  ],
  [
    "microserviceVersion too long",
    msGroup({ microserviceVersion: "v".repeat(65) }),
    "memberGroups[0].microserviceVersion",
    /at most 64/,
  ],
  [
    "label value ending with -",
    msGroup({ microserviceLabels: { app: "orders-" } }),
    "memberGroups[0].microserviceLabels.app",
    /start and end with a letter or digit/,
  ],
  [
    "label value too long",
    msGroup({ microserviceLabels: { app: "a".repeat(64) } }),
    "memberGroups[0].microserviceLabels.app",
    /1–63/,
  ],
  [
    "label name too long",
    msGroup({ microserviceLabels: { ["k".repeat(64)]: "v" } }),
    `memberGroups[0].microserviceLabels.${"k".repeat(64)}`,
    /label names must be 1–63/,
  ],
  [
    "label value with RTL text",
    msGroup({ microserviceLabels: { app: "שלום" } }),
    "memberGroups[0].microserviceLabels.app",
    /start and end with a letter or digit/,
  ],
  [
    "referenceVpcChannelId too long",
    {
      channelType: "reference",
      members: [],
      memberGroups: [{ name: "stable", referenceVpcChannelId: "r".repeat(65) }],
    },
    "memberGroups[0].referenceVpcChannelId",
    /at most 64/,
  ],
  // health check
  ["healthCheck not an object", { healthCheck: "HTTP" }, "healthCheck", /object/i],
  ["health protocol of wrong type", health({ protocol: 80 }), "healthCheck.protocol", /string/i],
  ["health path without a leading slash", health({ path: "healthz" }), "healthCheck.path", /must start with \//],
  ["health port out of range", health({ port: 65536 }), "healthCheck.port", /0–65535/],
  ["health timeout zero", health({ timeout: 0 }), "healthCheck.timeout", /1–30/],
  ["health interval zero", health({ interval: 0 }), "healthCheck.interval", /1–300/],
  ["health httpCodes empty for HTTP", health({ httpCodes: "" }), "healthCheck.httpCodes", /100–599|required/],
  ["health httpCodes with an empty item", health({ httpCodes: "200,,201" }), "healthCheck.httpCodes", /100–599/],
  ["health httpCodes below 100", health({ httpCodes: "099" }), "healthCheck.httpCodes", /100–599/],
  ["health httpCodes with full-width digits", health({ httpCodes: "２００" }), "healthCheck.httpCodes", /100–599/],
  ["health method in lower case", health({ method: "get" }), "healthCheck.method", /GET or HEAD/],
  [
    "health enableClientSsl as a string",
    health({ enableClientSsl: "true" }),
    "healthCheck.enableClientSsl",
    /true or false/,
  ],
  ["health status (the result, not a setting)", health({ status: 1 }), "healthCheck.status", /healthCheck\.result/],
  ["misspelled health property", health({ intervall: 10 }), "healthCheck.intervall", /unknown property "intervall"/],
  // microservice
  [
    "microservice not an object",
    { channelType: "microservice", memberGroups: [], members: [], microservice: "NACOS" },
    "microservice",
    /object/i,
  ],
  ["serviceType unknown", ms({ serviceType: "EUREKA" }), "microservice.serviceType", /CSE, CCE, CCE_SERVICE or NACOS/],
  [
    "NACOS with 10 servers",
    nacos({ servers: Array.from({ length: 10 }, (_, i) => ({ ipAddress: `10.0.0.${i + 1}`, port: 8848 })) }),
    "microservice.nacos.servers",
    /1–9/,
  ],
  [
    "NACOS server port zero",
    nacos({ servers: [{ ipAddress: "10.0.0.10", port: 0 }] }),
    "microservice.nacos.servers[0].port",
    /1–65535/,
  ],
  [
    "NACOS server grpcPort out of range",
    nacos({ servers: [{ ipAddress: "10.0.0.10", port: 8848, grpcPort: 70000 }] }),
    "microservice.nacos.servers[0].grpcPort",
    /1–65535/,
  ],
  [
    "NACOS server address too short",
    nacos({ servers: [{ ipAddress: "1.2.3", port: 8848 }] }),
    "microservice.nacos.servers[0].ipAddress",
    /7–128/,
  ],
  [
    "NACOS password too long",
    nacos({ user: { userName: "nacos", password: "p".repeat(65) } }),
    "microservice.nacos.user.password",
    /1–64/,
  ],
  [
    "NACOS password empty",
    nacos({ user: { userName: "nacos", password: "" } }),
    "microservice.nacos.user.password",
    /1–64/,
  ],
  [
    "NACOS user without userName",
    nacos({ user: { password: "s3cret-pass" } }),
    "microservice.nacos.user.userName",
    /required/,
  ],
  [
    "NACOS namespace with a space",
    nacos({ namespace: "team a" }),
    "microservice.nacos.namespace",
    /letters, digits, - and _/,
  ],
  ["NACOS groupName too long", nacos({ groupName: "g".repeat(129) }), "microservice.nacos.groupName", /at most 128/],
  [
    "NACOS serviceName starting with @",
    nacos({ serviceName: "@orders" }),
    "microservice.nacos.serviceName",
    /must not start with @/,
  ],
  ["NACOS serviceName too long", nacos({ serviceName: "s".repeat(513) }), "microservice.nacos.serviceName", /1–512/],
  [
    "CCE workload type unknown",
    ms({ serviceType: "CCE", cce: { clusterId: "c", namespace: "default", workloadType: "job", appName: "orders" } }),
    "microservice.cce.workloadType",
    /deployment, statefulset or daemonset/,
  ],
  [
    "CCE appName starting with a digit",
    ms({
      serviceType: "CCE",
      cce: { clusterId: "c", namespace: "default", workloadType: "deployment", appName: "9orders" },
    }),
    "microservice.cce.appName",
    /start with a letter/,
  ],
  [
    "CCE labelKey with an emoji",
    ms({
      serviceType: "CCE",
      cce: {
        clusterId: "c",
        namespace: "default",
        workloadType: "deployment",
        labelKey: "app🙂",
        labelValue: "orders",
      },
    }),
    "microservice.cce.labelKey",
    /letters, digits/,
  ],
  [
    "CCE_SERVICE namespace in upper case",
    ms({ serviceType: "CCE_SERVICE", cceService: { clusterId: "c", namespace: "Default", serviceName: "orders" } }),
    "microservice.cceService.namespace",
    /lowercase/,
  ],
  [
    "CSE engineId empty",
    ms({ serviceType: "CSE", cse: { engineId: "", serviceId: "s" } }),
    "microservice.cse.engineId",
    /must not be empty/,
  ],
  [
    "CSE serviceId too long",
    ms({ serviceType: "CSE", cse: { engineId: "e", serviceId: "s".repeat(65) } }),
    "microservice.cse.serviceId",
    /at most 64/,
  ],
  [
    "misspelled microservice property",
    ms({ serviceType: "NACOS", nacos: nacosBlock, nacosInfo: {} }),
    "microservice.nacosInfo",
    /unknown property "nacosInfo"/,
  ],
  // project, region, adoption
  ["projectId with 33 hex digits", { projectId: `${PROJECT}0` }, "projectId", /32-character hexadecimal/],
  ["region with underscores", { region: "cn_north_4" }, "region", /region id/],
  ["region with a zero-width space", { region: "cn-north\u200b-4" }, "region", /region id/],
  ["adoptId in upper case", { adoptId: "A".repeat(32) }, "adoptId", /32-character hexadecimal/],
  ["adoptId of 31 characters", { adoptId: "a".repeat(31) }, "adoptId", /32-character/],
];

/** [description, provider check, args, expected (path, rule) pairs] */
type LookupCase = [
  string,
  (
    news: Record<string, unknown>,
  ) => Promise<{ failures?: Array<{ property: string; reason: string }>; inputs?: unknown }>,
  Record<string, unknown>,
  Array<[string, RegExp]>,
];
const grey = (n: Record<string, unknown>) => greyTagRouteLookupProvider.check({}, n);
const proxy = (n: Record<string, unknown>) => proxyStatusLookupProvider.check({}, n);
const mesh = (n: Record<string, unknown>) => meshUpgradeLookupProvider.check({}, n);
const lookupCases: LookupCase[] = [
  // GreyTagRouteLookup
  ["grey: id zero", grey, { greyTagRouteId: 0 }, [["greyTagRouteId", /positive/]]],
  ["grey: id negative", grey, { greyTagRouteId: -16 }, [["greyTagRouteId", /positive/]]],
  ["grey: id beyond 2^53", grey, { greyTagRouteId: 2 ** 53 + 2 }, [["greyTagRouteId", /as a string of digits/]]],
  ["grey: id beyond int64", grey, { greyTagRouteId: "9223372036854775808" }, [["greyTagRouteId", /fit an int64/]]],
  ["grey: id empty string", grey, { greyTagRouteId: "" }, [["greyTagRouteId", /must be a number/]]],
  ["grey: id with trailing letters", grey, { greyTagRouteId: "16abc" }, [["greyTagRouteId", /must be a number/]]],
  ["grey: id in full-width digits", grey, { greyTagRouteId: "１６" }, [["greyTagRouteId", /must be a number/]]],
  ["grey: id with a zero-width space", grey, { greyTagRouteId: "16\u200b" }, [["greyTagRouteId", /must be a number/]]],
  ["grey: id boolean", grey, { greyTagRouteId: true }, [["greyTagRouteId", /must be a number/]]],
  ["grey: id null", grey, { greyTagRouteId: null }, [["greyTagRouteId", /must be a number/]]],
  [
    "grey: id Infinity",
    grey,
    { greyTagRouteId: Number.POSITIVE_INFINITY },
    [["greyTagRouteId", /whole number|too large/]],
  ],
  ["grey: region with a NUL", grey, { greyTagRouteId: 16, region: "cn-hangzhou\u0000" }, [["region", /region id/]]],
  ["grey: region with an emoji", grey, { greyTagRouteId: 16, region: "cn-🌏" }, [["region", /region id/]]],
  ["grey: region of wrong type", grey, { greyTagRouteId: 16, region: 1 }, [["region", /string/i]]],
  ["grey: unknown property appId", grey, { greyTagRouteId: 16, appId: "a" }, [["appId", /unknown property "appId"/]]],
  // ProxyStatusLookup
  ["proxy: mesh id missing", proxy, {}, [["serviceMeshId", /required/]]],
  ["proxy: mesh id with a slash", proxy, { serviceMeshId: "mesh/1" }, [["serviceMeshId", /1–64 letters/]]],
  ["proxy: mesh id too long", proxy, { serviceMeshId: "m".repeat(65) }, [["serviceMeshId", /1–64 letters/]]],
  ["proxy: mesh id with an emoji", proxy, { serviceMeshId: "mesh-🕸" }, [["serviceMeshId", /1–64 letters/]]],
  [
    "proxy: mesh id with a right-to-left mark",
    proxy,
    { serviceMeshId: "mesh\u200f1" },
    [["serviceMeshId", /1–64 letters/]],
  ],
  ["proxy: mesh id with a NUL", proxy, { serviceMeshId: "mesh\u00001" }, [["serviceMeshId", /1–64 letters/]]],
  ["proxy: mesh id of wrong type", proxy, { serviceMeshId: 12 }, [["serviceMeshId", /must be a string/]]],
  [
    "proxy: allSynced false",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: false } },
    [["waitFor.allSynced", /must be true/]],
  ],
  [
    "proxy: allSynced as a string",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: "true" } },
    [["waitFor.allSynced", /must be true/]],
  ],
  [
    "proxy: timeout over 6 hours",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: true, timeoutSeconds: 21601 } },
    [["waitFor.timeoutSeconds", /at most 21600/]],
  ],
  [
    "proxy: timeout as a string",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: true, timeoutSeconds: "60" } },
    [["waitFor.timeoutSeconds", /must be a number/]],
  ],
  [
    "proxy: interval below 0.1",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: true, intervalSeconds: 0.05 } },
    [["waitFor.intervalSeconds", /at least 0.1/]],
  ],
  [
    "proxy: interval over 300",
    proxy,
    { serviceMeshId: "m", waitFor: { allSynced: true, intervalSeconds: 301 } },
    [["waitFor.intervalSeconds", /at most 300/]],
  ],
  ["proxy: waitFor a list", proxy, { serviceMeshId: "m", waitFor: [] }, [["waitFor", /must be an object/]]],
  ["proxy: waitFor null", proxy, { serviceMeshId: "m", waitFor: null }, [["waitFor", /must be an object/]]],
  [
    "proxy: misspelled allSynced",
    proxy,
    { serviceMeshId: "m", waitFor: { allsynced: true } },
    [
      ["waitFor.allsynced", /unknown property/],
      ["waitFor.allSynced", /must be true/],
    ],
  ],
  ["proxy: region malformed", proxy, { serviceMeshId: "m", region: "Hangzhou" }, [["region", /region id/]]],
  // MeshUpgradeLookup
  ["mesh: task id missing", mesh, {}, [["meshUpgradeId", /required/]]],
  ["mesh: task id too long", mesh, { meshUpgradeId: "t".repeat(129) }, [["meshUpgradeId", /1–128/]]],
  ["mesh: task id with a dot", mesh, { meshUpgradeId: "task.1" }, [["meshUpgradeId", /1–128 letters/]]],
  ["mesh: task id with an emoji", mesh, { meshUpgradeId: "task-⏫" }, [["meshUpgradeId", /1–128 letters/]]],
  [
    "mesh: task id with a zero-width joiner",
    mesh,
    { meshUpgradeId: "task\u200d1" },
    [["meshUpgradeId", /1–128 letters/]],
  ],
  ["mesh: task id of wrong type", mesh, { meshUpgradeId: ["t"] }, [["meshUpgradeId", /must be a string/]]],
  [
    "mesh: empty states list",
    mesh,
    { meshUpgradeId: "t", waitFor: { states: [] } },
    [["waitFor.states", /at least one value/]],
  ],
  [
    "mesh: 21 phases",
    mesh,
    { meshUpgradeId: "t", waitFor: { phases: Array.from({ length: 21 }, (_, i) => `p${i}`) } },
    [["waitFor.phases", /at most 20/]],
  ],
  [
    "mesh: an empty state",
    mesh,
    { meshUpgradeId: "t", waitFor: { states: [""] } },
    [["waitFor.states[0]", /must not be empty/]],
  ],
  [
    "mesh: states as a string",
    mesh,
    { meshUpgradeId: "t", waitFor: { states: "Succeeded" } },
    [["waitFor.states", /must be a list of strings/]],
  ],
  [
    "mesh: a phase of wrong type",
    mesh,
    { meshUpgradeId: "t", waitFor: { phases: [1] } },
    [["waitFor.phases[0]", /must be strings/]],
  ],
  [
    "mesh: waitFor with neither states nor phases",
    mesh,
    { meshUpgradeId: "t", waitFor: { timeoutSeconds: 60 } },
    [["waitFor", /must list states, phases or both/]],
  ],
  [
    "mesh: negative timeout",
    mesh,
    { meshUpgradeId: "t", waitFor: { phases: ["Completed"], timeoutSeconds: -1 } },
    [["waitFor.timeoutSeconds", /more than 0/]],
  ],
  [
    "mesh: interval over timeout",
    mesh,
    { meshUpgradeId: "t", waitFor: { phases: ["Completed"], timeoutSeconds: 1, intervalSeconds: 2 } },
    [["waitFor.intervalSeconds", /must not exceed timeoutSeconds/]],
  ],
  ["mesh: waitFor a string", mesh, { meshUpgradeId: "t", waitFor: "Completed" }, [["waitFor", /must be an object/]]],
  ["mesh: region with a NUL", mesh, { meshUpgradeId: "t", region: "cn-north-4\u0000" }, [["region", /region id/]]],
  [
    "mesh: projectId with a non-hex letter",
    mesh,
    { meshUpgradeId: "t", projectId: `${PROJECT.slice(0, 31)}g` },
    [["projectId", /32-character hexadecimal/]],
  ],
  [
    "mesh: unknown top-level property",
    mesh,
    { meshUpgradeId: "t", meshId: "m" },
    [["meshId", /unknown property "meshId"/]],
  ],
];

/** Provider functions (program side): they throw an InputError naming each problem, before any call. */
const functionCases: Array<[string, () => Promise<unknown>, Array<[string, RegExp]>]> = [
  ["getGreyTagRoute without an id", () => getGreyTagRoute({} as never), [["greyTagRouteId", /required/]]],
  [
    "getGreyTagRoute with an id of letters",
    () => getGreyTagRoute({ greyTagRouteId: "abc" }),
    [["greyTagRouteId", /must be a number/]],
  ],
  ["getGreyTagRoutes without an appId", () => getGreyTagRoutes({} as never), [["appId", /required/]]],
  [
    "getGreyTagRoutes with an appId holding a space",
    () => getGreyTagRoutes({ appId: "my app" }),
    [["appId", /1–64 letters/]],
  ],
  [
    "getGreyTagRoutes with an appId too long",
    () => getGreyTagRoutes({ appId: "a".repeat(65) }),
    [["appId", /1–64 letters/]],
  ],
  [
    "getGreyTagRoutes with an invalid regex",
    () => getGreyTagRoutes({ appId: "app-1", nameRegex: "(canary" }),
    [["nameRegex", /valid regular expression/]],
  ],
  [
    "getGreyTagRoutes with a regex of wrong type",
    () => getGreyTagRoutes({ appId: "app-1", nameRegex: 5 as never }),
    [["nameRegex", /must be a string/]],
  ],
  [
    "getProxyStatus with a waitFor (tracked resource only)",
    () => getProxyStatus({ serviceMeshId: "m", waitFor: { allSynced: true } } as never),
    [["waitFor", /unknown property "waitFor"/]],
  ],
  [
    "getProxyStatus with an emoji mesh id",
    () => getProxyStatus({ serviceMeshId: "🕸" }),
    [["serviceMeshId", /1–64 letters/]],
  ],
  [
    "getMeshUpgrade with a bad project id",
    () => getMeshUpgrade({ meshUpgradeId: "t", projectId: "p" }),
    [["projectId", /32-character hexadecimal/]],
  ],
  [
    "getMeshUpgrade with a NUL in the id",
    () => getMeshUpgrade({ meshUpgradeId: "t\u0000" }),
    [["meshUpgradeId", /1–128 letters/]],
  ],
];

describe("bad input corpus: every resource and lookup rejects bad input before any API call", () => {
  const emulator = useEmulatorEnv(() => ({
    HW_REGION_NAME: "cn-north-4",
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
    HUAWEICLOUD_SDK_AK: "AK",
    HUAWEICLOUD_SDK_SK: "SK-value",
    ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAIbad",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "bad-secret",
  }));

  it(`has at least 80 cases (${channelCases.length} VpcChannel + ${lookupCases.length} lookup resources + ${functionCases.length} provider functions)`, () => {
    expect(channelCases.length + lookupCases.length + functionCases.length).toBeGreaterThanOrEqual(80);
    const titles = [...channelCases, ...lookupCases, ...functionCases].map((c) => c[0]);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it.each(channelCases)("VpcChannel: %s", async (_title, overrides, property, rule) => {
    const news: Record<string, unknown> = { ...valid, ...overrides };
    for (const [k, v] of Object.entries(news)) if (v === undefined) delete news[k];
    const result = await vpcChannelProvider.check({}, news);
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toEqual(expect.arrayContaining([{ property, reason: expect.stringMatching(rule) }]));
  });

  it.each(lookupCases)("%s", async (_title, check, news, expected) => {
    const result = await check({ ...news, __provider: "serialized" });
    expect(result.inputs).toBeUndefined();
    for (const [property, rule] of expected) {
      expect(result.failures).toEqual(expect.arrayContaining([{ property, reason: expect.stringMatching(rule) }]));
    }
  });

  it.each(functionCases)("%s", async (_title, call, expected) => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    for (const [property, rule] of expected) {
      expect((error as InputError).failures).toEqual(
        expect.arrayContaining([{ property, reason: expect.stringMatching(rule) }]),
      );
      expect((error as InputError).message).toContain(`${property}: `);
    }
  });

  it("the emulator logged zero API calls for the whole corpus", async () => {
    const requests = await requestLog(emulator.url());
    expect(requests).toEqual([]);
  });

  it("a valid channel still passes (the corpus fails for its own reason, not the base)", async () => {
    const result = await vpcChannelProvider.check({}, valid);
    expect(result.failures ?? []).toEqual([]);
    for (const build of [nacos({}), msGroup({ microserviceLabels: { app: "orders" } }), ecs({})]) {
      const r = await vpcChannelProvider.check({}, { ...valid, ...build });
      expect(r.failures ?? []).toEqual([]);
    }
  });
});
