import { CYCLE_FIELDS, F, fieldsOf } from "../formats/gctrace/cycle.js";
import type { GcCycle, GcTrace } from "../model/gctrace.js";
import { GC_THRESHOLDS } from "./gc-findings.js";
import { MiB, ValueCounts } from "./gc-stats.js";
import { trendOf, TREND, type LiveTrend } from "./gc-trend.js";
import { CycleWindows, type GoalCode } from "./gc-windows.js";

/** One cycle as the summary, the findings and the JSON series see it. */
export interface GcPoint {
  readonly n: number;
  /** Seconds since program start when the cycle began. */
  readonly t: number;
  /** Seconds since program start when the cycle ended (start + wall-clock phases). */
  readonly end: number;
  readonly forced: boolean;
  /** Stop-the-world time: sweep termination + mark termination wall-clock, ms. */
  readonly pauseMs: number;
  /** Concurrent mark wall-clock, ms. */
  readonly markMs: number;
  /** GC CPU without idle marking (what the runtime's own percentage counts), ms. */
  readonly cpuMs: number;
  readonly assistMs: number;
  readonly idleMs: number;
  /** cpuMs over P × the wall time since the previous cycle ended (0–1). */
  readonly cpuShare: number;
  readonly startBytes: number;
  readonly endBytes: number;
  readonly liveBytes: number;
  readonly goalBytes: number;
  readonly stacksBytes: number | null;
  readonly globalsBytes: number | null;
  readonly procs: number;
}

export interface GcSummary {
  readonly cycles: number;
  readonly forced: number;
  /** Seconds from program start to the end of the last cycle: the span rates use. */
  readonly spanS: number;
  readonly gcsPerMinute: number;
  /** Median seconds between the starts of consecutive cycles. */
  readonly medianIntervalS: number;
  readonly pause: {
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    readonly totalMs: number;
  };
  readonly cpu: {
    /**
     * GC CPU without idle marking over P × span, in percent: computed from
     * every cycle's CPU breakdown. This is the figure memsnap reports.
     */
    readonly percent: number;
    /** The runtime's own cumulative percentage on the last cycle (whole percent). */
    readonly runtimePercent: number;
    /** Idle-P marking over P × span, percent (free CPU, not counted above). */
    readonly idlePercent: number;
    /** Mark assists' share of GC CPU (without idle), 0–1. */
    readonly assistShare: number;
    /** Mark assists over P × span, percent: the mutator's own time spent marking. */
    readonly assistPercent: number;
    readonly maxCycleShare: number;
  };
  readonly live: LiveTrend & {
    readonly firstBytes: number;
    readonly lastBytes: number;
    readonly minBytes: number;
    readonly maxBytes: number;
  };
  /** Peak heap: the largest heap at the end of a mark phase (H1), bytes. */
  readonly peakHeapBytes: number;
  /** Median of goal ÷ previous cycle's live heap (about 1 + GOGC/100 when GOGC rules). */
  readonly goalOverLive: number;
  /** Median seconds between forced cycles; null for fewer than two. */
  readonly forcedIntervalS: number | null;
  readonly procs: number;
  readonly recovered: number;
  /** Cycles of the second half whose goal was judged and found on the previous live heap (gomemlimit-thrash). */
  readonly pinnedGoals: { readonly pinned: number; readonly judged: number };
  /**
   * False when the trace was too long to keep every cycle (gc-windows.ts,
   * ValueCounts): the floors, the pinned goals and maybe a percentile or
   * median are then bounded approximations.
   */
  readonly exact: boolean;
}

/** One cycle as a point; `prevEnd` is the latest end of the cycles before it (0 for the first). */
export function pointOf(c: GcCycle, prevEnd: number): GcPoint {
  const end = c.startS + (c.wall.sweepTermMs + c.wall.markMs + c.wall.markTermMs) / 1000;
  const cpuMs = c.cpu.sweepTermMs + c.cpu.assistMs + c.cpu.backgroundMs + c.cpu.markTermMs;
  const wall = Math.max(end - prevEnd, 1e-6);
  return {
    n: c.n,
    t: c.startS,
    end,
    forced: c.forced,
    pauseMs: c.wall.sweepTermMs + c.wall.markTermMs,
    markMs: c.wall.markMs,
    cpuMs,
    assistMs: c.cpu.assistMs,
    idleMs: c.cpu.idleMs,
    cpuShare: Math.min(1, cpuMs / 1000 / (Math.max(1, c.procs) * wall)),
    startBytes: c.bytes.start,
    endBytes: c.bytes.end,
    liveBytes: c.bytes.live,
    goalBytes: c.bytes.goal,
    stacksBytes: c.bytes.stacks,
    globalsBytes: c.bytes.globals,
    procs: c.procs,
  };
}

export function gcPoints(cycles: readonly GcCycle[]): GcPoint[] {
  const out: GcPoint[] = [];
  let prevEnd = 0;
  for (const c of cycles) {
    const p = pointOf(c, prevEnd);
    out.push(p);
    prevEnd = Math.max(prevEnd, p.end);
  }
  return out;
}

/** The summary of a non-empty trace's cycles (an empty one gives zeros; callers refuse it first). */
export function summarizeGc(trace: Pick<GcTrace, "cycles">): GcSummary {
  const b = new GcSummaryBuilder();
  for (const c of trace.cycles) b.add(c);
  return b.summary();
}

/**
 * The summary of a trace fed one cycle at a time, in memory independent of
 * the number of cycles: running sums and extremes, ValueCounts for the
 * percentiles and medians, CycleWindows for the trend and the pinned goals.
 * Exact (equal to the whole-array computation) up to EXACT_CYCLES cycles and
 * VALUE_CAP distinct values per distribution; see those for what is
 * approximate beyond.
 */
export class GcSummaryBuilder {
  private n = 0;
  private forced = 0;
  private recovered = 0;
  private spanS = 0;
  private prevEnd = 0;
  private procSeconds = 0;
  private cpuMs = 0;
  private assistMs = 0;
  private idleMs = 0;
  private pauseMs = 0;
  private maxShare = 0;
  private peak = 0;
  private runtimePercent = 0;
  private procs = 0;
  private prevT = 0;
  private prevLive = 0;
  private prevForcedT: number | undefined;
  private liveFirst = 0;
  private liveLast = 0;
  private liveMin = 0;
  private liveMax = 0;
  private readonly record = new Float64Array(CYCLE_FIELDS);
  readonly pauses = new ValueCounts();
  readonly intervals = new ValueCounts();
  readonly forcedIntervals = new ValueCounts();
  readonly goalRatios = new ValueCounts();
  readonly windows = new CycleWindows();

  /** Adds the next cycle; returns it as a point (for a caller that keeps the series). */
  add(c: GcCycle): GcPoint {
    const p = pointOf(c, this.prevEnd);
    fieldsOf(c, this.record);
    this.addFields(this.record);
    return p;
  }

  /** Adds the next cycle as a flat record (formats/gctrace/cycle.ts F): what pointOf computes, without objects. */
  addFields(f: Float64Array): void {
    const v = (i: number) => f[i] as number;
    const t = v(F.startS);
    const end = t + (v(F.wallSweepTermMs) + v(F.wallMarkMs) + v(F.wallMarkTermMs)) / 1000;
    const cpuMs = v(F.cpuSweepTermMs) + v(F.cpuAssistMs) + v(F.cpuBackgroundMs) + v(F.cpuMarkTermMs); // prettier-ignore
    const pauseMs = v(F.wallSweepTermMs) + v(F.wallMarkTermMs);
    const procs = v(F.procs);
    const share = Math.min(1, cpuMs / 1000 / (Math.max(1, procs) * Math.max(end - this.prevEnd, 1e-6))); // prettier-ignore
    const live = v(F.liveMB) * MiB;
    const goal = v(F.goalMB) * MiB;
    const forced = v(F.forced) === 1;
    const first = this.n === 0;
    this.n++;
    if (forced) this.forced++;
    if (v(F.recovered) === 1) this.recovered++;
    this.spanS = Math.max(this.spanS, end);
    this.procSeconds += Math.max(1, procs) * Math.max(0, end - this.prevEnd);
    this.prevEnd = Math.max(this.prevEnd, end);
    this.cpuMs += cpuMs;
    this.assistMs += v(F.cpuAssistMs);
    this.idleMs += v(F.cpuIdleMs);
    this.pauseMs += pauseMs;
    this.pauses.add(pauseMs);
    this.maxShare = Math.max(this.maxShare, share);
    this.peak = Math.max(this.peak, v(F.endMB) * MiB, v(F.startMB) * MiB);
    this.runtimePercent = v(F.cpuPercent);
    this.procs = procs;
    let code: GoalCode = 0;
    if (first) {
      [this.liveFirst, this.liveLast, this.liveMin, this.liveMax] = [live, live, live, Math.max(0, live)]; // prettier-ignore
    } else {
      this.intervals.add(t - this.prevT);
      if (this.prevLive > 0) this.goalRatios.add(goal / this.prevLive);
      this.liveLast = live;
      this.liveMin = Math.min(this.liveMin, live);
      this.liveMax = Math.max(this.liveMax, live);
      code = goalCode(forced, goal, this.prevLive);
    }
    if (forced) {
      if (this.prevForcedT !== undefined) this.forcedIntervals.add(t - this.prevForcedT);
      this.prevForcedT = t;
    }
    this.windows.add(end, live, code);
    this.prevT = t;
    this.prevLive = live;
  }

  get cycles(): number {
    return this.n;
  }

  summary(): GcSummary {
    const pct = (ms: number) => (this.procSeconds > 0 ? (ms / 1000 / this.procSeconds) * 100 : 0);
    const w = this.windows.result(TREND.windows);
    const dists = [this.pauses, this.intervals, this.forcedIntervals, this.goalRatios];
    return {
      cycles: this.n,
      forced: this.forced,
      spanS: this.spanS,
      gcsPerMinute: this.spanS > 0 ? (this.n / this.spanS) * 60 : 0,
      medianIntervalS: this.intervals.median(),
      pause: {
        p50Ms: this.pauses.percentile(50),
        p99Ms: this.pauses.percentile(99),
        maxMs: this.pauses.max(),
        totalMs: this.pauseMs,
      },
      cpu: {
        percent: pct(this.cpuMs),
        runtimePercent: this.runtimePercent,
        idlePercent: pct(this.idleMs),
        assistShare: this.cpuMs > 0 ? this.assistMs / this.cpuMs : 0,
        assistPercent: pct(this.assistMs),
        maxCycleShare: this.maxShare,
      },
      live: {
        ...trendOf(w, this.n),
        firstBytes: this.liveFirst,
        lastBytes: this.liveLast,
        minBytes: this.liveMin,
        maxBytes: this.liveMax,
      },
      peakHeapBytes: this.peak,
      goalOverLive: this.goalRatios.median(),
      forcedIntervalS: this.forced >= 2 ? this.forcedIntervals.median() : null,
      procs: this.procs,
      recovered: this.recovered,
      pinnedGoals: { pinned: w.pinned, judged: w.judged },
      exact: w.exact && dists.every((d) => d.exact),
    };
  }
}

/**
 * Whether a cycle's goal sat on the previous live heap: judged unless it was
 * forced, its goal is in the heap minimum's territory, or there is no
 * previous live heap.
 */
function goalCode(forced: boolean, goal: number, prevLive: number): GoalCode {
  const T = GC_THRESHOLDS;
  if (forced || goal < T.thrashMinGoalBytes || prevLive <= 0) return 0;
  return goal < T.thrashGoalOverLive * prevLive ? 2 : 1;
}
