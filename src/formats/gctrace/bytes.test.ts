import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GcCycle, GcOtherLine } from "../../model/gctrace.js";
import { CYCLE_FIELDS, cycleOf } from "./cycle.js";
import { GcTraceStream, parseGcTrace, type GcTraceOptions } from "./index.js";

// The byte path (writeBytes) must give exactly what the string path gives.
const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/gctrace");
const seeds = readdirSync(FIXTURES)
  .filter((n) => n.endsWith(".txt"))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));

interface Parsed {
  readonly ok: boolean;
  readonly error?: string;
  readonly cycles: GcCycle[];
  readonly other: GcOtherLine[];
  readonly lines?: number;
}

function viaBytes(bytes: Uint8Array, cuts: readonly number[], opts: GcTraceOptions = {}): Parsed {
  const cycles: GcCycle[] = [];
  const other: GcOtherLine[] = [];
  const s = new GcTraceStream({ cycle: (c) => cycles.push(c), other: (o) => other.push(o) }, opts);
  let at = 0;
  for (const cut of [...cuts].map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)) {
    s.writeBytes(bytes.subarray(at, cut));
    at = cut;
  }
  s.writeBytes(bytes.subarray(at));
  const r = s.end();
  return r.ok
    ? { ok: true, cycles, other, lines: r.value.lines }
    : { ok: false, error: r.error, cycles, other };
}

function viaText(text: string, opts: GcTraceOptions = {}): Parsed {
  const r = parseGcTrace(text, opts);
  if (!r.ok) {
    // The cycles and lines before the failure, as a stream reports them.
    const cycles: GcCycle[] = [];
    const other: GcOtherLine[] = [];
    const s = new GcTraceStream({ cycle: (c) => cycles.push(c), other: (o) => other.push(o) }, opts); // prettier-ignore
    s.write(text);
    s.end();
    return { ok: false, error: r.error, cycles, other };
  }
  const { cycles, other, lines } = r.value;
  return { ok: true, cycles: [...cycles], other: [...other], lines };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const LINE =
  "gc 7 @1.234s 3%: 0.021+1.2+0.030 ms clock, 0.084+0.35/1.1/2.2+0.12 ms cpu, 4->5->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 4 P";

describe("gctrace from bytes", () => {
  it("gives the string path's result on every real log, for any chunking", () => {
    for (const { name, text } of seeds) {
      const bytes = utf8(text);
      const want = viaText(text);
      expect(viaBytes(bytes, []), name).toEqual(want);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
          expect(viaBytes(bytes, cuts)).toEqual(want);
        }),
        { numRuns: 8 },
      );
    }
  });

  it.each([
    ["CRLF and a last line without newline", `hello\r\n${LINE}\r\n${LINE}`],
    ["output before and after a trace line", `progress 50%${LINE} (forced)\n${LINE}tail\n`],
    ["gc in program output", `the gc ran\ngc is fine\ngc 12 @ not a trace\n${LINE}\n`],
    ["Go 1.26's leak check and forced", `${LINE.replace("3%:", "3% (checking for goroutine leaks):")} (forced)\n`], // prettier-ignore
    ["Go 1.5's five phases", "gc 1 @0.015s 1%: 0.027+0.28+0.007+0.76+0.17 ms clock, 0.054+0.28+0+0.37/0.009/0.72+0.34 ms cpu, 4->4->0 MB, 5 MB goal, 2 P\n"], // prettier-ignore
    ["Go 1.6's layout", LINE.replace(" 0 MB stacks, 0 MB globals,", "") + "\n"],
    ["long numbers", LINE.replace("1.234s", "12345678901234.56789s").replace("0.021+", "0.0000000000000001+")], // prettier-ignore
    ["multibyte text", `héllo wörld ✓\n${LINE}\n日本語\n`],
    ["a split trace line", `${LINE.slice(0, 70)}worker 1 at 7000\n${LINE.slice(70)}\n`],
    ["a truncated line", `${LINE}\n${LINE.slice(0, 60)}\n`],
    ["a bad number", LINE.replace("4->5->2", "4->x->2")],
    ["a huge MB", LINE.replace("4->5->2", "4->99999999999->2")],
    ["4 clock phases", LINE.replace("0.021+1.2+0.030", "0.021+1.2+0.030+1")],
    ["6 cpu values", LINE.replace("0.084+0.35/1.1/2.2+0.12", "0.084+0.35+1/1.1/2.2+0.12")],
    ["a dot without decimals", LINE.replace("1.2+", "1.+")],
    ["a line of its own after a split one", `gc 1 @0.1s 1%: 0.1+\n${LINE}\n`],
    ["gc at a line's end", `the last word is gc \nso gc\n${LINE}\n`],
    ["long lines (searched natively)", `${"x".repeat(300)} gc ran\n${LINE}${" tail".repeat(60)}\n${"y".repeat(400)}\n${"z".repeat(300)}${LINE}\n${LINE}\n`], // prettier-ignore
  ])("%s", (_name, text) => {
    for (const lenient of [false, true]) {
      const want = viaText(text, { lenient });
      const bytes = utf8(text);
      for (let cut = 0; cut <= bytes.length; cut += 7) {
        expect(viaBytes(bytes, [cut], { lenient })).toEqual(want);
      }
    }
  });

  it("matches the string path on mutated real lines (fuzz)", () => {
    const lines = seeds
      .flatMap((s) => s.text.split("\n"))
      .filter((l) => l.startsWith("gc "))
      .slice(0, 400);
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.string({ maxLength: 4 }),
        (line, at, del, ins) => {
          const i = at % (line.length + 1);
          const text = `${line.slice(0, i)}${ins}${line.slice(i + del)}\n${LINE}\n`;
          expect(viaBytes(utf8(text), [], { lenient: true })).toEqual(
            viaText(text, { lenient: true }),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("gives the same cycles as flat records (the summary's sink)", () => {
    for (const { name, text } of seeds) {
      const want = viaText(text).cycles;
      const got: GcCycle[] = [];
      const s = new GcTraceStream({
        fields: (f, layout) => {
          expect(f).toHaveLength(CYCLE_FIELDS);
          got.push(cycleOf(f, layout, [], []));
        },
      });
      s.writeBytes(utf8(text));
      expect(s.end().ok).toBe(true);
      // Flat records carry everything but the printed phase arrays.
      expect(got, name).toEqual(want.map((c) => ({ ...c, clockMs: [], cpuMs: [] })));
    }
  });

  it("without an `other` sink, skips program lines and reports malformed ones apart", () => {
    const text = `hello\n${LINE}\n${LINE.slice(0, 60)}\nbye\n`;
    const cycles: GcCycle[] = [];
    const malformed: GcOtherLine[] = [];
    const s = new GcTraceStream(
      { cycle: (c) => cycles.push(c), malformed: (o) => malformed.push(o) },
      { lenient: true },
    );
    s.writeBytes(utf8(text));
    const r = s.end();
    expect(r.ok && r.value.lines).toBe(4);
    expect(cycles.map((c) => c.n)).toEqual([7]);
    expect(malformed.map((o) => [o.line, o.kind])).toEqual([[3, "malformed"]]);
  });
});
