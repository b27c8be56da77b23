import type { MemStats } from "./memstats.js";

/** One heap snapshot as a lab program (and later `memsnap capture`) stores it. */
export interface SnapshotMeta {
  readonly seq: number;
  readonly label: string;
  /** RFC 3339 time the snapshot was taken. */
  readonly time: string;
  readonly elapsedMs: number;
  /** Whether a GC ran right before the snapshot (live heap, not garbage). */
  readonly gc: boolean;
  readonly goVersion: string;
  readonly numGoroutine: number;
  /** The heap profile's file name, relative to the sidecar's directory. */
  readonly profile: string;
  readonly source: string;
  readonly gauges: Readonly<Record<string, number>>;
  readonly memstats: MemStats;
}

export type SnapshotSeries = readonly SnapshotMeta[];
