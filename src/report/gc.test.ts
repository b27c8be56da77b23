import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parseGcTrace } from "../formats/gctrace/index.js";
import type { GcTrace } from "../model/gctrace.js";
import { createStyle } from "./style.js";
import { gcJson, gcText, writeGcJson } from "./gc.js";
import { expectGolden } from "../../test/support/golden.js";
import { analyzeGc } from "../analyze/gc-analysis.js";
import { GC_FINDINGS } from "../analyze/gc-findings.js";
import type { GcPoint } from "../analyze/gc-summary.js";
import { parseWhatIf } from "../analyze/gc-settings.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/gctrace");
const GOLDEN = path.join(ROOT, "test/golden/gc");
const fixtures = readdirSync(FIXTURES).filter((n) => n.endsWith(".txt"));

function parse(file: string): GcTrace {
  const r = parseGcTrace(readFileSync(file, "utf8"));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("memsnap gc report of every fixture layout (Go 1.5 … 1.26)", () => {
  it.each(fixtures)("%s", (name) => {
    const t = parse(path.join(FIXTURES, name));
    const old = !t.layouts.includes("go1.18");
    const specs = parseWhatIf(old ? "GOGC=50,200,off" : "GOGC=50,200,off+GOMEMLIMIT=64MiB");
    if (!specs.ok) throw new Error(specs.error);
    const a = analyzeGc(t, specs.value);
    if (!a.ok) throw new Error(a.error);
    const report = { file: name, ...a.value, notes: [] };
    // The summary counts what the trace holds.
    expect(a.value.summary.cycles).toBe(t.cycles.length);
    expect(a.value.summary.forced).toBe(t.cycles.filter((c) => c.forced).length);
    expect(a.value.summary.pause.maxMs).toBe(
      Math.max(...t.cycles.map((c) => c.wall.sweepTermMs + c.wall.markTermMs)),
    );
    expectGolden(
      path.join(GOLDEN, name.replace(/\.txt$/, ".txt")),
      gcText(report, createStyle(false)),
    );
    expectGolden(path.join(GOLDEN, name.replace(/\.txt$/, ".json")), gcJson(report));
  });

  it("refuses a log without cycles instead of summarizing zeros", () => {
    const r = analyzeGc({ cycles: [], layouts: [] });
    expect(r).toEqual({ ok: false, error: "no gctrace lines found" });
  });

  it("refuses GOMEMLIMIT on a trace from a Go without it", () => {
    const t = parse(path.join(FIXTURES, "go117-gcload.txt"));
    const specs = parseWhatIf("GOMEMLIMIT=1GiB");
    if (!specs.ok) throw new Error(specs.error);
    const r = analyzeGc(t, specs.value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/needs Go 1\.19/);
  });

  it("has a documentation page for every finding id", () => {
    for (const [id, e] of Object.entries(GC_FINDINGS)) {
      expect(e.doc).toBe(`docs/findings/gc/${id}.md`);
      expect(readFileSync(path.join(ROOT, e.doc), "utf8")).toContain(`# ${id}`);
    }
  });
});

describe("memsnap/gc@1 JSON", () => {
  it("writeGcJson writes exactly the pretty-printed gcJson, a batch of cycles at a time", () => {
    for (const name of fixtures) {
      const a = analyzeGc(parse(path.join(FIXTURES, name)));
      if (!a.ok) throw new Error(a.error);
      const report = { file: `${name} "cycles": [],\n`, ...a.value, notes: ["a note"] };
      const pieces: string[] = [];
      writeGcJson(report, (t) => pieces.push(t));
      expect(pieces.join("")).toBe(JSON.stringify(gcJson(report), null, 2) + "\n");
    }
    // No cycles, and batch boundaries (1024 cycles a batch).
    const base = { file: "x", ...analyzeGcOrThrow(), notes: [] };
    const all = [...base.points];
    for (const n of [0, 1024, 2049]) {
      const r = {
        ...base,
        points: Array.from({ length: n }, (_, i) => all[i % all.length] as GcPoint),
      };
      const pieces: string[] = [];
      writeGcJson(r, (t) => pieces.push(t));
      expect(pieces.join("")).toBe(JSON.stringify(gcJson(r), null, 2) + "\n");
    }
  });

  it("every fixture's report matches docs/json/gc.schema.json", () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, "docs/json/gc.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    for (const name of fixtures) {
      const specs = parseWhatIf("GOGC=50,200");
      if (!specs.ok) throw new Error(specs.error);
      const a = analyzeGc(parse(path.join(FIXTURES, name)), specs.value);
      if (!a.ok) throw new Error(a.error);
      const json = JSON.parse(JSON.stringify(gcJson({ file: name, ...a.value, notes: [] })));
      expect(validate(json), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(
        json.cycles.every(
          (c: { n: number; forced: boolean }) =>
            typeof c.n === "number" && typeof c.forced === "boolean",
        ),
      ).toBe(true);
    }
  });
});

function analyzeGcOrThrow() {
  const a = analyzeGc(parse(path.join(FIXTURES, "go126-lab-forced.txt")));
  if (!a.ok) throw new Error(a.error);
  return a.value;
}
