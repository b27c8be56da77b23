import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFixtureSeries } from "../../test/support/fixtures.js";
import { slope, summarizeSeries } from "./series.js";

describe("summarizeSeries", () => {
  it("orders by seq and reads first, last and peak from real sidecars", () => {
    const series = loadFixtureSeries("go126");
    const s = summarizeSeries([...series].reverse());
    expect(s.rows.map((r) => r.seq)).toEqual([...series.map((x) => x.seq)].sort((a, b) => a - b));
    expect(s.first?.label).toBe("peak");
    expect(s.last?.label).toBe("final");
    expect(s.peakHeapAlloc).toBe(Math.max(...series.map((x) => x.memstats.HeapAlloc)));
    expect(s.afterGC).toBe(true);
    expect(s.rows[0]?.liveObjects).toBe(
      (series[0]?.memstats.Mallocs ?? 0) - (series[0]?.memstats.Frees ?? 0),
    );
  });

  it("is empty for an empty series", () => {
    expect(summarizeSeries([])).toMatchObject({
      rows: [],
      first: null,
      last: null,
      afterGC: false,
    });
  });
});

describe("slope", () => {
  it("recovers the slope of a line", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2, max: 50 }),
        (a, b, n) => {
          const pts = Array.from({ length: n }, (_, i) => [i, a * i + b] as const);
          expect(slope(pts)).toBeCloseTo(a, 3);
        },
      ),
    );
  });
  it("is 0 with fewer than two distinct x", () => {
    expect(slope([])).toBe(0);
    expect(slope([[1, 5]])).toBe(0);
    expect(
      slope([
        [1, 5],
        [1, 9],
      ]),
    ).toBe(0);
  });
});
