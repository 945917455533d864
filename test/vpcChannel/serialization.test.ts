/**
 * The provider object Pulumi stores with every resource: serialized the way the engine does it, small, free of
 * secrets, and runnable in a separate Node process that only has the installed package.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "../../src/emulator";
import {
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_PROJECT_ID,
  EMULATOR_HUAWEI_SECRET_KEY,
} from "../../src/emulator/keys";

const ROOT = path.resolve(__dirname, "../..");

async function serializedProvider(): Promise<string> {
  // Compiled code, as in a user's program: coverage or TS transforms must not leak into the closure.
  const { providerShim } = require(path.join(ROOT, "dist", "shim.js")) as typeof import("../../src/shim");
  const provider = providerShim("vpcChannel");
  // Exactly as `dynamic.Resource` does it (sdk/nodejs/dynamic/index.ts serializeFunctionMaybeSecret).
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  expect(serialized.containsSecrets).toBe(false);
  return serialized.text;
}

describe("serialized VpcChannel provider", () => {
  it("is under 2 KB and holds no client, schema, config or credential", async () => {
    process.env.HUAWEICLOUD_SDK_SK = EMULATOR_HUAWEI_SECRET_KEY;
    const text = await serializedProvider();
    expect(Buffer.byteLength(text)).toBeLessThan(2048);
    expect(text).toContain('require("pulumi-canary-mesh/provider")');
    expect(text).not.toContain(EMULATOR_HUAWEI_SECRET_KEY);
    expect(text).not.toMatch(/axios|zod|HttpClient|secretKey|process\.env/);
  });

  it("runs in a separate Node process against the emulator", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const text = await serializedProvider();
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
              HW_REGION_NAME: "cn-north-4",
              HUAWEICLOUD_SDK_PROJECT_ID: EMULATOR_HUAWEI_PROJECT_ID,
              HUAWEICLOUD_SDK_AK: EMULATOR_HUAWEI_ACCESS_KEY,
              HUAWEICLOUD_SDK_SK: EMULATOR_HUAWEI_SECRET_KEY,
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
