import { formatBytes } from "../base/units.js";
import { MiB } from "./gc-stats.js";
import type { GcSummary } from "./gc-summary.js";

export type GcFindingId =
  | "gc-cpu-high"
  | "assist-heavy"
  | "live-heap-rising"
  | "forced-gc"
  | "gc-too-frequent"
  | "gomemlimit-thrash";

/**
 * Where each finding fires. Rates need a few cycles to mean anything, so
 * every rate finding also needs MIN_CYCLES cycles.
 */
export const GC_THRESHOLDS = {
  minCycles: 5,
  /** GC CPU without idle marking, percent of P × wall time. */
  cpuPercent: 10,
  /** Assists' share of GC CPU, and assists' share of all CPU (percent): both must hold. */
  assistShare: 0.3,
  assistPercent: 2,
  /** Forced cycles: a warning from this share of all cycles, info below it. */
  forcedShareWarning: 0.1,
  /** Median seconds between cycle starts below which GC is too frequent, over at least... */
  frequentIntervalS: 0.1,
  frequentMinCycles: 10,
  /** Goal within this factor of the previous live heap in at least half the late cycles. */
  thrashGoalOverLive: 1.1,
  /** Goals below this are the 4 MiB heap minimum's territory (and MB-rounded): not judged. */
  thrashMinGoalBytes: 8 * MiB,
} as const;

interface Entry {
  readonly title: string;
  readonly doc: string;
  readonly why: string;
  readonly todo: string;
}

/** The catalogue: a new id does not compile until it has a title, a page, a why and a what-to-do. */
export const GC_FINDINGS = {
  "gc-cpu-high": {
    title: "GC uses a large share of the CPU",
    doc: "docs/findings/gc/gc-cpu-high.md",
    why: "Every GC cycle costs CPU in proportion to the live heap it marks; the number of cycles grows with the allocation rate and shrinks with the room GOGC gives the heap.",
    todo: "Allocate less (memsnap top on an alloc_space profile shows where), or give the heap more room: raise GOGC, or set GOMEMLIMIT to the memory you can afford with a higher GOGC. The what-if table predicts the effect.",
  },
  "assist-heavy": {
    title: "allocating goroutines do much of the marking (mark assists)",
    doc: "docs/findings/gc/assist-heavy.md",
    why: "When the program allocates faster than the background workers mark, the runtime makes allocating goroutines mark in proportion to what they allocate: latency lands on request paths, not on the 25% background workers.",
    todo: "Reduce the allocation rate in the hot paths, or start GC earlier relative to the goal by giving it more room (higher GOGC or a GOMEMLIMIT well above the live heap).",
  },
  "live-heap-rising": {
    title: "the live heap keeps rising",
    doc: "docs/findings/gc/live-heap-rising.md",
    why: "The live heap is what a cycle found reachable. A floor that rises across the whole run means something keeps more and more memory reachable: a leak, or a warm-up longer than the run. No GC setting helps: none of it is garbage.",
    todo: "Take heap snapshots a while apart (memsnap capture) and diff them (memsnap diff) to find the growing sites; run longer to rule out a warm-up.",
  },
  "forced-gc": {
    title: "the program forces GC cycles",
    doc: "docs/findings/gc/forced-gc.md",
    why: "runtime.GC() and debug.FreeOSMemory() run a whole cycle and block the caller until marking and sweeping are done, whatever GOGC says; called on a timer or per request they cost CPU and latency for nothing the pacer would not do.",
    todo: "Remove the calls, or keep them out of hot paths; to bound memory use GOMEMLIMIT instead. FreeOSMemory is only worth it after a large one-off drop.",
  },
  "gc-too-frequent": {
    title: "GC runs very often",
    doc: "docs/findings/gc/gc-too-frequent.md",
    why: "Many cycles per second mean the heap reaches its goal quickly: a high allocation rate over a small live heap (the goal is at least 4 MiB × GOGC/100), or a goal pinned by GOMEMLIMIT.",
    todo: "Allocate less per operation (sync.Pool for buffers, preallocated slices), or raise GOGC; a GOMEMLIMIT with a higher GOGC keeps the peak bounded.",
  },
  "gomemlimit-thrash": {
    title: "the heap goal is pinned to the live heap",
    doc: "docs/findings/gc/gomemlimit-thrash.md",
    why: "A goal within 10% of the live heap means GC starts again almost as soon as it ends: a GOMEMLIMIT at or below what the program really needs (or a tiny GOGC). The runtime caps GC at about 50% CPU, then lets the heap exceed the limit.",
    todo: "Raise GOMEMLIMIT above the live heap plus non-heap memory with room to spare, or shrink the live heap; check the live heap is not a leak (live-heap-rising).",
  },
} as const satisfies Record<GcFindingId, Entry>;

export interface GcFinding {
  readonly id: GcFindingId;
  readonly severity: "warning" | "info";
  readonly title: string;
  /** What was measured, in one sentence with the numbers. */
  readonly message: string;
  readonly evidence: Readonly<Record<string, number>>;
  readonly why: string;
  readonly todo: string;
  readonly doc: string;
}

const pct = (x: number) => `${x.toFixed(1)}%`;

function finding(
  id: GcFindingId,
  severity: GcFinding["severity"],
  message: string,
  evidence: Record<string, number>,
): GcFinding {
  const e = GC_FINDINGS[id];
  return { id, severity, title: e.title, message, evidence, why: e.why, todo: e.todo, doc: e.doc };
}

/** The findings of a summary, in catalogue order. */
export function gcFindings(s: GcSummary): GcFinding[] {
  const T = GC_THRESHOLDS;
  const out: GcFinding[] = [];
  const enough = s.cycles >= T.minCycles;
  if (enough && s.cpu.percent >= T.cpuPercent)
    out.push(
      finding(
        "gc-cpu-high",
        "warning",
        `GC used ${pct(s.cpu.percent)} of ${s.procs} P over ${s.spanS.toFixed(3)} s (threshold ${T.cpuPercent}%).`,
        {
          cpuPercent: s.cpu.percent,
          runtimePercent: s.cpu.runtimePercent,
          cycles: s.cycles,
          spanS: s.spanS,
        },
      ),
    );
  if (enough && s.cpu.assistShare >= T.assistShare && s.cpu.assistPercent >= T.assistPercent)
    out.push(
      finding(
        "assist-heavy",
        "warning",
        `Mark assists were ${pct(s.cpu.assistShare * 100)} of GC CPU, ${pct(s.cpu.assistPercent)} of all CPU (thresholds ${T.assistShare * 100}% and ${T.assistPercent}%).`,
        {
          assistShare: s.cpu.assistShare,
          assistPercent: s.cpu.assistPercent,
          cpuPercent: s.cpu.percent,
        },
      ),
    );
  if (s.live.rising) {
    const floors = s.live.floors.filter((f): f is number => f !== null);
    out.push(
      finding(
        "live-heap-rising",
        "warning",
        `The live heap's floor rose in every quarter of the run, ${floors.map((f) => formatBytes(f)).join(" → ")} (${formatBytes(Math.round(s.live.slopeBytesPerS))}/s by least squares).`,
        {
          firstFloorBytes: floors[0] ?? 0,
          lastFloorBytes: floors.at(-1) ?? 0,
          riseBytes: s.live.riseBytes,
          slopeBytesPerS: s.live.slopeBytesPerS,
        },
      ),
    );
  }
  if (s.forced > 0) {
    const share = s.forced / s.cycles;
    const cadence =
      s.forcedIntervalS === null ? "" : `, one every ${s.forcedIntervalS.toFixed(3)} s (median)`;
    out.push(
      finding(
        "forced-gc",
        share >= T.forcedShareWarning ? "warning" : "info",
        `${s.forced} of ${s.cycles} cycles were forced${cadence}.`,
        {
          forced: s.forced,
          share,
          ...(s.forcedIntervalS === null ? {} : { medianIntervalS: s.forcedIntervalS }),
        },
      ),
    );
  }
  if (
    s.cycles >= T.frequentMinCycles &&
    s.medianIntervalS > 0 &&
    s.medianIntervalS < T.frequentIntervalS
  )
    out.push(
      finding(
        "gc-too-frequent",
        "warning",
        `A cycle every ${(s.medianIntervalS * 1000).toFixed(1)} ms (median), ${Math.round(s.gcsPerMinute)} per minute (threshold: more often than every ${T.frequentIntervalS * 1000} ms).`,
        { medianIntervalS: s.medianIntervalS, gcsPerMinute: s.gcsPerMinute },
      ),
    );
  // Cycles of the trace's second half whose goal sat on the previous live heap (GcSummary).
  const pinned = s.pinnedGoals;
  if (pinned.judged >= T.minCycles && pinned.pinned * 2 >= pinned.judged)
    out.push(
      finding(
        "gomemlimit-thrash",
        "warning",
        `In ${pinned.pinned} of the last ${pinned.judged} cycles the goal was within ${Math.round((T.thrashGoalOverLive - 1) * 100)}% of the previous live heap; GC CPU ${pct(s.cpu.percent)}.`,
        { pinned: pinned.pinned, judged: pinned.judged, cpuPercent: s.cpu.percent },
      ),
    );
  return out;
}
