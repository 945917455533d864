/**
 * Resource wiring (Pulumi mocks): type tokens, the serialized shim kind, declared outputs, and a VpcChannel that
 * `dependsOn` the gates registering only after them. Plus the stable entry point dispatching to the lookups.
 */
import * as pulumi from "@pulumi/pulumi";

const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];
/** `start:name` when the engine is asked to register a resource, `done:name` when that registration completes. */
const events: string[] = [];

pulumi.runtime.setMocks(
  {
    async newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      events.push(`start:${args.name}`);
      // Gates take a while (as a waiting create does); the channel must not be registered before they finish.
      if (args.name.startsWith("mesh-")) await new Promise((resolve) => setTimeout(resolve, 100));
      events.push(`done:${args.name}`);
      const computed: Record<string, unknown> = {
        "mesh-proxies": { allSynced: true, total: 2, syncedCount: 2 },
        "mesh-upgrade": { state: "Running", phase: "DataPlaneUpgrading" },
        "grey-route": { name: "orders-canary", scRules: [] },
      };
      return { id: `${args.name}-id`, state: { ...args.inputs, ...(computed[args.name] ?? {}) } };
    },
    call: () => ({}),
  },
  "canary-mesh-test",
  "dev",
  false,
);

// Imported after setMocks, as a program would be run.
import { GreyTagRouteLookup } from "../../src/lookups/greyTagRoute";
import { ProxyStatusLookup } from "../../src/lookups/proxyStatus";
import { MeshUpgradeLookup } from "../../src/lookups/meshUpgrade";
import { VpcChannel } from "../../src/vpcChannel/resource";
import { call } from "../../src/provider";
import { valueOf } from "../support/fixtures";

describe("lookup resources", () => {
  it("register under their modules with the shim of their kind, and expose their outputs", async () => {
    const proxies = new ProxyStatusLookup("mesh-proxies", {
      serviceMeshId: "mesh-1",
      waitFor: { allSynced: true, timeoutSeconds: 120 },
    });
    const upgrade = new MeshUpgradeLookup("mesh-upgrade", {
      meshUpgradeId: "task-1",
      waitFor: { phases: ["DataPlaneUpgrading"] },
    });
    const route = new GreyTagRouteLookup("grey-route", { greyTagRouteId: 16 });
    const channel = new VpcChannel(
      "orders",
      { instanceId: "gw-1", name: "orders-backend", port: 8080, memberType: "ip", members: [{ host: "10.0.0.5" }] },
      { dependsOn: [proxies, upgrade] },
    );

    expect(await valueOf(proxies.allSynced)).toBe(true);
    expect(await valueOf(upgrade.phase)).toBe("DataPlaneUpgrading");
    expect(await valueOf(route.name)).toBe("orders-canary");
    expect(await valueOf(route.id)).toBe("grey-route-id");
    await valueOf(channel.id);

    const byName = Object.fromEntries(registered.map((r) => [r.name, r]));
    expect(byName["mesh-proxies"]!.type).toBe("pulumi-nodejs:dynamic/canary-mesh/alibaba/asm:ProxyStatusLookup");
    expect(byName["mesh-upgrade"]!.type).toBe("pulumi-nodejs:dynamic/canary-mesh/huawei/asm:MeshUpgradeLookup");
    expect(byName["grey-route"]!.type).toBe("pulumi-nodejs:dynamic/canary-mesh/alibaba/sae:GreyTagRouteLookup");
    expect(byName["mesh-proxies"]!.inputs).toMatchObject({
      serviceMeshId: "mesh-1",
      waitFor: { allSynced: true, timeoutSeconds: 120 },
    });
    for (const [name, kind] of [
      ["mesh-proxies", "proxyStatusLookup"],
      ["mesh-upgrade", "meshUpgradeLookup"],
      ["grey-route", "greyTagRouteLookup"],
    ] as const) {
      const text = String(byName[name]!.inputs.__provider);
      expect(text).toContain('require("pulumi-canary-mesh/provider")');
      expect(text).toContain(`"${kind}"`);
      expect(text).not.toMatch(/axios|zod|HttpClient/);
    }
    // The channel is registered only after both gates have finished registering (i.e. after their create,
    // which is where a gate waits): dependsOn is all a VpcChannel needs to wait for the mesh.
    expect(events.indexOf("start:orders")).toBeGreaterThan(events.indexOf("done:mesh-proxies"));
    expect(events.indexOf("start:orders")).toBeGreaterThan(events.indexOf("done:mesh-upgrade"));
    expect(events.indexOf("start:grey-route")).toBeLessThan(events.indexOf("done:mesh-proxies"));
  });
});

describe("pulumi-canary-mesh/provider entry point", () => {
  it("dispatches each lookup kind to its provider", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    await expect(call("greyTagRouteLookup", "check", [{}, { greyTagRouteId: UNKNOWN }])).resolves.toEqual({
      inputs: { greyTagRouteId: UNKNOWN },
    });
    await expect(
      call("proxyStatusLookup", "check", [{}, { serviceMeshId: "m", waitFor: { allSynced: false } }]),
    ).resolves.toEqual({
      failures: [
        { property: "waitFor.allSynced", reason: "allSynced must be true: it is the condition this gate waits for" },
      ],
    });
    await expect(call("meshUpgradeLookup", "delete", ["task-1", {}])).resolves.toBeUndefined();
  });
});
