import type { MemstatsChange, MemstatsDiff } from "../analyze/memstats-diff.js";
import { formatBytes } from "../base/units.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

export const MEMSTATS_SCHEMA = "memsnap/memstats@1";

export interface MemstatsReport {
  /** What each side was read from (file names). */
  readonly a: string;
  readonly b: string;
  readonly diff: MemstatsDiff;
}

/** The `memsnap memstats --json` document (docs/json/memstats.schema.json); bigints as decimal strings. */
export function memstatsJson(r: MemstatsReport) {
  const big = (x: bigint | null) => (x === null ? null : x.toString());
  const g = r.diff.lastGc;
  return {
    schema: MEMSTATS_SCHEMA,
    a: r.a,
    b: r.b,
    changes: r.diff.changes,
    lastGc:
      g === null
        ? null
        : {
            a: big(g.a),
            b: big(g.b),
            betweenNs: big(g.betweenNs),
            betweenMs: g.betweenNs === null ? null : Number(g.betweenNs) / 1e6,
          },
    sizeClasses: r.diff.sizeClasses,
    sizeClassesChanged: r.diff.sizeClassesChanged,
    notes: r.diff.notes,
  };
}

export function memstatsText(r: MemstatsReport, style: Style): string {
  const d = r.diff;
  const out = [style.bold(`memstats: ${r.a} -> ${r.b}`), ""];
  const rows = d.changes.map((c) => [
    c.label,
    value(c.a, c.unit),
    value(c.b, c.unit),
    c.delta === null ? "n/a" : signed(c.delta, c.unit),
    relative(c),
    c.meaning,
  ]);
  const table = renderTable(["", "A", "B", "change", "%", "meaning"], rows, new Set([1, 2, 3, 4]));
  out.push(style.bold(table[0] ?? ""), ...table.slice(1));
  if (d.lastGc !== null) out.push("", lastGcLine(d));
  if (d.sizeClasses.length > 0) {
    out.push("", style.bold("size classes by live-object growth (Mallocs - Frees):"));
    const cls = d.sizeClasses.map((c) => [
      `${c.size}B`,
      String(c.liveA),
      String(c.liveB),
      signed(c.delta, "count"),
      signed(c.bytes, "bytes"),
      String(c.mallocs),
    ]);
    const t = renderTable(["size", "live A", "live B", "change", "bytes", "mallocs"], cls, new Set([0, 1, 2, 3, 4, 5])); // prettier-ignore
    out.push(style.bold(t[0] ?? ""), ...t.slice(1));
    const more = d.sizeClassesChanged - d.sizeClasses.length;
    if (more > 0) out.push(style.dim(`(${more} more size class${more > 1 ? "es" : ""} changed)`));
  }
  for (const n of d.notes) out.push("", style.yellow(`note: ${n}`));
  return out.join("\n") + "\n";
}

function lastGcLine(d: MemstatsDiff): string {
  const g = d.lastGc;
  if (g === null) return "";
  if (g.betweenNs === null) {
    const which = g.a === null && g.b === null ? "neither side" : g.a === null ? "A" : "B";
    return `last GC: ${which} had not run a GC yet`;
  }
  if (g.betweenNs === 0n)
    return "last GC: the same cycle on both sides (no GC completed in between)";
  const ms = Number(g.betweenNs) / 1e6;
  return `last GC: B's last GC finished ${ms.toFixed(1)}ms after A's`;
}

function value(x: number | null, unit: MemstatsChange["unit"]): string {
  if (x === null) return "n/a";
  if (unit === "bytes") return formatBytes(x);
  if (unit === "ns") return `${(x / 1e6).toFixed(3)}ms`;
  return String(x);
}

function signed(x: number, unit: MemstatsChange["unit"]): string {
  return (x > 0 ? "+" : "") + value(x, unit);
}

function relative(c: MemstatsChange): string {
  if (c.relative === null) return c.delta === 0 ? "0%" : "";
  const pct = c.relative * 100;
  return `${pct > 0 ? "+" : ""}${pct.toFixed(1)}%`;
}
