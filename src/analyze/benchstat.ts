import type { BenchRun } from "../model/bench.js";
import { geoMean, quantile, quantileCI } from "./benchstat-math.js";
import { tidyUnit, unitClass, type UnitClass } from "./benchstat-units.js";
import { mannWhitneyUTest, uTestSamples } from "./benchstat-utest.js";

/**
 * Benchmark runs summarized and compared the way benchstat does
 * (golang.org/x/perf/cmd/benchstat with its defaults: AssumeNothing,
 * confidence 0.95, alpha 0.05). A table per package and unit, a row per
 * benchmark (name and GOMAXPROCS), a column per run; the first run is the
 * baseline. Each cell: the median and its distribution-free confidence
 * interval; each later column: the Mann-Whitney U test against the baseline;
 * each table: the geomean of the medians and of the ratios to the baseline.
 * See docs/notes/benchstat.md for the sources and what differs.
 */

export interface BenchStatOptions {
  /** Confidence level of the intervals; benchstat's -confidence, default 0.95. */
  readonly confidence?: number;
  /** A change is significant when p <= alpha; benchstat's -alpha, default 0.05. */
  readonly alpha?: number;
}

export interface BenchSummary {
  /** The values in the table's unit (ns/op read as sec/op, MB/s as B/s), ascending. */
  readonly values: readonly number[];
  readonly median: number;
  /** Bounds of the median's confidence interval; ±Infinity when n is too small. */
  readonly lo: number;
  readonly hi: number;
  /** The interval's actual confidence (at least the level asked for). */
  readonly confidence: number;
  readonly warnings: readonly string[];
}

export interface BenchComparison {
  readonly p: number;
  readonly n1: number;
  readonly n2: number;
  readonly alpha: number;
  /** p <= alpha: benchstat prints the delta instead of "~". */
  readonly significant: boolean;
  /** head median / base median - 1; 0 when equal; null when the base median is 0 (benchstat's "?"). */
  readonly delta: number | null;
  /** Neither sample is large enough for the test to ever reach alpha. */
  readonly tooFewSamples: boolean;
  readonly warnings: readonly string[];
}

export interface BenchCell {
  readonly summary: BenchSummary;
  /** Against the baseline column's cell; null in the baseline or when it has no cell for the row. */
  readonly comparison: BenchComparison | null;
}

export interface BenchRow {
  readonly pkg: string;
  /** "BenchmarkGrow/size=10", without the GOMAXPROCS suffix. */
  readonly name: string;
  readonly procs: number;
  /** benchstat's row label: the name as printed, without "Benchmark": "Grow/size=10-2". */
  readonly label: string;
  /** One per column; null when that run has no result for the row. */
  readonly cells: readonly (BenchCell | null)[];
}

export interface BenchGeomean {
  /** Geomean of the medians of the column, or null (a median <= 0). */
  readonly value: number | null;
  /** Geomean of the ratios to the baseline, or null (baseline column, a zero baseline median, a ratio <= 0). */
  readonly ratio: number | null;
  readonly warnings: readonly string[];
}

export interface BenchTable {
  readonly pkg: string;
  /** The config lines (goos, goarch, pkg, cpu, ...) of the package's first result. */
  readonly config: Readonly<Record<string, string>>;
  /** The unit as benchstat shows it: "sec/op", "B/op", "allocs/op", "B/s", custom. */
  readonly unit: string;
  /** The unit as go test printed it: "ns/op", "MB/s", ... */
  readonly rawUnit: string;
  readonly unitClass: UnitClass;
  readonly rows: readonly BenchRow[];
  /** One per column. */
  readonly geomean: readonly BenchGeomean[];
}

export interface BenchStat {
  readonly columns: readonly string[];
  readonly confidence: number;
  readonly alpha: number;
  readonly tables: readonly BenchTable[];
}

export interface BenchInput {
  /** The column's name (benchstat uses the file name). */
  readonly label: string;
  readonly run: BenchRun;
}

export function benchstat(inputs: readonly BenchInput[], o: BenchStatOptions = {}): BenchStat {
  const confidence = o.confidence ?? 0.95;
  const alpha = o.alpha ?? 0.05;
  const groups = collect(inputs);
  const tables: BenchTable[] = [];
  for (const [pkg, byUnit] of groups.tables) {
    for (const rawUnit of groups.units) {
      const rows = byUnit.get(rawUnit);
      if (rows === undefined) continue;
      const { unit } = tidyUnit(rawUnit);
      const built = [...rows.values()].map((r) => buildRow(r, inputs.length, confidence, alpha));
      tables.push({
        pkg,
        config: groups.configs.get(pkg) ?? {},
        unit,
        rawUnit,
        unitClass: unitClass(unit),
        rows: built,
        geomean: inputs.map((_, c) => geomeanOf(built, c)),
      });
    }
  }
  return { columns: inputs.map((i) => i.label), confidence, alpha, tables };
}

/** One run on its own: medians and intervals, no comparison. */
export function summarizeBench(input: BenchInput, o: BenchStatOptions = {}): BenchStat {
  return benchstat([input], o);
}

/**
 * The rows where `unit` ("allocs/op", or "ns/op" / "sec/op") rose
 * significantly in any later column against the baseline: what
 * `--fail-on-increase` fails on. Identical samples (allocs/op often has no
 * variance) follow benchstat: equal on both sides is "all samples are equal"
 * with p = 1, never an increase; constant but different sides are a
 * significant change once n >= 4 per side (p = 2/C(2n, n)).
 */
export function failOnIncrease(stat: BenchStat, unit: string): BenchRow[] {
  const want = tidyUnit(unit).unit;
  const rows: BenchRow[] = [];
  for (const t of stat.tables) {
    if (t.unit !== want) continue;
    for (const row of t.rows) {
      const rose = row.cells.some((c) => {
        const cmp = c?.comparison;
        return cmp?.significant === true && (cmp.delta === null ? false : cmp.delta > 0);
      });
      if (rose) rows.push(row);
    }
  }
  return rows;
}

interface RowValues {
  readonly pkg: string;
  readonly name: string;
  readonly procs: number;
  readonly label: string;
  /** Per column, the tidied values in input order. */
  readonly values: number[][];
}

/**
 * Groups results by package, unit and (name, procs), each in order of first
 * appearance across the inputs, as benchstat orders its keys.
 */
function collect(inputs: readonly BenchInput[]) {
  const tables = new Map<string, Map<string, Map<string, RowValues>>>();
  const units = new Set<string>();
  const configs = new Map<string, Readonly<Record<string, string>>>();
  inputs.forEach(({ run }, col) => {
    for (const r of run.results) {
      let byUnit = tables.get(r.pkg);
      if (!byUnit) {
        tables.set(r.pkg, (byUnit = new Map()));
        configs.set(r.pkg, r.config);
      }
      for (const [rawUnit, value] of Object.entries(r.metrics)) {
        units.add(rawUnit);
        let rows = byUnit.get(rawUnit);
        if (!rows) byUnit.set(rawUnit, (rows = new Map()));
        const key = `${r.name}\u0000${r.procs}`;
        let row = rows.get(key);
        if (!row) {
          const label = r.fullName.replace(/^Benchmark/, "");
          row = { pkg: r.pkg, name: r.name, procs: r.procs, label, values: inputs.map(() => []) };
          rows.set(key, row);
        }
        row.values[col]?.push(value * tidyUnit(rawUnit).factor);
      }
    }
  });
  return { tables, units, configs };
}

function buildRow(r: RowValues, columns: number, confidence: number, alpha: number): BenchRow {
  const summaries = r.values.map((v) => (v.length > 0 ? summarize(v, confidence) : null));
  const base = summaries[0] ?? null;
  const cells = summaries.map((s, c): BenchCell | null => {
    if (s === null) return null;
    const comparison = c > 0 && base !== null ? compare(base, s, alpha) : null;
    return { summary: s, comparison };
  });
  while (cells.length < columns) cells.push(null);
  return { pkg: r.pkg, name: r.name, procs: r.procs, label: r.label, cells };
}

/** benchmath AssumeNothing.Summary: the median and its order-statistic interval. */
function summarize(values: readonly number[], confidence: number): BenchSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const ci = quantileCI(n, 0.5, confidence);
  const lo = ci.loOrder < 1 ? -Infinity : (sorted[ci.loOrder - 1] ?? NaN);
  const hi = ci.hiOrder - 1 >= n ? Infinity : (sorted[ci.hiOrder - 1] ?? NaN);
  const warnings: string[] = [];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    const [op, need] = medianSamples(confidence);
    warnings.push(`need ${op} ${need} samples for confidence interval at level ${goFloat(confidence)}`); // prettier-ignore
  }
  return { values: sorted, median: quantile(sorted, 0.5), lo, hi, confidence: ci.confidence, warnings }; // prettier-ignore
}

/** benchmath medianSamples: the least n whose interval is finite. */
function medianSamples(confidence: number): readonly [string, number] {
  for (let n = 2; n <= 50; n++) {
    const ci = quantileCI(n, 0.5, confidence);
    if (0 < ci.loOrder && ci.hiOrder <= n) return [">=", n];
  }
  return [">", 50];
}

/** benchmath AssumeNothing.Compare and Comparison.FormatDelta's rules. */
function compare(base: BenchSummary, head: BenchSummary, alpha: number): BenchComparison {
  const res = mannWhitneyUTest(base.values, head.values);
  const n1 = base.values.length;
  const n2 = head.values.length;
  const warnings: string[] = [];
  // A failed test (all samples equal) reads as no significant difference.
  const p = "error" in res ? 1 : res.p;
  if ("error" in res) warnings.push(res.error);
  let tooFewSamples = false;
  if (p > alpha) {
    const [op, need] = uTestSamples(alpha);
    if (n1 < need && n2 < need) {
      tooFewSamples = true;
      warnings.push(`need ${op} ${need} samples to detect a difference at alpha level ${goFloat(alpha)}`); // prettier-ignore
    }
  }
  const [old, now] = [base.median, head.median];
  const delta = old === now ? 0 : old === 0 ? null : now / old - 1.0;
  return { p, n1, n2, alpha, significant: !(p > alpha), delta, tooFewSamples, warnings };
}

/** benchtab summarizeCol: geomeans of a column's medians and of its ratios to the baseline. */
function geomeanOf(rows: readonly BenchRow[], col: number): BenchGeomean {
  const summaries: number[] = [];
  const ratios: number[] = [];
  let badRatio = false;
  let nBase = 0;
  for (const row of rows) {
    const baseCell = row.cells[0];
    if (baseCell) nBase++;
    const cell = row.cells[col];
    if (!cell) continue;
    summaries.push(cell.summary.median);
    if (col > 0 && baseCell) {
      const [a, b] = [cell.summary.median, baseCell.summary.median];
      if (a === b) ratios.push(1);
      else if (b === 0) {
        badRatio = true;
        ratios.push(0);
      } else ratios.push(a / b);
    }
  }
  const warnings: string[] = [];
  if (col > 0 && nBase !== ratios.length) {
    warnings.push("benchmark set differs from baseline; geomeans may not be comparable");
  }
  const gm = geoMean(summaries);
  if (Number.isNaN(gm)) warnings.push("summaries must be >0 to compute geomean");
  let ratio: number | null = null;
  if (col > 0 && !badRatio) {
    const r = geoMean(ratios);
    if (Number.isNaN(r)) warnings.push("ratios must be >0 to compute geomean");
    else ratio = r;
  }
  return { value: Number.isNaN(gm) ? null : gm, ratio, warnings };
}

/** Go's %v for the levels in warnings (0.95, 0.05; exponent form below 1e-4). */
function goFloat(x: number): string {
  if (x !== 0 && Math.abs(x) < 1e-4) {
    const [m = "", e = "0"] = x.toExponential().split("e");
    const n = Math.abs(Number(e));
    return `${m}e${Number(e) < 0 ? "-" : "+"}${n < 10 ? "0" : ""}${n}`;
  }
  return String(x);
}
