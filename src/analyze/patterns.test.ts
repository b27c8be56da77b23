import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Label } from "../model/profile.js";
import { compilePattern, compileTagFilter } from "./patterns.js";

const bytes = (n: number): Label[] => [{ key: "bytes", str: "", num: n, numUnit: "" }];

describe("name patterns", () => {
  it("reads a leading * as a glob, the rest as an unanchored regexp", () => {
    const glob = compilePattern("*http.Request") as RegExp;
    expect(glob.test("net/http.(*Request).Context")).toBe(false);
    expect(glob.test("net/http.Request")).toBe(true);
    expect(glob.test("net/httpxRequest")).toBe(false);
    expect((compilePattern("parse$") as RegExp).test("main.(*parser).parse")).toBe(true);
    expect((compilePattern("(?i)PARSER") as RegExp).test("main.(*parser).parse")).toBe(true);
  });
  it("says what is wrong with a bad regexp", () => {
    expect(compilePattern("a(b")).toMatch(/Unterminated group/);
  });
});

describe("tag filters", () => {
  it.each([
    ["1mb", 1048576, true],
    ["1mb", 1048577, false],
    ["bytes=:300b", 300, true],
    ["bytes=:300b", 301, false],
    ["64kb:1mb", 65536, true],
    ["64kb:1mb", 2 * 1048576, false],
    ["1kb:", 5000, true],
    ["1048576", 1048576, false], // no unit never matches a bytes label, as in pprof
    ["other=1mb", 1048576, false],
  ])("%s on bytes=%i -> %s", (filter, n, want) => {
    const f = compileTagFilter(filter);
    if (typeof f === "string") throw new Error(f);
    expect(f(bytes(n))).toBe(want);
  });
  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (s) => void compileTagFilter(s)));
  });
});
