/**
 * The tracked-lookup kit, pure where it can be: the provider a spec builds (check, diff and drift, create, read,
 * update, delete) with a stub read, the function-argument errors, and the `Output` form.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { InputError } from "../../src/core/errors";
import { UNKNOWN } from "../../src/core/unknowns";
import { outputForm, parseFunctionArgs } from "../../src/core/functions";
import { trackedLookupProvider } from "../../src/lookups/trackedLookup";

const InputSchema = z
  .object({ key: z.string(), region: z.string().optional(), waitFor: z.number().optional() })
  .strict();
type Result = { value: string };

function providerReading(values: string[]) {
  const reads: string[] = [];
  const read = async () => {
    const value = values[Math.min(reads.length, values.length - 1)]!;
    reads.push(value);
    return { value };
  };
  const provider = trackedLookupProvider({
    schema: InputSchema,
    argsName: "ExampleLookupArgs",
    resolve: (_config, input) => ({ region: input.region ?? "cn-north-4" }),
    replaceKeys: ["key", "region"],
    updateKeys: ["waitFor"],
    id: (inputs) => inputs.key,
    read,
    readAndWait: read,
    toOutputs: (inputs, result: Result) => ({ ...inputs, ...result }),
  });
  return { provider, reads };
}

describe("trackedLookupProvider", () => {
  it("check fills in the resolved inputs, names misspelt keys and lets unknowns through", async () => {
    const { provider } = providerReading(["a"]);
    expect(await provider.check({}, { key: "k" })).toEqual({ inputs: { key: "k", region: "cn-north-4" } });
    expect((await provider.check({}, { key: "k", regoin: "x" })).failures).toEqual([
      { property: "regoin", reason: 'unknown property "regoin"; check the spelling against ExampleLookupArgs' },
    ]);
    expect(await provider.check({}, { key: UNKNOWN })).toEqual({ inputs: { key: UNKNOWN } });
  });

  it("diff: no change when the last read is the accepted one; drift when a read saw something new", async () => {
    const { provider } = providerReading(["a", "a", "b"]);
    const inputs = { key: "k", region: "cn-north-4" };
    const { outs } = await provider.create(inputs);
    expect(await provider.diff("k", outs, inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const same = (await provider.read("k", outs)).props!;
    expect((await provider.diff("k", same, inputs)).changes).toBe(false);
    const drifted = (await provider.read("k", same)).props!;
    expect(drifted.__accepted).toBe(outs.__accepted);
    expect(drifted.__seen).not.toBe(drifted.__accepted);
    expect(await provider.diff("k", drifted, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const { outs: accepted } = await provider.update("k", drifted, inputs);
    expect(accepted.__seen).toBe(accepted.__accepted);
  });

  it("diff replaces on a replace key (unknown included) and updates on an update key", async () => {
    const { provider } = providerReading(["a"]);
    const { outs } = await provider.create({ key: "k", region: "cn-north-4" });
    expect((await provider.diff("k", outs, { key: "other", region: "cn-north-4" })).replaces).toEqual(["key"]);
    expect((await provider.diff("k", outs, { key: UNKNOWN, region: "cn-north-4" })).replaces).toEqual(["key"]);
    expect(await provider.diff("k", outs, { key: "k", region: "cn-north-4", waitFor: 5 })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("delete makes no read", async () => {
    const { provider, reads } = providerReading(["a"]);
    await provider.delete("k", {});
    expect(reads).toEqual([]);
  });
});

describe("provider functions", () => {
  it("name their args type after the function in every failure", () => {
    expect(() => parseFunctionArgs(InputSchema, { kye: "x" }, "getExample")).toThrow(InputError);
    expect(() => parseFunctionArgs(InputSchema, { kye: "x" }, "getExample")).toThrow(
      /Invalid getExample arguments: .*check the spelling against GetExampleArgs/,
    );
  });

  it("their Output form resolves Inputs before calling", async () => {
    const get = outputForm(async (a: { key: string; n: number }) => `${a.key}:${a.n}`);
    const value = await new Promise((resolve) =>
      get({ key: pulumi.output("k"), n: Promise.resolve(2) }).apply(resolve),
    );
    expect(value).toBe("k:2");
  });
});
