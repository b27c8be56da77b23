import { formatBytes, formatGoDuration } from "../base/units.js";
import type { SnapshotMeta } from "../model/snapshot.js";
import type { Style } from "./style.js";
import { renderTable } from "./table.js";

export const CAPTURE_SCHEMA = "memsnap/capture@1";

export interface CapturedSnapshot {
  readonly meta: SnapshotMeta;
  readonly sidecar: string;
  readonly inuseSpace: number;
  readonly inuseObjects: number;
}

/** A capture series: where it came from, where it went, and each snapshot's headline numbers. */
export interface CaptureResult {
  readonly target: {
    readonly base: string;
    readonly pid: number | null;
    readonly goVersion: string;
  };
  readonly dir: string;
  readonly requested: number;
  readonly interrupted: boolean;
  readonly snapshots: readonly CapturedSnapshot[];
}

export function captureJson(r: CaptureResult) {
  return {
    schema: CAPTURE_SCHEMA,
    url: r.target.base,
    pid: r.target.pid,
    goVersion: r.target.goVersion,
    dir: r.dir,
    requested: r.requested,
    interrupted: r.interrupted,
    snapshots: r.snapshots.map((s) => ({
      seq: s.meta.seq,
      time: s.meta.time,
      elapsedMs: s.meta.elapsedMs,
      gc: s.meta.gc,
      profile: s.meta.profile,
      sidecar: s.sidecar,
      vars: s.meta.vars ?? null,
      inuseSpace: s.inuseSpace,
      inuseObjects: s.inuseObjects,
      heapAlloc: s.meta.memstats?.HeapAlloc ?? null,
      liveObjects: s.meta.memstats ? s.meta.memstats.Mallocs - s.meta.memstats.Frees : null,
      numGC: s.meta.memstats?.NumGC ?? null,
      numGoroutine: s.meta.numGoroutine,
    })),
  };
}

export function captureText(r: CaptureResult, style: Style): string {
  const n = r.snapshots.length;
  const from = [
    r.target.base,
    r.target.pid === null ? "" : `pid ${r.target.pid}`,
    r.target.goVersion,
  ]
    .filter((x) => x !== "")
    .join(", ");
  const head =
    `${style.bold(`captured ${n} snapshot${n === 1 ? "" : "s"}`)} from ${from}` +
    (r.interrupted ? ` (interrupted: ${n} of ${r.requested})` : "");
  const opt = <T>(v: T | null | undefined, f: (x: T) => string) =>
    v === null || v === undefined ? "-" : f(v);
  const rows = r.snapshots.map((s) => {
    const m = s.meta.memstats;
    return [
      String(s.meta.seq),
      formatGoDuration(s.meta.elapsedMs),
      formatBytes(s.inuseSpace),
      String(s.inuseObjects),
      opt(m, (x) => formatBytes(x.HeapAlloc)),
      opt(m, (x) => String(x.NumGC)),
      opt(s.meta.numGoroutine, String),
      s.meta.profile,
    ];
  });
  const table = renderTable(
    ["seq", "elapsed", "inuse", "objects", "HeapAlloc", "NumGC", "goroutines", "profile"],
    rows,
    new Set([0, 1, 2, 3, 4, 5, 6]),
  );
  const lines = [head, `into ${r.dir}`, "", ...table];
  if (n > 0 && r.snapshots.every((s) => s.meta.memstats === null)) {
    lines.push("", "no /debug/vars (expvar) on this server: memstats not recorded");
  }
  return lines.join("\n") + "\n";
}
