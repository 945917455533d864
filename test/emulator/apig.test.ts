/** Huawei APIG VPC channels through raw signed HTTP: documented shapes, overwrite semantics, errors, lists. */
import docs from "./fixtures/documented-examples.json";
import { signHuawei } from "../../src/signing/huawei";
import {
  admin,
  channelsPath,
  expectDocumentedShape,
  hostOf,
  huawei,
  HUAWEI_KEY,
  send,
  useEmulator,
} from "../support/emulator";

const em = useEmulator();
const call = (method: string, path: string, body?: unknown, query?: Array<[string, string]>) =>
  huawei(em.url(), method, path, { body, query });

/** The CreateVpcChannel example request (API reference, reference/huawei-apis.md §1.3). */
const CREATE_EXAMPLE = {
  balance_strategy: 1,
  member_type: "ip",
  name: "VPC_demo",
  port: 22,
  type: 2,
  vpc_health_config: {
    http_code: "200",
    path: "/vpc/demo",
    port: 22,
    protocol: "http",
    threshold_abnormal: 5,
    threshold_normal: 2,
    time_interval: 10,
    timeout: 5,
    enable_client_ssl: false,
  },
  members: [
    { host: "192.168.0.5", weight: 1 },
    { host: "192.168.1.124", weight: 2 },
  ],
};

const minimal = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  port: 8080,
  balance_strategy: 1,
  member_type: "ip",
  ...extra,
});

async function create(body: unknown, instance = "gw-1") {
  const res = await call("POST", channelsPath(instance), body);
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const show = (id: string, instance = "gw-1") => call("GET", `${channelsPath(instance)}/${id}`);

describe("CreateVpcChannel and ShowVpcChannel", () => {
  it("answers 201 with the create shape: no members and no health check", async () => {
    const res = await call("POST", channelsPath(), CREATE_EXAMPLE);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "balance_strategy",
        "create_time",
        "dict_code",
        "id",
        "member_groups",
        "member_type",
        "microservice_info",
        "name",
        "port",
        "status",
        "type",
        "vpc_channel_type",
      ].sort(),
    );
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(res.body).toMatchObject({
      status: 1,
      type: 2,
      vpc_channel_type: "builtin",
      dict_code: "",
      member_groups: [],
    });
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("shows the full channel in the documented ShowVpcChannel shape", async () => {
    const { id } = await create(CREATE_EXAMPLE);
    const res = await show(id);
    expect(res.status).toBe(200);
    expectDocumentedShape(res.body, docs.showExample1, ["vpc_channel_type"]);
    expect(res.body.members).toEqual([
      expect.objectContaining({
        host: "192.168.0.5",
        ecs_id: "192.168.0.5",
        ecs_name: "192.168.0.5",
        weight: 1,
        port: 22,
        status: 1,
        is_backup: false,
        member_group_name: "",
        member_group_id: "",
        vpc_channel_id: id,
        health_status: "healthy",
      }),
      expect.objectContaining({ host: "192.168.1.124", weight: 2 }),
    ]);
    expect(res.body.members[0].create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.vpc_health_config).toMatchObject({
      protocol: "http",
      method: "GET",
      port: 22,
      enable_client_ssl: false,
      status: 1,
      vpc_channel_id: id,
    });
  });

  it("reports members' health as unknown and omits vpc_health_config without a health check", async () => {
    const { id } = await create(minimal("no_health", { members: [{ host: "10.0.0.1" }] }));
    const res = await show(id);
    expect(res.body.vpc_health_config).toBeUndefined();
    expect(res.body.members[0]).toMatchObject({ health_status: "unknown", weight: 0, port: 8080 });
  });

  it("answers an unknown id with 404 APIG.3023 on show, update and delete", async () => {
    const missing = "56a7d7358e1b42459c9d730d65b14e59";
    for (const [method, body] of [["GET"], ["PUT", minimal("whatever")], ["DELETE"]] as const) {
      const res = await call(method, `${channelsPath()}/${missing}`, body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(docs.showErrors[3]!);
    }
  });

  it("scopes channels to their gateway instance", async () => {
    const { id } = await create(minimal("scoped"));
    expect((await show(id, "gw-other")).status).toBe(404);
  });
});

describe("UpdateVpcChannel", () => {
  it("round-trips the documented server-type example into the documented show shape", async () => {
    const { id } = await create(minimal("VPC_demo"));
    const res = await call("PUT", `${channelsPath()}/${id}`, docs.updateRequest1);
    expect(res.status).toBe(200);
    expectDocumentedShape(res.body, docs.updateResponse1, ["vpc_channel_type"]);
    const shown = await show(id);
    expectDocumentedShape(shown.body, docs.showExample1, ["vpc_channel_type"]);
    const groups = shown.body.member_groups as Array<{ member_group_name: string; member_group_id: string }>;
    expect(groups.map((g) => g.member_group_name)).toEqual(["test", "default"]);
    expect(shown.body).toMatchObject({ balance_strategy: 2, port: 22, type: 2 });
    expect(shown.body.members).toEqual([
      expect.objectContaining({
        host: "192.168.0.5",
        member_group_name: "test",
        member_group_id: groups[0]!.member_group_id,
      }),
      expect.objectContaining({ host: "192.168.1.124", member_group_name: "default", weight: 2 }),
    ]);
  });

  it("round-trips the documented microservice-type example", async () => {
    const { id } = await create(docs.updateRequest2);
    const res = await call("PUT", `${channelsPath()}/${id}`, docs.updateRequest2);
    expect(res.status).toBe(200);
    expectDocumentedShape(res.body, docs.updateResponse2, ["vpc_channel_type", "microservice_labels"]);
    const shown = await show(id);
    expectDocumentedShape(shown.body, docs.showExample2, ["vpc_channel_type", "members", "microservice_labels"]);
    expect(shown.body).toMatchObject({ type: 3, vpc_channel_type: "microservice" });
    expect(shown.body.microservice_info).toMatchObject({
      service_type: "CCE",
      instance_id: "gw-1",
      cce_info: { cluster_id: "ab1485b4f91b45abbcd560be591f7309", app_name: "testapp", cluster_name: "" },
    });
    expect(shown.body.member_groups[1]).toMatchObject({ microservice_version: "v2", microservice_port: 80 });
  });

  it("overwrites fully: omitted or empty member and group lists delete them all", async () => {
    const { id } = await create({ ...docs.updateRequest1, name: "full_overwrite" });
    const body = { ...docs.updateRequest1, name: "full_overwrite", members: [] } as Record<string, unknown>;
    delete body.member_groups;
    expect((await call("PUT", `${channelsPath()}/${id}`, body)).status).toBe(200);
    const shown = await show(id);
    expect(shown.body.members).toEqual([]);
    expect(shown.body.member_groups).toEqual([]);
    expect(shown.body.vpc_health_config).toBeDefined();
  });

  it("keeps member ids for unchanged identities and group ids for same-named groups", async () => {
    const groups = [{ member_group_name: "blue", member_group_weight: 10 }];
    const { id } = await create(
      minimal("stable_ids", {
        member_groups: groups,
        members: [
          { host: "10.0.0.1", weight: 5, member_group_name: "blue" },
          { host: "10.0.0.2", weight: 5, member_group_name: "blue" },
        ],
      }),
    );
    const before = (await show(id)).body;
    const put = await call(
      "PUT",
      `${channelsPath()}/${id}`,
      minimal("stable_ids", {
        member_groups: [{ member_group_name: "blue", member_group_weight: 20 }],
        members: [
          { host: "10.0.0.1", weight: 50, member_group_name: "blue" },
          { host: "10.0.0.2", port: 9090, member_group_name: "blue" },
          { host: "10.0.0.3", member_group_name: "blue" },
        ],
      }),
    );
    expect(put.status).toBe(200);
    const after = (await show(id)).body;
    expect(after.member_groups[0].member_group_id).toBe(before.member_groups[0].member_group_id);
    expect(after.members[0]).toMatchObject({ id: before.members[0].id, weight: 50 });
    expect(after.members[1].id).not.toBe(before.members[1].id); // port changed: a new member
    expect(after.members[2]).toMatchObject({ weight: 20 }); // no weight: the group's weight
  });

  it("never changes the channel type", async () => {
    const { id } = await create(minimal("fixed_type"));
    // The documented microservice example, without what only microservice channels accept.
    const groups = docs.updateRequest2.member_groups.map((g) => ({
      member_group_name: g.member_group_name,
      member_group_weight: g.member_group_weight,
    }));
    const put = await call("PUT", `${channelsPath()}/${id}`, { ...docs.updateRequest2, member_groups: groups });
    expect(put.status).toBe(200);
    expect((await show(id)).body).toMatchObject({ type: 2, vpc_channel_type: "builtin", name: "VPC_demo" });
  });

  it("refuses microservice group fields on a builtin channel with APIG.2011", async () => {
    const { id } = await create(minimal("builtin_groups"));
    const put = await call("PUT", `${channelsPath()}/${id}`, docs.updateRequest2);
    expect(put.status).toBe(400);
    expect(put.body).toMatchObject({
      error_code: "APIG.2011",
      error_msg: expect.stringContaining("microservice_version"),
    });
  });

  it("rejects a name another channel of the gateway has with APIG.3208", async () => {
    await create(minimal("taken"));
    const dup = await call("POST", channelsPath(), minimal("taken"));
    expect(dup.status).toBe(400);
    expect(dup.body.error_code).toBe("APIG.3208");
    const { id } = await create(minimal("other"));
    expect((await call("PUT", `${channelsPath()}/${id}`, minimal("taken"))).body.error_code).toBe("APIG.3208");
    expect((await call("POST", channelsPath("gw-2"), minimal("taken"))).status).toBe(201);
  });
});

describe("validation", () => {
  const hc = CREATE_EXAMPLE.vpc_health_config;
  const cases: Array<[string, string, string, Record<string, unknown>]> = [
    ["missing name", "APIG.2001", "parameter name:name", { port: 80, balance_strategy: 1, member_type: "ip" }],
    ["missing member_type", "APIG.2001", "parameter name:member_type", { name: "abc", port: 80, balance_strategy: 1 }],
    ["name starting with a digit", "APIG.2011", "parameterName:name", minimal("1abc")],
    ["name too short", "APIG.2011", "parameterName:name", minimal("ab")],
    ["port 0", "APIG.2011", "parameterName:port", minimal("abc", { port: 0 })],
    ["port as a string", "APIG.2012", "parameterName:port", minimal("abc", { port: "80" })],
    ["balance_strategy 5", "APIG.2011", "parameterName:balance_strategy", minimal("abc", { balance_strategy: 5 })],
    ["member_type vm", "APIG.2011", "parameterName:member_type", minimal("abc", { member_type: "vm" })],
    [
      "member weight 10001",
      "APIG.2011",
      "parameterName:weight",
      minimal("abc", { members: [{ host: "h", weight: 10001 }] }),
    ],
    [
      "group weight 101",
      "APIG.2011",
      "parameterName:member_group_weight",
      minimal("abc", { member_groups: [{ member_group_name: "grp", member_group_weight: 101 }] }),
    ],
    [
      "threshold 11",
      "APIG.2011",
      "parameterName:threshold_normal",
      minimal("abc", { vpc_health_config: { ...hc, threshold_normal: 11 } }),
    ],
    [
      "interval 301",
      "APIG.2011",
      "parameterName:time_interval",
      minimal("abc", { vpc_health_config: { ...hc, time_interval: 301 } }),
    ],
    ["timeout 31", "APIG.2011", "parameterName:timeout", minimal("abc", { vpc_health_config: { ...hc, timeout: 31 } })],
    [
      "interval below timeout",
      "APIG.2011",
      "parameterName:time_interval",
      minimal("abc", { vpc_health_config: { ...hc, time_interval: 4 } }),
    ],
    [
      "protocol udp",
      "APIG.2011",
      "parameterName:protocol",
      minimal("abc", { vpc_health_config: { ...hc, protocol: "udp" } }),
    ],
    [
      "HTTP without path",
      "APIG.2001",
      "parameter name:path",
      minimal("abc", { vpc_health_config: { ...hc, protocol: "HTTP", path: undefined } }),
    ],
    [
      "type with vpc_channel_type",
      "APIG.2011",
      "parameterName:vpc_channel_type",
      minimal("abc", { type: 2, vpc_channel_type: "builtin" }),
    ],
    [
      "member of an unknown group",
      "APIG.2011",
      "parameterName:member_group_name",
      minimal("abc", { members: [{ host: "h", member_group_name: "nope" }] }),
    ],
    ["ip member without host", "APIG.2001", "parameter name:host", minimal("abc", { members: [{ weight: 1 }] })],
    [
      "ecs member without ecs_id",
      "APIG.2001",
      "parameter name:ecs_id",
      minimal("abc", { member_type: "ecs", members: [{ ecs_name: "vm" }] }),
    ],
  ];

  it.each(cases)("%s → %s (%s)", async (_name, code, fragment, body) => {
    const res = await call("POST", channelsPath(), body);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe(code);
    expect(res.body.error_msg).toContain(fragment);
  });

  it("accepts protocol in any case and stores it as sent", async () => {
    const { id } = await create(minimal("case_proto", { vpc_health_config: { ...hc, protocol: "HTTPS" } }));
    expect((await show(id)).body.vpc_health_config.protocol).toBe("HTTPS");
  });

  it("answers an empty body with APIG.2001 and a body that is not JSON with APIG.2000", async () => {
    const empty = await huawei(em.url(), "POST", channelsPath(), { body: undefined });
    expect(empty.status).toBe(400);
    expect(empty.body.error_code).toBe("APIG.2001");
    const headers = { host: hostOf(em.url()), "content-type": "application/json" };
    const path = channelsPath();
    const signed = signHuawei({ method: "POST", path, query: [], headers, body: "{nope" }, HUAWEI_KEY, new Date());
    const garbled = await send(em.url(), { method: "POST", path, headers: { ...headers, ...signed }, body: "{nope" });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error_code).toBe("APIG.2000");
  });
});

describe("DeleteVpcChannel and quota", () => {
  it("deletes with 204, refusing with APIG.3414 while APIs use the channel", async () => {
    const { id } = await create(minimal("in_use"));
    expect((await admin(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/in-use`, { apis: 2 })).status).toBe(200);
    const refused = await call("DELETE", `${channelsPath()}/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error_code: "APIG.3414" });
    await admin(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/in-use`, { apis: 0 });
    const deleted = await call("DELETE", `${channelsPath()}/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await show(id)).status).toBe(404);
  });

  it("allows 30 channels per gateway instance, then answers 403 APIG.3109", async () => {
    for (let i = 0; i < 30; i++) await create(minimal(`quota_${i}`));
    const over = await call("POST", channelsPath(), minimal("quota_30"));
    expect(over.status).toBe(403);
    expect(over.body.error_code).toBe("APIG.3109");
    expect((await call("POST", channelsPath("gw-2"), minimal("quota_30"))).status).toBe(201);
    await admin(em.url(), "PUT", "/huawei/apig/quota", { vpcChannels: 31 });
    expect((await call("POST", channelsPath(), minimal("quota_30"))).status).toBe(201);
  });
});

describe("ListVpcChannels", () => {
  let ids: string[] = [];
  beforeEach(async () => {
    ids = [];
    for (let i = 0; i < 5; i++) {
      const groups = [{ member_group_name: i % 2 === 0 ? "even_group" : "odd_group" }];
      const members = [{ host: `10.0.0.${i}`, port: 8000 + i, member_group_name: groups[0]!.member_group_name }];
      ids.push((await create(minimal(`chan_${i}`, { member_groups: groups, members }))).id);
    }
    await create(minimal("elsewhere"), "gw-2");
  });
  const list = async (query: Array<[string, string]>) => {
    const res = await call("GET", channelsPath(), undefined, query);
    expect(res.status).toBe(200);
    return res.body as { total: number; size: number; vpc_channels: Array<Record<string, unknown>> };
  };

  it("pages with offset and limit (≤0 → 20, >500 → 500), newest first, without members", async () => {
    const all = await list([]);
    expect(all).toMatchObject({ total: 5, size: 5 });
    expect(all.vpc_channels.map((c) => c.name)).toEqual(["chan_4", "chan_3", "chan_2", "chan_1", "chan_0"]);
    expect(all.vpc_channels[0]).not.toHaveProperty("members");
    expect(all.vpc_channels[0]).not.toHaveProperty("vpc_health_config");
    expect(await list([["limit", "2"]])).toMatchObject({ total: 5, size: 2 });
    expect(
      (
        await list([
          ["limit", "2"],
          ["offset", "4"],
        ])
      ).size,
    ).toBe(1);
    expect((await list([["limit", "0"]])).size).toBe(5);
    expect(
      (
        await list([
          ["limit", "1000"],
          ["offset", "-3"],
        ])
      ).size,
    ).toBe(5);
    const bad = await call("GET", channelsPath(), undefined, [["limit", "ten"]]);
    expect(bad.body.error_code).toBe("APIG.2012");
  });

  it("filters by name (fuzzy unless precise_search names it), id, member and group fields, type", async () => {
    expect((await list([["name", "CHAN"]])).total).toBe(5);
    expect(
      (
        await list([
          ["name", "chan"],
          ["precise_search", "name"],
        ])
      ).total,
    ).toBe(0);
    expect(
      (
        await list([
          ["name", "chan_3"],
          ["precise_search", "name"],
        ])
      ).total,
    ).toBe(1);
    expect((await list([["id", ids[2]!]])).vpc_channels[0]!.id).toBe(ids[2]);
    expect((await list([["member_host", "10.0.0.1"]])).vpc_channels.map((c) => c.name)).toEqual(["chan_1"]);
    expect((await list([["member_port", "8003"]])).vpc_channels.map((c) => c.name)).toEqual(["chan_3"]);
    expect((await list([["member_group_name", "odd"]])).total).toBe(2);
    expect(
      (
        await list([
          ["member_group_name", "odd"],
          ["precise_search", "member_group_name"],
        ])
      ).total,
    ).toBe(0);
    const groupId = ((await show(ids[0]!)).body.member_groups[0] as { member_group_id: string }).member_group_id;
    expect((await list([["member_group_id", groupId]])).vpc_channels.map((c) => c.id)).toEqual([ids[0]]);
    expect((await list([["vpc_channel_type", "microservice"]])).total).toBe(0);
    expect((await list([["vpc_channel_type", "builtin"]])).total).toBe(5);
  });
});

describe("member and member-group sub-APIs, health check", () => {
  it("adds (upserting by identity), overwrites per group, lists and deletes members", async () => {
    const { id } = await create(
      minimal("members_api", { member_groups: [{ member_group_name: "grp_a" }, { member_group_name: "grp_b" }] }),
    );
    const base = `${channelsPath()}/${id}/members`;
    const added = await call("POST", base, { members: [{ host: "10.1.0.1", member_group_name: "grp_a" }] });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ total: 1, size: 1 });
    const firstId = added.body.members[0].id as string;
    const upsert = await call("POST", base, {
      members: [
        { host: "10.1.0.1", weight: 7, member_group_name: "grp_a" },
        { host: "10.1.0.2", member_group_name: "grp_b" },
      ],
    });
    expect(upsert.body.members[0]).toMatchObject({ id: firstId, weight: 7 });
    expect((await call("GET", base)).body.total).toBe(2);

    const overwrite = await call("PUT", base, { member_group_name: "grp_b", members: [{ host: "10.1.0.3" }] });
    expect(overwrite.status).toBe(200);
    const listed = (await call("GET", base)).body.members as Array<{ host: string; id: string }>;
    expect(listed.map((m) => m.host)).toEqual(["10.1.0.1", "10.1.0.3"]);
    expect((await call("GET", base, undefined, [["member_group_name", "grp_b"]])).body.total).toBe(1);

    expect((await call("DELETE", `${base}/${firstId}`)).status).toBe(204);
    expect((await call("DELETE", `${base}/${firstId}`)).status).toBe(404);
    expect((await call("GET", base)).body.total).toBe(1);
  });

  it("upserts groups by name, shows, renames and deletes them (never while they have members)", async () => {
    const { id } = await create(
      minimal("groups_api", {
        member_groups: [{ member_group_name: "grp_a" }],
        members: [{ host: "10.2.0.1", member_group_name: "grp_a" }],
      }),
    );
    const base = `${channelsPath()}/${id}/member-groups`;
    const created = await call("POST", base, {
      member_groups: [{ member_group_name: "grp_a", member_group_weight: 3 }, { member_group_name: "grp_b" }],
    });
    expect(created.status).toBe(201);
    const [a, b] = created.body.member_groups as Array<{ member_group_id: string }>;
    expect((await call("GET", base)).body).toMatchObject({ total: 2, size: 2 });
    expect((await call("GET", `${base}/${a!.member_group_id}`)).body).toMatchObject({
      member_group_name: "grp_a",
      member_group_weight: 3,
    });

    const renamed = await call("PUT", `${base}/${a!.member_group_id}`, { member_group_name: "grp_c" });
    expect(renamed.status).toBe(200);
    expect((await show(id)).body.members[0]).toMatchObject({
      member_group_name: "grp_c",
      member_group_id: a!.member_group_id,
    });

    const refused = await call("DELETE", `${base}/${a!.member_group_id}`);
    expect(refused).toMatchObject({ status: 400, body: { error_code: "APIG.2000" } });
    expect(refused.body.error_msg).toContain("still has 1 backend instances");
    expect((await show(id)).body.members).toHaveLength(1);
    const member = (await show(id)).body.members[0].id as string;
    expect((await call("DELETE", `${channelsPath()}/${id}/members/${member}`)).status).toBe(204);
    expect((await call("DELETE", `${base}/${a!.member_group_id}`)).status).toBe(204);
    const after = (await show(id)).body;
    expect(after.members).toEqual([]);
    expect(after.member_groups.map((g: { member_group_id: string }) => g.member_group_id)).toEqual([
      b!.member_group_id,
    ]);
    expect((await call("GET", `${base}/${a!.member_group_id}`)).status).toBe(404);
  });

  it("updates the health check (200) and members turn healthy", async () => {
    const { id } = await create(minimal("health_api", { members: [{ host: "10.3.0.1" }] }));
    const res = await call("PUT", `${channelsPath()}/${id}/health-config`, {
      protocol: "TCP",
      threshold_normal: 2,
      threshold_abnormal: 3,
      time_interval: 10,
      timeout: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ protocol: "TCP", path: "", method: "GET", port: 0, vpc_channel_id: id });
    expect(res.body.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await show(id)).body.members[0].health_status).toBe("healthy");
  });
});

describe("member types and channel types", () => {
  it("keeps ECS ids and names for ecs members", async () => {
    const { id } = await create(
      minimal("ecs_chan", { member_type: "ecs", members: [{ ecs_id: "vm-1", ecs_name: "web-1", port: 81 }] }),
    );
    const member = (await show(id)).body.members[0];
    // The service reports an ECS member's private address as its host.
    expect(member).toMatchObject({ ecs_id: "vm-1", ecs_name: "web-1", port: 81 });
    expect(member.host).toMatch(/^192\.168\.\d+\.\d+$/);
  });

  it("refuses member sub-API calls on a reference channel with 403 APIG.3471", async () => {
    const { id } = await create(minimal("ref_chan", { vpc_channel_type: "reference" }));
    expect((await show(id)).body).toMatchObject({ vpc_channel_type: "reference", members: [] });
    const res = await call("POST", `${channelsPath()}/${id}/members`, { members: [{ host: "10.0.0.1" }] });
    expect(res.status).toBe(403);
    expect(res.body.error_code).toBe("APIG.3471");
  });
});

describe("console edit (admin)", () => {
  it("replaces members, merges other fields, keeps ids of untouched members", async () => {
    const { id } = await create({ ...CREATE_EXAMPLE, name: "console_edit" });
    const before = (await show(id)).body;
    const edit = await admin(em.url(), "POST", `/huawei/apig/vpc-channels/${id}/console-edit`, {
      balance_strategy: 3,
      members: [
        { host: "192.168.0.5", weight: 1, port: 22 },
        { host: "192.168.9.9", weight: 9 },
      ],
      vpc_health_config: { timeout: 3 },
    });
    expect(edit.status).toBe(200);
    const after = (await show(id)).body;
    expect(after).toMatchObject({ balance_strategy: 3, name: "console_edit", port: 22 });
    expect(after.members.map((m: { host: string }) => m.host)).toEqual(["192.168.0.5", "192.168.9.9"]);
    expect(after.members[0].id).toBe(before.members[0].id);
    expect(after.vpc_health_config).toMatchObject({ timeout: 3, time_interval: 10, id: before.vpc_health_config.id });
  });

  it("answers an invalid edit with the APIG error and an unknown id with 404", async () => {
    const { id } = await create(minimal("console_bad"));
    const bad = await admin(em.url(), "POST", `/huawei/apig/vpc-channels/${id}/console-edit`, { port: 70000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe("APIG.2011");
    expect((await admin(em.url(), "POST", "/huawei/apig/vpc-channels/nope/console-edit", {})).status).toBe(404);
  });
});

describe("documented rules the official SDK's models carry", () => {
  const nacos = {
    service_type: "NACOS",
    nacos_info: {
      service_name: "orders",
      server_config: [{ ip_address: "10.0.0.10", port: 8848 }],
      user_info: { user_name: "nacos", password: "secret-1" },
    },
  };
  const microservice = (name: string, info: object, extra: Record<string, unknown> = {}) =>
    minimal(name, { vpc_channel_type: "microservice", microservice_info: info, ...extra });

  it("enables and disables members in batches (BatchEnableMembers / BatchDisableMembers)", async () => {
    const { id } = await create(minimal("batch_chan", { members: [{ host: "10.0.0.1" }, { host: "10.0.0.2" }] }));
    const members = (await show(id)).body.members as Array<{ id: string; host: string }>;
    const ids = members.map((m) => m.id);
    const disabled = await call("POST", `${channelsPath()}/${id}/members/batch-disable`, { member_ids: ids });
    expect(disabled.status).toBe(204);
    expect((await show(id)).body.members.map((m: { status: number }) => m.status)).toEqual([2, 2]);
    await call("POST", `${channelsPath()}/${id}/members/batch-enable`, { member_ids: [ids[0]] });
    expect((await show(id)).body.members.map((m: { status: number }) => m.status)).toEqual([1, 2]);
    const unknown = await call("POST", `${channelsPath()}/${id}/members/batch-enable`, {
      member_ids: ["f".repeat(32)],
    });
    expect(unknown).toMatchObject({ status: 404, body: { error_code: "APIG.3024" } });
  });

  it("answers a malformed channel, member or group id with 400 APIG.2012", async () => {
    const { id } = await create(minimal("ids_chan"));
    for (const path of [`${channelsPath()}/not-an-id`, `${channelsPath()}/${id}/member-groups/x`]) {
      expect((await call("GET", path)).body).toMatchObject({ error_code: "APIG.2012" });
    }
    expect((await call("GET", `${channelsPath()}/nope`)).body.error_msg).toContain("parameterName:id");
    expect((await call("DELETE", `${channelsPath()}/${id}/members/1`)).body.error_code).toBe("APIG.2012");
    expect((await show("f".repeat(32))).body.error_code).toBe("APIG.3023");
  });

  it("requires the *_info block of the service type, and checks NACOS and CCE Service contents", async () => {
    const cases: Array<[object, string]> = [
      [{ service_type: "CSE" }, "cse_info"],
      [{ service_type: "NACOS" }, "nacos_info"],
      [{ ...nacos, nacos_info: { ...nacos.nacos_info, server_config: [] } }, "server_config"],
      [{ ...nacos, nacos_info: { ...nacos.nacos_info, service_name: "@orders" } }, "service_name"],
      [{ ...nacos, nacos_info: { ...nacos.nacos_info, service_name: "订单" } }, "service_name"],
      [
        { service_type: "CCE_SERVICE", cce_service_info: { cluster_id: "c", namespace: "Bad_NS", service_name: "s" } },
        "namespace",
      ],
    ];
    for (const [info, parameter] of cases) {
      const res = await call("POST", channelsPath(), microservice(`ms_${parameter}`, info));
      expect({ parameter, status: res.status, message: res.body.error_msg }).toMatchObject({
        parameter,
        status: 400,
        message: expect.stringContaining(parameter),
      });
    }
    expect((await call("POST", channelsPath(), microservice("ms_nacos_ok", nacos))).status).toBe(201);
  });

  it("keeps group fields to the channel types they belong to", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        minimal("g_builtin", { member_groups: [{ member_group_name: "grp", microservice_port: 80 }] }),
        "microservice_port",
      ],
      [
        minimal("g_ref", { member_groups: [{ member_group_name: "grp", reference_vpc_channel_id: "a".repeat(32) }] }),
        "reference_vpc_channel_id",
      ],
      [
        microservice("g_nacos", nacos, { member_groups: [{ member_group_name: "grp", member_group_weight: 5 }] }),
        "member_group_weight",
      ],
      [minimal("g_label", { member_groups: [{ member_group_name: "grp" }], members: [] }), ""],
    ];
    for (const [body, parameter] of cases) {
      const res = await call("POST", channelsPath(), body);
      if (parameter === "") expect(res.status).toBe(201);
      else expect(res.body).toMatchObject({ error_code: "APIG.2011", error_msg: expect.stringContaining(parameter) });
    }
  });

  it("accepts an interval equal to the timeout, as the live service does", async () => {
    const health = { ...CREATE_EXAMPLE.vpc_health_config, time_interval: 5, timeout: 5 };
    expect((await call("POST", channelsPath(), minimal("equal_hc", { vpc_health_config: health }))).status).toBe(201);
  });

  it("reports the health-check result itself: a request's status does not set it", async () => {
    const health = { ...CREATE_EXAMPLE.vpc_health_config, status: 2 };
    const { id } = await create(minimal("hc_result", { vpc_health_config: health }));
    expect((await show(id)).body.vpc_health_config.status).toBe(1);
  });
});
