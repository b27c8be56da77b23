import type { GcTraceLayout } from "../model/gctrace.js";
import type { GcSetting } from "./gc-settings.js";
import { MiB } from "./gc-stats.js";

/**
 * The pacer rules of a Go release, as its runtime/mgcpacer.go computes the
 * heap goal and the trigger (docs/notes/gc-pacer.md has the derivation and
 * the source lines):
 * - "go1.5":  Go 1.5–1.17. goal = live × (1 + GOGC/100); trigger ratio kept
 *   within [0.6, 0.95] × GOGC/100; no stacks or globals in the goal.
 * - "go1.18": goal counts stacks and globals; trigger within [0.7, 0.95] of
 *   the way from live to goal, or goal − 4 MiB·GOGC/100 for large heaps.
 * - "go1.19": as go1.18 with the 64ths (45/64, 61/64), goal − 4 MiB for large
 *   heaps, GOMEMLIMIT with a fixed 1 MiB headroom, the GC CPU limiter.
 * - "go1.21": as go1.19 with the memory-limit headroom 3% of the goal (at least 1 MiB).
 */
export type PacerRules = "go1.5" | "go1.18" | "go1.19" | "go1.21";

/** 4 MiB: the heap minimum at GOGC=100 (defaultHeapMinimum, without GOEXPERIMENT=heapminimum512kib). */
export const HEAP_MINIMUM = 4 * MiB;
/** Concurrent sweep gets at least this much allocation before the next trigger (sweepMinHeapDistance). */
export const SWEEP_MIN_HEAP_DISTANCE = MiB;
/** The GC CPU limiter's cap on GC CPU, as a fraction of P × wall time (mgclimit.go). */
export const CPU_LIMIT = 0.5;
/** The background mark workers' share of P (gcBackgroundUtilization). */
export const BACKGROUND_UTILIZATION = 0.25;

/** Rules for a Go version ("go1.22.3", "1.19") or, without one, for the trace's layout. */
export function pacerRulesFor(goVersion: string | undefined, layout: GcTraceLayout): PacerRules {
  const m = goVersion ? /^(?:go)?1\.(\d+)/.exec(goVersion) : null;
  if (m) {
    const minor = Number(m[1]);
    return minor >= 21 ? "go1.21" : minor >= 19 ? "go1.19" : minor === 18 ? "go1.18" : "go1.5";
  }
  // A go1.18-layout trace comes from Go 1.18 or later: assume a current release.
  return layout === "go1.18" ? "go1.21" : "go1.5";
}

export const hasMemoryLimit = (r: PacerRules) => r === "go1.19" || r === "go1.21";

export interface Goal {
  readonly goal: number;
  /** True when GOMEMLIMIT, not GOGC, set the goal. */
  readonly limited: boolean;
}

/**
 * The heap goal after a cycle that marked `marked` bytes with `roots` bytes
 * of stacks and globals. `nonHeap(goal)` estimates the memory the runtime
 * maps besides heap objects when the heap is at `goal` (only GOMEMLIMIT needs it).
 */
export function heapGoal(
  rules: PacerRules,
  s: GcSetting,
  marked: number,
  roots: number,
  nonHeap: (goal: number) => number,
): Goal {
  let goal = Infinity;
  if (s.gogc !== null) {
    const gamma = s.gogc / 100;
    goal = rules === "go1.5" ? marked * (1 + gamma) : marked + (marked + roots) * gamma;
    goal = Math.max(goal, HEAP_MINIMUM * gamma);
  }
  if (s.memoryLimit !== null && hasMemoryLimit(rules)) {
    const lim = memoryLimitGoal(rules, s.memoryLimit, marked, nonHeap);
    if (lim < goal) return { goal: lim, limited: true };
  }
  return { goal, limited: false };
}

/**
 * memoryLimitHeapGoal: the limit minus non-heap memory, minus the headroom
 * (1 MiB before Go 1.21; 3% of that, at least 1 MiB, since), never below the
 * live heap. Non-heap memory grows with the heap (fragmentation, GC
 * metadata), so the goal is solved as a fixed point.
 */
export function memoryLimitGoal(
  rules: PacerRules,
  limit: number,
  marked: number,
  nonHeap: (goal: number) => number,
): number {
  let goal = limit;
  for (let i = 0; i < 8; i++) {
    const base = limit - nonHeap(goal);
    let next: number;
    if (base <= 0) next = marked;
    else {
      const headroom = rules === "go1.21" ? Math.max(Math.floor(base / 100) * 3, MiB) : MiB;
      next = base < 2 * headroom ? headroom : base - headroom;
    }
    next = Math.max(next, marked);
    if (Math.abs(next - goal) < 1024) return next;
    goal = next;
  }
  return goal;
}

export interface TriggerBounds {
  readonly lo: number;
  readonly hi: number;
  /** The goal, raised where the runtime raises it (sweep distance, trigger above goal). */
  readonly goal: number;
}

/**
 * Where the trigger may sit between the live heap and the goal (gcControllerState.trigger;
 * Go ≤ 1.17: commit's trigger ratio bounds). `swept` is false after a
 * background-swept cycle, when the sweeper is owed SWEEP_MIN_HEAP_DISTANCE.
 */
export function triggerBounds(
  rules: PacerRules,
  s: GcSetting,
  g: Goal,
  marked: number,
  swept: boolean,
): TriggerBounds {
  let goal = g.goal;
  if (!Number.isFinite(goal)) return { lo: Infinity, hi: Infinity, goal };
  const sweepMin = swept ? 0 : marked + SWEEP_MIN_HEAP_DISTANCE;
  if (rules === "go1.5") {
    const gamma = (s.gogc ?? 0) / 100;
    const lo = Math.max(marked * (1 + 0.6 * gamma), HEAP_MINIMUM * gamma, sweepMin);
    const hi = Math.max(marked * (1 + 0.95 * gamma), lo);
    return { lo, hi, goal: Math.max(goal, lo) };
  }
  if (!g.limited && sweepMin > goal) goal = sweepMin;
  if (marked >= goal) return { lo: goal, hi: goal, goal };
  const d = goal - marked;
  const [minFrac, maxFrac] = rules === "go1.18" ? [0.7, 0.95] : [45 / 64, 61 / 64];
  const lo = Math.max(marked + d * minFrac, g.limited ? marked : sweepMin);
  // go1.18 subtracts GOGC's heap minimum (and adds the live heap: fixed in 1.19); later the fixed 4 MiB.
  const large =
    rules === "go1.18"
      ? marked + goal - HEAP_MINIMUM * ((s.gogc ?? 100) / 100)
      : goal > HEAP_MINIMUM
        ? goal - HEAP_MINIMUM
        : 0;
  const hi = Math.max(marked + d * maxFrac, large, lo);
  if (rules === "go1.18" && hi > goal) goal = hi;
  return { lo, hi: Math.min(hi, Math.max(goal, lo)), goal };
}
