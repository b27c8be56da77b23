import { goFixed, goG } from "../base/gofmt.js";
import { formatBytes } from "../base/units.js";
import type { TopResult } from "../analyze/top.js";
import { pprofLabel, pprofScale } from "./pprof-units.js";
import type { Style } from "./style.js";

export const TOP_SCHEMA = "memsnap/top@1";
export const DIFF_SCHEMA = "memsnap/diff@1";

export interface TopReport {
  readonly file: string;
  readonly time: string;
  /**
   * "iec" (KiB, MiB), "raw" (exact integers, bytes with a B like pprof
   * -unit=B but counts plain), or a unit of pprof's -unit (minimum, MB, kB, ...)
   * printed exactly as pprof prints it.
   */
  readonly units: string;
  readonly result: TopResult;
  readonly notes: readonly string[];
  /** For diff: the base profile and how it was applied. */
  readonly diff?: { readonly base: string; readonly mode: "diff-base" | "subtract" };
}

export function topJson(r: TopReport) {
  const t = r.result;
  return {
    schema: r.diff ? DIFF_SCHEMA : TOP_SCHEMA,
    file: r.file,
    ...(r.diff ? { base: r.diff.base, mode: r.diff.mode } : {}),
    sampleType: t.sampleType.type,
    unit: t.sampleType.unit,
    total: t.total,
    shown: t.shown,
    droppedNodes: t.droppedNodes,
    nodeCutoff: t.nodeCutoff,
    rows: t.rows.map((row) => ({
      name: row.name,
      flat: row.flat,
      cum: row.cum,
      inline: row.inline,
    })),
    notes: r.notes,
  };
}

/** pprof's text layout: its header lines, then flat, flat%, sum%, cum, cum%, name. */
export function topText(r: TopReport, style: Style): string {
  const t = r.result;
  const units = r.units === "minimum" ? minimumUnit(t) : r.units;
  const v = (n: number) => formatValue(n, t.sampleType.unit, units);
  const out = [`File: ${r.file}`];
  if (r.diff)
    out.push(
      `Base: ${r.diff.base} (${r.diff.mode === "diff-base" ? "percentages of the base" : "subtracted"})`,
    );
  out.push(`Type: ${t.sampleType.type}`);
  if (r.time) out.push(`Time: ${r.time}`);
  out.push(
    `Showing nodes accounting for ${v(t.shown)}, ${percentage(t.shown, t.total).trim()} of ${v(t.total)} total`,
  );
  if (t.total !== 0 && t.droppedNodes > 0) {
    out.push(
      `Dropped ${t.droppedNodes} node${t.droppedNodes > 1 ? "s" : ""} (cum <= ${v(t.droppedLabelCutoff)})`,
    );
  }
  if (t.total !== 0 && t.rows.length < t.origCount) {
    out.push(`Showing top ${t.rows.length} nodes out of ${t.origCount}`);
  }
  out.push(style.bold(`${"flat".padStart(10)}  flat%   sum%        cum   cum%`));
  let sum = 0;
  for (const row of t.rows) {
    sum += row.flat;
    out.push(
      `${v(row.flat).padStart(10)} ${percentage(row.flat, t.total)} ${percentage(sum, t.total)} ` +
        `${v(row.cum).padStart(10)} ${percentage(row.cum, t.total)}  ${row.name}${row.inline ? ` ${style.dim(row.inline)}` : ""}`,
    );
  }
  for (const n of r.notes) out.push(style.dim(`note: ${n}`));
  return out.join("\n") + "\n";
}

/**
 * pprof's selectOutputUnit for -unit=minimum: one unit for the whole report,
 * from the smallest non-zero row (flat, else cum) and the report total.
 */
function minimumUnit(t: TopResult): string {
  if (t.rows.length === 0) return "minimum";
  let min = 0;
  for (const row of t.rows) {
    const m = Math.abs(row.flat) || Math.abs(row.cum);
    if (m > 0 && (min === 0 || m < min)) min = m;
  }
  const max = t.total;
  if (min === 0) min = max;
  const unitOf = (x: number) => pprofScale(x, t.sampleType.unit, "minimum")[1];
  const minUnit = unitOf(min);
  const unit = minUnit !== unitOf(max) && min * 100 < max ? unitOf(100 * min) : minUnit;
  return unit || t.sampleType.unit;
}

function formatValue(n: number, unit: string, units: string): string {
  if (units !== "iec" && units !== "raw") return pprofLabel(n, unit, units);
  if (n === 0) return "0";
  if (unit === "bytes") return units === "raw" ? `${n}B` : formatBytes(n);
  return String(n);
}

/** measurement.Percentage of pprof: "  100%", "%5.2f%%", or "%5.2g%%", with Go's rounding. */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return "  100%";
  if (ratio >= 1) return `${goFixed(ratio, 2).padStart(5)}%`;
  return `${goG(ratio, 2).padStart(5)}%`;
}
