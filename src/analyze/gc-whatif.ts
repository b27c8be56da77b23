import { fail, ok, type Result } from "../base/result.js";
import type { GcTrace } from "../model/gctrace.js";
import {
  CPU_LIMIT,
  hasMemoryLimit,
  heapGoal,
  pacerRulesFor,
  triggerBounds,
  type PacerRules,
} from "./gc-pacer.js";
import {
  DEFAULT_SETTING,
  resolveSetting,
  settingLabel,
  type GcSetting,
  type GcSettingSpec,
} from "./gc-settings.js";
import { GcSeries } from "./gc-series.js";
import { MiB } from "./gc-stats.js";
import { GcSummaryBuilder, type GcSummary } from "./gc-summary.js";
import { allocAt, buildTrajectory, liveAt, timeOfAlloc, type Trajectory } from "./gc-trajectory.js";

export interface NonHeapModel {
  /** Memory the runtime maps besides heap objects at an empty heap, bytes. */
  readonly fixedBytes: number;
  /** ...plus this many bytes per heap byte (span fragmentation, GC metadata). */
  readonly perHeapByte: number;
}

/**
 * Non-heap memory (mappedReady − heapFree − heapAlloc in the runtime's terms:
 * Sys − HeapIdle − HeapAlloc in MemStats) measured on the lab programs with
 * Go 1.26 on linux/amd64: 4.5–9 MiB for heaps of 16–65 MiB. Pass the real
 * figure from a memstats snapshot when there is one.
 */
export const DEFAULT_NON_HEAP: NonHeapModel = { fixedBytes: 4.5 * MiB, perHeapByte: 0.06 };

/** The runtime's periodic GC: a cycle after two minutes without one (forcegcperiod). */
const FORCE_GC_PERIOD_S = 120;

export interface WhatIfOptions {
  /** The settings the trace was recorded with (default GOGC=100, no limit). */
  readonly recorded?: GcSetting;
  /** The Go version that ran it ("go1.26.1"); default: the trace layout's newest rules. */
  readonly goVersion?: string;
  /** How long the recorded run lasted, s; default: the end of its last cycle. */
  readonly durationS?: number;
  readonly nonHeap?: NonHeapModel;
}

export interface SimCycle {
  readonly t: number;
  readonly end: number;
  readonly forced: boolean;
  readonly startBytes: number;
  readonly endBytes: number;
  readonly liveBytes: number;
  readonly goalBytes: number;
  readonly limited: boolean;
  readonly cpuMs: number;
}

export interface Prediction {
  readonly label: string;
  readonly setting: GcSetting;
  /** Cycles that start within the window. */
  readonly gcs: number;
  readonly gcsPerMinute: number;
  /** GC CPU without idle marking, percent of P × window. */
  readonly cpuPercent: number;
  /**
   * Largest heap at the end of a mark phase (H1): the peak a rerun's trace
   * shows. With no cycle at all, the heap at the end of the window.
   */
  readonly peakHeapBytes: number;
  /** The heap at the end of the window (allocated since the last cycle included). */
  readonly endHeapBytes: number;
  /** Cycles whose goal GOMEMLIMIT set. */
  readonly limitedCycles: number;
  /** Cycles the 50% GC CPU limiter delayed (the heap overshoots its goal). */
  readonly cpuLimitedCycles: number;
  readonly notes: readonly string[];
  readonly cycles: readonly SimCycle[];
}

export interface WhatIfResult {
  readonly rules: PacerRules;
  readonly windowS: number;
  readonly recorded: {
    readonly setting: GcSetting;
    readonly gcs: number;
    readonly cpuPercent: number;
    readonly peakHeapBytes: number;
    /** The model replaying the recorded setting: how well it reproduces the trace. */
    readonly replay: Prediction;
  };
  readonly predictions: readonly Prediction[];
  readonly assumptions: readonly string[];
}

export const ASSUMPTIONS = [
  "The program allocates the same bytes at the same times whatever the GC setting (a paced workload; a CPU-bound one slows down when GC takes CPU).",
  "The live heap follows the recorded one over time; after the last recorded cycle it keeps its recent growth.",
  "A cycle's mark time and GC CPU grow linearly with the live heap, calibrated on the recorded cycles; STW pauses stay as recorded.",
  "The trigger is the runtime's (goal minus a runway that lets the mark finish at the goal), clamped to its bounds; the runway factor comes from the recorded utilization.",
  "Non-heap memory (for GOMEMLIMIT) is estimated unless given; forced cycles happen when they did.",
] as const;

/** Predicts each setting from a trace; fails on a trace without cycles or a setting the rules lack. */
export function whatIf(
  trace: Pick<GcTrace, "cycles" | "layouts">,
  specs: readonly GcSettingSpec[],
  opts: WhatIfOptions = {},
): Result<WhatIfResult> {
  const b = new GcSummaryBuilder();
  const series = new GcSeries();
  for (const c of trace.cycles) series.push(b.add(c));
  return whatIfSeries({ series, summary: b.summary(), layouts: trace.layouts }, specs, opts);
}

/** The recorded run as the what-if reads it: every cycle's point in columns, and its summary. */
export interface RecordedRun {
  readonly series: GcSeries;
  readonly summary: GcSummary;
  readonly layouts: GcTrace["layouts"];
}

/** whatIf on a run already summarized (the cycles in typed arrays, not objects). */
export function whatIfSeries(
  run: RecordedRun,
  specs: readonly GcSettingSpec[],
  opts: WhatIfOptions = {},
): Result<WhatIfResult> {
  if (run.series.length === 0) return fail("no gctrace lines found");
  const recorded = opts.recorded ?? DEFAULT_SETTING;
  const rules = pacerRulesFor(opts.goVersion, run.layouts[0] ?? "go1.18");
  const traj = buildTrajectory(run.series, recorded.memoryLimit === null ? recorded.gogc : null);
  const windowS = Math.max(opts.durationS ?? 0, traj.spanS);
  const nonHeap = opts.nonHeap ?? DEFAULT_NON_HEAP;
  const predictions: Prediction[] = [];
  for (const spec of specs) {
    const setting = resolveSetting(spec, recorded);
    if (setting.memoryLimit !== null && !hasMemoryLimit(rules))
      return fail(
        `${spec.label}: GOMEMLIMIT needs Go 1.19 or later; this trace's pacer is ${rules}`,
      );
    predictions.push(simulate(traj, rules, setting, windowS, nonHeap, spec.label));
  }
  const s = run.summary;
  return ok({
    rules,
    windowS,
    recorded: {
      setting: recorded,
      gcs: s.cycles,
      cpuPercent: s.cpu.percent,
      peakHeapBytes: s.peakHeapBytes + MiB / 2,
      replay: simulate(traj, rules, recorded, windowS, nonHeap, "replay"),
    },
    predictions,
    assumptions: ASSUMPTIONS,
  });
}

interface State {
  tEnd: number;
  /** A(t) when the last cycle ended: the heap is marked + A(t) − base (0 before the first cycle). */
  base: number;
  marked: number;
  swept: boolean;
  lastStart: number;
  lastCpuMs: number;
}

/** Replays the trajectory under one setting with the pacer's rules. */
export function simulate(
  tr: Trajectory,
  rules: PacerRules,
  setting: GcSetting,
  windowS: number,
  nonHeap: NonHeapModel,
  label = settingLabel(setting),
): Prediction {
  const nh = (heap: number) => nonHeap.fixedBytes + nonHeap.perHeapByte * heap;
  const cycles: SimCycle[] = [];
  const st: State = {
    tEnd: 0,
    base: 0,
    marked: 0,
    swept: true,
    lastStart: -Infinity,
    lastCpuMs: 0,
  };
  let forcedIdx = 0;
  let cpuLimited = 0;
  while (cycles.length < 1_000_000) {
    const g = heapGoal(rules, setting, st.marked, tr.roots, nh);
    const b = triggerBounds(rules, setting, g, st.marked, st.swept);
    const rate = rateNear(tr, st.tEnd);
    const markS = tr.pauseS + tr.markSPerByte * liveAt(tr, st.tEnd);
    // The runtime has no runway estimate before its first cycle (consMark = 0).
    const runway = cycles.length === 0 ? 0 : tr.runwayFactor * rate * markS;
    const trigger = Math.min(b.hi, Math.max(b.lo, b.goal - runway));
    const base = st.base;
    let start = Number.isFinite(trigger)
      ? timeOfAlloc(tr, base + Math.max(0, trigger - st.marked))
      : Infinity;
    let forced = false;
    while (forcedIdx < tr.forcedAt.length && (tr.forcedAt[forcedIdx] as number) < st.tEnd)
      forcedIdx++;
    const f = tr.forcedAt[forcedIdx];
    if (f !== undefined && f <= start) {
      start = f;
      forced = true;
      forcedIdx++;
    }
    if (!forced && setting.gogc !== null && start > st.tEnd + FORCE_GC_PERIOD_S)
      start = st.tEnd + FORCE_GC_PERIOD_S;
    // The GC CPU limiter (Go ≥ 1.19): GC may not take more than half of P × wall time.
    if (!forced && hasMemoryLimit(rules) && Number.isFinite(start)) {
      const earliest = st.lastStart + st.lastCpuMs / 1000 / (CPU_LIMIT * tr.procs);
      if (start < earliest) {
        start = earliest;
        cpuLimited++;
      }
    }
    if (!(start < windowS)) break;
    const end = start + tr.pauseS + tr.markSPerByte * liveAt(tr, start);
    const startBytes = st.marked + allocAt(tr, start) - base;
    const endBytes = startBytes + allocAt(tr, end) - allocAt(tr, start);
    const liveBytes = Math.min(liveAt(tr, end), endBytes);
    const cpuMs = tr.cpuA + tr.cpuB * liveBytes;
    cycles.push({
      t: start,
      end,
      forced,
      startBytes,
      endBytes,
      liveBytes,
      goalBytes: b.goal,
      limited: g.limited,
      cpuMs,
    });
    Object.assign(st, {
      tEnd: end,
      base: allocAt(tr, end),
      marked: liveBytes,
      swept: forced,
      lastStart: start,
      lastCpuMs: cpuMs,
    });
  }
  const tail = st.marked + allocAt(tr, windowS) - st.base;
  const peak = cycles.length ? cycles.reduce((m, c) => Math.max(m, c.endBytes), 0) : tail;
  const cpuMs = cycles.reduce((s, c) => s + c.cpuMs, 0);
  const notes: string[] = [];
  if (setting.gogc === null && setting.memoryLimit === null)
    notes.push("GC is off: only forced cycles run, and the heap grows by everything allocated.");
  if (cpuLimited > 0)
    notes.push(
      `The 50% GC CPU limiter delayed ${cpuLimited} cycles: the heap exceeds its goal (memory limit too tight for this live heap).`,
    );
  return {
    label,
    setting,
    gcs: cycles.length,
    gcsPerMinute: windowS > 0 ? (cycles.length / windowS) * 60 : 0,
    cpuPercent: windowS > 0 ? (cpuMs / 1000 / (tr.procs * windowS)) * 100 : 0,
    peakHeapBytes: peak,
    endHeapBytes: tail,
    limitedCycles: cycles.filter((c) => c.limited).length,
    cpuLimitedCycles: cpuLimited,
    notes,
    cycles,
  };
}

/** Allocation rate around time t: over the next 50 ms of the recording, or the tail rate. */
function rateNear(tr: Trajectory, t: number): number {
  const dt = 0.05;
  return Math.max(0, (allocAt(tr, t + dt) - allocAt(tr, t)) / dt);
}
