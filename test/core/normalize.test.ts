/** The canonical-form helpers, pure. */
import {
  compareBy,
  compareCodeUnits,
  compareTuples,
  dropUndefinedDeep,
  emptyToUndefined,
  nullToUndefined,
  sortedRecord,
  withoutUndefined,
} from "../../src/core/normalize";

describe("absent values", () => {
  it("withoutUndefined drops one level; dropUndefinedDeep every level, keeping array positions", () => {
    const value = { a: undefined, b: { c: undefined, d: 1 }, e: [undefined, { f: undefined }], g: null };
    expect(withoutUndefined(value)).toEqual({ b: { c: undefined, d: 1 }, e: [undefined, { f: undefined }], g: null });
    expect(Object.keys(withoutUndefined(value))).toEqual(["b", "e", "g"]);
    const deep = dropUndefinedDeep(value);
    expect(JSON.stringify(deep)).toBe('{"b":{"d":1},"e":[null,{}],"g":null}');
    expect("c" in (deep.b as object)).toBe(false);
  });

  it("nullToUndefined keeps empty strings; emptyToUndefined does not", () => {
    expect([nullToUndefined(null), nullToUndefined(""), nullToUndefined(0)]).toEqual([undefined, "", 0]);
    expect([emptyToUndefined(null), emptyToUndefined(""), emptyToUndefined("x")]).toEqual([undefined, undefined, "x"]);
  });
});

describe("ordering", () => {
  it("compares code units, not the locale", () => {
    expect(["b", "B", "a", "é", "Z"].sort(compareCodeUnits)).toEqual(["B", "Z", "a", "b", "é"]);
  });

  it("compares tuples: absent first, numbers as numbers, then text", () => {
    const rows: Array<Array<string | number | undefined>> = [["a", 10], ["a", 9], [undefined, 1], ["a"], ["b", 1]];
    expect(rows.sort(compareTuples)).toEqual([[undefined, 1], ["a"], ["a", 9], ["a", 10], ["b", 1]]);
  });

  it("compareBy breaks ties by the whole value, so equal keys still sort stably", () => {
    const items = [
      { id: "b", v: 2 },
      { id: "a", v: 3 },
      { id: "a", v: 1 },
    ];
    expect(items.sort(compareBy((i) => [i.id]))).toEqual([
      { id: "a", v: 1 },
      { id: "a", v: 3 },
      { id: "b", v: 2 },
    ]);
  });

  it("sortedRecord orders its keys", () => {
    expect(
      Object.keys(
        sortedRecord([
          ["b", 1],
          ["a", 2],
          ["B", 3],
        ]),
      ),
    ).toEqual(["B", "a", "b"]);
  });
});
