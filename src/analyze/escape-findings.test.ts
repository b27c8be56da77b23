import { describe, expect, it } from "vitest";
import { fixtureContext, fixtureReport } from "../../test/support/escape-views.js";
import { isHeapKind } from "../model/escape.js";
import { escapeFindings, fileMatches, parseKindList } from "./escape-findings.js";

const ctx = fixtureContext();
const report = fixtureReport("go126");

describe("escape findings", () => {
  it("lists every heap message, classified, before the rest, each part in position order", () => {
    const r = escapeFindings(report, { ctx, filter: { all: true } });
    expect(r.findings).toHaveLength(report.messages.length);
    const firstRest = r.findings.findIndex((f) => !f.heap);
    expect(firstRest).toBeGreaterThan(40);
    expect(r.findings.slice(firstRest).every((f) => !f.heap)).toBe(true);
    for (const f of r.findings.slice(0, firstRest)) {
      expect(isHeapKind(f.message.kind)).toBe(true);
      expect(f.trap?.id).toBeDefined();
    }
    const heap = r.findings.slice(0, firstRest).map((f) => f.message.pos);
    const sorted = [...heap].sort((a, b) =>
      a.path === b.path ? a.line - b.line || a.column - b.column : a.path < b.path ? -1 : 1,
    );
    expect(heap).toEqual(sorted);
  });

  it("keeps only heap findings unless asked for all", () => {
    const r = escapeFindings(report, { ctx });
    expect(r.findings.every((f) => f.heap)).toBe(true);
    expect(r.summary.total).toBe(r.summary.heap);
    expect(r.reportMessages).toBe(report.messages.length);
  });

  it("counts per kind, scenario, package and function consistently", () => {
    const r = escapeFindings(report, { ctx, filter: { all: true } });
    const s = r.summary;
    const sum = (rows: readonly { count: number }[]) => rows.reduce((a, b) => a + b.count, 0);
    expect(sum(s.byKind)).toBe(s.total);
    expect(sum(s.byTrap)).toBe(s.heap);
    expect(s.byPackage).toEqual([
      { pkg: "memsnap.dev/test/escape", func: "", heap: s.heap, total: s.total },
    ]);
    expect(s.byFunc.reduce((a, g) => a + g.heap, 0)).toBe(s.heap);
    expect(s.byFunc.find((g) => g.func === "ReturnAddress")).toMatchObject({ heap: 1 });
    // Most first, ties by name.
    for (let i = 1; i < s.byKind.length; i++) {
      const [a, b] = [s.byKind[i - 1], s.byKind[i]];
      expect(a && b && (a.count > b.count || (a.count === b.count && a.key < b.key))).toBe(true);
    }
  });

  it("filters by model kind, by scenario, by function and by file", () => {
    const kinds = (k: string[]) =>
      escapeFindings(report, { ctx, filter: { kinds: k } }).findings.map((f) => f.message);
    expect(kinds(["moved-to-heap"]).every((m) => m.kind === "moved-to-heap")).toBe(true);
    expect(kinds(["moved-to-heap"])).toHaveLength(14);
    // A non-heap kind named explicitly is shown without `all`.
    expect(kinds(["does-not-escape"]).length).toBeGreaterThan(10);
    const tooLarge = escapeFindings(report, { ctx, filter: { kinds: ["esc-too-large"] } });
    expect(tooLarge.findings.map((f) => [f.message.func, f.message.expr])).toEqual([
      ["TooLargeImplicit", "make([]byte, 65537)"],
      ["TooLargeExplicit", "buf"],
    ]);
    const fn = escapeFindings(report, { ctx, filter: { func: /^Nested/ } });
    expect(new Set(fn.findings.map((f) => f.message.func))).toEqual(
      new Set(["Nested", "Nested.func1"]),
    );
    const file = escapeFindings(report, { ctx, filter: { file: "more.go", all: true } });
    expect(file.findings.length).toBeGreaterThan(0);
    expect(file.findings.every((f) => f.message.pos.path === "more.go")).toBe(true);
    const both = escapeFindings(report, {
      ctx,
      filter: { file: "scenarios.go", func: /^Param/, kinds: ["esc-param-leak"] },
    });
    expect(both.findings.map((f) => f.message.func)).toEqual([
      "ParamLeak",
      "ParamLeakCaller",
      "ParamLeakContent",
      "ParamToResult",
      "ParamToResultLevel1",
      "ParamToNamedResult",
    ]);
  });

  it("matches file suffixes at a / boundary and globs against any trailing part", () => {
    expect(fileMatches("pkg/more.go", "more.go")).toBe(true);
    expect(fileMatches("pkg/nomore.go", "more.go")).toBe(false);
    expect(fileMatches("a/pkg/more.go", "pkg/more.go")).toBe(true);
    expect(fileMatches("more.go", "./more.go")).toBe(true);
    expect(fileMatches("a/b/c.go", "*.go")).toBe(true);
    expect(fileMatches("a/b/c.go", "a/*.go")).toBe(false);
    expect(fileMatches("a/b/c.go", "a/**/*.go")).toBe(true);
    expect(fileMatches("a/c.go", "a/**/*.go")).toBe(true);
    expect(fileMatches("a/b/c_test.go", "*_test.go")).toBe(true);
    expect(fileMatches("a/b/c.go", "[ab]/b/?.go")).toBe(true);
    expect(fileMatches("x(1).go", "x(1).go")).toBe(true);
    expect(fileMatches("x1.go", "x(1).go")).toBe(false);
  });

  it("checks --kind names against the model kinds and scenario ids", () => {
    expect(parseKindList(["moved-to-heap,esc-param-leak", " other "])).toEqual({
      ok: true,
      value: ["moved-to-heap", "esc-param-leak", "other"],
    });
    const bad = parseKindList(["moved-to-heaps"]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/^unknown kind "moved-to-heaps" \(kinds: moved-to-heap, /);
      expect(bad.error).not.toContain("\n");
    }
  });
});
