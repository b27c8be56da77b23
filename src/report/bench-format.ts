import type { UnitClass } from "../analyze/benchstat-units.js";
import type { BenchComparison, BenchSummary } from "../analyze/benchstat.js";
import { goFixed } from "../base/gofmt.js";

/**
 * benchstat's number formats, digit for digit: values scaled with SI or IEC
 * prefixes to 4 significant digits (golang.org/x/perf benchunit/scale.go),
 * the interval as "±N%" (benchmath Summary.PctRangeString), the delta
 * (Comparison.FormatDelta) and "p=0.PPP n=N" (Comparison.String).
 */

export interface Scaler {
  /** Digits after the decimal point. */
  readonly prec: number;
  readonly factor: number;
  readonly prefix: string;
}

interface Factor {
  readonly factor: number;
  readonly prefix: string;
  /** The values that print as 100.0, 10.00 and 1.000 with this prefix. */
  readonly t100: number;
  readonly t10: number;
  readonly t1: number;
}

// scale.go builds these thresholds by parsing the decimal text, so they
// match how printing rounds; Number() parses the same way.
const SI: readonly Factor[] = ["T", "G", "M", "k", "", "m", "µ", "n"].map((prefix, i) => {
  const exp = 12 - 3 * i;
  return {
    factor: Math.pow(10, exp),
    prefix,
    t100: Number(`99.995e${exp}`),
    t10: Number(`9.9995e${exp}`),
    t1: Number(`.99995e${exp}`),
  };
});

// The IEC thresholds are 99.995, 9.9995 and .99995 times 2^exp, given in
// scale.go as hex floats: 0x1.8ffae147ae148, 0x1.3ffbe76c8b439, 0x1.fff972474538f.
const hexMantissa = (h: string) => parseInt(h, 16) / 2 ** 52;
const IEC: readonly Factor[] = ["Ti", "Gi", "Mi", "Ki", ""].map((prefix, i) => {
  const exp = 40 - 10 * i;
  return {
    factor: Math.pow(2, exp),
    prefix,
    t100: hexMantissa("18ffae147ae148") * 2 ** (6 + exp),
    t10: hexMantissa("13ffbe76c8b439") * 2 ** (3 + exp),
    t1: hexMantissa("1fff972474538f") * 2 ** (-1 + exp),
  };
});

// Below the smallest prefix: more digits after the point, up to 10.
const SIGFIGS = [-1, -2, -3, -4, -5, -6, -7, -8].map((e) => Number(`9.9995e${e}`));

/** benchunit.CommonScale: one scale for a set of values, from the non-zero one closest to zero. */
export function commonScale(values: readonly number[], cls: UnitClass): Scaler {
  let min = 0;
  for (const v of values) {
    const a = Math.abs(v);
    if (a !== 0 && (min === 0 || a < min)) min = a;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: "" };
  const factors = cls === "binary" ? IEC : SI;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  const last = factors[factors.length - 1] as Factor;
  const val = min / last.factor;
  const i = SIGFIGS.findIndex((t, k) => val >= t || k === SIGFIGS.length - 1);
  return { prec: i + 3, factor: last.factor, prefix: last.prefix };
}

export function formatScaled(value: number, s: Scaler): string {
  return goFixed(value / s.factor, s.prec) + s.prefix;
}

/** benchunit.Scale: one value on its own scale (the geomean row). */
export function scaleValue(value: number, cls: UnitClass): string {
  return formatScaled(value, commonScale([value], cls));
}

/** Summary.PctRangeString: "36%", "0%", "∞" (too few samples) or "?" (bounds across zero). */
export function rangeText(s: BenchSummary): string {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return "∞";
  const sign = Math.sign;
  if (sign(s.median) !== sign(s.lo) || sign(s.median) !== sign(s.hi)) return "?";
  if (s.median === 0) return "0%";
  const v = Math.max(s.hi / s.median - 1, 1 - s.lo / s.median);
  return `${goFixed(100 * v, 0)}%`;
}

/** Comparison.FormatDelta: "~" when not significant, "0.00%", "?" (zero base), "+12.34%". */
export function deltaText(c: BenchComparison): string {
  if (!c.significant) return "~";
  if (c.delta === 0) return "0.00%";
  if (c.delta === null) return "?";
  return signedPercent(c.delta * 100.0);
}

/** Comparison.String: "p=0.007 n=8", "p=0.012 n=3+8". */
export function comparisonText(c: BenchComparison): string {
  const p = c.p !== 0 ? `p=${goFixed(c.p, 3)} ` : "";
  return c.n1 === c.n2 ? `${p}n=${c.n1}` : `${p}n=${c.n1}+${c.n2}`;
}

/** fmt's %+.2f%%. */
export function signedPercent(pct: number): string {
  const s = goFixed(pct, 2);
  return `${s.startsWith("-") ? "" : "+"}${s}%`;
}
