import { formatBytes } from "../base/units.js";
import type { GcFinding } from "../analyze/gc-findings.js";
import type { GcPoint, GcSummary } from "../analyze/gc-summary.js";
import type { Prediction, WhatIfResult } from "../analyze/gc-whatif.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

export const GC_SCHEMA = "memsnap/gc@1";

export interface GcReport {
  readonly file: string;
  readonly summary: GcSummary;
  /** Every cycle (the `cycles` series of the JSON; the text view does not list them). */
  readonly points: Iterable<GcPoint>;
  readonly findings: readonly GcFinding[];
  /** Absent when no --what-if was asked for. */
  readonly whatIf?: WhatIfResult;
  readonly notes: readonly string[];
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** `--json`: memsnap/gc@1 (docs/json/gc.schema.json). Arrays are always present. */
export function gcJson(r: GcReport) {
  const s = r.summary;
  return {
    schema: GC_SCHEMA,
    file: r.file,
    summary: {
      cycles: s.cycles,
      forced: s.forced,
      spanS: round(s.spanS),
      gcsPerMinute: round(s.gcsPerMinute, 2),
      medianIntervalS: round(s.medianIntervalS, 4),
      p50PauseMs: round(s.pause.p50Ms),
      p99PauseMs: round(s.pause.p99Ms),
      maxPauseMs: round(s.pause.maxMs),
      totalPauseMs: round(s.pause.totalMs),
      cpuPercent: round(s.cpu.percent),
      runtimeCpuPercent: s.cpu.runtimePercent,
      idleMarkPercent: round(s.cpu.idlePercent),
      assistShare: round(s.cpu.assistShare, 4),
      assistPercent: round(s.cpu.assistPercent),
      liveFirstBytes: s.live.firstBytes,
      liveLastBytes: s.live.lastBytes,
      liveMinBytes: s.live.minBytes,
      liveMaxBytes: s.live.maxBytes,
      liveSlopeBytesPerS: Math.round(s.live.slopeBytesPerS),
      liveFloorsBytes: s.live.floors,
      liveRising: s.live.rising,
      peakHeapBytes: s.peakHeapBytes,
      goalOverLive: round(s.goalOverLive, 4),
      forcedIntervalS: s.forcedIntervalS === null ? null : round(s.forcedIntervalS, 4),
      procs: s.procs,
      recovered: s.recovered,
    },
    cycles: Array.from(r.points, cycleJson),
    findings: r.findings.map((f) => ({ ...f, evidence: { ...f.evidence } })),
    whatIf: r.whatIf ? whatIfJson(r.whatIf) : null,
    notes: r.notes,
  };
}

function cycleJson(p: GcPoint) {
  return {
    n: p.n,
    t: p.t,
    forced: p.forced,
    pauseMs: round(p.pauseMs, 4),
    markMs: p.markMs,
    cpuMs: round(p.cpuMs, 4),
    assistMs: p.assistMs,
    idleMs: p.idleMs,
    cpuShare: round(p.cpuShare, 5),
    startBytes: p.startBytes,
    endBytes: p.endBytes,
    liveBytes: p.liveBytes,
    goalBytes: p.goalBytes,
    stacksBytes: p.stacksBytes,
    globalsBytes: p.globalsBytes,
    procs: p.procs,
  };
}

/**
 * gcJson as text, exactly `JSON.stringify(gcJson(r), null, 2) + "\n"`, written
 * in pieces: the cycles series is formatted a batch at a time, never held
 * whole (at a million cycles it is ~450 MB of text).
 */
export function writeGcJson(r: GcReport, write: (text: string) => void): void {
  const doc = gcJson({ ...r, points: [] });
  const text = JSON.stringify(doc, null, 2) + "\n";
  // No string value holds a raw newline, so this line is the series' and only it.
  const slot = text.indexOf('\n  "cycles": [],\n');
  if (slot < 0) throw new Error("gc JSON without a cycles slot");
  const head = slot + '\n  "cycles": '.length;
  write(text.slice(0, head));
  let batch: string[] = [];
  let any = false;
  const flush = () => {
    write((any ? ",\n" : "[\n") + batch.join(",\n"));
    any = true;
    batch = [];
  };
  for (const p of r.points) {
    batch.push(cycleText(p));
    if (batch.length === 1024) flush();
  }
  if (batch.length > 0) flush();
  write(any ? "\n  ]" : "[]");
  write(text.slice(head + "[]".length));
}

/** JSON.stringify(cycleJson(p), null, 2) indented as an element of `cycles`, without its cost. */
function cycleText(p: GcPoint): string {
  const o: Record<string, number | boolean | null> = cycleJson(p);
  let s = "    {";
  let sep = "\n      ";
  for (const k in o) {
    const v = o[k] ?? null;
    // Keys are plain identifiers; a number prints as JSON prints it (non-finite: null).
    const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "null") : String(v);
    s += `${sep}"${k}": ${text}`;
    sep = ",\n      ";
  }
  return s + "\n    }";
}

function predictionJson(p: Prediction) {
  return {
    label: p.label,
    gogc: p.setting.gogc,
    memoryLimitBytes: p.setting.memoryLimit,
    gcs: p.gcs,
    gcsPerMinute: round(p.gcsPerMinute, 2),
    cpuPercent: round(p.cpuPercent),
    peakHeapBytes: Math.round(p.peakHeapBytes),
    endHeapBytes: Math.round(p.endHeapBytes),
    limitedCycles: p.limitedCycles,
    cpuLimitedCycles: p.cpuLimitedCycles,
    notes: p.notes,
  };
}

function whatIfJson(w: WhatIfResult) {
  return {
    rules: w.rules,
    windowS: round(w.windowS),
    recorded: {
      gogc: w.recorded.setting.gogc,
      memoryLimitBytes: w.recorded.setting.memoryLimit,
      gcs: w.recorded.gcs,
      cpuPercent: round(w.recorded.cpuPercent),
      peakHeapBytes: w.recorded.peakHeapBytes,
      replay: predictionJson(w.recorded.replay),
    },
    predictions: w.predictions.map(predictionJson),
    assumptions: w.assumptions,
  };
}

const ms = (x: number) => `${x < 10 ? x.toFixed(3) : x.toFixed(1)}ms`;
const pct = (x: number) => `${x.toFixed(2)}%`;

/** The terminal view: summary, pauses, trend, findings with what to do, what-if table. */
export function gcText(r: GcReport, style: Style): string {
  const s = r.summary;
  const out = [style.bold(`GC trace: ${r.file}`)];
  out.push(
    `${s.cycles} cycles (${s.forced} forced) over ${s.spanS.toFixed(3)}s, ${s.gcsPerMinute.toFixed(1)} per minute, ${s.procs} P`,
    `STW pauses (sweep termination + mark termination): p50 ${ms(s.pause.p50Ms)}, p99 ${ms(s.pause.p99Ms)}, max ${ms(s.pause.maxMs)}, total ${ms(s.pause.totalMs)}`,
    `GC CPU: ${pct(s.cpu.percent)} of P × wall time without idle marking (runtime says ${s.cpu.runtimePercent}%); idle marking ${pct(s.cpu.idlePercent)}; assists ${pct(s.cpu.assistShare * 100)} of GC CPU`,
    `Live heap: ${formatBytes(s.live.firstBytes)} → ${formatBytes(s.live.lastBytes)} (min ${formatBytes(s.live.minBytes)}, max ${formatBytes(s.live.maxBytes)}), slope ${formatBytes(Math.round(s.live.slopeBytesPerS))}/s, ${s.live.rising ? style.red("keeps rising") : "not rising"}`,
    `Peak heap ${formatBytes(s.peakHeapBytes)}; goal ÷ previous live heap ${s.goalOverLive.toFixed(2)} (median)`,
  );
  if (s.forcedIntervalS !== null)
    out.push(`Forced cycles every ${s.forcedIntervalS.toFixed(3)}s (median)`);
  if (s.recovered > 0)
    out.push(style.dim(`${s.recovered} trace lines were split by program output and reassembled`));
  out.push("");
  if (r.findings.length === 0) out.push(style.green("No findings."));
  for (const f of r.findings) {
    const tag = f.severity === "warning" ? style.yellow("warning") : style.cyan("info");
    out.push(
      `${tag} ${style.bold(f.id)}: ${f.title}`,
      `  ${f.message}`,
      `  why: ${f.why}`,
      `  do: ${f.todo}`,
      style.dim(`  see ${f.doc}`),
    );
  }
  if (r.whatIf) out.push("", ...whatIfText(r.whatIf, style));
  for (const n of r.notes) out.push(style.dim(`note: ${n}`));
  return out.join("\n") + "\n";
}

function whatIfText(w: WhatIfResult, style: Style): string[] {
  const row = (label: string, p: Prediction) => [
    label,
    String(p.gcs),
    p.gcsPerMinute.toFixed(1),
    pct(p.cpuPercent),
    formatBytes(Math.round(p.peakHeapBytes)),
    p.limitedCycles > 0
      ? `${p.limitedCycles} limited${p.cpuLimitedCycles ? `, ${p.cpuLimitedCycles} CPU-capped` : ""}`
      : "",
  ];
  const rec = w.recorded;
  const rows = [
    [
      "recorded",
      String(rec.gcs),
      ((rec.gcs / w.windowS) * 60).toFixed(1),
      pct(rec.cpuPercent),
      formatBytes(rec.peakHeapBytes),
      "",
    ],
    row("replay (model)", rec.replay),
    ...w.predictions.map((p) => row(p.label, p)),
  ];
  const out = [
    style.bold(`What if (pacer rules ${w.rules}, ${w.windowS.toFixed(3)}s window):`),
    ...renderTable(
      ["setting", "GCs", "per min", "GC CPU", "peak heap", "GOMEMLIMIT"],
      rows,
      new Set([1, 2, 3, 4]),
    ),
    "Assumptions:",
    ...w.assumptions.map((a) => `  - ${a}`),
  ];
  for (const p of w.predictions) for (const n of p.notes) out.push(style.dim(`${p.label}: ${n}`));
  return out;
}
