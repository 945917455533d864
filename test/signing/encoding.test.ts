/** The encoding steps both signers (and the HTTP layer) are built on: RFC 3986, canonical queries, paths, hashes. */
import {
  canonicalQueryString,
  decodePathSegments,
  EMPTY_SHA256,
  encodePathSegments,
  encodeRfc3986,
  formatQueryPairs,
  parseQueryPairs,
  QueryPairs,
  sha256Hex,
  signaturesEqual,
} from "../../src/signing/encoding";

describe("shared encoding", () => {
  it.each([
    ["plain", "AZaz09-_.~", "AZaz09-_.~"],
    ["space is %20, never +", "a b", "a%20b"],
    ["plus is encoded", "a+b", "a%2Bb"],
    ["star", "*", "%2A"],
    ["tilde kept", "~", "~"],
    ["sub-delims left alone by encodeURIComponent", "!'()", "%21%27%28%29"],
    ["reserved gen-delims", ":/?#[]@", "%3A%2F%3F%23%5B%5D%40"],
    ["other sub-delims", "$&,;=", "%24%26%2C%3B%3D"],
    ["percent", "100%", "100%25"],
    ["two-byte UTF-8, upper-case hex", "é", "%C3%A9"],
    ["three-byte UTF-8", "中", "%E4%B8%AD"],
    ["four-byte UTF-8 (surrogate pair)", "😀", "%F0%9F%98%80"],
    ["empty", "", ""],
  ])("encodeRfc3986: %s", (_name, input, expected) => {
    expect(encodeRfc3986(input)).toBe(expected);
  });

  it("encodeRfc3986 leaves exactly the RFC 3986 unreserved ASCII set literal", () => {
    const literal: string[] = [];
    for (let c = 0; c < 0x80; c++) {
      const ch = String.fromCharCode(c);
      const encoded = encodeRfc3986(ch);
      if (encoded === ch) literal.push(ch);
      else expect(encoded).toBe("%" + c.toString(16).toUpperCase().padStart(2, "0"));
    }
    expect(literal.join("")).toBe("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");
  });

  it("canonicalQueryString sorts by key then value (code-unit order), keeps repeats and empty values", () => {
    const query: QueryPairs = [
      ["b", "2"],
      ["a", "z"],
      ["a", "y"],
      ["a", ""],
      ["A", "1"],
      ["a b", "x*y"],
      ["a", "y"],
    ];
    expect(canonicalQueryString(query)).toBe("A=1&a=&a=y&a=y&a=z&a%20b=x%2Ay&b=2");
    expect(canonicalQueryString([])).toBe("");
    // the raw key decides the order, not its encoding: "a b" (0x20) sorts before "a!" (0x21) and "a~" after "aZ"
    expect(
      canonicalQueryString([
        ["a~", "1"],
        ["aZ", "2"],
        ["a!", "3"],
        ["a b", "4"],
      ]),
    ).toBe("a%20b=4&a%21=3&aZ=2&a~=1");
  });

  it("encodes paths per segment and round-trips paths and queries through their wire form", () => {
    const path = "/a b/c*d~e/f+g/h%i/é中/😀/";
    expect(encodePathSegments(path)).toBe("/a%20b/c%2Ad~e/f%2Bg/h%25i/%C3%A9%E4%B8%AD/%F0%9F%98%80/");
    expect(decodePathSegments(encodePathSegments(path))).toBe(path);
    expect(decodePathSegments("/bad/%E4%B8")).toBeUndefined();

    const query: QueryPairs = [
      ["k", "a b+c"],
      ["k", ""],
      ["é", "*~!"],
    ];
    expect(formatQueryPairs(query)).toBe("k=a%20b%2Bc&k=&%C3%A9=%2A~%21");
    expect(parseQueryPairs(formatQueryPairs(query))).toEqual(query);
    expect(parseQueryPairs("a=1+2&b&&c=")).toEqual([
      ["a", "1 2"],
      ["b", ""],
      ["c", ""],
    ]);
    expect(parseQueryPairs("")).toEqual([]);
  });

  it("sha256Hex hashes strings as UTF-8 and bytes as-is; signaturesEqual compares exactly", () => {
    expect(sha256Hex("")).toBe(EMPTY_SHA256);
    expect(sha256Hex(new Uint8Array(0))).toBe(EMPTY_SHA256);
    expect(sha256Hex("é")).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
    expect(signaturesEqual("abc", "abc")).toBe(true);
    expect(signaturesEqual("abc", "abd")).toBe(false);
    expect(signaturesEqual("abc", "ab")).toBe(false);
    expect(signaturesEqual("é", "e\u0301")).toBe(false);
  });
});
