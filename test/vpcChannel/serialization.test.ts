/**
 * The provider text Pulumi stores with every resource: constant, small, free of secrets, registered without any
 * closure serialization, and runnable in a separate Node process that only has the installed package, as is the
 * closure 0.1.0 stored.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "../../src/emulator";
import { EMULATOR_HUAWEI_SECRET_KEY } from "../../src/emulator/keys";
import { huaweiEmulatorEnv, valueOf } from "../support/fixtures";

const ROOT = path.resolve(__dirname, "../..");

/** Compiled code, as in a user's program. */
const shimModule = () => require(path.join(ROOT, "dist", "shim.js")) as typeof import("../../src/shim");

/** The provider text a VpcChannel written by 0.1.0 stored: a closure serialized by `pulumi.dynamic.Resource`. */
function storedBy010(): string {
  const state = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "fixtures", "state-0.1.0", "stack.json"), "utf8"));
  const resources = (state.deployment ?? state).resources as Array<{ type: string; inputs?: { __provider?: string } }>;
  return resources.find((r) => r.type.endsWith(":VpcChannel"))!.inputs!.__provider!;
}

const KINDS = [
  "vpcChannel",
  "vpcChannelMembers",
  "vpcChannelMemberGroup",
  "greyTagRouteLookup",
  "proxyStatusLookup",
  "meshUpgradeLookup",
] as const;

describe("stored provider text", () => {
  it("is one constant line per kind, under 1 KB, holding no client, schema, config or credential", () => {
    process.env.HUAWEICLOUD_SDK_SK = EMULATOR_HUAWEI_SECRET_KEY;
    for (const kind of KINDS) {
      const text = shimModule().providerText(kind);
      expect(text).toBe(`exports.handler=()=>require("pulumi-canary-mesh/provider").shim("${kind}");`);
      expect(Buffer.byteLength(text)).toBeLessThan(1024);
      expect(text).not.toContain(EMULATOR_HUAWEI_SECRET_KEY);
    }
  });

  it("is what every resource registers as __provider, with no closure serialized at program time", async () => {
    const registered: Array<{ type: string; provider: unknown }> = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, provider: args.inputs.__provider });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
    const { huawei, alibaba } = require(path.join(ROOT, "dist", "index.js")) as typeof import("../../src");
    const resources = [
      new huawei.apig.VpcChannel("c", { instanceId: "gw", name: "orders", port: 80 }),
      new huawei.apig.VpcChannelMembers("m", { instanceId: "gw", vpcChannelId: "0".repeat(32), members: [] }),
      new huawei.apig.VpcChannelMemberGroup("g", { instanceId: "gw", vpcChannelId: "0".repeat(32), name: "canary" }),
      new alibaba.asm.ProxyStatusLookup("p", { serviceMeshId: "m" }),
      new alibaba.sae.GreyTagRouteLookup("r", { greyTagRouteId: 1 }),
      new huawei.asm.MeshUpgradeLookup("u", { meshUpgradeId: "u" }),
    ];
    // Each id resolves once the engine (here the mocks) answered its registration.
    await Promise.all(resources.map((r) => valueOf(r.id)));
    // pulumi.dynamic.Resource would register an Output of serialized closure text here.
    expect(registered.map((r) => [r.type.split(":").pop(), r.provider]).sort()).toEqual(
      (
        [
          ["VpcChannel", "vpcChannel"],
          ["VpcChannelMembers", "vpcChannelMembers"],
          ["VpcChannelMemberGroup", "vpcChannelMemberGroup"],
          ["ProxyStatusLookup", "proxyStatusLookup"],
          ["GreyTagRouteLookup", "greyTagRouteLookup"],
          ["MeshUpgradeLookup", "meshUpgradeLookup"],
        ] as const
      )
        .map(([type, kind]) => [type, shimModule().providerText(kind)])
        .sort(),
    );
    expect(registered.find((r) => r.type.endsWith(":VpcChannel"))!.type).toBe(
      "pulumi-nodejs:dynamic/canary-mesh/huawei/apig:VpcChannel",
    );
  });
});

describe.each([
  ["this release's provider text", () => shimModule().providerText("vpcChannel")],
  ["the closure 0.1.0 stored (test/fixtures/state-0.1.0)", storedBy010],
])("%s", (_label, providerText) => {
  it("runs in a separate Node process against the emulator", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const text = providerText();
      // What the engine's dynamic-provider host does: load the text with require-from-string, then call it.
      const script = `
        const requireFromString = require("require-from-string");
        const provider = requireFromString(${JSON.stringify(text)}).handler();
        (async () => {
          await provider.configure({ config: { get: () => undefined } });
          const checked = await provider.check({}, { instanceId: "gw-ser", name: "serialized-chan", port: 80, memberType: "ip",
            members: [{ host: "10.1.0.1", weight: 3 }] });
          if (checked.failures && checked.failures.length) throw new Error(JSON.stringify(checked.failures));
          const created = await provider.create(checked.inputs);
          const read = await provider.read(created.id, created.outs);
          await provider.delete(created.id, read.props);
          const gone = await provider.read(created.id, read.props);
          console.log(JSON.stringify({ id: created.id, members: Object.keys(read.props.members), gone: gone.id === undefined }));
        })().catch((e) => { console.error(String(e)); process.exit(1); });
      `;
      const output = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          ["-e", script],
          {
            cwd: ROOT,
            env: {
              PATH: process.env.PATH,
              CANARY_MESH_ENDPOINT: emulator.url,
              ...huaweiEmulatorEnv(),
            },
          },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
        ),
      );
      const result = JSON.parse(output.trim().split("\n").pop()!);
      expect(result.id).toMatch(/^[0-9a-f]{32}$/);
      expect(result.members).toEqual(["10.1.0.1:80"]);
      expect(result.gone).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
