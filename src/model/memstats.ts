/**
 * The runtime.MemStats fields memsnap reads, under the runtime's own names
 * (the same as expvar's "memstats" in /debug/vars). Each fits a double:
 * byte and object counts stay far below 2^53. LastGC (nanoseconds since the
 * epoch) does not, and is not part of this subset.
 */
export const MEMSTATS_FIELDS = [
  "Alloc",
  "TotalAlloc",
  "Sys",
  "Mallocs",
  "Frees",
  "HeapAlloc",
  "HeapSys",
  "HeapIdle",
  "HeapInuse",
  "HeapReleased",
  "HeapObjects",
  "StackInuse",
  "NextGC",
  "PauseTotalNs",
  "NumGC",
  "NumForcedGC",
  "GCCPUFraction",
] as const;

export type MemStatsField = (typeof MEMSTATS_FIELDS)[number];
export type MemStats = Readonly<Record<MemStatsField, number>>;
