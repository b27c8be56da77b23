import type { BenchStat, BenchTable } from "../analyze/benchstat.js";
import { comparisonText, deltaText, rangeText, signedPercent } from "./bench-format.js";

/**
 * `benchstat -format csv`, byte for byte (golang.org/x/perf
 * cmd/benchstat/internal/benchtab Table.ToCSV and Tables.ToCSV): config lines
 * where they change, per table a row of column names, a row of headers, a row
 * per benchmark with the exact median (Go's %v) and the geomean row. The
 * warnings go apart, each prefixed with its spreadsheet cell ("F17: ...").
 */
export function benchCsv(s: BenchStat): { readonly csv: string; readonly warnings: string } {
  const lines: string[] = [];
  const warnings: string[] = [];
  let prev: Readonly<Record<string, string>> | undefined;
  s.tables.forEach((t, i) => {
    if (i > 0) lines.push("");
    for (const [k, v] of Object.entries(t.config)) {
      if (prev === undefined || prev[k] !== v) lines.push(csvRecord([`${k}: ${v}`]));
    }
    prev = t.config;
    tableCsv(s, t, lines, warnings);
  });
  return { csv: lines.map((l) => l + "\n").join(""), warnings: warnings.join("") };
}

function tableCsv(s: BenchStat, t: BenchTable, lines: string[], warnings: string[]): void {
  const startCol = (exp: number) => (exp === 0 ? 1 : 1 + 2 + (exp - 1) * 4);
  let row: string[] = [];
  const clearTo = (col: number) => {
    while (row.length < col) row.push("");
  };
  const emit = () => {
    lines.push(csvRecord(row));
    row = [];
  };
  const warn = (msgs: readonly string[]) => {
    for (const m of msgs) warnings.push(`${cellName(row.length)}${lines.length + 1}: ${m}\n`);
  };
  s.columns.forEach((label, exp) => (clearTo(startCol(exp)), row.push(label)));
  clearTo(startCol(s.columns.length));
  emit();
  s.columns.forEach((_, exp) => {
    clearTo(startCol(exp));
    row.push(t.unit, "CI");
    if (exp > 0) row.push("vs base", "P");
  });
  emit();
  for (const r of t.rows) {
    row.push(r.label);
    r.cells.forEach((c, exp) => {
      if (c === null) return;
      clearTo(startCol(exp));
      warn(c.summary.warnings);
      row.push(goV(c.summary.median), rangeText(c.summary));
      if (exp > 0 && c.comparison !== null) {
        warn(c.comparison.warnings);
        row.push(deltaText(c.comparison), comparisonText(c.comparison));
      }
    });
    emit();
  }
  row.push("geomean");
  t.geomean.forEach((g, exp) => {
    clearTo(startCol(exp));
    warn(g.warnings);
    if (g.value !== null) row.push(goV(g.value));
    if (exp > 0) {
      clearTo(startCol(exp) + 2);
      row.push(g.ratio === null ? "?" : signedPercent((g.ratio - 1) * 100));
    }
  });
  clearTo(startCol(s.columns.length));
  emit();
}

/** The spreadsheet column of a 0-based index, as benchtab writes it (index 1 is "B"). */
function cellName(x: number): string {
  let name = "";
  for (; x > 0; x = Math.trunc(x / 26)) name = String.fromCharCode(65 + (x % 26)) + name;
  return name || "A";
}

/** encoding/csv's Writer: quote a field with a comma, quote or line break, or a leading space. */
function csvRecord(fields: readonly string[]): string {
  return fields
    .map((f) =>
      f !== "" && (/[,"\r\n]/.test(f) || /^\s/u.test(f)) ? `"${f.replace(/"/g, '""')}"` : f,
    )
    .join(",");
}

/** fmt's %v of a float64: the shortest digits that read back, %e form below 1e-4 and from 1e6 on. */
export function goV(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  const [mant = "", e = "0"] = x.toExponential().split("e");
  const exp = Number(e);
  // strconv's 'g' with the shortest precision switches to %e at exponent < -4 or >= 6.
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${Math.abs(exp) < 10 ? "0" : ""}${Math.abs(exp)}`; // prettier-ignore
  return String(x);
}
