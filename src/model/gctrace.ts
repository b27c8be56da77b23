/**
 * GC cycles as `GODEBUG=gctrace=1` prints them, one per `gc N` line, and the
 * other lines of the same log. Numbers are kept exactly as printed; byte
 * values are derived from the printed MB with MiB = 2^20, as the runtime
 * computes them (`heap0>>20`): the printed value is the floor, so the true
 * size lies in [bytes, bytes + 2^20).
 */

/**
 * The line layouts the runtime has printed (runtime/mgc.go, gcMarkTermination):
 * - "go1.5": five wall-clock phases (sweep termination, scan, install write
 *   barrier, mark, mark termination) and seven CPU values, no stacks/globals;
 * - "go1.6": three wall-clock phases and five CPU values (Go 1.6–1.17);
 * - "go1.18": as go1.6 plus `S MB stacks, G MB globals` (Go 1.18 onwards).
 */
export type GcTraceLayout = "go1.5" | "go1.6" | "go1.18";

/** Wall-clock time of the three phases every layout maps onto, in ms. */
export interface GcWallPhases {
  /** Stop-the-world sweep termination. */
  readonly sweepTermMs: number;
  /** Concurrent mark (Go 1.5: scan + install write barrier + mark). */
  readonly markMs: number;
  /** Stop-the-world mark termination. */
  readonly markTermMs: number;
}

/** CPU time of a cycle, in ms, summed over the Ps that did the work. */
export interface GcCpuTimes {
  readonly sweepTermMs: number;
  /** Mark assists: GC work done by allocating goroutines. */
  readonly assistMs: number;
  /** Dedicated and fractional background mark workers (Go 1.5: plus scan and install-WB CPU). */
  readonly backgroundMs: number;
  /** Mark work done by idle Ps. */
  readonly idleMs: number;
  readonly markTermMs: number;
}

/** Heap sizes as printed, in MB (really MiB, rounded down). */
export interface GcHeapMB {
  /** Heap in use when the cycle started. */
  readonly start: number;
  /** Heap in use when the cycle ended. */
  readonly end: number;
  /** Live heap marked by the cycle. */
  readonly live: number;
  readonly goal: number;
  /** Scannable stack size (Go ≥ 1.18), null when the layout has none. */
  readonly stacks: number | null;
  /** Scannable globals size (Go ≥ 1.18), null when the layout has none. */
  readonly globals: number | null;
}

/** The same sizes in bytes (printed MB × 2^20). */
export interface GcHeapBytes {
  readonly start: number;
  readonly end: number;
  readonly live: number;
  readonly goal: number;
  readonly stacks: number | null;
  readonly globals: number | null;
}

export interface GcCycle {
  /** The runtime's GC counter (`gc N`), 1 for the first cycle. */
  readonly n: number;
  /** 1-based line of the log where the cycle's line starts. */
  readonly line: number;
  readonly layout: GcTraceLayout;
  /** Seconds since program start when the cycle began (printed with ms resolution). */
  readonly startS: number;
  /** Cumulative share of CPU spent in GC since program start, in whole percent. */
  readonly cpuPercent: number;
  /** Wall-clock phase times exactly as printed, in ms (3 values, or 5 for go1.5). */
  readonly clockMs: readonly number[];
  /** CPU times exactly as printed, in ms (5 values, or 7 for go1.5). */
  readonly cpuMs: readonly number[];
  readonly wall: GcWallPhases;
  readonly cpu: GcCpuTimes;
  readonly mb: GcHeapMB;
  readonly bytes: GcHeapBytes;
  /** GOMAXPROCS during the cycle. */
  readonly procs: number;
  /** `(forced)`: runtime.GC() or debug.FreeOSMemory() (go1.5: any non-background cycle). */
  readonly forced: boolean;
  /** Go 1.26's ` (checking for goroutine leaks)` marker after the percentage. */
  readonly leakCheck: boolean;
  /**
   * True when the line was reassembled from pieces that program output had
   * split (the runtime writes a trace line in many small writes, so output of
   * other threads sharing stderr can land inside it). Such a cycle's numbers
   * are best effort.
   */
  readonly recovered: boolean;
}

/**
 * What a non-trace line is:
 * - "program": the program's own output (or anything unrecognized);
 * - "pacer": `pacer: ...` (GODEBUG=gcpacertrace=1);
 * - "scavenger": `scvgN: ...` (Go ≤ 1.12 under gctrace) or `scav ...` (scavtrace=1);
 * - "gc-forced": `GC forced`, printed by the periodic forced GC (every 2 min of no GC);
 * - "godebug": other runtime debug output (schedtrace, inittrace, gctrace=2 `scan:` ...);
 * - "malformed": starts like a trace line but is not one (only in lenient mode).
 */
export type GcLineKind = "program" | "pacer" | "scavenger" | "gc-forced" | "godebug" | "malformed";

export interface GcOtherLine {
  /** 1-based line number in the log. */
  readonly line: number;
  readonly kind: GcLineKind;
  readonly text: string;
  /** True when the text is only part of the line (the rest belonged to a trace line). */
  readonly fragment: boolean;
  /** Why a "malformed" line is not a trace line. */
  readonly problem?: string;
}

export interface GcTrace {
  readonly cycles: readonly GcCycle[];
  /** Every line or fragment that is not part of a trace line, in log order. */
  readonly other: readonly GcOtherLine[];
  /** Lines in the log (a final line without newline counts). */
  readonly lines: number;
  /** Layouts seen, in order of first appearance. */
  readonly layouts: readonly GcTraceLayout[];
}
