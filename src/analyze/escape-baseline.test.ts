import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden } from "../../test/support/golden.js";
import {
  buildEscape,
  buildReport,
  classifyContext,
  ESCAPE_PKG,
  fixtureContext,
  fixtureReport,
  GO126,
  readJsonDir,
  readSources,
  ROOT,
} from "../../test/support/escape-views.js";
import type { EscapeMessage } from "../model/escape.js";
import {
  baselineText,
  compareBaseline,
  findingIdentity,
  makeBaseline,
  normalizeExpr,
  normalizeFunc,
  parseBaseline,
} from "./escape-baseline.js";
import { escapeFindings } from "./escape-findings.js";

const GOLDEN = path.join(ROOT, "test/golden/escape-views");
const ctx = fixtureContext();
const heap126 = escapeFindings(fixtureReport("go126"), { ctx }).findings;

describe("finding identity", () => {
  it("takes closure numbers, type arguments and the old glob. prefix out of function names", () => {
    expect(normalizeFunc("F")).toBe("F");
    expect(normalizeFunc("F.func2")).toBe("F.func*");
    expect(normalizeFunc("F.func12.3.1")).toBe("F.func*.*.*");
    expect(normalizeFunc("(*Counter).Observe.func1.deferwrap1")).toBe(
      "(*Counter).Observe.func*.deferwrap*",
    );
    expect(normalizeFunc("(*Counter).Observe.gowrap2")).toBe("(*Counter).Observe.gowrap*");
    expect(normalizeFunc("F-range3.func1")).toBe("F-range*.func*");
    expect(normalizeFunc("(*List[go.shape.int]).Push")).toBe("(*List).Push");
    expect(normalizeFunc("GenericIndirect[go.shape.struct {}]")).toBe("GenericIndirect");
    expect(normalizeFunc("M[map[string][]int]")).toBe("M");
    expect(normalizeFunc("glob..func1")).toBe("init.func*");
    expect(normalizeFunc("init.func1")).toBe("init.func*");
  });

  it("normalizes white space, result names, append calls and old interface conversions", () => {
    expect(normalizeExpr("&Point{...}")).toBe("&Point{...}");
    expect(normalizeExpr("make([]int,   n)")).toBe("make([]int, n)");
    expect(normalizeExpr("~r1")).toBe("~r");
    expect(normalizeExpr("~R0")).toBe("~r");
    expect(normalizeExpr("append(out, x)")).toBe("append");
    expect(normalizeExpr("append")).toBe("append");
    expect(normalizeExpr("(interface {})(x)")).toBe("x");
    expect(normalizeExpr('(interface {})(string("a \\" b"))')).toBe('"a \\" b"');
    expect(normalizeExpr("(interface {})(int(-5))")).toBe("-5");
    expect(normalizeExpr("(interface {})(T(x))")).toBe("T(x)");
  });

  it("spells a parameter leaking to a result with the result, not the level", () => {
    const m = heap126.find((f) => f.message.func === "ParamToResultLevel1")?.message;
    expect(m && findingIdentity(m)).toEqual({
      pkg: "memsnap.dev/test/escape",
      func: "ParamToResultLevel1",
      subject: "pp -> ~r",
      kind: "leaking-param-to-result",
    });
  });
});

describe("baseline file", () => {
  it("is written in identity order, counts duplicates, and reads back equal", () => {
    const b = makeBaseline(heap126, { goVersion: "go1.26" });
    const text = baselineText(b);
    expectGolden(path.join(GOLDEN, "go126-baseline.json"), text);
    const back = parseBaseline(text);
    expect(back).toEqual({ ok: true, value: b });
    expect(b.entries.reduce((a, e) => a + e.count, 0)).toBe(heap126.length);
    // TooComplex inlines strings.Builder five times: five appends, one identity.
    expect(b.entries.find((e) => e.func === "TooComplex" && e.subject === "append")).toMatchObject({
      count: 5,
      trap: "esc-append-growth",
    });
  });

  it("compares as multisets: itself unchanged, a duplicate more is one new, one less is one gone", () => {
    const b = makeBaseline(heap126);
    const same = compareBaseline(b, heap126);
    expect(same.new).toEqual([]);
    expect(same.gone).toEqual([]);
    expect(same.counts).toEqual({ new: 0, gone: 0, unchanged: heap126.length });
    const p = heap126.find((f) => f.message.func === "ReturnAddress");
    if (!p) throw new Error("fixture has no ReturnAddress finding");
    const more = compareBaseline(b, [...heap126, p]);
    expect(more.counts).toEqual({ new: 1, gone: 0, unchanged: heap126.length });
    expect(more.new.map((d) => [d.identity.func, d.base, d.current, d.findings.length])).toEqual([
      ["ReturnAddress", 1, 2, 2],
    ]);
    const fewer = compareBaseline(
      b,
      heap126.filter((f) => f !== p),
    );
    expect(fewer.counts).toEqual({ new: 0, gone: 1, unchanged: heap126.length - 1 });
    expect(fewer.gone.map((d) => d.identity.subject)).toEqual(["p"]);
  });

  it("rejects a bad file with one line that says where", () => {
    const bad = (text: string) => {
      const r = parseBaseline(text);
      return r.ok ? "ok" : r.error;
    };
    expect(bad("{")).toMatch(/^not JSON: /);
    expect(bad("[]")).toBe("not a memsnap escape baseline: expected a JSON object");
    expect(bad('{"schema":"memsnap/top@1"}')).toBe(
      'not a memsnap escape baseline: schema is "memsnap/top@1", expected "memsnap/escape-baseline@1"',
    );
    const entry = { pkg: "p", func: "F", subject: "x", kind: "moved-to-heap", count: 1 };
    const doc = (e: object) =>
      JSON.stringify({ schema: "memsnap/escape-baseline@1", entries: [entry, e] });
    expect(bad(doc(entry))).toBe("ok");
    expect(bad(doc({ ...entry, count: 0 }))).toBe("entries[1].count: expected a positive integer");
    expect(bad(doc({ ...entry, kind: "can-inline" }))).toBe(
      'entries[1].kind: "can-inline" is not a heap finding kind',
    );
    expect(bad(doc({ ...entry, func: 3 }))).toBe("entries[1].func: expected a string");
    expect(bad(JSON.stringify({ schema: "memsnap/escape-baseline@1" }))).toBe(
      "entries: expected an array",
    );
  });

  it("never throws on a mutated baseline, and every error is one line", () => {
    const text = baselineText(makeBaseline(heap126));
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string(), (a, b, ins) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        for (const t of [text.slice(0, from), text.slice(0, from) + ins + text.slice(to)]) {
          const r = parseBaseline(t);
          if (!r.ok) expect(r.error).not.toMatch(/\n/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Builds a package directory with the installed Go and returns its heap findings. */
function heapOf(dir: string, run: number): ReturnType<typeof escapeFindings>["findings"] {
  const json = path.join(dir, "..", `json${run}`);
  const text = buildEscape(GO126, dir, json);
  const sources = readSources(dir);
  const report = buildReport(text, readJsonDir(json), sources, dir, "go126");
  return escapeFindings(report, { ctx: classifyContext(sources) }).findings;
}

describe("baseline against a rebuilt copy of the fixture package", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-baseline-"));
  const pkg = path.join(tmp, "escape");
  cpSync(ESCAPE_PKG, pkg, { recursive: true });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const edit = (file: string, f: (s: string) => string) =>
    writeFileSync(path.join(pkg, file), f(readFileSync(path.join(pkg, file), "utf8")));

  it("reports nothing for moved lines and renumbered closures, and exactly the added escape", () => {
    const base = makeBaseline(heapOf(pkg, 0));
    expect(base.entries.length).toBeGreaterThan(40);

    // Every function moves down, and Nested's closures become func2 and func2.1.
    edit("scenarios.go", (s) => s.replace("\nvar sink *Point", "\n\n\n\n\n\nvar sink *Point"));
    edit("more.go", (s) =>
      s
        .replace("// NoEscape:", "\n\n\n// NoEscape:")
        .replace(
          "\tx := 0\n\treturn func()",
          "\t_ = func() int { return 0 }()\n\tx := 0\n\treturn func()",
        ),
    );
    const moved = heapOf(pkg, 1);
    expect(moved.map((f) => f.message.func)).toContain("Nested.func2");
    const m = compareBaseline(base, moved);
    expect({ new: m.new, gone: m.gone }).toEqual({ new: [], gone: [] });
    // The lines did move: the comparison is not by position.
    const line = (fs: typeof moved) =>
      fs.find((f) => f.message.func === "ReturnAddress")?.message.pos.line;
    expect(line(moved)).toBe(16 + 5);

    edit("scenarios.go", (s) =>
      s.replace(
        "// ReturnLiteral:",
        "// Added: a new escape.\nfunc Added(x int) *Point {\n\tq := Point{X: x}\n\treturn &q\n}\n\n// ReturnLiteral:",
      ),
    );
    const added = compareBaseline(base, heapOf(pkg, 2));
    expect(added.counts.new).toBe(1);
    expect(added.gone).toEqual([]);
    expect(
      added.new.map((d) => ({
        identity: d.identity,
        at: d.findings.map(
          (f) => `${f.message.pos.path}:${f.message.pos.line}:${f.message.pos.column}`,
        ),
        message: d.findings.map((f: { message: EscapeMessage }) => f.message.message),
        trap: d.findings.map((f) => f.trap?.id),
      })),
    ).toEqual([
      {
        identity: {
          pkg: "memsnap.dev/test/escape",
          func: "Added",
          subject: "q",
          kind: "moved-to-heap",
        },
        at: ["scenarios.go:27:2"],
        message: ["moved to heap: q"],
        trap: ["esc-return-address"],
      },
    ]);
  });
});
