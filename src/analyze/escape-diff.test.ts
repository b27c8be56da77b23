import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildEscape,
  buildReport,
  classifyContext,
  ESCAPE_PKG,
  fixtureContext,
  fixtureReport,
  GO119,
  GO126,
  haveGo119,
  readJsonDir,
  readSources,
} from "../../test/support/escape-views.js";
import type { EscapeChange, EscapeDiff } from "./escape-diff.js";
import { diffReports } from "./escape-diff.js";
import { escapeFindings } from "./escape-findings.js";

const ctx = fixtureContext();
const all = (tc: "go119" | "go126") =>
  escapeFindings(fixtureReport(tc), { ctx, filter: { all: true } }).findings;

/** A change as the tests spell it: what, where (function), which subject, and the note. */
const brief = (c: EscapeChange) =>
  `${c.change} ${c.identity.func} ${c.identity.subject}: ${c.note}`;

describe("escape diff", () => {
  it("finds nothing between a report and itself", () => {
    const d = diffReports(all("go126"), all("go126"));
    expect(d.becameHeap).toEqual([]);
    expect(d.stoppedHeap).toEqual([]);
    expect(d.heapKindChanged).toEqual([]);
    expect(d.inlining).toEqual([]);
    expect(d.reworded).toEqual([]);
    expect(d.unchangedHeap).toBe(all("go126").filter((f) => f.heap).length);
  });

  describe("Go 1.19 -> Go 1.26 on the fixture package", () => {
    const d = diffReports(all("go119"), all("go126"));

    it("says which allocations went to the stack and which appeared", () => {
      // Go 1.25+ keeps a small non-constant make on the stack.
      expect(d.stoppedHeap.map(brief)).toEqual([
        "stopped-heap NonConstantMake make([]int, n): escapes-to-heap -> does-not-escape",
      ]);
      const became = d.becameHeap.map(brief);
      // Go 1.19 did not report append sites; 1.26 does (AppendGrowth, and the
      // five strings.Builder appends inlined into TooComplex).
      expect(became).toContain("became-heap AppendGrowth append: new escapes-to-heap");
      expect(
        became.filter((c) => c === "became-heap TooComplex append: new escapes-to-heap"),
      ).toHaveLength(5);
      // Go 1.26 inlines GenericIndirect into UseGenerics (1.19 could not), so
      // its v moves to the heap there; and it reports the escape in the
      // wrapper instantiation too.
      expect(became).toContain("became-heap UseGenerics v: new moved-to-heap");
      expect(became).toContain("became-heap GenericIndirect v: new moved-to-heap");
      expect(became).toHaveLength(8);
    });

    it("matches 1.19's printed interface conversions with 1.26's operands", () => {
      // (interface {})(string("strings: ...")) in 1.19 is "strings: ..." in 1.26: the same finding.
      const heap119 = all("go119").filter((f) => f.heap).length;
      expect(d.unchangedHeap).toBe(heap119 - d.stoppedHeap.length - d.heapKindChanged.length);
      expect(d.heapKindChanged).toEqual([]);
    });

    it("reports inlining decisions and costs that changed", () => {
      const inl = d.inlining.map(brief);
      expect(inl).toContain(
        "inline-changed (*Counter).Observe.func*.* (*Counter).Observe.func*.*: cannot-inline -> can-inline",
      );
      expect(inl).toContain("inline-changed TooComplex TooComplex: cost 466 -> 414");
      expect(inl).toContain("inline-changed Nested Nested: cost 54 -> 22");
      // Go 1.22+ compiles go/defer statements into wrappers that can be inlined.
      expect(
        inl.filter((c) => c.startsWith("inline-added DeferLoop DeferLoop.deferwrap*")),
      ).toHaveLength(1);
      // strings.noescape became internal/abi.NoEscape.
      expect(
        inl.filter(
          (c) => c === "call-not-inlined TooComplex strings.noescape: call no longer inlined",
        ),
      ).toHaveLength(5);
      expect(
        inl.filter((c) => c === "call-inlined TooComplex abi.NoEscape: call now inlined"),
      ).toHaveLength(5);
    });

    it("is the reverse the other way round", () => {
      const r = diffReports(all("go126"), all("go119"));
      const ids = (cs: readonly EscapeChange[]) =>
        cs.map((c) => `${c.identity.func} ${c.identity.subject}`).sort();
      expect(ids(r.becameHeap)).toEqual(ids(d.stoppedHeap));
      expect(ids(r.stoppedHeap)).toEqual(ids(d.becameHeap));
      expect(r.unchangedHeap).toBe(d.unchangedHeap);
    });
  });

  describe.runIf(haveGo119())("with both toolchains building the fixture now", () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-crossversion-"));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    const build = (tc: "go119" | "go126") => {
      const dir = path.join(tmp, tc, "escape");
      cpSync(ESCAPE_PKG, dir, { recursive: true });
      const json = path.join(tmp, tc, "json");
      const text = buildEscape(tc === "go119" ? GO119 : GO126, dir, json);
      const sources = readSources(dir);
      const files = readJsonDir(json);
      // A fresh directory means a fresh compile, which writes the JSON log.
      expect(files.length).toBeGreaterThan(1);
      const report = buildReport(text, files, sources, dir, tc);
      return escapeFindings(report, { ctx: classifyContext(sources), filter: { all: true } })
        .findings;
    };

    it("gives the same diff as the committed fixtures", () => {
      const live = diffReports(build("go119"), build("go126"));
      const fixed = diffReports(all("go119"), all("go126"));
      const shape = (d: EscapeDiff) => ({
        became: d.becameHeap.map(brief),
        stopped: d.stoppedHeap.map(brief),
        kind: d.heapKindChanged.map(brief),
        inlining: d.inlining.map(brief),
        unchanged: d.unchangedHeap,
      });
      expect(shape(live)).toEqual(shape(fixed));
    });
  });
});
