import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseGcTrace } from "../formats/gctrace/index.js";
import type { GcCycle, GcTrace } from "../model/gctrace.js";
import { GC_THRESHOLDS } from "./gc-findings.js";
import {
  HIST_ERROR,
  leastSquares,
  median,
  MiB,
  percentile,
  VALUE_CAP,
  ValueCounts,
} from "./gc-stats.js";
import { gcPoints, GcSummaryBuilder, summarizeGc, type GcSummary } from "./gc-summary.js";
import { TREND, trendOf } from "./gc-trend.js";
import { EXACT_CYCLES, TIME_BUCKETS } from "./gc-windows.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = [path.join(ROOT, "test/fixtures/gctrace"), path.join(ROOT, "test/gc-whatif/traces")];
const logs = DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((n) => n.endsWith(".txt"))
    .map((n) => path.join(d, n)),
);

function parse(file: string): GcTrace {
  const r = parseGcTrace(readFileSync(file, "utf8"));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The summary computed the whole-array way (every cycle held, sorted, windowed at the end). */
function reference(cycles: readonly GcCycle[]): GcSummary {
  const pts = gcPoints(cycles);
  const spanS = pts.reduce((m, p) => Math.max(m, p.end), 0);
  let procSeconds = 0;
  let prevEnd = 0;
  for (const p of pts) {
    procSeconds += Math.max(1, p.procs) * Math.max(0, p.end - prevEnd);
    prevEnd = Math.max(prevEnd, p.end);
  }
  const sum = (f: (p: (typeof pts)[number]) => number) => pts.reduce((s, p) => s + f(p), 0);
  const cpuMs = sum((p) => p.cpuMs);
  const assistMs = sum((p) => p.assistMs);
  const pct = (ms: number) => (procSeconds > 0 ? (ms / 1000 / procSeconds) * 100 : 0);
  const pauses = pts.map((p) => p.pauseMs).sort((a, b) => a - b);
  const live = pts.map((p) => p.liveBytes);
  const ends = pts.map((p) => p.end);
  const gaps = pts.slice(1).map((p, i) => p.t - (pts[i]?.t as number));
  const forced = pts.filter((p) => p.forced).map((p) => p.t);
  const ratios: number[] = [];
  let pinned = 0;
  let judged = 0;
  for (let i = 1; i < pts.length; i++) {
    const [p, prev] = [pts[i], pts[i - 1]] as [(typeof pts)[number], (typeof pts)[number]];
    if (prev.liveBytes > 0) ratios.push(p.goalBytes / prev.liveBytes);
    if (i < Math.max(1, pts.length >> 1)) continue;
    if (p.forced || p.goalBytes < GC_THRESHOLDS.thrashMinGoalBytes || prev.liveBytes <= 0) continue;
    judged++;
    if (p.goalBytes < GC_THRESHOLDS.thrashGoalOverLive * prev.liveBytes) pinned++;
  }
  const floors = new Array<number | null>(TREND.windows).fill(null);
  const t0 = ends[0] as number;
  const span = (ends.at(-1) as number) - t0;
  ends.forEach((t, i) => {
    const w = span > 0 ? Math.min(TREND.windows - 1, Math.floor(((t - t0) / span) * TREND.windows)) : 0; // prettier-ignore
    const f = floors[w];
    floors[w] =
      f === null || f === undefined ? (live[i] as number) : Math.min(f, live[i] as number);
  });
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
      runtimePercent: cycles.at(-1)?.cpuPercent ?? 0,
      idlePercent: pct(sum((p) => p.idleMs)),
      assistShare: cpuMs > 0 ? assistMs / cpuMs : 0,
      assistPercent: pct(assistMs),
      maxCycleShare: pts.reduce((m, p) => Math.max(m, p.cpuShare), 0),
    },
    live: {
      ...trendOf({ slope: leastSquares(ends, live).b, floors }, pts.length),
      firstBytes: live[0] ?? 0,
      lastBytes: live.at(-1) ?? 0,
      minBytes: live.reduce((m, v) => Math.min(m, v), live[0] ?? 0),
      maxBytes: live.reduce((m, v) => Math.max(m, v), 0),
    },
    peakHeapBytes: pts.reduce((m, p) => Math.max(m, p.endBytes, p.startBytes), 0),
    goalOverLive: median(ratios),
    forcedIntervalS:
      forced.length >= 2 ? median(forced.slice(1).map((t, i) => t - (forced[i] as number))) : null,
    procs: pts.at(-1)?.procs ?? 0,
    recovered: cycles.filter((c) => c.recovered).length,
    pinnedGoals: { pinned, judged },
    exact: true,
  };
}

describe("the streaming GC summary", () => {
  it.each(logs.map((f) => [path.basename(f), f]))(
    "%s: equals the whole-array summary",
    (_name, file) => {
      const t = parse(file);
      expect(summarizeGc(t)).toEqual(reference(t.cycles));
    },
  );

  it("keeps its state bounded over 1M cycles, and stays close to the exact answer", () => {
    const b = new GcSummaryBuilder();
    const ends: number[] = [];
    const live: number[] = [];
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const c = synthetic(i);
      b.add(c);
      ends.push(c.startS + (c.wall.sweepTermMs + c.wall.markMs + c.wall.markTermMs) / 1000);
      live.push(c.bytes.live);
    }
    // Bounded: a fixed number of buckets, distributions at most VALUE_CAP values.
    expect(b.windows.cycles).toBe(n);
    expect(n).toBeGreaterThan(EXACT_CYCLES);
    expect(b.windows.heldSlots).toBe(TIME_BUCKETS);
    for (const d of [b.pauses, b.intervals, b.forcedIntervals, b.goalRatios]) {
      expect(d.size).toBeGreaterThan(0);
      expect(d.distinct).toBeLessThanOrEqual(VALUE_CAP);
    }
    const s = b.summary();
    expect(s.exact).toBe(false);
    expect(s.cycles).toBe(n);
    expect(s.forced).toBe(n / 100);
    // Printed pauses repeat: their percentiles stay exact.
    expect(b.pauses.exact).toBe(true);
    expect(s.pause.maxMs).toBe(0.099 + 0.05);
    // The floors from buckets are the exact ones to within a bucket's growth (the live heap moves in whole MiB).
    const exact = trendOf({ slope: leastSquares(ends, live).b, floors: floorsOf(ends, live) }, n);
    expect(s.live.rising).toBe(true);
    expect(exact.rising).toBe(true);
    s.live.floors.forEach((f, i) => {
      expect(Math.abs((f as number) - (exact.floors[i] as number))).toBeLessThanOrEqual(
        (2 * 1000 * MiB) / (TIME_BUCKETS / 2) + MiB,
      );
    });
    expect(s.live.slopeBytesPerS / exact.slopeBytesPerS).toBeCloseTo(1, 6);
    // Pinned goals: every unforced cycle of the second half is judged, every third one pinned.
    expect(Math.abs(s.pinnedGoals.judged - 495_000)).toBeLessThanOrEqual(5);
  });
});

describe("ValueCounts", () => {
  it("is exact up to its cap, then within HIST_ERROR", () => {
    const values = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 3001) / 1000 + 0.001);
    const small = new ValueCounts(10_000);
    const capped = new ValueCounts(100);
    for (const v of values) {
      small.add(v);
      capped.add(v);
    }
    const sorted = [...values].sort((a, b) => a - b);
    expect(small.exact).toBe(true);
    expect(capped.exact).toBe(false);
    for (const p of [1, 50, 90, 99, 100]) {
      const want = percentile(sorted, p);
      expect(small.percentile(p)).toBe(want);
      expect(Math.abs(capped.percentile(p) - want) / want).toBeLessThanOrEqual(HIST_ERROR * 1.0001);
    }
    expect(small.median()).toBe(median(values));
    expect(capped.max()).toBe(sorted.at(-1));
    expect(capped.distinct).toBeLessThan(1000);
  });
});

function floorsOf(ends: readonly number[], live: readonly number[]): (number | null)[] {
  const floors = new Array<number | null>(TREND.windows).fill(null);
  const [t0, span] = [ends[0] as number, (ends.at(-1) as number) - (ends[0] as number)];
  ends.forEach((t, i) => {
    const w = Math.min(TREND.windows - 1, Math.floor(((t - t0) / span) * TREND.windows));
    floors[w] = Math.min(floors[w] ?? Infinity, live[i] as number);
  });
  return floors;
}

/** A cycle of a slow leak: live heap 100 MiB rising to 1.1 GiB, goal 2× (every third pinned), pauses from a small set. */
function synthetic(i: number): GcCycle {
  const live = Math.floor(100 + (1000 * i) / 1_000_000) * MiB;
  const goal = i % 3 === 0 ? live + MiB : 2 * live;
  const ms = { sweepTermMs: (i % 100) / 1000, markMs: 1.5, markTermMs: 0.05 };
  const cpu = { sweepTermMs: 0.1, assistMs: 0.2, backgroundMs: 1, idleMs: 0.3, markTermMs: 0.1 };
  const bytes = { start: goal, end: goal, live, goal, stacks: 0, globals: 0 };
  return {
    n: i + 1,
    line: 2 * i + 1,
    layout: "go1.18",
    startS: Math.round(i * 13.7) / 1000,
    cpuPercent: 3,
    clockMs: [ms.sweepTermMs, ms.markMs, ms.markTermMs],
    cpuMs: [0.1, 0.2, 1, 0.3, 0.1],
    wall: ms,
    cpu,
    mb: { start: goal / MiB, end: goal / MiB, live: live / MiB, goal: goal / MiB, stacks: 0, globals: 0 }, // prettier-ignore
    bytes,
    procs: 4,
    forced: i % 100 === 99,
    leakCheck: false,
    recovered: false,
  };
}
