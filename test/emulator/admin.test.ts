/** The admin API: request log, faults (count, seeded rate, reset, latency, after handling), rate limit, reset, seeds. */
import os from "node:os";
import { startEmulator } from "../../src/emulator";
import {
  admin,
  alibaba,
  ASM_VERSION,
  channelsPath,
  huawei,
  PROJECT,
  proxyStatus,
  sae,
  send,
  useEmulator,
} from "../support/emulator";

const em = useEmulator();
const channel = (name: string) => ({ name, port: 80, balance_strategy: 1, member_type: "ip" });

async function createChannel(name: string): Promise<string> {
  const res = await huawei(em.url(), "POST", channelsPath(), { body: channel(name) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe("request log", () => {
  it("lists every cloud call with its operation name and status, but no admin call", async () => {
    await admin(em.url(), "PUT", "/alibaba/asm/meshes/mesh-1", { ProxyStatus: [] });
    const id = await createChannel("logged");
    await huawei(em.url(), "GET", `${channelsPath()}/${id}`);
    await huawei(em.url(), "PUT", `${channelsPath()}/${id}`, { body: channel("logged") });
    await huawei(em.url(), "GET", channelsPath());
    await huawei(em.url(), "DELETE", `${channelsPath()}/${id}`);
    await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "1"]]);
    await proxyStatus(em.url(), "mesh-1");
    await huawei(em.url(), "GET", `/v1/${PROJECT}/mesh-upgrade/abc`);
    await send(em.url(), { method: "GET", path: channelsPath() });

    const { requests } = (await admin(em.url(), "GET", "/requests")).body;
    expect(requests.map((r: { action: string; status: number }) => `${r.action} ${r.status}`)).toEqual([
      "CreateVpcChannel 201",
      "ShowVpcChannel 200",
      "UpdateVpcChannel 200",
      "ListVpcChannels 200",
      "DeleteVpcChannel 204",
      "DescribeGreyTagRoute 400",
      "DescribeServiceMeshProxyStatus 200",
      "ShowMeshUpgrade 404",
      "ListVpcChannels 401",
    ]);
    expect(requests[0]).toEqual({
      method: "POST",
      path: channelsPath(),
      service: "huawei-apig",
      action: "CreateVpcChannel",
      status: 201,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(requests.map((r: { service: string }) => r.service)).toContain("alibaba-asm");

    await admin(em.url(), "DELETE", "/requests");
    expect((await admin(em.url(), "GET", "/requests")).body.requests).toEqual([]);
  });
});

describe("faults", () => {
  const show = (id: string) => huawei(em.url(), "GET", `${channelsPath()}/${id}`);

  it("fails the next N matching calls in the cloud's error shape, then lets calls through", async () => {
    const id = await createChannel("faulty");
    const added = await admin(em.url(), "POST", "/faults", {
      match: { action: "ShowVpcChannel" },
      status: 503,
      count: 2,
    });
    expect(added.status).toBe(201);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await show(id)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await huawei(em.url(), "GET", channelsPath())).status).toBe(200); // other actions untouched
    const { faults } = (await admin(em.url(), "GET", "/faults")).body;
    expect(faults[0]).toMatchObject({ id: 1, fired: 2, remaining: 0 });
  });

  it("renders codes with their documented status and message per cloud", async () => {
    const id = await createChannel("codes");
    await admin(em.url(), "POST", "/faults", {
      match: { service: "huawei-apig", method: "GET" },
      code: "APIG.9008",
      count: 1,
    });
    await admin(em.url(), "POST", "/faults", { match: { pathPrefix: "/v2/" }, status: 429, count: 1 });
    await admin(em.url(), "POST", "/faults", { match: { service: "alibaba" }, status: 429, count: 1 });
    await admin(em.url(), "POST", "/faults", { match: { service: "alibaba-sae" }, code: "Throttling.User", count: 1 });
    const busy = await show(id);
    expect(busy.status).toBe(500);
    expect(busy.body).toMatchObject({ error_code: "APIG.9008", error_msg: "Too many requests" });
    const throttled = await show(id);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error_code).toBe("APIG.0308");
    const ali = await proxyStatus(em.url(), "any");
    expect(ali.status).toBe(429);
    expect(ali.body).toMatchObject({
      Code: "Throttling.User",
      Message: "Request was denied due to user flow control.",
    });
    expect(Object.keys(ali.body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
    const saeBusy = await sae(em.url(), "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "1"]]);
    expect(saeBusy.status).toBe(400);
    expect(saeBusy.body).toMatchObject({ Code: "Throttling.User", ErrorCode: "Throttling.User", Success: false });
  });

  it("fires a `rate` fault deterministically for a given seed", async () => {
    const id = await createChannel("rated");
    const pattern = async (seed: number) => {
      await admin(em.url(), "DELETE", "/faults");
      await admin(em.url(), "POST", "/faults", { match: { action: "ShowVpcChannel" }, status: 500, rate: 0.5, seed });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await show(id)).status);
      return out.map((s) => (s === 500 ? "x" : ".")).join("");
    };
    const first = await pattern(42);
    expect(await pattern(42)).toBe(first);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await pattern(7)).not.toBe(first);
  });

  it("drops the connection for a `reset` fault and logs status 0", async () => {
    const id = await createChannel("reset");
    await admin(em.url(), "POST", "/faults", { match: { action: "ShowVpcChannel" }, reset: true, count: 1 });
    await expect(show(id)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await show(id)).status).toBe(200);
    const { requests } = (await admin(em.url(), "GET", "/requests")).body;
    expect(
      requests
        .filter((r: { action: string }) => r.action === "ShowVpcChannel")
        .map((r: { status: number }) => r.status),
    ).toEqual([0, 200]);
  });

  it("delays calls by `latencyMs` and still answers them", async () => {
    const id = await createChannel("slow");
    await admin(em.url(), "POST", "/faults", { match: { action: "ShowVpcChannel" }, latencyMs: 300, count: 1 });
    const started = Date.now();
    expect((await show(id)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("applies the effect before failing with `afterHandling` (a create whose answer was lost)", async () => {
    await admin(em.url(), "POST", "/faults", {
      match: { action: "CreateVpcChannel" },
      status: 500,
      afterHandling: true,
      count: 1,
    });
    const lost = await huawei(em.url(), "POST", channelsPath(), { body: channel("lost_answer") });
    expect(lost.status).toBe(500);
    expect(lost.body.error_code).toBe("APIG.9999");
    const listed = await huawei(em.url(), "GET", channelsPath(), {
      query: [
        ["name", "lost_answer"],
        ["precise_search", "name"],
      ],
    });
    expect(listed.body.total).toBe(1);

    await admin(em.url(), "POST", "/faults", {
      match: { action: "DeleteVpcChannel" },
      reset: true,
      afterHandling: true,
      count: 1,
    });
    const id = listed.body.vpc_channels[0].id as string;
    await expect(huawei(em.url(), "DELETE", `${channelsPath()}/${id}`)).rejects.toThrow();
    expect((await show(id)).status).toBe(404);
  });

  it("rejects an invalid fault body", async () => {
    const res = await admin(em.url(), "POST", "/faults", { rate: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("rate");
  });
});

describe("rate limit", () => {
  it("answers the clouds' throttling errors above the limit within one second, switchable by admin", async () => {
    const frozen = new Date();
    const limited = await startEmulator({ rateLimitPerSecond: 3, now: () => frozen });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await huawei(limited.url, "GET", channelsPath(), { now: frozen })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const last = await huawei(limited.url, "GET", channelsPath(), { now: frozen });
      expect(last.body.error_code).toBe("APIG.0308");
      expect(last.body.error_msg).toContain("limit:3,time:1 second");
      const ali = await alibaba(limited.url, {
        method: "GET",
        path: "/",
        action: "DescribeServiceMeshProxyStatus",
        version: ASM_VERSION,
        query: [["ServiceMeshId", "m"]],
        now: frozen,
      });
      expect(ali.status).toBe(400);
      expect(ali.body.Code).toBe("Throttling.User");
      expect((await admin(limited.url, "PUT", "/rate-limit", { perSecond: null })).body).toEqual({ perSecond: null });
      expect((await huawei(limited.url, "GET", channelsPath(), { now: frozen })).status).toBe(200);
      await admin(limited.url, "PUT", "/rate-limit", { perSecond: 1 });
      expect((await huawei(limited.url, "GET", channelsPath(), { now: frozen })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("reset, state dump, seeds, admin errors", () => {
  it("reset clears state, faults and the request log", async () => {
    await createChannel("before_reset");
    await admin(em.url(), "POST", "/faults", { status: 500, match: { action: "Nothing" } });
    expect((await admin(em.url(), "GET", "/state")).body.huaweiApig.channels).toHaveLength(1);
    expect((await admin(em.url(), "POST", "/reset")).body).toEqual({ ok: true });
    expect((await admin(em.url(), "GET", "/faults")).body.faults).toEqual([]);
    expect((await admin(em.url(), "GET", "/requests")).body.requests).toEqual([]);
    const state = (await admin(em.url(), "GET", "/state")).body;
    expect(state).toMatchObject({ version: 1, huaweiApig: { channels: [] }, alibabaSae: { routes: [] } });
  });

  it("answers unknown routes with 404 and bodies that are not JSON with 400", async () => {
    expect((await admin(em.url(), "GET", "/nope")).status).toBe(404);
    const bad = await send(em.url(), { method: "POST", path: "/_emulator/faults", body: "{" });
    expect(bad.status).toBe(400);
    expect((await admin(em.url(), "GET", "/health")).body).toEqual({ ok: true });
  });

  it("applies seed fixtures at start", async () => {
    const seeded = await startEmulator({
      seed: {
        huawei: {
          apig: { vpcChannels: [{ instance_id: "gw-9", ...channel("seeded"), in_use_apis: 1 }] },
          asm: { meshUpgrades: [{ metadata: { name: "u" }, spec: { meshId: "m" } }] },
        },
        alibaba: {
          sae: { greyTagRoutes: [{ GreyTagRouteId: 5, AppId: "a", Name: "r" }] },
          asm: { meshes: { "mesh-s": { ProxyStatus: [{ ProxyId: "p" }] } } },
        },
      },
    });
    try {
      const list = await huawei(seeded.url, "GET", channelsPath("gw-9"));
      expect(list.body.vpc_channels[0].name).toBe("seeded");
      const del = await huawei(seeded.url, "DELETE", `${channelsPath("gw-9")}/${list.body.vpc_channels[0].id}`);
      expect(del.body.error_code).toBe("APIG.3414");
      expect((await sae(seeded.url, "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "5"]])).status).toBe(200);
      expect((await proxyStatus(seeded.url, "mesh-s")).body.ProxyStatus[0].ProxyId).toBe("p");
      expect((await admin(seeded.url, "GET", "/state")).body.huaweiAsm.tasks).toHaveLength(1);
    } finally {
      await seeded.close();
    }
  });
});

describe("member health", () => {
  it("sets members' health by host, which ShowVpcChannel and the member list answer, and refuses unknown hosts", async () => {
    const res = await huawei(em.url(), "POST", channelsPath(), {
      body: {
        ...channel("healthy-or-not"),
        member_groups: [{ member_group_name: "canary" }],
        members: [
          { host: "10.0.1.5", member_group_name: "canary" },
          { host: "10.0.1.6", member_group_name: "canary" },
        ],
      },
    });
    const id = res.body.id as string;
    const health = async () => {
      const shown = (await huawei(em.url(), "GET", `${channelsPath()}/${id}`)).body.members as Array<
        Record<string, string>
      >;
      const listed = (await huawei(em.url(), "GET", `${channelsPath()}/${id}/members`)).body.members as Array<
        Record<string, string>
      >;
      expect(listed.map((m) => [m.host, m.health_status])).toEqual(shown.map((m) => [m.host, m.health_status]));
      return Object.fromEntries(shown.map((m) => [m.host, m.health_status]));
    };
    // No health check and nothing set: unknown.
    expect(await health()).toEqual({ "10.0.1.5": "unknown", "10.0.1.6": "unknown" });
    const set = await admin(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/member-health`, {
      members: { "10.0.1.5": "unhealthy", "10.0.1.6": "healthy" },
    });
    expect(set.status).toBe(200);
    expect(await health()).toEqual({ "10.0.1.5": "unhealthy", "10.0.1.6": "healthy" });
    const unknown = await admin(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/member-health`, {
      members: { "10.9.9.9": "healthy" },
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/no member with host or ECS id 10\.9\.9\.9/) },
    });
    const bad = await admin(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/member-health`, {
      members: { "10.0.1.5": "sick" },
    });
    expect(bad.status).toBe(400);
  });
});

describe("who may call the admin API", () => {
  /** This machine's own address on a non-loopback interface: a client there is not loopback. */
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

  it("has a non-loopback address to test from", () => {
    expect(external).toBeDefined();
  });

  it("answers loopback clients, refuses others, and lets others in with the admin token", async () => {
    const open = await startEmulator({ port: 0, host: "0.0.0.0" });
    const guarded = await startEmulator({ port: 0, host: "0.0.0.0", adminToken: "s3cret-admin-token-0123" });
    try {
      const at = (e: { port: number }, host: string) => `http://${host}:${e.port}`;
      expect((await admin(at(open, "127.0.0.1"), "GET", "/state")).status).toBe(200);
      const refused = await admin(at(open, external!), "GET", "/state");
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/answers clients on this machine only; start the emulator with --admin-token/);
      expect((await admin(at(guarded, external!), "GET", "/state")).status).toBe(403);
      const withToken = await send(at(guarded, external!), {
        method: "GET",
        path: "/_emulator/state",
        headers: { authorization: "Bearer s3cret-admin-token-0123" },
      });
      expect(withToken.status).toBe(200);
      const wrong = await send(at(guarded, external!), {
        method: "GET",
        path: "/_emulator/state",
        headers: { authorization: "Bearer s3cret-admin-token-0124" },
      });
      expect(wrong.status).toBe(403);
      // The cloud APIs themselves are signed, not guarded by address.
      expect((await huawei(at(open, external!), "GET", channelsPath())).status).toBe(200);
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});
