import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import type { EscapeMessage, EscapeReport } from "../../model/escape.js";
import { EscapeTextParser, parseEscapeText, sniffEscapeText } from "./text.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/escape");
const GOLDEN = path.resolve(import.meta.dirname, "../../../test/golden/escape");
/** The fixture script replaces its temporary directory with this. */
const BASE = "/tmp/memsnap-escape/escape";
const TEXTS = [
  "go126-m.txt",
  "go126-m2.txt",
  "go119-m.txt",
  "go119-m2.txt",
  "go126-compile-m2.txt",
];
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), "utf8");

function parse(text: string): EscapeReport {
  const r = parseEscapeText(text, { baseDir: BASE });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const at = (r: EscapeReport, file: string, line: number, col: number): EscapeMessage[] =>
  r.messages.filter((m) => m.pos.path === file && m.pos.line === line && m.pos.column === col);

describe("escape text parser", () => {
  it.each(TEXTS)("parses %s (real compiler output) completely, matching its golden", (name) => {
    const text = read(name);
    expect(sniffEscapeText(text)).toBe(true);
    const r = parse(text);
    expect(
      r.messages.filter((m) => m.kind === "unrecognized" || m.kind === "compile-error"),
    ).toEqual([]);
    expect(r.other.filter((l) => l.what === "unknown")).toEqual([]);
    // Every positioned line is a message or an explanation line of one.
    const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("# "));
    const explained = r.messages.reduce(
      (n, m) =>
        n +
        m.chain.reduce(
          (k, e) => k + 1 + e.flows.reduce((j, f) => j + (f.text ? 1 : 0) + f.steps.length, 0),
          0,
        ),
      0,
    );
    const headers = r.messages.filter(
      (m) => m.chain.length > 0 && m.message === m.chain[0]?.header,
    ).length;
    expect(r.messages.length + explained - headers).toBe(lines.length);
    expectGolden(path.join(GOLDEN, name.replace(/\.txt$/, ".golden.json")), r);
  });

  it("reads -m=2 on Go 1.26: explanation, function, reasons", () => {
    const r = parse(read("go126-m2.txt"));
    const [p] = at(r, "scenarios.go", 16, 2);
    expect(p).toMatchObject({
      kind: "moved-to-heap",
      expr: "p",
      func: "ReturnAddress",
      pkg: "memsnap.dev/test/escape",
    });
    expect(p?.chain).toHaveLength(1);
    expect(p?.chain[0]).toMatchObject({
      header: "p escapes to heap in ReturnAddress:",
      root: "~r0",
    });
    expect(p?.chain[0]?.flows[0]).toMatchObject({
      to: "~r0",
      from: "p",
      derefs: -1,
      text: "flow: ~r0 ← &p:",
    });
    expect(
      p?.chain[0]?.flows[0]?.steps.map((s) => [s.where, s.reason, s.pos?.line, s.pos?.column]),
    ).toEqual([
      ["&p", "address-of", 17, 9],
      ["return &p", "return", 17, 2],
    ]);
    // Go >= 1.26 names the append expression only in the explanation header.
    const [ap] = at(r, "scenarios.go", 76, 16);
    expect(ap).toMatchObject({
      kind: "escapes-to-heap",
      expr: "append(out, x)",
      message: "append escapes to heap",
    });
    // Two explanations for one variable (two calls take its address).
    const wg = r.messages.find((m) => m.kind === "moved-to-heap" && m.expr === "wg");
    expect(wg?.chain).toHaveLength(2);
    expect(wg?.func).toBe("(*Counter).Observe");
  });

  it("reads leaking parameters with their levels and results", () => {
    const r = parse(read("go126-m2.txt"));
    const leaks = r.messages.filter(
      (m) => m.kind.startsWith("leaking-param") && m.pos.path === "scenarios.go",
    );
    const shown = leaks.map((m) =>
      m.kind === "leaking-param-to-result"
        ? `${m.func} ${m.param} ${m.result} ${m.level}`
        : `${m.func} ${m.kind} ${m.expr}`,
    );
    expect(shown).toEqual(
      expect.arrayContaining([
        "ParamLeak leaking-param p",
        "ParamLeakContent leaking-param-content pp",
        "ParamToResult p ~r0 0",
        "ParamToResultLevel1 pp ~r0 1",
        "ParamToNamedResult p out 0",
      ]),
    );
    const [res] = leaks.filter((m) => m.func === "ParamToResultLevel1");
    expect(res?.chain[0]?.root).toBe("~r0");
  });

  it("gives each copy of a value at one position its own explanations (std's generics and inlined calls)", () => {
    // Shapes from go build -gcflags=-m=2 crypto/tls encoding/asn1 (Go 1.26).
    const V = "/r/reflect/value.go:1520:9";
    const S = "/r/slices/slices.go:353:6";
    const C = "/r/tls/common.go:1188:39";
    const r = parse(
      [
        "# crypto/tls",
        // Two instantiations, each explanation printed before its final.
        `${V}: &reflect.ValueError{...} escapes to heap in TypeAssert[go.shape.int]:`,
        `${V}:   flow: {heap} ← &{storage for &reflect.ValueError{...}}:`,
        `${V}:     from &reflect.ValueError{...} (spill) at ${V}`,
        `${V}: &reflect.ValueError{...} escapes to heap`,
        `${V}: &reflect.ValueError{...} escapes to heap in TypeAssert[go.shape.string]:`,
        `${V}:   flow: {heap} ← &{storage for &reflect.ValueError{...}}:`,
        `${V}:     from &reflect.ValueError{...} (spill) at ${V}`,
        `${V}: &reflect.ValueError{...} escapes to heap`,
        // Two appends, both printed as "append", explanations first.
        `${S}: append(go.shape.[]uint8{}, slices.s...) escapes to heap in Clone[[]uint8,uint8]:`,
        `${S}:   flow: ~r0 ← &{storage for append(go.shape.[]uint8{}, slices.s...)}:`,
        `${S}:     from append(go.shape.[]uint8{}, slices.s...) (spill) at ${S}`,
        `${S}: append(go.shape.[]string{}, slices.s...) escapes to heap in Clone[[]string,string]:`,
        `${S}:   flow: ~r0 ← &{storage for append(go.shape.[]string{}, slices.s...)}:`,
        `${S}:     from append(go.shape.[]string{}, slices.s...) (spill) at ${S}`,
        `${S}: append escapes to heap`,
        `${S}: append escapes to heap`,
        // Two inlined copies in one function: nothing tells them apart.
        `${C}: go.shape.[]uint16{} escapes to heap in (*Config).cipherSuites:`,
        `${C}:   flow: {heap} ← &{storage for go.shape.[]uint16{}}:`,
        `${C}:     from go.shape.[]uint16{} (spill) at ${C}`,
        `${C}: go.shape.[]uint16{} escapes to heap in (*Config).cipherSuites:`,
        `${C}:   flow: {heap} ← &{storage for go.shape.[]uint16{}}:`,
        `${C}:     from go.shape.[]uint16{} (spill) at ${C}`,
        `${C}: go.shape.[]uint16{} escapes to heap`,
        `${C}: go.shape.[]uint16{} escapes to heap`,
      ].join("\n"),
    );
    const heap = r.messages.map((m) => [m.pos.line, m.func, m.expr, m.chain.length]);
    expect(heap).toEqual([
      [1520, "TypeAssert[go.shape.int]", "&reflect.ValueError{...}", 1],
      [1520, "TypeAssert[go.shape.string]", "&reflect.ValueError{...}", 1],
      [353, "Clone[[]uint8,uint8]", "append(go.shape.[]uint8{}, slices.s...)", 1],
      [353, "Clone[[]string,string]", "append(go.shape.[]string{}, slices.s...)", 1],
      [1188, "(*Config).cipherSuites", "go.shape.[]uint16{}", 1],
      [1188, "(*Config).cipherSuites", "go.shape.[]uint16{}", 1],
    ]);
  });

  it("reads Go 1.19's wording: 'escapes to heap:' headers, '=' flows, no function names", () => {
    const r = parse(read("go119-m2.txt"));
    const [p] = at(r, "scenarios.go", 16, 2);
    expect(p).toMatchObject({ kind: "moved-to-heap", expr: "p" });
    expect(p?.func).toBeUndefined();
    expect(p?.chain[0]).toMatchObject({ header: "p escapes to heap:", root: "~r0" });
    expect(p?.chain[0]?.flows[0]).toMatchObject({
      to: "~r0",
      from: "p",
      derefs: -1,
      text: "flow: ~r0 = &p:",
    });
    // Go 1.19 prints interface conversions explicitly.
    expect(
      r.messages.some((m) => m.kind === "escapes-to-heap" && m.expr.startsWith("(interface {})(")),
    ).toBe(true);
  });

  it("keeps inlining data: cost, budget, reason, callee", () => {
    const r = parse(read("go126-m2.txt"));
    const byCallee = (k: string, c: string) =>
      r.messages.find((m) => m.kind === k && "callee" in m && m.callee === c);
    expect(byCallee("can-inline", "Add")).toMatchObject({
      cost: 4,
      body: "func(int, int) int { return a + b }",
    });
    expect(byCallee("cannot-inline", "TooComplex")).toMatchObject({
      reason: expect.stringMatching(/^function too complex/),
      budget: 80,
    });
    expect(byCallee("cannot-inline", "NoInline")).toMatchObject({ reason: "marked go:noinline" });
    expect(byCallee("inlining-call", "Add")).toMatchObject({
      pos: { path: "more.go", line: 34, column: 10 },
    });
    expect(r.messages.find((m) => m.kind === "devirtualized")).toMatchObject({
      call: "s.Area",
      to: "Square",
    });
    expect(r.messages.find((m) => m.kind === "capture" && m.variable === "total")).toMatchObject({
      func: "GoroutineCapture",
      byRef: true,
      assign: true,
      width: 8,
    });
    const m1 = parse(read("go126-m.txt"));
    expect(
      m1.messages.find((m) => m.kind === "can-inline" && m.callee === "Add"),
    ).not.toHaveProperty("cost");
  });

  it("reads bare go tool compile output with absolute paths", () => {
    const text = read("go126-compile-m2.txt");
    expect(text.startsWith("/tmp/memsnap-escape/escape/bare/bare.go:")).toBe(true);
    const r = parse(text);
    const t = r.messages.find((m) => m.kind === "moved-to-heap");
    expect(t).toMatchObject({
      expr: "t",
      func: "New",
      pkg: "",
      pos: { path: "bare/bare.go", line: 12, column: 2 },
    });
    expect(t?.pos.file).toBe("/tmp/memsnap-escape/escape/bare/bare.go");
    expect(t?.chain[0]?.flows[0]?.steps[0]?.pos?.path).toBe("bare/bare.go");
    const withPkg = parseEscapeText(text, { pkg: "bare" });
    expect(withPkg.ok && withPkg.value.messages.every((m) => m.pkg === "bare")).toBe(true);
  });

  it("tolerates CRLF and keeps unrelated build output as such", () => {
    const text = [
      "go: downloading example.com/x v1.2.3",
      "# example.com/p",
      "./a.go:3:6: can inline F",
      "/usr/bin/ld: warning: x.o: missing .note.GNU-stack section",
      "",
      "./a.go:4:2: moved to heap: x",
      "./a.go:9:3: undefined: y",
      "./a.go:9:9: something the compiler never said",
      "some random text",
    ].join("\r\n");
    const r = parse(text);
    expect(r.messages.map((m) => [m.kind, m.pkg, m.expr])).toEqual([
      ["can-inline", "example.com/p", ""],
      ["moved-to-heap", "example.com/p", "x"],
      ["compile-error", "example.com/p", ""],
      ["unrecognized", "example.com/p", ""],
    ]);
    expect(r.messages[3]?.message).toBe("something the compiler never said");
    expect(r.other.map((l) => [l.line, l.what])).toEqual([
      [1, "go-command"],
      [2, "package-header"],
      [4, "linker"],
      [5, "blank"],
      [9, "unknown"],
    ]);
  });

  it("reads positions without a column and without a position", () => {
    const r = parse(
      [
        "<autogenerated>:1: inlining call to T.M",
        "<unknown line number>: #next escapes to heap in Value.Comparable:",
        "<unknown line number>:   flow: {storage for func literal} ← &#next:",
        "<unknown line number>:     from #next (captured by a closure) at /go/src/reflect/value.go:3283:5",
        "Value.Comparable capturing by ref: #next (addr=false assign=true width=8)",
        "moved to heap: #next",
      ].join("\n"),
    );
    expect(r.messages.map((m) => [m.kind, m.pos.file, m.pos.line, m.pos.column])).toEqual([
      ["inlining-call", "<autogenerated>", 1, 0],
      ["capture", "<unknown line number>", 0, 0],
      ["moved-to-heap", "<unknown line number>", 0, 0],
    ]);
    expect(r.messages[2]?.chain[0]?.flows[0]?.steps[0]?.pos).toMatchObject({
      line: 3283,
      column: 5,
    });
  });

  it("fails on input that is not compiler output, and on binary data", () => {
    expect(parseEscapeText("hello\nworld\n")).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^not compiler -m output: no diagnostic in 2 lines \(line 1: "hello"\)/,
      ),
    });
    expect(parseEscapeText("a\0b")).toEqual({
      ok: false,
      error: "binary data, not compiler output",
    });
    expect(parseEscapeText("")).toMatchObject({ ok: true, value: { messages: [] } });
    expect(sniffEscapeText("hello\nworld\n")).toBe(false);
    expect(sniffEscapeText(read("go126-json/memsnap.dev%2Ftest%2Fescape/scenarios.json"))).toBe(
      false,
    );
  });

  it("streams: onMessage gets every message once, package by package", () => {
    const text = read("go126-m2.txt");
    const seen: EscapeMessage[] = [];
    const p = new EscapeTextParser({ baseDir: BASE, onMessage: (m) => seen.push(m) });
    for (const line of text.split("\n")) p.push(line);
    expect(p.finish().messages).toEqual([]);
    expect(seen).toEqual(parse(text).messages);
  });

  it("streams by package: onPackage gets each package's messages when it ends, none kept", () => {
    const text = read("go126-m2.txt");
    const two = text + "\n" + text.replace(/^# \S+/m, "# example.com/second");
    const got: [string, number][] = [];
    const p = new EscapeTextParser({
      baseDir: BASE,
      onPackage: (pkg, ms) => {
        expect(ms.every((m) => m.pkg === pkg)).toBe(true);
        got.push([pkg, ms.length]);
      },
    });
    for (const line of two.split("\n")) p.push(line);
    expect(p.finish().messages).toEqual([]);
    const n = parse(text).messages.length;
    expect(got).toEqual([
      ["memsnap.dev/test/escape", n],
      ["example.com/second", n],
    ]);
  });

  it("never throws on truncated or mutated real logs (fuzz)", () => {
    const seeds = TEXTS.map(read);
    const seed = fc.constantFrom(...seeds);
    const mutated = fc.oneof(
      fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc
        .tuple(seed, fc.nat(), fc.string({ minLength: 1, maxLength: 6 }))
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice((n % t.length) + s.length)),
      fc.tuple(seed, fc.nat(), fc.nat()).map(([t, a, b]) => {
        const lines = t.split("\n");
        const i = a % lines.length;
        const j = b % lines.length;
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        return lines.join("\n");
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseEscapeText(text);
        if (!r.ok) expect(r.error).toMatch(/^[^\n]+$/);
        else for (const m of r.value.messages) expect(m.pos.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
