/**
 * What a Go program's expvar handler serves at /debug/vars: `cmdline`,
 * `memstats` (runtime.MemStats, every field under its Go name) and any vars
 * the program published itself.
 *
 * 64-bit integers: LastGC and PauseEnd are nanoseconds since 1970 (about
 * 1.8e18, beyond 2^53) and only mean something exactly, so they are bigint.
 * Every other uint64 is a number: byte, object and nanosecond counts stay
 * below 2^53 (9 PiB, or 104 days of pauses) in any real process; a count that
 * did pass it would be rounded to the nearest double, a relative error under
 * 1e-16.
 */
export interface ExpvarSizeClass {
  readonly Size: number;
  readonly Mallocs: number;
  readonly Frees: number;
}

export interface ExpvarMemStats {
  readonly Alloc: number;
  readonly TotalAlloc: number;
  readonly Sys: number;
  readonly Lookups: number;
  readonly Mallocs: number;
  readonly Frees: number;
  readonly HeapAlloc: number;
  readonly HeapSys: number;
  readonly HeapIdle: number;
  readonly HeapInuse: number;
  readonly HeapReleased: number;
  readonly HeapObjects: number;
  readonly StackInuse: number;
  readonly StackSys: number;
  readonly MSpanInuse: number;
  readonly MSpanSys: number;
  readonly MCacheInuse: number;
  readonly MCacheSys: number;
  readonly BuckHashSys: number;
  readonly GCSys: number;
  readonly OtherSys: number;
  readonly NextGC: number;
  /** When the last GC finished, ns since 1970 (0: never). */
  readonly LastGC: bigint;
  readonly PauseTotalNs: number;
  /** Circular buffer of recent pause times: the latest at PauseNs[(NumGC+255)%256]. */
  readonly PauseNs: readonly number[];
  /** Circular buffer of pause end times, ns since 1970, indexed as PauseNs. */
  readonly PauseEnd: readonly bigint[];
  readonly NumGC: number;
  /** Null before Go 1.8, which added the field. */
  readonly NumForcedGC: number | null;
  readonly GCCPUFraction: number;
  readonly EnableGC: boolean;
  readonly DebugGC: boolean;
  readonly BySize: readonly ExpvarSizeClass[];
  /** Fields this list does not know (a newer Go), as their JSON text. */
  readonly extra: Readonly<Record<string, string>>;
}

export interface ExpvarVars {
  /** os.Args of the process; null when only a memstats object was given. */
  readonly cmdline: readonly string[] | null;
  readonly memstats: ExpvarMemStats;
  /** Every other published var, as its JSON text exactly as served. */
  readonly vars: Readonly<Record<string, string>>;
}
