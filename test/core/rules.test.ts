import { exactInt64, int64Id } from "../../src/core/rules";

describe("int64Id", () => {
  const schema = int64Id("greyTagRouteId");
  const parse = (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success ? { value: r.data } : { error: r.error.issues.map((i) => i.message).join("; ") };
  };

  it.each([
    [16, 16],
    ["16", 16],
    [" 0017 ", 17],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ["9007199254740993", "9007199254740993"],
    ["9223372036854775807", "9223372036854775807"],
  ])("accepts %j as %j", (input, value) => {
    expect(parse(input)).toEqual({ value });
  });

  it.each([
    [undefined, "greyTagRouteId is required"],
    [1.5, "greyTagRouteId must be a whole number"],
    [-3, "greyTagRouteId must be a positive number"],
    ["0", "greyTagRouteId must be a positive number"],
    [2 ** 60, "greyTagRouteId beyond 2^53 must be given as a string of digits, to stay exact"],
    ["9223372036854775808", "greyTagRouteId must fit an int64 (at most 9223372036854775807)"],
    ["sixteen", "greyTagRouteId must be a number, or its digits as a string"],
    [true, "greyTagRouteId must be a number, or its digits as a string"],
  ])("rejects %j: %s", (input, error) => {
    expect(parse(input)).toEqual({ error });
  });

  it("keeps exact numbers as numbers and the rest as digits", () => {
    expect(exactInt64("42")).toBe(42);
    expect(exactInt64("18446744073709551")).toBe("18446744073709551");
  });
});
