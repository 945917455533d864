/**
 * The contract between the server and its services: every registered service has a `<cloud>-<name>` id, seeds and
 * snapshots round-trip through persistence, admin routes live under its prefix; and a new service is nothing but a
 * factory (here one defined in the test), answered in its cloud's dialect with nothing else changed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EmulatedService, SERVICES, ServiceFactory, startEmulator } from "../../src/emulator";
import { HuaweiError } from "../../src/emulator/huawei/errors";
import { admin, huawei, send } from "../support/emulator";
import { ROLLOUT_SEED } from "../support/fixtures";

describe("registered services", () => {
  const context = { now: () => new Date("2026-12-01T00:00:00Z"), newId: () => "0".repeat(32) };
  const services: EmulatedService[] = SERVICES.map((create) => create(context));

  it("each has a unique <cloud>-<name> id and at least one route", () => {
    const ids = services.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of services) {
      expect(s.id.startsWith(`${s.cloud}-`)).toBe(true);
      expect(s.routes.length).toBeGreaterThan(0);
    }
    expect(ids).toEqual(["huawei-apig", "huawei-asm", "alibaba-sae", "alibaba-asm"]);
  });

  it("a seeded state survives snapshot → JSON → restore in a fresh service", () => {
    for (const s of services) {
      const [cloud, name] = s.id.split("-") as [string, string];
      const section = (ROLLOUT_SEED as Record<string, Record<string, unknown> | undefined>)[cloud]?.[name];
      if (section) s.seed(section);
      const snapshot = JSON.parse(JSON.stringify(s.snapshot()));
      const fresh = SERVICES[services.indexOf(s)]!(context);
      fresh.restore(snapshot);
      expect(fresh.snapshot()).toEqual(snapshot);
      fresh.restore(undefined);
      expect(JSON.stringify(fresh.snapshot())).not.toContain("orders-canary");
    }
  });
});

describe("a new service", () => {
  /** A Huawei-style service with one route and one admin route, defined only here. */
  const echoService: ServiceFactory = () => {
    let greeting = "hello";
    return {
      id: "huawei-echo",
      cloud: "huawei",
      routes: [
        {
          method: "GET",
          path: "/v1/{project_id}/echo/{word}",
          action: "ShowEcho",
          handle: (r) => {
            if (r.params.word === "fail") throw new HuaweiError("APIG.2012", "word");
            return { status: 200, body: { echo: `${greeting} ${r.params.word}` } };
          },
        },
      ],
      adminRoutes: [
        [
          "PUT",
          /^\/greeting$/,
          (_p, b) => ((greeting = String((b as { text: string }).text)), { status: 200, body: {} }),
        ],
      ],
      snapshot: () => ({ greeting }),
      restore: (s) => void (greeting = (s as { greeting?: string } | undefined)?.greeting ?? "hello"),
      seed: (section) => void (greeting = String((section as { greeting: string }).greeting)),
    };
  };

  it("is signed, routed, logged, answered in its cloud's error shape, seeded, nudged and persisted", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-service-"));
    const stateFile = path.join(dir, "state.json");
    const emulator = await startEmulator({
      port: 0,
      stateFile,
      services: [...SERVICES, echoService],
      seed: { huawei: { echo: { greeting: "hi" } } },
    });
    try {
      const ok = await huawei(emulator.url, "GET", "/v1/p/echo/there");
      expect(ok).toMatchObject({ status: 200, body: { echo: "hi there" } });
      const failed = await huawei(emulator.url, "GET", "/v1/p/echo/fail");
      expect(failed.status).toBe(400);
      expect(failed.body).toMatchObject({ error_code: "APIG.2012", request_id: failed.headers["x-request-id"] });
      const unsigned = await send(emulator.url, { method: "GET", path: "/v1/p/echo/x" });
      expect(unsigned.body.error_code).toBe("APIGW.0301");
      expect((await admin(emulator.url, "PUT", "/huawei/echo/greeting", { text: "hey" })).status).toBe(200);
      expect((await huawei(emulator.url, "GET", "/v1/p/echo/you")).body).toEqual({ echo: "hey you" });
      const log = (await admin(emulator.url, "GET", "/requests")).body.requests as Array<{
        service: string;
        action: string;
      }>;
      expect(log.filter((r) => r.service === "huawei-echo").map((r) => r.action)).toEqual([
        "ShowEcho",
        "ShowEcho",
        "ShowEcho",
        "ShowEcho",
      ]);
      expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).huaweiEcho).toEqual({ greeting: "hey" });
    } finally {
      await emulator.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a seed section no service owns", async () => {
    await expect(startEmulator({ port: 0, seed: { huawei: { nothing: {} } } })).rejects.toThrow(
      /huawei\.nothing: no emulated service of that name/,
    );
  });
});
