import { goFixed } from "../base/gofmt.js";

/**
 * pprof's value labels (internal/measurement: Scale, ScaledLabel), so
 * `--unit minimum|MB|kB|...` prints what `go tool pprof -unit=...` prints.
 * Memory units are binary multiples under pprof's names (kB = 1024 B).
 */
interface Unit {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly factor: number;
}
interface UnitType {
  readonly units: readonly Unit[];
  readonly defaultUnit: Unit;
}

const B: Unit = { name: "B", aliases: ["b", "byte"], factor: 1 };
const S: Unit = { name: "s", aliases: ["s", "sec", "second"], factor: 1e9 };
const GCU: Unit = { name: "GCU", aliases: ["gcu"], factor: 1 };

const UNIT_TYPES: readonly UnitType[] = [
  {
    units: [
      B,
      { name: "kB", aliases: ["kb", "kbyte", "kilobyte"], factor: 2 ** 10 },
      { name: "MB", aliases: ["mb", "mbyte", "megabyte"], factor: 2 ** 20 },
      { name: "GB", aliases: ["gb", "gbyte", "gigabyte"], factor: 2 ** 30 },
      { name: "TB", aliases: ["tb", "tbyte", "terabyte"], factor: 2 ** 40 },
      { name: "PB", aliases: ["pb", "pbyte", "petabyte"], factor: 2 ** 50 },
    ],
    defaultUnit: B,
  },
  {
    units: [
      { name: "ns", aliases: ["ns", "nanosecond"], factor: 1 },
      { name: "us", aliases: ["μs", "us", "microsecond"], factor: 1e3 },
      { name: "ms", aliases: ["ms", "millisecond"], factor: 1e6 },
      S,
      { name: "hrs", aliases: ["hour", "hr"], factor: 3600e9 },
    ],
    defaultUnit: { ...S, aliases: [] },
  },
  {
    units: [
      { name: "n*GCU", aliases: ["nanogcu"], factor: 1e-9 },
      { name: "u*GCU", aliases: ["microgcu"], factor: 1e-6 },
      { name: "m*GCU", aliases: ["milligcu"], factor: 1e-3 },
      GCU,
      { name: "k*GCU", aliases: ["kilogcu"], factor: 1e3 },
      { name: "M*GCU", aliases: ["megagcu"], factor: 1e6 },
      { name: "G*GCU", aliases: ["gigagcu"], factor: 1e9 },
      { name: "T*GCU", aliases: ["teragcu"], factor: 1e12 },
      { name: "P*GCU", aliases: ["petagcu"], factor: 1e15 },
    ],
    defaultUnit: { ...GCU, aliases: [] },
  },
];

function sniff(t: UnitType, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2) u = u.replace(/s$/, "");
  return t.units.find((x) => x.aliases.includes(u));
}

/** Whether pprof's -unit knows this name (or it is minimum/auto). */
export function isPprofUnit(unit: string): boolean {
  return unit === "minimum" || unit === "auto" || UNIT_TYPES.some((t) => sniff(t, unit));
}

function autoScale(t: UnitType, v: number): [number, string] | undefined {
  let f = 0;
  let name = "";
  for (const u of t.units) {
    if (u.factor >= f && v / u.factor >= 1) {
      f = u.factor;
      name = u.name;
    }
  }
  return f === 0 ? undefined : [v / f, name];
}

function convert(t: UnitType, value: number, from: string, to: string) {
  const fromUnit = sniff(t, from);
  if (!fromUnit) return undefined;
  const v = value * fromUnit.factor;
  if (to === "minimum" || to === "auto") {
    return autoScale(t, v) ?? [v / t.defaultUnit.factor, t.defaultUnit.name];
  }
  const toUnit = sniff(t, to);
  if (!toUnit) return [v / t.defaultUnit.factor, t.defaultUnit.name];
  return [v / toUnit.factor, toUnit.name];
}

/** measurement.Scale. */
export function pprofScale(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = pprofScale(-value, from, to);
    return [-v, u];
  }
  for (const t of UNIT_TYPES) {
    const r = convert(t, value, from, to);
    if (r) return r as [number, string];
  }
  return ["count", "sample", "unit", "minimum", "auto"].includes(to) ? [value, ""] : [value, to];
}

/** measurement.ScaledLabel: "%.2f" without a ".00", then the unit. */
export function pprofLabel(value: number, from: string, to: string): string {
  const [v, u] = pprofScale(value, from, to);
  const sv = goFixed(v, 2).replace(/\.00$/, "");
  if (sv === "0" || sv === "-0") return "0";
  return sv + u;
}
