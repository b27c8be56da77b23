import type { ExpvarMemStats } from "../model/expvar.js";
import type { MemStats } from "../model/memstats.js";

/**
 * What changed between two runtime.MemStats readings (expvar's /debug/vars
 * memstats, or a snapshot sidecar's subset) among the numbers that answer
 * "is memory held, and by what": live objects, in-use and retained idle heap,
 * OS memory, GC counts and pauses, and the time between the last GCs, each
 * with its absolute and relative change; plus, when both sides have BySize,
 * the size classes whose live object count grew the most. Field meanings are
 * runtime.MemStats' doc comments (runtime/mstats.go).
 */

export type MemstatsUnit = "bytes" | "count" | "ns";

export interface MemstatsChange {
  readonly id: MemstatsMetricId;
  readonly label: string;
  readonly unit: MemstatsUnit;
  /** Null when that side lacks the field (NumForcedGC before Go 1.8). */
  readonly a: number | null;
  readonly b: number | null;
  readonly delta: number | null;
  /** delta / a; null when a is 0 or missing. */
  readonly relative: number | null;
  readonly meaning: string;
}

export interface SizeClassChange {
  /** The class's object size in bytes (runtime's size class table). */
  readonly size: number;
  /** Mallocs - Frees of the class on each side. */
  readonly liveA: number;
  readonly liveB: number;
  readonly delta: number;
  /** delta × size: the bytes the growth holds, at the class's size. */
  readonly bytes: number;
  /** Allocations of the class between the readings. */
  readonly mallocs: number;
}

export interface LastGcChange {
  /** LastGC of each side, ns since 1970; null: no GC had run. */
  readonly a: bigint | null;
  readonly b: bigint | null;
  /** b - a in ns (exact: these are near 1.8e18, beyond 2^53); null unless both ran a GC. */
  readonly betweenNs: bigint | null;
}

export interface MemstatsDiff {
  readonly changes: readonly MemstatsChange[];
  readonly lastGc: LastGcChange | null;
  /** Classes by live-object growth, largest first; empty without BySize on both sides. */
  readonly sizeClasses: readonly SizeClassChange[];
  /** Classes that changed, before the top-N cut. */
  readonly sizeClassesChanged: number;
  /** Caveats, such as cumulative counters that went down (not one process, or a restart). */
  readonly notes: readonly string[];
}

type AnyMemStats = ExpvarMemStats | MemStats;

interface Metric {
  readonly label: string;
  readonly unit: MemstatsUnit;
  readonly read: (m: AnyMemStats) => number | null;
  readonly meaning: string;
}

const METRICS = {
  liveObjects: {
    label: "Mallocs - Frees",
    unit: "count",
    read: (m) => m.Mallocs - m.Frees,
    meaning: "live heap objects (allocated, not yet freed); steady growth is the leak signal",
  },
  HeapInuse: {
    label: "HeapInuse",
    unit: "bytes",
    read: (m) => m.HeapInuse,
    meaning: "bytes in in-use spans: live objects plus free slots inside those spans",
  },
  retainedIdle: {
    label: "HeapIdle - HeapReleased",
    unit: "bytes",
    read: (m) => m.HeapIdle - m.HeapReleased,
    meaning:
      "idle spans still held from the OS: reusable heap the process keeps (RSS it could return)",
  },
  HeapAlloc: {
    label: "HeapAlloc",
    unit: "bytes",
    read: (m) => m.HeapAlloc,
    meaning: "bytes of heap objects, live and not yet swept",
  },
  TotalAlloc: {
    label: "TotalAlloc",
    unit: "bytes",
    read: (m) => m.TotalAlloc,
    meaning: "cumulative bytes allocated: the change is the allocation volume between the readings",
  },
  Sys: {
    label: "Sys",
    unit: "bytes",
    read: (m) => m.Sys,
    meaning: "virtual memory obtained from the OS for heap, stacks and runtime structures",
  },
  NumGC: {
    label: "NumGC",
    unit: "count",
    read: (m) => m.NumGC,
    meaning: "completed GC cycles",
  },
  NumForcedGC: {
    label: "NumForcedGC",
    unit: "count",
    read: (m) => m.NumForcedGC,
    meaning: "GC cycles forced by runtime.GC or debug.FreeOSMemory, not by the pacer",
  },
  PauseTotalNs: {
    label: "PauseTotalNs",
    unit: "ns",
    read: (m) => m.PauseTotalNs,
    meaning: "cumulative stop-the-world pause time",
  },
} as const satisfies Record<string, Metric>;

export type MemstatsMetricId = keyof typeof METRICS;

export interface MemstatsDiffOptions {
  /** How many size classes to keep; default 10. */
  readonly topClasses?: number;
}

export function diffMemstats(
  a: AnyMemStats,
  b: AnyMemStats,
  o: MemstatsDiffOptions = {},
): MemstatsDiff {
  const changes = (Object.entries(METRICS) as [MemstatsMetricId, Metric][]).map(([id, m]) => {
    const [x, y] = [m.read(a), m.read(b)];
    const delta = x === null || y === null ? null : y - x;
    const relative = delta === null || !x ? null : delta / x;
    return { id, label: m.label, unit: m.unit, a: x, b: y, delta, relative, meaning: m.meaning };
  });
  const classes = sizeClassChanges(a, b);
  // These only ever grow within a process.
  const cumulative = (["TotalAlloc", "Mallocs", "NumGC", "PauseTotalNs"] as const).filter((k) => b[k] < a[k]); // prettier-ignore
  const notes =
    cumulative.length > 0
      ? [`cumulative counters went down (${cumulative.join(", ")}): B is not a later reading of A's process, or it restarted`] // prettier-ignore
      : [];
  return {
    notes,
    changes,
    lastGc: "LastGC" in a && "LastGC" in b ? lastGc(a.LastGC, b.LastGC) : null,
    sizeClasses: classes.slice(0, o.topClasses ?? 10),
    sizeClassesChanged: classes.length,
  };
}

function lastGc(a: bigint, b: bigint): LastGcChange {
  const [x, y] = [a === 0n ? null : a, b === 0n ? null : b];
  return { a: x, b: y, betweenNs: x !== null && y !== null ? y - x : null };
}

/**
 * Per size class, live = Mallocs - Frees on each side; the classes that
 * changed, by growth (then by bytes, then size). The runtime counts objects
 * above the largest class (32 KiB) in no class: they are absent here.
 */
function sizeClassChanges(a: AnyMemStats, b: AnyMemStats): SizeClassChange[] {
  if (!("BySize" in a) || !("BySize" in b)) return [];
  const before = new Map(a.BySize.map((c) => [c.Size, c]));
  const out: SizeClassChange[] = [];
  for (const c of b.BySize) {
    const p = before.get(c.Size) ?? { Mallocs: 0, Frees: 0 };
    const [liveA, liveB] = [p.Mallocs - p.Frees, c.Mallocs - c.Frees];
    const delta = liveB - liveA;
    const mallocs = c.Mallocs - p.Mallocs;
    if (delta === 0 && mallocs === 0) continue;
    out.push({ size: c.Size, liveA, liveB, delta, bytes: delta * c.Size, mallocs });
  }
  return out.sort((x, y) => y.delta - x.delta || y.bytes - x.bytes || x.size - y.size);
}
