import type { BenchCell, BenchStat, BenchTable } from "../analyze/benchstat.js";
import {
  commonScale,
  comparisonText,
  deltaText,
  formatScaled,
  rangeText,
  scaleValue,
  signedPercent,
} from "./bench-format.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

export const BENCH_SCHEMA = "memsnap/bench@1";

/** The `memsnap bench --json` document (docs/json/bench.schema.json). */
export function benchJson(s: BenchStat) {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const cell = (c: BenchCell | null) =>
    c === null
      ? null
      : {
          n: c.summary.values.length,
          values: c.summary.values,
          median: c.summary.median,
          lo: finite(c.summary.lo),
          hi: finite(c.summary.hi),
          confidence: c.summary.confidence,
          range: rangeText(c.summary),
          warnings: c.summary.warnings,
          comparison:
            c.comparison === null
              ? null
              : { ...c.comparison, deltaText: deltaText(c.comparison), text: comparisonText(c.comparison) }, // prettier-ignore
        };
  return {
    schema: BENCH_SCHEMA,
    columns: s.columns,
    confidence: s.confidence,
    alpha: s.alpha,
    tables: s.tables.map((t) => ({
      pkg: t.pkg,
      unit: t.unit,
      rawUnit: t.rawUnit,
      unitClass: t.unitClass,
      rows: t.rows.map((r) => ({
        name: r.name,
        procs: r.procs,
        label: r.label,
        cells: r.cells.map(cell),
      })),
      geomean: t.geomean,
    })),
  };
}

/**
 * benchstat's table, one per package and unit: the median with its
 * interval (±%), then for each later run the delta ("~" when not
 * significant) and "(p=… n=…)"; warnings as numbered footnotes.
 */
export function benchText(s: BenchStat, style: Style): string {
  const out: string[] = [];
  let pkg: string | undefined;
  for (const t of s.tables) {
    if (out.length > 0) out.push("");
    if (t.pkg !== pkg) out.push(style.bold(`pkg: ${t.pkg || "(none)"}`));
    pkg = t.pkg;
    out.push(...tableText(s, t, style));
  }
  return out.join("\n") + "\n";
}

function tableText(s: BenchStat, t: BenchTable, style: Style): string[] {
  const notes: string[] = [];
  const mark = (warnings: readonly string[]) =>
    warnings
      .map((w) => {
        let i = notes.indexOf(w);
        if (i < 0) i = notes.push(w) - 1;
        return superscript(i + 1);
      })
      .join(" ");
  const header = [""];
  const units = [""];
  const right = new Set<number>();
  s.columns.forEach((label, c) => {
    right.add(header.length);
    header.push(label, "", "");
    units.push(t.unit, "", "");
    if (c > 0) {
      right.add(header.length);
      header.push("", "", "");
      units.push("vs base", "", "");
    }
  });
  const rows = t.rows.map((row) => {
    const scaler = commonScale(row.cells.flatMap((c) => (c ? [c.summary.median] : [])), t.unitClass); // prettier-ignore
    const cells = [row.label];
    row.cells.forEach((c, i) => {
      if (c === null) cells.push("", "", "");
      else cells.push(formatScaled(c.summary.median, scaler), `± ${rangeText(c.summary)}`, mark(c.summary.warnings)); // prettier-ignore
      if (i === 0) return;
      const cmp = c?.comparison;
      if (!cmp) cells.push("", "", "");
      else {
        // Not colored: the cells are padded by their length.
        cells.push(deltaText(cmp), `(${comparisonText(cmp)})`, mark(cmp.warnings));
      }
    });
    return cells;
  });
  if (t.rows.length > 1) {
    const cells = ["geomean"];
    t.geomean.forEach((g, i) => {
      cells.push(g.value === null ? "" : scaleValue(g.value, t.unitClass), "", "");
      if (i > 0) cells.push(g.ratio === null ? "?" : signedPercent((g.ratio - 1) * 100), "", "");
      const last = cells.length - 1;
      cells[last] = mark(g.warnings);
    });
    rows.push(cells);
  }
  const lines = renderTable(header, [units, ...rows], right);
  return [
    ...lines.map((l, i) => (i < 2 ? style.bold(l) : l)),
    ...notes.map((n, i) => style.dim(`${superscript(i + 1)} ${n}`)),
  ];
}

const SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹";

function superscript(i: number): string {
  return [...String(i)].map((d) => SUPER[Number(d)]).join("");
}
