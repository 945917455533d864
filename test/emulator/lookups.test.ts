/** SAE grey tag routes, Alibaba ASM proxy status and Huawei ASM mesh upgrade tasks through raw signed HTTP. */
import docs from "./fixtures/documented-examples.json";
import {
  admin,
  alibaba,
  ASM_VERSION,
  expectDocumentedShape,
  huawei,
  PROJECT,
  proxyStatus,
  sae,
  SAE_PATH,
  useEmulator,
} from "../support/emulator";

const em = useEmulator();

describe("SAE grey tag routes", () => {
  const documented = docs.describeGreyTagRoute;

  it("describes a seeded route exactly in the documented example shape", async () => {
    const seeded = await admin(em.url(), "POST", "/alibaba/sae/grey-tag-routes", documented.Data);
    expect(seeded.status).toBe(201);
    const res = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "16"]]);
    expect(res.status).toBe(200);
    expectDocumentedShape(res.body, documented);
    expect(Object.keys(res.body)).toEqual(Object.keys(documented));
    expect(res.body.Data).toEqual(documented.Data);
    expect(res.body).toMatchObject({ Code: "200", Message: "success", Success: true, ErrorCode: "" });
    expect(res.body.TraceId).toMatch(/^[0-9a-f]{30}$/);
  });

  it("answers an unknown id with 400 InvalidParameter.WithMessage and Success false", async () => {
    const res = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "404"]]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      Success: false,
      Code: "InvalidParameter.WithMessage",
      ErrorCode: "InvalidParameter.WithMessage",
    });
    expect(res.body.Message).toMatch(/^The parameter is invalid \{GreyTagRouteId\}: /);
    const missing = await sae(em.url(), "GET", "DescribeGreyTagRoute", []);
    expect(missing.body).toMatchObject({
      Code: "InvalidParameter.NotEmpty",
      Message: "You must specify the parameter GreyTagRouteId.",
    });
  });

  it("creates, lists, updates and deletes routes with rules as JSON strings", async () => {
    const scRules = JSON.stringify(documented.Data.ScRules);
    const created = await sae(em.url(), "POST", "CreateGreyTagRoute", [
      ["AppId", "app-1"],
      ["Name", "canary-rule"],
      ["Description", "first"],
      ["ScRules", scRules],
    ]);
    expect(created.status).toBe(200);
    const id = created.body.Data.GreyTagRouteId as number;
    expect(Number.isInteger(id)).toBe(true);

    const listed = await sae(em.url(), "GET", "ListGreyTagRoute", [["AppId", "app-1"]], `${SAE_PATH}List`);
    expect(listed.body.Data).toMatchObject({ CurrentPage: 1, TotalSize: 1 });
    expect(listed.body.Data.Result[0]).not.toHaveProperty("AppId");
    expect(listed.body.Data.Result[0].ScRules).toEqual(documented.Data.ScRules);

    const dubbo = JSON.stringify(documented.Data.DubboRules);
    const clash = await sae(em.url(), "PUT", "UpdateGreyTagRoute", [
      ["GreyTagRouteId", String(id)],
      ["ScRules", scRules],
      ["DubboRules", dubbo],
    ]);
    expect(clash.status).toBe(400);
    expect(clash.body.Code).toBe("InvalidParameter.WithMessage");

    const updated = await sae(em.url(), "PUT", "UpdateGreyTagRoute", [
      ["GreyTagRouteId", String(id)],
      ["Description", "second"],
      ["ScRules", "[]"],
      ["DubboRules", dubbo],
    ]);
    expect(updated.status).toBe(200);
    const shown = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", String(id)]]);
    expect(shown.body.Data).toMatchObject({ Description: "second", ScRules: [], AppId: "app-1", Name: "canary-rule" });
    expect(shown.body.Data.DubboRules).toEqual(documented.Data.DubboRules);
    expect(shown.body.Data.UpdateTime).toBeGreaterThanOrEqual(shown.body.Data.CreateTime);

    expect((await sae(em.url(), "DELETE", "DeleteGreyTagRoute", [["GreyTagRouteId", String(id)]])).body.Data).toEqual({
      GreyTagRouteId: id,
    });
    expect((await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", String(id)]])).status).toBe(400);
  });

  it("validates names, rule JSON and the one-rule-per-application limit", async () => {
    const create = (query: Array<[string, string]>) =>
      sae(em.url(), "POST", "CreateGreyTagRoute", [["AppId", "app-2"], ...query]);
    expect((await create([["Name", "Bad_Name"]])).body.Code).toBe("InvalidParameter.Obviously");
    expect(
      (
        await create([
          ["Name", "ok-name"],
          ["ScRules", "{not json"],
        ])
      ).body.Code,
    ).toBe("InvalidParameter.Obviously");
    const badCond = JSON.stringify([{ condition: "XOR", items: [] }]);
    expect(
      (
        await create([
          ["Name", "ok-name"],
          ["ScRules", badCond],
        ])
      ).body.Code,
    ).toBe("InvalidParameter.WithMessage");
    expect((await create([["Name", "ok-name"]])).status).toBe(200);
    const second = await create([["Name", "other-name"]]);
    expect(second.status).toBe(400);
    expect(second.body.Message).toContain("{AppId}");
  });

  it("keeps int64 ids exact: digits in, the same digits out as a JSON number", async () => {
    const big = "9223372036854775807";
    const seeded = await admin(em.url(), "POST", "/alibaba/sae/grey-tag-routes", {
      GreyTagRouteId: "9007199254740993",
      AppId: "app-big",
      Name: "big-rule",
    });
    expect(seeded.text).toContain('"GreyTagRouteId":9007199254740993,');
    const read = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "9007199254740993"]]);
    expect(read.status).toBe(200);
    expect(read.text).toContain('"GreyTagRouteId":9007199254740993,');
    expect((await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "9007199254740992"]])).status).toBe(
      400,
    );
    await admin(em.url(), "POST", "/alibaba/sae/grey-tag-routes", { GreyTagRouteId: big, AppId: "app-max", Name: "r" });
    const listed = await sae(em.url(), "GET", "ListGreyTagRoute", [["AppId", "app-max"]], `${SAE_PATH}List`);
    expect(listed.text).toContain(`"GreyTagRouteId":${big},`);
    const tooBig = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "9223372036854775808"]]);
    expect(tooBig.body.Code).toBe("InvalidParameter.Obviously");
    const deleted = await sae(em.url(), "DELETE", "DeleteGreyTagRoute", [["GreyTagRouteId", big]]);
    expect(deleted.text).toContain(`"GreyTagRouteId":${big}}`);
  });

  describe("rule items as the reference lists them per rule kind", () => {
    const sc = (item: object) => JSON.stringify([{ condition: "AND", items: [item] }]);
    const scItem = { type: "header", name: "x-canary", operator: "rawvalue", value: "1", cond: "==" };
    const dubboItem = { index: 0, expr: ".name", operator: "rawvalue", value: "a", cond: "==" };
    const albItem = { type: "sourceIp", name: "ip", operator: "rawvalue", value: "10.0.0.1", cond: "==" };
    let app = 0;
    const create = (rules: string, value: string) =>
      sae(em.url(), "POST", "CreateGreyTagRoute", [
        ["AppId", `kinds-${++app}`],
        ["Name", "kind-rule"],
        [rules, value],
      ]);

    it.each([
      ["ScRules", sc(scItem)],
      ["ScRules", sc({ ...scItem, type: "param", operator: "mod", cond: ">=" })],
      ["DubboRules", JSON.stringify([{ serviceName: "s", condition: "OR", items: [dubboItem] }])],
      ["AlbRules", JSON.stringify([{ ingressId: "1", condition: "AND", items: [albItem] }])],
    ])("accepts %s %s", async (rules, value) => {
      expect((await create(rules, value)).status).toBe(200);
    });

    it.each([
      ["an SC item of type sourceIp", "ScRules", sc({ ...scItem, type: "sourceIp" })],
      ["an SC item without a name", "ScRules", sc({ ...scItem, name: undefined })],
      [
        "a Dubbo item without an index",
        "DubboRules",
        JSON.stringify([{ items: [{ ...dubboItem, index: undefined }] }]),
      ],
      ["an ALB item of type param", "AlbRules", JSON.stringify([{ items: [{ ...albItem, type: "param" }] }])],
      ["an ALB item with operator list", "AlbRules", JSON.stringify([{ items: [{ ...albItem, operator: "list" }] }])],
      ["an ALB item with cond !=", "AlbRules", JSON.stringify([{ items: [{ ...albItem, cond: "!=" }] }])],
      ["an ALB rule with condition OR", "AlbRules", JSON.stringify([{ condition: "OR", items: [albItem] }])],
    ])("refuses %s with InvalidParameter.WithMessage", async (_what, rules, value) => {
      const res = await create(rules, value);
      expect(res.status).toBe(400);
      expect(res.body.Code).toBe("InvalidParameter.WithMessage");
      expect(res.body.Message).toContain(`{${rules}}`);
    });
  });
});

describe("Alibaba ASM DescribeServiceMeshProxyStatus", () => {
  const documented = docs.describeProxyStatus;

  it("answers the documented shape, every value a string", async () => {
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/ca04bc38979214bf2882be79d39b4", {
      ProxyStatus: documented.ProxyStatus,
    });
    const res = await proxyStatus(em.url(), "ca04bc38979214bf2882be79d39b4");
    expect(res.status).toBe(200);
    expectDocumentedShape(res.body, documented);
    expect(res.body).toMatchObject({
      Code: "200",
      Message: "success",
      Success: "success",
      ProxyStatus: documented.ProxyStatus,
    });
  });

  it("accepts GET with query parameters as well as the POST form", async () => {
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-get", { ProxyStatus: [{ ProxyId: "p-1" }] });
    const res = await alibaba(em.url(), {
      method: "GET",
      path: "/",
      action: "DescribeServiceMeshProxyStatus",
      version: ASM_VERSION,
      query: [["ServiceMeshId", "mesh-get"]],
    });
    expect(res.status).toBe(200);
    expect(res.body.ProxyStatus[0]).toEqual({
      ProxyId: "p-1",
      ProxyVersion: "",
      IstioVersion: "",
      ClusterSynced: "SYNCED",
      ListenerSynced: "SYNCED",
      RouteSynced: "SYNCED",
      EndpointSynced: "SYNCED",
      EndpointPercent: "1",
    });
  });

  it("answers an unknown mesh with 404 ServiceMesh.NotFound in the RPC error shape", async () => {
    const res = await proxyStatus(em.url(), "no-such-mesh");
    expect(res.status).toBe(404);
    expect(Object.keys(res.body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    expect(res.body.Code).toBe("ServiceMesh.NotFound");
  });

  it("moves to the next status after N further reads", async () => {
    const stale = { ProxyId: "p-1", ClusterSynced: "STALE", RouteSynced: "NOT SENT" };
    const synced = { ProxyId: "p-1" };
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-t", {
      ProxyStatus: [stale],
      then: [
        { afterReads: 2, ProxyStatus: [{ ...stale, ClusterSynced: "SYNCED" }] },
        { afterReads: 1, ProxyStatus: [synced] },
      ],
    });
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const p = (await proxyStatus(em.url(), "mesh-t")).body.ProxyStatus[0];
      seen.push(`${p.ClusterSynced}/${p.RouteSynced}`);
    }
    expect(seen).toEqual(["STALE/NOT SENT", "STALE/NOT SENT", "SYNCED/NOT SENT", "SYNCED/SYNCED", "SYNCED/SYNCED"]);
  });

  it("answers an admin-seeded Code 403 or 503 in the body", async () => {
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-c", {
      ProxyStatus: [],
      Code: "503",
      then: [{ afterReads: 1, Code: "200" }],
    });
    const first = await proxyStatus(em.url(), "mesh-c");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ Code: "503", Message: "A backend server error occurs." });
    expect((await proxyStatus(em.url(), "mesh-c")).body).toMatchObject({ Code: "200", Success: "success" });
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-f", { ProxyStatus: [], Code: "403", httpStatus: 403 });
    const forbidden = await proxyStatus(em.url(), "mesh-f");
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.Code).toBe("403");
  });

  it("rejects an admin body in the wrong shape", async () => {
    const res = await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-x", { ProxyStatus: [{ ProxyId: 7 }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("ProxyStatus.0.ProxyId");
  });
});

describe("Huawei ASM mesh upgrade tasks", () => {
  const base = `/v1/${PROJECT}/mesh-upgrade`;
  const body = {
    kind: "MeshUpgrade",
    apiVersion: "v1",
    metadata: { name: "upgrade-1" },
    spec: { meshId: "mesh-1", upgradeStrategy: "canary", targetVersion: "1.18.7", targetType: "CCE" },
  };
  const call = (method: string, path: string, payload?: unknown) => huawei(em.url(), method, path, { body: payload });

  it("creates, shows, updates and deletes a task in the documented shape", async () => {
    const created = await call("POST", base, body);
    expect(created.status).toBe(201);
    const uid = created.body.metadata.uid as string;
    const shown = await call("GET", `${base}/${uid}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      kind: "MeshUpgrade",
      apiVersion: "v1",
      metadata: { name: "upgrade-1", uid, creationTimestamp: expect.any(String) },
      spec: { ...body.spec, currentStep: { name: "precheck", action: "" } },
      status: {
        state: "Running",
        currentStep: { id: "precheck", phase: "Running", startTime: expect.any(String) },
        updatedAt: expect.any(String),
      },
    });
    const next = { ...body, spec: { ...body.spec, currentStep: { name: "upgrade-dataplane", action: "next" } } };
    const updated = await call("PUT", `${base}/${uid}`, next);
    expect(updated.status).toBe(200);
    expect(updated.body.status.currentStep).toMatchObject({ id: "upgrade-dataplane", phase: "Running" });
    const deleted = await call("DELETE", `${base}/${uid}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.metadata.uid).toBe(uid);
    const gone = await call("GET", `${base}/${uid}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error_code: "ASM.01010002" });
  });

  it("rejects a body without spec.meshId with 400 ASM.01010001", async () => {
    const res = await call("POST", base, { metadata: { name: "x" }, spec: {} });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("ASM.01010001");
  });

  it("advances a seeded task's phase after N reads through the admin API", async () => {
    const seeded = await admin(em.url(), "POST", "/huawei/asm/mesh-upgrade", {
      ...body,
      status: { state: "Running", currentStep: { id: "controlplane", phase: "Running" } },
    });
    expect(seeded.status).toBe(201);
    const uid = seeded.body.metadata.uid as string;
    expect(
      (await admin(em.url(), "POST", `/huawei/asm/mesh-upgrade/${uid}/advance`, { phase: "Succeeded", afterReads: 2 }))
        .status,
    ).toBe(200);
    const phases: string[] = [];
    for (let i = 0; i < 3; i++) phases.push((await call("GET", `${base}/${uid}`)).body.status.currentStep.phase);
    expect(phases).toEqual(["Running", "Running", "Succeeded"]);
    await admin(em.url(), "POST", `/huawei/asm/mesh-upgrade/${uid}/advance`, {
      stepName: "dataplane",
      state: "Paused",
    });
    const now = (await call("GET", `${base}/${uid}`)).body;
    expect(now.spec.currentStep.name).toBe("dataplane");
    expect(now.status).toMatchObject({ state: "Paused", currentStep: { id: "dataplane", phase: "Running" } });
    expect((await admin(em.url(), "POST", "/huawei/asm/mesh-upgrade/nope/advance", {})).status).toBe(404);
  });

  it("keeps a seeded task's given uid; the API's create assigns its own", async () => {
    const uid = "4f6c3c2e-8d7a-4c38-9b1e-6a1d2f3e4b5c";
    const seeded = await admin(em.url(), "POST", "/huawei/asm/mesh-upgrade", { ...body, metadata: { name: "u", uid } });
    expect(seeded.body.metadata.uid).toBe(uid);
    expect((await call("GET", `${base}/${uid}`)).body.metadata.uid).toBe(uid);
    const created = await call("POST", base, { ...body, metadata: { name: "u", uid } });
    expect(created.body.metadata.uid).not.toBe(uid);
  });
});
