import { formatBytes, formatGoDuration } from "../base/units.js";
import type { LabProgram } from "../model/lab.js";
import type { SeriesSummary } from "../analyze/series.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

export const LAB_LIST_SCHEMA = "memsnap/lab-list@1";
export const LAB_RUN_SCHEMA = "memsnap/lab-run@1";

export function labListText(programs: readonly LabProgram[], style: Style): string {
  const w = Math.max(...programs.map((p) => p.id.length));
  return (
    programs
      .map((p) => `${style.bold(p.id)}${" ".repeat(w - p.id.length)}  ${p.summary}`)
      .join("\n") + "\n"
  );
}

export function labListJson(programs: readonly LabProgram[]) {
  return { schema: LAB_LIST_SCHEMA, programs };
}

/** What a lab run did: the program, how it ran, and the series it captured. */
export interface LabRunResult {
  readonly program: LabProgram;
  readonly variant: string;
  readonly goVersion: string;
  readonly snapshotDir: string;
  readonly durationMs: number;
  readonly everyMs: number;
  readonly gc: boolean;
  readonly series: SeriesSummary;
}

export function labRunJson(r: LabRunResult) {
  const s = r.series;
  return {
    schema: LAB_RUN_SCHEMA,
    lab: r.program.id,
    variant: r.variant,
    goVersion: r.goVersion,
    snapshotDir: r.snapshotDir,
    durationMs: r.durationMs,
    everyMs: r.everyMs,
    gc: r.gc,
    culprit: r.program.culprit,
    snapshots: s.rows,
    summary: {
      count: s.rows.length,
      firstHeapAlloc: s.first?.heapAlloc ?? 0,
      lastHeapAlloc: s.last?.heapAlloc ?? 0,
      peakHeapAlloc: s.peakHeapAlloc,
      heapAllocSlope: Math.round(s.heapAllocSlope),
      afterGC: s.afterGC,
    },
  };
}

export function labRunText(r: LabRunResult, style: Style): string {
  const s = r.series;
  const out: string[] = [];
  out.push(
    `${style.bold(r.program.id)} (${r.variant}) on ${r.goVersion}: ${r.program.summary}`,
    `captured ${s.rows.length} snapshot${s.rows.length === 1 ? "" : "s"} in ${r.snapshotDir}` +
      (r.gc ? " (each after runtime.GC, so HeapAlloc is the live heap)" : ""),
    "",
  );
  const rows = s.rows.map((row) => [
    String(row.seq),
    row.label,
    formatGoDuration(row.elapsedMs),
    formatBytes(row.heapAlloc),
    formatBytes(row.heapInuse),
    String(row.liveObjects),
    String(row.numGC),
    row.numGoroutine === null ? "-" : String(row.numGoroutine),
    row.profile,
    gaugeText(row.gauges),
  ]);
  const header = [
    "seq",
    "label",
    "at",
    "HeapAlloc",
    "HeapInuse",
    "objects",
    "GCs",
    "goroutines",
    "profile",
    "gauges",
  ];
  out.push(...renderTable(header, rows, new Set([0, 2, 3, 4, 5, 6, 7])));
  if (s.first && s.last) {
    out.push(
      "",
      `HeapAlloc ${formatBytes(s.first.heapAlloc)} first, ${formatBytes(s.peakHeapAlloc)} peak, ` +
        `${formatBytes(s.last.heapAlloc)} last; trend ${formatBytes(Math.round(s.heapAllocSlope))}/s`,
    );
  }
  if (r.program.culprit) {
    out.push(style.dim(`culprit: lab/${r.program.culprit.file}:${r.program.culprit.line}`));
  }
  out.push(style.dim("These are raw snapshots; no leak verdict is drawn from them yet."));
  return out.join("\n") + "\n";
}

// Counters that only grow (ops, checksums) say nothing a reader compares.
const QUIET_GAUGES = new Set(["ops", "checksum"]);

function gaugeText(g: Readonly<Record<string, number>>): string {
  return Object.keys(g)
    .filter((k) => !QUIET_GAUGES.has(k))
    .sort()
    .map((k) => `${k}=${g[k]}`)
    .join(" ");
}
