/** Preview unknowns and schema failures, pure. */
import { z } from "zod";
import { containsUnknown, formatPath, schemaFailures, touchesUnknown, UNKNOWN } from "../../src/core/unknowns";

describe("unknown values", () => {
  it("finds the engine's placeholder at any depth, as a whole array too", () => {
    expect(containsUnknown(UNKNOWN)).toBe(true);
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: "x" }], c: null })).toBe(false);
    expect(containsUnknown("04da6b54")).toBe(false);
  });

  it("says whether a path runs through or ends in an unknown value", () => {
    const root = { members: UNKNOWN, groups: [{ name: "a" }, { name: UNKNOWN }] };
    expect(touchesUnknown(root, ["members", 3, "port"])).toBe(true);
    expect(touchesUnknown(root, ["groups", 1])).toBe(true);
    expect(touchesUnknown(root, ["groups", 0, "name"])).toBe(false);
    expect(touchesUnknown(root, ["nothing", "here"])).toBe(false);
  });
});

describe("formatPath", () => {
  it.each<[Array<string | number>, boolean, string]>([
    [["members", 2, "port"], false, "members[2].port"],
    [["waitFor", "timeoutSeconds"], false, "waitFor.timeoutSeconds"],
    [[], false, ""],
    [["labels", "app.kubernetes.io/name"], false, "labels.app.kubernetes.io/name"],
    [["members", "stable/10.0.0.5:80", "port"], true, 'members["stable/10.0.0.5:80"].port'],
    [["members", "plain", "port"], true, "members.plain.port"],
  ])("%j (quoteKeys %s) → %s", (path, quote, expected) => {
    expect(formatPath(path, quote)).toBe(expected);
  });
});

describe("schemaFailures", () => {
  const schema = z.object({ port: z.number().max(9, "port must be at most 9"), name: z.string() }).strict();

  it("reports each problem with its path, misspelt keys by name, and skips problems under unknown values", () => {
    const raw = { port: 12, name: UNKNOWN, nmae: "x" };
    const parsed = schema.safeParse({ ...raw, name: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(schemaFailures(parsed.error, raw, "ExampleArgs")).toEqual([
      { property: "port", reason: "port must be at most 9" },
      { property: "nmae", reason: 'unknown property "nmae"; check the spelling against ExampleArgs' },
    ]);
  });

  it('names the property instead of zod\'s bare "Required"', () => {
    const parsed = schema.safeParse({ port: 1 });
    if (parsed.success) throw new Error("expected a failure");
    expect(schemaFailures(parsed.error, {}, "ExampleArgs")).toEqual([{ property: "name", reason: "name is required" }]);
  });
});
