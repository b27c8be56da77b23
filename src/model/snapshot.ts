import type { MemStats } from "./memstats.js";

/** One heap snapshot as a lab program or `memsnap capture` stores it. */
export interface SnapshotMeta {
  readonly seq: number;
  readonly label: string;
  /** RFC 3339 time the snapshot was taken. */
  readonly time: string;
  readonly elapsedMs: number;
  /** Whether a GC ran right before the snapshot (live heap, not garbage). */
  readonly gc: boolean;
  /** `runtime.Version()` of the program; "" when unknown. */
  readonly goVersion: string;
  /** null when the source did not say (a capture from a server without the pprof index). */
  readonly numGoroutine: number | null;
  /** The heap profile's file name, relative to the sidecar's directory. */
  readonly profile: string;
  readonly source: string;
  readonly gauges: Readonly<Record<string, number>>;
  /** null when the program serves no expvar /debug/vars. */
  readonly memstats: MemStats | null;
  /** The verbatim /debug/vars body's file name beside the sidecar, when captured. */
  readonly vars?: string;
}

/** A snapshot whose memstats are known (every lab snapshot). */
export type SnapshotWithStats = SnapshotMeta & { readonly memstats: MemStats };

export type SnapshotSeries = readonly SnapshotMeta[];
