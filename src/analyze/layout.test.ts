import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseLayout,
  type FieldLayout,
  type LayoutReport,
  type StructLayout,
} from "../formats/layout/index.js";
import { analyzeLayouts, analyzePadding, bestDeclaration, layoutSize } from "./layout.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/layout");
const reports = readdirSync(FIXTURES)
  .filter((n) => !n.endsWith("-truth.json") && !n.endsWith("-wrong.json"))
  .map((name) => {
    const r = parseLayout(readFileSync(path.join(FIXTURES, name), "utf8"));
    if (!r.ok) throw new Error(`${name}: ${r.error}`);
    return [name, r.value] as const;
  });
const report = (name: string) => reports.find(([n]) => n === name)?.[1] as LayoutReport;
const byName = (r: LayoutReport, name: string) =>
  r.structs.find((s) => s.name === name) as StructLayout;

function* permutations(n: number): Generator<number[]> {
  const a = Array.from({ length: n }, (_, i) => i);
  yield [...a];
  const c = new Array<number>(n).fill(0);
  for (let i = 1; i < n;) {
    if ((c[i] ?? 0) < i) {
      const j = i % 2 ? (c[i] ?? 0) : 0;
      [a[i], a[j]] = [a[j] as number, a[i] as number];
      yield [...a];
      c[i] = (c[i] ?? 0) + 1;
      i = 1;
    } else c[i++] = 0;
  }
}

describe("struct padding", () => {
  it("computes the sizes the compiler chose, for every struct of every fixture", () => {
    let n = 0;
    for (const [, r] of reports)
      for (const s of r.structs) {
        expect(layoutSize(s.fields, s.align), `${s.package}.${s.name}`).toBe(s.size);
        n++;
      }
    expect(n).toBeGreaterThan(150);
  });

  it("finds the holes and the best order of BoolInt and Worst on amd64", () => {
    const r = report("go126-amd64-fixture.json");
    const boolInt = analyzePadding(byName(r, "BoolInt"));
    expect(boolInt).toMatchObject({
      dataBytes: 10,
      padding: 14,
      holes: [
        { after: 0, offset: 1, bytes: 7 },
        { after: 2, offset: 17, bytes: 7 },
      ],
      bestOrder: [1, 0, 2],
      bestSize: 16,
      saved: 8,
    });
    // The best order of BoolInt is BoolIntPacked, which the compiler made 16 bytes.
    expect(byName(r, "BoolIntPacked").size).toBe(16);
    expect(bestDeclaration(boolInt)).toBe(
      "type BoolInt struct {\n\tb int64\n\ta bool\n\tc bool\n}",
    );
    const worst = analyzePadding(byName(r, "Worst"));
    expect([worst.struct.size, worst.dataBytes, worst.bestSize, worst.saved]).toEqual([
      48, 24, 24, 24,
    ]);
  });

  it("puts zero-size fields first, where the compiler adds no byte", () => {
    const r = report("go126-amd64-fixture.json");
    const t = analyzePadding(byName(r, "TrailingEmpty"));
    expect([t.struct.size, t.bestSize, t.bestOrder]).toEqual([16, 8, [1, 0]]);
    const noCmp = analyzePadding(byName(r, "NoCmp"));
    expect([noCmp.struct.size, noCmp.bestSize]).toEqual([16, 8]);
    expect(bestDeclaration(noCmp)).toBe("type NoCmp struct {\n\t_ [0]func()\n\tn int32\n}");
  });

  it("leaves a struct that is already best in its declared order", () => {
    const p = analyzePadding(byName(report("go126-amd64-fixture.json"), "BoolIntPacked"));
    expect(p).toMatchObject({ saved: 0, bestOrder: [0, 1, 2], bestSize: 16, padding: 6 });
  });

  it("keeps a leading int64 64-bit aligned on 386 (sync/atomic's promise)", () => {
    // n is 4-aligned on 386; only 8-aligned fields (sizes multiples of 8) may move before it.
    const fields = [
      field("n", "int64", 0, 8, 4),
      field("b", "bool", 8, 1, 1),
      field("x", "atomic.Int64", 16, 8, 8),
      field("c", "bool", 24, 1, 1),
    ];
    const s = {
      ...byName(report("go126-386-fixture.json"), "PlainInt64"),
      fields,
      size: 32,
      align: 8,
    };
    const p = analyzePadding(s);
    expect([p.bestOrder, p.bestSize]).toEqual([[2, 0, 1, 3], 24]);
    let off = 0;
    for (const i of p.bestOrder) {
      const f = fields[i] as FieldLayout;
      off = Math.ceil(off / f.align) * f.align;
      if (f.name === "n") expect(off % 8).toBe(0);
      off += f.size;
    }
  });

  it("no order of the fields beats the best one (every real struct up to 8 fields)", () => {
    let checked = 0;
    for (const [, r] of reports)
      for (const s of r.structs) {
        if (s.fields.length > 8) continue;
        const best = analyzePadding(s).bestSize;
        let min = Infinity;
        for (const order of permutations(s.fields.length))
          min = Math.min(
            min,
            layoutSize(
              order.map((i) => s.fields[i] as FieldLayout),
              s.align,
            ),
          );
        expect(best, `${s.name}`).toBe(min);
        checked++;
      }
    expect(checked).toBeGreaterThan(100);
  });

  it("best order is optimal and a permutation, for random Go-like fields", () => {
    const fieldArb = fc
      .tuple(fc.constantFrom(1, 2, 4, 8), fc.nat(3))
      .map(([align, n]) => field("f", "T", 0, align * n, align));
    fc.assert(
      fc.property(fc.array(fieldArb, { minLength: 1, maxLength: 6 }), (raw) => {
        let off = 0;
        const fields = raw.map((f) => {
          off = Math.ceil(off / f.align) * f.align;
          const placed = { ...f, offset: off };
          off += f.size;
          return placed;
        });
        const align = Math.max(...fields.map((f) => f.align));
        const s = { ...byName(report("go126-amd64-fixture.json"), "Worst"), fields, align };
        const sized = { ...s, size: layoutSize(fields, align) };
        const p = analyzePadding(sized);
        expect([...p.bestOrder].sort()).toEqual(fields.map((_, i) => i).sort());
        expect(
          layoutSize(
            p.bestOrder.map((i) => fields[i] as FieldLayout),
            align,
          ),
        ).toBe(p.bestSize);
        let min = Infinity;
        for (const order of permutations(fields.length))
          min = Math.min(
            min,
            layoutSize(
              order.map((i) => fields[i] as FieldLayout),
              align,
            ),
          );
        expect(p.bestSize).toBe(min);
        expect(p.padding).toBe(sized.size - p.dataBytes);
        expect(p.holes.reduce((n, h) => n + h.bytes, 0)).toBe(p.padding);
      }),
      { numRuns: 300 },
    );
  });

  it("orders a report by bytes saved, most first", () => {
    const all = analyzeLayouts(report("go126-amd64-std.json"));
    expect(all.length).toBeGreaterThan(20);
    const saved = all.map((p) => p.saved);
    expect(saved).toEqual([...saved].sort((a, b) => b - a));
    expect(all.every((p) => p.bestSize <= p.struct.size)).toBe(true);
  });
});

function field(
  name: string,
  type: string,
  offset: number,
  size: number,
  align: number,
): FieldLayout {
  return { name, type, offset, size, align, embedded: false, pointers: false };
}
