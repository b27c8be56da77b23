import { MiB } from "./gc-stats.js";
import { CycleWindows, type Windows } from "./gc-windows.js";

/**
 * Whether the live heap keeps rising: the leak signal of a GC trace.
 *
 * The live heap (`H2`, marked by each cycle) is noisy: it includes whatever
 * was in flight when the cycle marked, so one low or high cycle means
 * nothing. What a leak does is raise the floor. The test splits the trace's
 * time span into WINDOWS equal windows and takes the lower envelope: for each
 * window, the smallest live heap in it or any later window (so a dip at the
 * end pulls every earlier floor down with it). The heap "keeps rising" when
 * that floor rises from every non-empty window to the next by at least
 * STEP_MIN, and over the run by at least TOTAL_MIN (relative to the first
 * floor, and at least 1 MiB).
 *
 * A warm-up that plateaus (a cache filling to its capacity, a table loaded at
 * start) rises in the first windows and is flat in the last ones, so it does
 * not trip the test; a collection that only grows rises in every window. The
 * thresholds were checked on real traces of the lab (test/gc-whatif/traces,
 * make-gc-whatif-traces.mjs): healthy-steady and healthy-cache never trip at
 * 1–3 s, the map-never-shrinks, unbounded-growth and timer-in-loop traps do.
 */
export const TREND = {
  windows: 4,
  /** Each window's floor above the previous one by this fraction (and > 0 bytes). */
  stepMin: 0.1,
  /** The last floor above the first by this fraction... */
  totalMin: 0.25,
  /** ...and by at least this many bytes. */
  totalMinBytes: MiB,
  /** Fewer cycles than this say nothing about a trend. */
  minCycles: 4,
} as const;

export interface LiveTrend {
  /** Least-squares slope of the live heap over time, bytes per second. */
  readonly slopeBytesPerS: number;
  /** The lower envelope per time window (null for a window without cycles). */
  readonly floors: readonly (number | null)[];
  readonly rising: boolean;
  /** Last floor minus first floor, bytes. */
  readonly riseBytes: number;
}

export function liveTrend(times: readonly number[], live: readonly number[]): LiveTrend {
  const w = new CycleWindows(Number.MAX_SAFE_INTEGER);
  const n = Math.min(times.length, live.length);
  for (let i = 0; i < n; i++) w.add(times[i] as number, live[i] as number, 0);
  return trendOf(w.result(TREND.windows), n);
}

/** The trend from a trace's windows (gc-windows.ts): the lower envelope and the rising test. */
export function trendOf(w: Pick<Windows, "slope" | "floors">, n: number): LiveTrend {
  const slopeBytesPerS = w.slope;
  const floors = [...w.floors];
  if (n === 0) return { slopeBytesPerS, floors, rising: false, riseBytes: 0 };
  // Lower envelope: a window's floor is the minimum of it and every later window.
  let min = Infinity;
  for (let i = floors.length - 1; i >= 0; i--) {
    const f = floors[i];
    if (f === null || f === undefined) continue;
    min = Math.min(min, f);
    floors[i] = min;
  }
  const present = floors.filter((f): f is number => f !== null);
  const first = present[0] ?? 0;
  const last = present.at(-1) ?? 0;
  let stepsRise = present.length >= 2;
  for (let i = 1; i < present.length; i++) {
    const prev = present[i - 1] as number;
    const cur = present[i] as number;
    if (!(cur > prev && cur - prev >= TREND.stepMin * prev)) stepsRise = false;
  }
  const riseBytes = last - first;
  const rising =
    n >= TREND.minCycles &&
    stepsRise &&
    riseBytes >= TREND.totalMinBytes &&
    riseBytes >= TREND.totalMin * first;
  return { slopeBytesPerS, floors, rising, riseBytes };
}
