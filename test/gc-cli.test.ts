import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeGc } from "../src/analyze/gc-analysis.js";
import { parseGcTrace } from "../src/formats/gctrace/index.js";
import { gcJson, gcText } from "../src/report/gc.js";
import { createStyle } from "../src/report/style.js";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";
import { labBinary } from "./support/lab.js";

const TRACES = path.join(ROOT, "test/fixtures/gctrace");

interface GcDoc {
  summary: { cycles: number; forced: number; maxPauseMs: number };
  cycles: { n: number; forced: boolean }[];
  whatIf?: { predictions: unknown[] } | null;
}

describe("memsnap gc", () => {
  it.each(readdirSync(TRACES).filter((f) => f.endsWith(".txt")))(
    "%s: one cycle per gc line, forced ones counted",
    async (file) => {
      const text = readFileSync(path.join(TRACES, file), "utf8");
      const r = await runCli(["gc", path.join(TRACES, file), "--json"]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as GcDoc;
      expect(schemaErrors("gc", doc)).toEqual([]);
      // Cycles are numbered from 1 without gaps, so the count is the highest
      // number printed (program output may split other lines of a noisy log).
      const numbers = [...text.matchAll(/gc (\d+) @/g)].map((m) => Number(m[1]));
      expect(doc.summary.cycles).toBe(Math.max(...numbers));
      expect(doc.cycles.map((c) => c.n)).toEqual(doc.cycles.map((_, i) => i + 1));
      expect(doc.summary.forced).toBe(doc.cycles.filter((c) => c.forced).length);
    },
  );

  it.each(readdirSync(TRACES).filter((f) => f.endsWith(".txt")))(
    "%s: the streamed report (bytes in, JSON out a batch at a time) is the whole-trace report",
    async (file) => {
      const p = path.join(TRACES, file);
      const t = parseGcTrace(readFileSync(p, "utf8"));
      if (!t.ok) throw new Error(t.error);
      const a = analyzeGc(t.value);
      if (!a.ok) throw new Error(a.error);
      const report = { file: p, ...a.value, notes: [] };
      const json = await runCli(["gc", p, "--json"]);
      expect(json.stdout).toBe(JSON.stringify(gcJson(report), null, 2) + "\n");
      const text = await runCli(["gc", p]);
      expect(text.stdout).toBe(gcText(report, createStyle(false)));
    },
  );

  it("predicts other settings, from a file or stdin", async () => {
    const file = path.join(TRACES, "go126-lab-unbounded.txt");
    const r = await runCli(
      ["gc", "-", "--what-if", "GOGC=50,200", "--what-if", "GOMEMLIMIT=64MiB", "--json"],
      {},
      {
        input: readFileSync(file, "utf8"),
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { whatIf: { predictions: { label: string }[] } };
    expect(doc.whatIf.predictions.map((p) => p.label)).toEqual(
      expect.arrayContaining(["GOGC=50", "GOGC=200", "GOMEMLIMIT=64MiB"]),
    );
  });

  it("bad input and bad settings end with exit 2 and one line", async () => {
    for (const [args, problem] of [
      [["gc", path.join(ROOT, "README.md")], /README\.md: no gctrace lines found$/],
      [["gc", "/nonexistent"], /no such file or directory$/],
      [
        ["gc", path.join(TRACES, "go126-lab-forced.txt"), "--what-if", "GOGC=lots"],
        /--what-if GOGC=lots/,
      ],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(problem);
    }
  });
});

describe("memsnap run", () => {
  it("passes the program's output through, takes the trace out, summarizes on stderr", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "memsnap-run-"));
    const trace = path.join(dir, "gc.log");
    const r = await runCli([
      "run",
      "--json",
      "--snapshots",
      "2",
      "--every",
      "300ms",
      "--out",
      path.join(dir, "snaps"),
      "--trace-out",
      trace,
      "--",
      labBinary("healthy-steady"),
      "-duration=1500ms",
      "-addr=127.0.0.1:0",
      `-snapshots=${path.join(dir, "lab")}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^listening on 127\.0\.0\.1:\d+$/m);
    expect(r.stdout).toMatch(/^done healthy-steady /m);
    expect(r.stderr).not.toMatch(/^gc \d+ @/m);
    const doc = JSON.parse(r.stderr.slice(r.stderr.indexOf("{"))) as GcDoc & { notes: string[] };
    expect(schemaErrors("gc", doc)).toEqual([]);
    expect(doc.summary.cycles).toBeGreaterThan(2);
    expect(readdirSync(path.join(dir, "snaps")).filter((f) => f.endsWith(".pb.gz"))).toHaveLength(
      2,
    );
    const again = await runCli(["gc", trace, "--json"]);
    expect((JSON.parse(again.stdout) as GcDoc).summary.cycles).toBe(doc.summary.cycles);
  });

  it("exits with the program's own exit code", async () => {
    const r = await runCli(["run", "--", "sh", "-c", "echo out; echo err >&2; exit 7"]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toMatch(/^err\n/);
    const missing = await runCli(["run", "--", "/nonexistent/prog"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("memsnap: run: /nonexistent/prog: command not found");
  });
});
