import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GcCycle, GcOtherLine, GcTrace } from "../../model/gctrace.js";
import { expectGolden } from "../../../test/support/golden.js";
import { GcTraceStream, NO_TRACE, parseGcTrace, sniffGcTrace } from "./index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/gctrace");
const GOLDEN = path.resolve(import.meta.dirname, "../../../test/golden/gctrace");
const seeds = readdirSync(FIXTURES)
  .filter((n) => n.endsWith(".txt"))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));
const seed = (name: string): string => seeds.find((s) => s.name === name)?.text ?? "";

function parse(text: string): GcTrace {
  const r = parseGcTrace(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const LAYOUT: Record<string, string> = {
  go15: "go1.5",
  go18: "go1.6",
  go110: "go1.6",
  go112: "go1.6",
  go117: "go1.6",
  go119: "go1.18",
  go126: "go1.18",
};

describe("gctrace from real runs", () => {
  it.each(seeds.map((s) => [s.name, s.text]))("%s", (name, text) => {
    expect(sniffGcTrace(text)).toBe(true);
    const t = parse(text);
    // The runtime numbers its cycles 1, 2, 3...: none lost, none invented.
    expect(t.cycles.map((c) => c.n)).toEqual(t.cycles.map((_, i) => i + 1));
    expect(t.layouts).toEqual([LAYOUT[name.split("-")[0] ?? ""]]);
    const forcedLines = text.match(/\(forced\)$/gm)?.length ?? 0;
    expect(t.cycles.filter((c) => c.forced)).toHaveLength(forcedLines);
    for (const c of t.cycles) checkCycle(c);
    if (name.includes("noise")) return; // reassembled lines: checked below
    // One cycle per `gc N @` line, each parsed whole.
    expect(t.cycles).toHaveLength(text.match(/^gc \d+ @/gm)?.length ?? -1);
    expect(t.cycles.every((c) => !c.recovered)).toBe(true);
    expect(t.other.every((o) => !o.fragment)).toBe(true);
    expect(t.lines).toBe(text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
    expectGolden(path.join(GOLDEN, name.replace(/\.txt$/, ".json")), t);
  });

  it.each(seeds.filter((s) => s.name.includes("noise")).map((s) => [s.name, s.text]))(
    "%s: trace lines split by program output are reassembled, every program byte kept",
    (_name, text) => {
      const t = parse(text);
      expect(t.cycles.some((c) => c.recovered)).toBe(true);
      // gcload -noise -n=300000: 4 goroutines, a line every 500 and a partial write every 777 allocations.
      const words = { worker: 0, partial: 0 };
      for (const o of t.other) {
        const rest = o.text
          .replace(/worker \d at \d+/g, () => (words.worker++, ""))
          .replace(/partial\d /g, () => (words.partial++, ""))
          .replace(/^gcload: done$/, "");
        expect(rest, `line ${o.line}: ${o.text}`).toBe("");
        expect(o.kind).toBe("program");
      }
      expect(words).toEqual({ worker: 4 * 600, partial: 4 * Math.ceil(300000 / 777) });
      // A split line's pieces are in the log in order: its first line names its number.
      for (const c of t.cycles.filter((x) => x.recovered)) {
        expect(text.split("\n")[c.line - 1]).toContain("gc ");
      }
    },
  );

  it("maps Go 1.5's five phases onto three and keeps the printed ones", () => {
    const c = parse(seed("go15-gcload.txt")).cycles.find((x) => x.clockMs[1] !== 0);
    if (!c) throw new Error("no cycle with a scan phase");
    expect(c.clockMs).toHaveLength(5);
    expect(c.cpuMs).toHaveLength(7);
    const [st, scan, wb, mark, mt] = c.clockMs as [number, number, number, number, number];
    expect(c.wall).toEqual({
      sweepTermMs: st,
      markMs: Math.round((scan + wb + mark) * 1e6) / 1e6,
      markTermMs: mt,
    });
    expect(c.cpu.assistMs).toBe(c.cpuMs[3]);
    expect(c.cpu.idleMs).toBe(c.cpuMs[5]);
    expect(c.mb.stacks).toBeNull();
  });

  it("classifies pacer, scavenger and program lines", () => {
    const kinds = (name: string): Set<string> =>
      new Set(parse(seed(name)).other.map((o) => o.kind));
    expect(kinds("go126-lab-pacer-scav.txt")).toEqual(new Set(["pacer", "scavenger", "program"]));
    expect(kinds("go119-lab-pacer-scav.txt")).toEqual(new Set(["pacer", "scavenger", "program"]));
    // debug.FreeOSMemory under gctrace=1 up to Go 1.12: "scvg-1: 20 MB released".
    expect(kinds("go15-gcload.txt")).toEqual(new Set(["scavenger", "program"]));
    expect(kinds("go112-gcload.txt")).toEqual(new Set(["scavenger", "program"]));
    const forced = parse(seed("go126-lab-forced.txt"));
    expect(forced.other.filter((o) => o.text.startsWith("snapshot ")).length).toBeGreaterThan(0);
  });

  it("reads Go 1.26's goroutine leak check marker", () => {
    const t = parse(seed("go126-gcload-leakcheck.txt"));
    const leak = t.cycles.filter((c) => c.leakCheck);
    expect(leak).toHaveLength(1);
    expect(leak[0]?.forced).toBe(true);
  });

  it("converts MB to bytes with MiB = 2^20", () => {
    const c = parse(seed("go126-lab-unbounded.txt")).cycles.at(-1);
    expect(c?.mb.live).toBeGreaterThan(10);
    expect(c?.bytes.live).toBe((c?.mb.live ?? 0) * 1048576);
    expect(c?.bytes.stacks).toBe(0);
  });
});

function checkCycle(c: GcCycle): void {
  expect(c.clockMs.length === 3 || c.clockMs.length === 5).toBe(true);
  expect(c.procs).toBeGreaterThan(0);
  expect(c.startS).toBeGreaterThanOrEqual(0);
  for (const k of ["start", "end", "live", "goal"] as const) {
    expect(c.bytes[k]).toBe(c.mb[k] * 2 ** 20);
  }
  expect(c.mb.live).toBeLessThanOrEqual(c.mb.end);
}

// Hand-written lines, each in the shape the cited runtime code prints.
const LINE =
  "gc 7 @1.234s 3%: 0.021+1.2+0.030 ms clock, 0.084+0.35/1.1/2.2+0.12 ms cpu, 4->5->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 4 P";

describe("gctrace edge cases", () => {
  it('keeps the periodic `GC forced` line (runtime/proc.go forcegchelper: println("GC forced"))', () => {
    const t = parse(`GC forced\n${LINE}\n`);
    expect(t.other).toEqual([{ line: 1, kind: "gc-forced", text: "GC forced", fragment: false }]);
    expect(t.cycles[0]?.forced).toBe(false);
  });

  it("takes a trace line that starts after program output on the same line", () => {
    const t = parse(`progress 50%${LINE} (forced)\n`);
    expect(t.cycles[0]).toMatchObject({ n: 7, forced: true, recovered: false, procs: 4 });
    expect(t.other).toEqual([{ line: 1, kind: "program", text: "progress 50%", fragment: true }]);
  });

  it("handles CRLF and a last line without newline", () => {
    const t = parse(`hello\r\n${LINE}`);
    expect(t.cycles).toHaveLength(1);
    expect(t.lines).toBe(2);
    expect(t.other[0]?.text).toBe("hello");
  });

  it.each([
    ["", NO_TRACE],
    ["hello\nworld\n", NO_TRACE],
    [`${LINE}\n${LINE.slice(0, 60)}\n`, /^line 2: truncated gctrace line/],
    [`${LINE}\n${LINE.slice(0, 60)}`, /^line 2: truncated gctrace line/],
    [
      LINE.replace("4->5->2", "4->x->2"),
      /^line 1: malformed gctrace line: expected an integer at column 79/,
    ],
    [
      LINE.replace("4->5->2", "4->99999999999->2"),
      /^line 1: gc 7: 99999999999 MB is out of range$/,
    ],
    [LINE.replace("gc 7 ", "gc 99999999999999999999 "), /^line 1: GC number \d+ is out of range$/],
    [LINE.replace("4 P", "0 P"), /^line 1: gc 7: 0 P is out of range$/],
  ])("fails on %j", (text, why) => {
    const r = parseGcTrace(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("keeps malformed lines when lenient", () => {
    const r = parseGcTrace(`${LINE}\n${LINE.slice(0, 60)}`, { lenient: true });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.cycles).toHaveLength(1);
    expect(r.value.other).toMatchObject([{ line: 2, kind: "malformed", problem: expect.stringMatching(/^truncated/) }]); // prettier-ignore
  });

  it("does not take a truncated line's tail from the next trace line", () => {
    const r = parseGcTrace(`${LINE.slice(0, 100)}\n${LINE.replace("gc 7", "gc 8")}\n`, { lenient: true }); // prettier-ignore
    if (!r.ok) throw new Error(r.error);
    expect(r.value.cycles.map((c) => c.n)).toEqual([8]);
    expect(r.value.other[0]?.kind).toBe("malformed");
  });
});

describe("gctrace stream", () => {
  it("gives the same result for any chunking", () => {
    const texts = seeds.filter((s) => /noise|forced|pacer/.test(s.name)).map((s) => s.text);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(fc.nat(), { maxLength: 40 }),
        (text, cuts) => {
          const cycles: GcCycle[] = [];
          const other: GcOtherLine[] = [];
          const s = new GcTraceStream({
            cycle: (c) => cycles.push(c),
            other: (o) => other.push(o),
          });
          let at = 0;
          for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
            s.write(text.slice(at, cut));
            at = cut;
          }
          s.write(text.slice(at));
          expect(s.end().ok).toBe(true);
          const whole = parse(text);
          expect(cycles).toEqual(whole.cycles);
          expect(other).toEqual(whole.other);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("never throws on mutated or truncated real logs (fuzz from real seeds)", () => {
    const small = seeds.filter((s) => s.text.length < 20000).map((s) => s.text);
    const text = fc.constantFrom(...small);
    const lineMutation = fc
      .tuple(text, fc.nat(), fc.nat(), fc.string({ maxLength: 6 }))
      .map(([t, a, b, s]) => {
        const lines = t.split("\n");
        const i = a % lines.length;
        const l = lines[i] ?? "";
        const j = b % (l.length + 1);
        lines[i] = l.slice(0, j) + s + l.slice(j + s.length);
        return lines.join("\n");
      });
    const mutated = fc.oneof(
      text.chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
      lineMutation,
      fc.tuple(text, fc.nat(), fc.nat()).map(([t, a, b]) => {
        const lines = t.split("\n");
        const [i, j] = [a % lines.length, b % lines.length];
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        return lines.join("\n");
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, fc.boolean(), (t, lenient) => {
        const r = parseGcTrace(t, { lenient });
        if (!r.ok) expect(r.error).toMatch(/^[^\n]+$/);
        else for (const c of r.value.cycles) expect(Number.isSafeInteger(c.bytes.goal)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
