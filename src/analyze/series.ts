import type { SnapshotWithStats } from "../model/snapshot.js";

/** One row of a series: the numbers a reader compares snapshot to snapshot. */
export interface SeriesRow {
  readonly seq: number;
  readonly label: string;
  readonly elapsedMs: number;
  readonly heapAlloc: number;
  readonly heapInuse: number;
  /** Mallocs − Frees: objects still live (or not yet swept). */
  readonly liveObjects: number;
  readonly numGC: number;
  readonly numGoroutine: number | null;
  readonly profile: string;
  /** The program's own counters (entries, ops, ...). */
  readonly gauges: Readonly<Record<string, number>>;
}

export interface SeriesSummary {
  readonly rows: readonly SeriesRow[];
  readonly first: SeriesRow | null;
  readonly last: SeriesRow | null;
  readonly peakHeapAlloc: number;
  /** Least-squares slope of HeapAlloc over time, bytes per second (0 for < 2 points). */
  readonly heapAllocSlope: number;
  /** Whether every snapshot was taken right after a GC, so HeapAlloc is the live heap. */
  readonly afterGC: boolean;
}

export function summarizeSeries(series: readonly SnapshotWithStats[]): SeriesSummary {
  const rows = [...series]
    .sort((a, b) => a.seq - b.seq)
    .map((s): SeriesRow => ({
      seq: s.seq,
      label: s.label,
      elapsedMs: s.elapsedMs,
      heapAlloc: s.memstats.HeapAlloc,
      heapInuse: s.memstats.HeapInuse,
      liveObjects: s.memstats.Mallocs - s.memstats.Frees,
      numGC: s.memstats.NumGC,
      numGoroutine: s.numGoroutine,
      profile: s.profile,
      gauges: s.gauges,
    }));
  return {
    rows,
    first: rows[0] ?? null,
    last: rows.at(-1) ?? null,
    peakHeapAlloc: rows.reduce((m, r) => Math.max(m, r.heapAlloc), 0),
    heapAllocSlope: slope(rows.map((r) => [r.elapsedMs / 1000, r.heapAlloc] as const)),
    afterGC: series.length > 0 && series.every((s) => s.gc),
  };
}

/** Ordinary least squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
