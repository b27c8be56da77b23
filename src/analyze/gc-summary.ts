import type { GcCycle, GcTrace } from "../model/gctrace.js";
import { median, percentile } from "./gc-stats.js";
import { liveTrend, type LiveTrend } from "./gc-trend.js";

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
}

export function gcPoints(cycles: readonly GcCycle[]): GcPoint[] {
  const out: GcPoint[] = [];
  let prevEnd = 0;
  for (const c of cycles) {
    const end = c.startS + (c.wall.sweepTermMs + c.wall.markMs + c.wall.markTermMs) / 1000;
    const cpuMs = c.cpu.sweepTermMs + c.cpu.assistMs + c.cpu.backgroundMs + c.cpu.markTermMs;
    const wall = Math.max(end - prevEnd, 1e-6);
    out.push({
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
    });
    prevEnd = Math.max(prevEnd, end);
  }
  return out;
}

/** The summary of a non-empty trace's cycles (an empty one gives zeros; callers refuse it first). */
export function summarizeGc(trace: Pick<GcTrace, "cycles">): GcSummary {
  const pts = gcPoints(trace.cycles);
  const last = pts.at(-1);
  // No spread of per-cycle arrays into Math.max: a long trace has millions of cycles.
  const spanS = pts.reduce((m, p) => Math.max(m, p.end), 0);
  // P × wall time, each stretch between cycle ends at the P of the cycle that closes it.
  let procSeconds = 0;
  let prevEnd = 0;
  for (const p of pts) {
    procSeconds += Math.max(1, p.procs) * Math.max(0, p.end - prevEnd);
    prevEnd = Math.max(prevEnd, p.end);
  }
  const sum = (f: (p: GcPoint) => number) => pts.reduce((s, p) => s + f(p), 0);
  const cpuMs = sum((p) => p.cpuMs);
  const assistMs = sum((p) => p.assistMs);
  const pct = (ms: number) => (procSeconds > 0 ? (ms / 1000 / procSeconds) * 100 : 0);
  const pauses = pts.map((p) => p.pauseMs).sort((a, b) => a - b);
  const live = pts.map((p) => p.liveBytes);
  const starts = pts.map((p) => p.t);
  const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
  const forced = pts.filter((p) => p.forced).map((p) => p.t);
  const ratios: number[] = [];
  for (let i = 1; i < pts.length; i++) {
    const prevLive = (pts[i - 1] as GcPoint).liveBytes;
    if (prevLive > 0) ratios.push((pts[i] as GcPoint).goalBytes / prevLive);
  }
  return {
    cycles: pts.length,
    forced: forced.length,
    spanS,
    gcsPerMinute: spanS > 0 ? (pts.length / spanS) * 60 : 0,
    medianIntervalS: median(gaps),
    pause: {
      p50Ms: percentile(pauses, 50),
      p99Ms: percentile(pauses, 99),
      maxMs: pauses.at(-1) ?? 0,
      totalMs: sum((p) => p.pauseMs),
    },
    cpu: {
      percent: pct(cpuMs),
      runtimePercent: trace.cycles.at(-1)?.cpuPercent ?? 0,
      idlePercent: pct(sum((p) => p.idleMs)),
      assistShare: cpuMs > 0 ? assistMs / cpuMs : 0,
      assistPercent: pct(assistMs),
      maxCycleShare: pts.reduce((m, p) => Math.max(m, p.cpuShare), 0),
    },
    live: {
      ...liveTrend(
        pts.map((p) => p.end),
        live,
      ),
      firstBytes: live[0] ?? 0,
      lastBytes: live.at(-1) ?? 0,
      minBytes: live.reduce((m, v) => Math.min(m, v), live[0] ?? 0),
      maxBytes: live.reduce((m, v) => Math.max(m, v), 0),
    },
    peakHeapBytes: pts.reduce((m, p) => Math.max(m, p.endBytes, p.startBytes), 0),
    goalOverLive: median(ratios),
    forcedIntervalS:
      forced.length >= 2 ? median(forced.slice(1).map((t, i) => t - (forced[i] as number))) : null,
    procs: last?.procs ?? 0,
    recovered: trace.cycles.filter((c) => c.recovered).length,
  };
}
