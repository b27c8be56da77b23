import { BACKGROUND_UTILIZATION, HEAP_MINIMUM } from "./gc-pacer.js";
import type { GcSeries } from "./gc-series.js";
import { leastSquares, median, MiB } from "./gc-stats.js";

/**
 * What a recorded run did, independent of its GC settings, as the what-if
 * replays it:
 * - cumulative allocation over time, A(t): the runtime's heapLive grows by
 *   exactly what is allocated between cycles (it is reset to the marked heap
 *   at each mark termination, gcControllerState.resetLive), so the bytes
 *   allocated from the start of cycle n to the start of cycle n+1 are
 *   (H1ₙ − H0ₙ) during marking plus (H0ₙ₊₁ − H2ₙ) after it;
 * - the live (marked) heap over time, R(t), through the recorded H2 values;
 * - stacks + globals (the goal's extra roots, Go ≥ 1.18);
 * - the recorded cost of a cycle: mark wall time and GC CPU as functions of
 *   the live heap, and the pacer's runway factor.
 *
 * Printed sizes are floors of MiB; each is taken at the middle of its MiB
 * (unbiased when the true value is anywhere in it), sharpened where the
 * pacer's rules bound it (refineLive, firstStart) when the recorded GOGC is
 * known.
 */
export interface Trajectory {
  /** Knots of A(t): seconds since start and cumulative bytes allocated, both nondecreasing. */
  readonly knotT: readonly number[];
  readonly knotA: readonly number[];
  /** Allocation rate after the last knot, bytes/s (the rate of the last cycles). */
  readonly tailRate: number;
  /** Recorded cycle ends and marked heaps. */
  readonly liveT: readonly number[];
  readonly live: readonly number[];
  /** Growth of the live heap after the last cycle, bytes/s (≥ 0). */
  readonly liveTailSlope: number;
  /** Stacks + globals, bytes (0 for layouts that do not print them). */
  readonly roots: number;
  /** Start times of the cycles the program forced (runtime.GC()). */
  readonly forcedAt: readonly number[];
  readonly procs: number;
  /** Recorded span: end of the last cycle. */
  readonly spanS: number;
  /** STW time per cycle, s, and concurrent mark wall time per live byte, s/B. */
  readonly pauseS: number;
  readonly markSPerByte: number;
  /** GC CPU without idle per cycle, ms: a + b·live. */
  readonly cpuA: number;
  readonly cpuB: number;
  /** runway = factor × bytes allocated during a mark (see docs/notes/gc-pacer.md). */
  readonly runwayFactor: number;
}

const mid = (bytes: number) => bytes + MiB / 2;

/** Needs at least one cycle. `recordedGogc` (null: off, limited or unknown) sharpens the sizes. */
export function buildTrajectory(cycles: GcSeries, recordedGogc: number | null): Trajectory {
  const knotT = [0];
  const knotA = [0];
  const push = (t: number, a: number) => {
    const lastT = knotT[knotT.length - 1] as number;
    const lastA = knotA[knotA.length - 1] as number;
    knotT.push(Math.max(t, lastT));
    knotA.push(Math.max(a, lastA));
  };
  const { roots, live: liveEst } = refineLive(cycles, recordedGogc);
  const [t, ends, start, end] = [cycles.col("t"), cycles.col("end"), cycles.col("startBytes"), cycles.col("endBytes")]; // prettier-ignore
  const n = cycles.length;
  let alloc = 0;
  let prevLive = 0;
  const liveT: number[] = [];
  const live: number[] = [];
  for (let i = 0; i < n; i++) {
    alloc += Math.max(0, firstStart(cycles, i, recordedGogc) - prevLive);
    push(t[i] as number, alloc);
    alloc += Math.max(0, (end[i] as number) - (start[i] as number));
    push(ends[i] as number, alloc);
    prevLive = liveEst[i] as number;
    liveT.push(ends[i] as number);
    live.push(prevLive);
  }
  startupKnot(knotT, knotA);
  const spanS = liveT.at(-1) ?? 0;
  // The last four cycles' allocation rate and live growth carry the run past its last cycle.
  const k = Math.max(0, n - 4);
  const from = t[k] as number;
  const fromA = allocAtKnots(knotT, knotA, from);
  const tailRate = spanS > from ? (alloc - fromA) / (spanS - from) : 0;
  const tail = leastSquares(liveT.slice(k), live.slice(k)).b;
  const forcedAt: number[] = [];
  for (let i = 0; i < n; i++) if (cycles.forced(i)) forcedAt.push(t[i] as number);
  return {
    knotT,
    knotA,
    tailRate: Math.max(0, tailRate),
    liveT,
    live,
    liveTailSlope: Math.max(0, tail),
    roots,
    forcedAt,
    procs: Math.max(1, cycles.col("procs")[n - 1] as number),
    spanS,
    ...costModel(cycles),
    runwayFactor: runwayFactor(cycles),
  };
}

/**
 * Before its first cycle a program starts up, then allocates at its working
 * rate; a straight line from the origin would spread the first cycle's bytes
 * over the start-up and make a setting that collects sooner collect later.
 * So the first knot is reached at the rate of the first interval, starting
 * from zero where that line meets it (knots: 0, s₁, e₁, s₂, ...), or from
 * what start-up allocated at once when it meets zero before t = 0.
 */
function startupKnot(knotT: number[], knotA: number[]): void {
  if (knotT.length < 4) return;
  const [s1, e1, s2] = [knotT[1], knotT[2], knotT[3]] as [number, number, number];
  const [a1, a2] = [knotA[1], knotA[3]] as [number, number];
  if (!(s2 > s1 && a2 > a1 && e1 >= s1)) return;
  const t0 = s1 - a1 / ((a2 - a1) / (s2 - s1));
  if (t0 > 0 && t0 < s1) {
    knotT.splice(1, 0, t0);
    knotA.splice(1, 0, 0);
  } else if (t0 <= 0) {
    // The line meets zero before the start: what it leaves at t = 0 was allocated during start-up.
    knotA[0] = a1 - (a1 * s1) / (s1 - t0);
  }
}

/**
 * The heap at the start of a cycle, after the allocation since the previous
 * one (the heap at that cycle's end is the previous live heap). Before the
 * first cycle the runtime has no runway estimate, so it triggers at exactly
 * 61/64 of the heap minimum: a bound sharper than the printed MiB.
 */
function firstStart(cycles: GcSeries, i: number, gogc: number | null): number {
  const start = cycles.col("startBytes")[i] as number;
  if (i > 0 || gogc === null || cycles.forced(i)) return mid(start);
  const trigger = (HEAP_MINIMUM * (gogc / 100) * 61) / 64;
  const lo = Math.max(start, Math.min(trigger, start + MiB));
  return (lo + start + MiB) / 2;
}

/**
 * Live heaps and stacks + globals more precise than the printed MiB: a goal
 * GOGC set is live + (live + roots)·γ, so the next cycle's printed goal
 * bounds each live heap to about half a MiB (γ = 1), for the roots value
 * (searched in 1/16 MiB steps within what was printed) that most cycles agree
 * with. Without the recorded GOGC, the middle of each printed MiB.
 */
function refineLive(cycles: GcSeries, gogc: number | null): { roots: number; live: number[] } {
  const liveB = cycles.col("liveBytes");
  const goalB = cycles.col("goalBytes");
  const n = cycles.length;
  const printedLive = Array.from(liveB, mid);
  const [stacks, globals] = [cycles.col("stacksBytes")[0] as number, cycles.col("globalsBytes")[0] as number]; // prettier-ignore
  if (Number.isNaN(stacks) || Number.isNaN(globals)) return { roots: 0, live: printedLive };
  const lo = stacks + globals;
  const printedRoots = mid(stacks) + mid(globals);
  if (gogc === null || gogc <= 0) return { roots: printedRoots, live: printedLive };
  const gamma = gogc / 100;
  // Pairs (live of cycle i, goal of cycle i+1) where GOGC, not the heap minimum, set the goal.
  const pairs: number[] = [];
  for (let i = 0; i + 1 < n && pairs.length < 4096; i++)
    if ((goalB[i + 1] as number) >= 3 * HEAP_MINIMUM * gamma) pairs.push(i);
  if (pairs.length < 3) return { roots: printedRoots, live: printedLive };
  const bounds = (i: number, r: number): [number, number] => {
    const l = liveB[i] as number;
    const g = goalB[i + 1] as number;
    const a = Math.max(l, (g - r * gamma) / (1 + gamma));
    const b = Math.min(l + MiB, (g + MiB - r * gamma) / (1 + gamma));
    return [a, b];
  };
  let best = { r: printedRoots, agree: -1 };
  for (let r = lo; r <= lo + 2 * MiB; r += MiB / 16) {
    const agree = pairs.filter((i) => {
      const [a, b] = bounds(i, r);
      return a < b;
    }).length;
    if (agree > best.agree) best = { r, agree };
  }
  const live = [...printedLive];
  for (const i of pairs) {
    const [a, b] = bounds(i, best.r);
    if (a < b) live[i] = (a + b) / 2;
  }
  return { roots: best.r, live };
}

function costModel(cycles: GcSeries) {
  const live = Array.from(cycles.col("liveBytes"), mid);
  const pauseS = median(Array.from(cycles.col("pauseMs"), (ms) => ms / 1000));
  const mark = cycles.col("markMs");
  const markSPerByte = median(live.map((l, i) => (mark[i] as number) / 1000 / l));
  const cpu = cycles.col("cpuMs");
  let { a, b } = leastSquares(live, cpu);
  if (a < 0 || b < 0) {
    // Too few or too similar cycles for a line: cost proportional to the live heap.
    const sumLive = live.reduce((s, v) => s + v, 0);
    a = 0;
    b = sumLive > 0 ? cpu.reduce((s, v) => s + v, 0) / sumLive : 0;
  }
  return { pauseS, markSPerByte, cpuA: a, cpuB: b };
}

/**
 * The runtime sets runway = consMark × (1 − u)/u × scan work with u = 0.25,
 * and measures consMark = allocated-during-mark × (u' + idle') / (scan work ×
 * (1 − u')), u' being the utilization it got (background + assists) and idle'
 * the idle workers' (gcControllerState.endCycle). With scan work alike from
 * cycle to cycle, runway = factor × allocated-during-mark,
 * factor = 3 × (u' + idle') / (1 − u'): the recorded cycles' median.
 */
function runwayFactor(cycles: GcSeries): number {
  const f: number[] = [];
  const [mark, procs, assist, idle] = [cycles.col("markMs"), cycles.col("procs"), cycles.col("assistMs"), cycles.col("idleMs")]; // prettier-ignore
  for (let i = 0; i < cycles.length; i++) {
    const markS = (mark[i] as number) / 1000;
    if (markS <= 0 || cycles.forced(i)) continue;
    const p = Math.max(1, procs[i] as number);
    const u = Math.min(0.95, BACKGROUND_UTILIZATION + (assist[i] as number) / 1000 / (markS * p));
    const idleU = (idle[i] as number) / 1000 / (markS * p);
    f.push(((1 - BACKGROUND_UTILIZATION) / BACKGROUND_UTILIZATION) * ((u + idleU) / (1 - u)));
  }
  return f.length ? median(f) : 1;
}

/** A(t) on the knots (no extrapolation). */
function allocAtKnots(knotT: readonly number[], knotA: readonly number[], t: number): number {
  let i = upper(knotT, t);
  if (i >= knotT.length) return knotA[knotA.length - 1] as number;
  if (i === 0) return knotA[0] as number;
  i = Math.max(1, i);
  const t0 = knotT[i - 1] as number;
  const t1 = knotT[i] as number;
  const a0 = knotA[i - 1] as number;
  const a1 = knotA[i] as number;
  return t1 > t0 ? a0 + ((a1 - a0) * (t - t0)) / (t1 - t0) : a1;
}

/** First index with xs[i] > x (xs nondecreasing). */
function upper(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((xs[m] as number) > x) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/** Cumulative bytes allocated by time t (extrapolated at the tail rate after the last knot). */
export function allocAt(tr: Trajectory, t: number): number {
  const lastT = tr.knotT[tr.knotT.length - 1] as number;
  const lastA = tr.knotA[tr.knotA.length - 1] as number;
  if (t >= lastT) return lastA + tr.tailRate * (t - lastT);
  return allocAtKnots(tr.knotT, tr.knotA, t);
}

/** The first time A reaches `a` (Infinity when it never does). */
export function timeOfAlloc(tr: Trajectory, a: number): number {
  const lastT = tr.knotT[tr.knotT.length - 1] as number;
  const lastA = tr.knotA[tr.knotA.length - 1] as number;
  if (a > lastA) return tr.tailRate > 0 ? lastT + (a - lastA) / tr.tailRate : Infinity;
  // First knot with A ≥ a, then interpolate inside the segment before it.
  let lo = 0;
  let hi = tr.knotA.length - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((tr.knotA[m] as number) >= a) hi = m;
    else lo = m + 1;
  }
  if (lo === 0) return 0;
  const a0 = tr.knotA[lo - 1] as number;
  const a1 = tr.knotA[lo] as number;
  const t0 = tr.knotT[lo - 1] as number;
  const t1 = tr.knotT[lo] as number;
  return a1 > a0 ? t0 + ((t1 - t0) * (a - a0)) / (a1 - a0) : t1;
}

/**
 * The live heap a cycle ending at t would mark: before the first recorded
 * cycle, what has been allocated (at most the first live heap); between
 * cycles, linear; after the last, its recent growth, never faster than
 * allocation.
 */
export function liveAt(tr: Trajectory, t: number): number {
  const n = tr.liveT.length;
  const t0 = tr.liveT[0] as number;
  if (t <= t0) return Math.min(allocAt(tr, t), tr.live[0] as number);
  const tl = tr.liveT[n - 1] as number;
  const ll = tr.live[n - 1] as number;
  if (t >= tl) return ll + Math.min(tr.liveTailSlope * (t - tl), allocAt(tr, t) - allocAt(tr, tl));
  const i = upper(tr.liveT, t);
  const ta = tr.liveT[i - 1] as number;
  const tb = tr.liveT[i] as number;
  const la = tr.live[i - 1] as number;
  const lb = tr.live[i] as number;
  return tb > ta ? la + ((lb - la) * (t - ta)) / (tb - ta) : lb;
}
