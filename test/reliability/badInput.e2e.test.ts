/**
 * Bad input through the real engine: `pulumi preview` of a program with one bad input per resource kind fails,
 * the output names each property path and rule, and the emulator logs zero calls.
 */
import { startEmulator } from "../../src/emulator";
import { E2EStack } from "../e2e/harness";
import { runPulumi } from "./support";
import { requestLog } from "../support/emulator";
import { emulatorStackConfig } from "../support/fixtures";

jest.setTimeout(120_000);

/** One program per resource kind: the engine stops at the first resource whose check fails. */
const programs: Array<[kind: string, source: string, expected: Array<[property: string, rule: RegExp]>]> = [
  [
    "VpcChannel",
    `new huawei.apig.VpcChannel("orders", {
      instanceId: "gw-bad", name: "orders\\u200bbackend", port: 8080, memberType: "ip",
      members: [{ host: "10.0.0.5", weight: 10001 }],
    });`,
    [
      ["name", /name must start with a letter or Chinese character and contain only letters/],
      ["members\\[0\\]\\.weight", /weight must be 0–10000/],
    ],
  ],
  [
    "GreyTagRouteLookup",
    `new alibaba.sae.GreyTagRouteLookup("route", { greyTagRouteId: 0 });`,
    [["greyTagRouteId", /greyTagRouteId must be a positive number/]],
  ],
  [
    "ProxyStatusLookup",
    `new alibaba.asm.ProxyStatusLookup("proxies", { serviceMeshId: "mesh-1", waitFor: { allSynced: true, intervalSeconds: 0.01 } });`,
    [["waitFor\\.intervalSeconds", /intervalSeconds must be at least 0\.1/]],
  ],
  [
    "MeshUpgradeLookup",
    `new huawei.asm.MeshUpgradeLookup("upgrade", { meshUpgradeId: "task-1", waitFor: { phases: [] } });`,
    [["waitFor\\.phases", /phases must list at least one value/]],
  ],
];

describe("pulumi preview with bad inputs", () => {
  it("fails for each resource kind naming every property path and rule, and makes zero API calls", async () => {
    const emulator = await startEmulator({ port: 0 });
    const stack = await E2EStack.create({
      program: "",
      config: { ...emulatorStackConfig(emulator.url), ...{ "canary-mesh:alibabaRegion": "cn-hangzhou" } },
    });
    try {
      for (const [kind, source, expected] of programs) {
        stack.writeProgram(`const { huawei, alibaba } = require("pulumi-canary-mesh");\n${source}\n`);
        const result = await runPulumi(stack, ["preview", "--diff"]);
        const text = result.stdout + result.stderr;
        expect({ kind, failed: result.code !== 0 }).toEqual({ kind, failed: true });
        for (const [property, rule] of expected) {
          // The engine prints each failure as: `<type> resource '<name>': property <path> value ... has a problem: <rule>`.
          const line = text
            .split("\n")
            .find(
              (l) => l.includes(`:${kind} resource`) && new RegExp(`property ${property} `).test(l) && rule.test(l),
            );
          expect({ kind, property, line }).toEqual({ kind, property, line: expect.stringMatching(/has a problem/) });
        }
      }
      expect(await requestLog(emulator.url)).toEqual([]);
    } finally {
      stack.cleanup();
      await emulator.close();
    }
  });
});
