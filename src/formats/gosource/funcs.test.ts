import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EscapeMessage } from "../../model/escape.js";
import { attachFuncs } from "../escape/funcs.js";
import { parseEscapeText } from "../escape/text.js";
import { scanGoFuncs, type GoFunc } from "./funcs.js";
import { scanGoImports } from "./imports.js";

const PKG = path.resolve(import.meta.dirname, "../../../test/go/escape");
const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/escape");
const sources = readdirSync(PKG)
  .filter((n) => n.endsWith(".go"))
  .sort()
  .map((n) => ({ path: n, text: readFileSync(path.join(PKG, n), "utf8") }));

function scan(text: string): GoFunc[] {
  const r = scanGoFuncs(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The compiler's function name without instantiation ("SumOf[go.shape.int]" -> "SumOf"). */
const plain = (name: string): string => name.replace(/\[[^\]]*(\[[^\]]*\][^\]]*)*\]/g, "");

describe("Go function extents", () => {
  it.each([
    ["go126", "init"],
    ["go119", "glob."],
  ] as const)("names every function and literal as %s's compiler does", (tc, globalPrefix) => {
    const text = readFileSync(path.join(FIXTURES, `${tc}-m2.txt`), "utf8");
    const r = parseEscapeText(text);
    if (!r.ok) throw new Error(r.error);
    // "can inline F" / "cannot inline F" point into F itself; heap messages
    // of -m=2 name their function in the explanation header.
    const named = r.value.messages.flatMap((m) => {
      if (!sources.some((s) => s.path === m.pos.path)) return [];
      if (
        (m.kind === "can-inline" || m.kind === "cannot-inline") &&
        !/\.(gowrap|deferwrap)\d+$/.test(m.callee)
      ) {
        return [{ m, want: m.callee }];
      }
      // leak-flow: wrappers the compiler makes for interface methods
      // ("Taker.Take"), positioned at the method in the interface type.
      return m.func && m.kind !== "capture" && m.kind !== "leak-flow" ? [{ m, want: m.func }] : [];
    });
    expect(named.length).toBeGreaterThan(tc === "go126" ? 80 : 40);
    const withoutFunc = (m: EscapeMessage): EscapeMessage => {
      const copy = { ...m };
      delete (copy as { func?: string }).func;
      return copy;
    };
    const bare = { ...r.value, messages: named.map(({ m }) => withoutFunc(m)) };
    const { report, problems } = attachFuncs(bare, sources, { globalPrefix });
    expect(problems).toEqual([]);
    const got = report.messages.map((m, i) => [named[i]?.want, m.func]);
    const wrong = got.filter(([want, func]) => plain(want ?? "") !== func);
    expect(wrong).toEqual([]);
  });

  it("skips strings, runes, raw strings, comments and func types", () => {
    const src = [
      "package p",
      "",
      "var s = `func x() {`",
      "var fs = []func() int{",
      "\tfunc() int { return '}' },",
      "}",
      "",
      "/* func y() { */",
      "",
      "// F has a struct result.",
      "func F(f func(int) int) (r struct{ A int }) {",
      '\t_ = "}{"',
      "\tg := func() {",
      "\t\t_ = func(h func()) { h() }",
      "\t}",
      "\tvar m map[string]func() = nil",
      "\t_, _ = g, m",
      "\treturn",
      "}",
      "",
      "func (x *T[K, V]) M() {}",
      "",
      "func asm(x int) int",
      "",
      "func é() { _ = func() {} }",
    ].join("\n");
    expect(
      scan(src).map((f) => [f.name, f.start.line, f.start.column, f.end.line, f.end.column]),
    ).toEqual([
      ["init.func1", 5, 2, 5, 26],
      ["F", 11, 1, 19, 1],
      ["F.func1", 13, 7, 15, 2],
      ["F.func1.1", 14, 7, 14, 28],
      ["(*T).M", 21, 1, 21, 24],
      ["asm", 23, 1, 23, 17],
      ["é", 25, 1, 25, 27],
      ["é.func1", 25, 17, 25, 25],
    ]);
    expect(scan(src).find((f) => f.name === "asm")?.bodyless).toBe(true);
  });

  it("counts columns in bytes, as the compiler does", () => {
    const [lit] = scan('package p\n\nvar _ = "héllo" + fmt(func() {})\n');
    // 24 in bytes; 23 in UTF-16 units.
    expect(lit?.start).toEqual({ line: 3, column: 24 });
  });

  it("reads identifiers named like Object.prototype's members (std's testing/quick calls toString)", () => {
    const src = [
      "package p",
      "",
      "func (s *E) Error() string {",
      '\treturn fmt.Sprintf("%d %s", s.Count, toString(s.In))',
      "}",
      "",
      "func constructor(valueOf, hasOwnProperty int) { __proto__(valueOf) }",
      "",
    ].join("\n");
    expect(scan(src).map((f) => [f.name, f.start.line, f.end.line])).toEqual([
      ["(*E).Error", 3, 5],
      ["constructor", 7, 7],
    ]);
  });

  it("fails on unterminated input, naming the line", () => {
    expect(scanGoFuncs("package p\nfunc F() {\n\t_ = `x\n}\n")).toEqual({
      ok: false,
      error: "line 3: unterminated raw string",
    });
    expect(scanGoFuncs("package p\nfunc F() {\n")).toEqual({
      ok: false,
      error: "line 2: unbalanced function body",
    });
    expect(scanGoFuncs("package p\n/* x")).toEqual({
      ok: false,
      error: "line 2: unterminated comment",
    });
  });

  it("reads import names", () => {
    const names = scanGoImports(
      'package p\nimport "fmt"\nimport (\n\t"io"\n\tr "math/rand/v2"\n\t_ "embed"\n\t"gopkg.in/yaml.v3"\n)\n',
    );
    expect([...names].sort()).toEqual(["fmt", "io", "r", "yaml"]);
  });

  it("never throws on mutated real sources (fuzz)", () => {
    const seed = fc.constantFrom(...sources.map((s) => s.text));
    const mutated = fc.oneof(
      fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc
        .tuple(
          seed,
          fc.nat(),
          fc.constantFrom("{", "}", "(", ")", '"', "`", "'", "/*", "func", "\n"),
        )
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice(n % t.length)),
    );
    fc.assert(
      fc.property(mutated, (t) => {
        const r = scanGoFuncs(t);
        if (r.ok) for (const f of r.value) expect(f.end.line).toBeGreaterThanOrEqual(f.start.line);
        else expect(r.error).toMatch(/^line \d+: /);
      }),
      { numRuns: 500 },
    );
  });
});
