import { fail, ok, type Result } from "../../base/result.js";
import type { GcCpuTimes, GcCycle, GcTraceLayout, GcWallPhases } from "../../model/gctrace.js";

/** The fields of one trace line as printed, before any check (NaN: not a number). */
export interface RawCycle {
  readonly n: number;
  readonly at: number;
  readonly util: number;
  readonly leakCheck: boolean;
  readonly clock: readonly number[];
  readonly cpu: readonly number[];
  /** heap0, heap1, heap2, goal, then stacks and globals when printed. */
  readonly heap: readonly number[];
  readonly procs: number;
  readonly forced: boolean;
}

const MiB = 2 ** 20;
// Larger MB counts would not survive the conversion to bytes as a double.
const MAX_MB = Math.floor(Number.MAX_SAFE_INTEGER / MiB);

/** Converts and checks a raw line; the message names the field that is wrong. */
export function buildCycle(raw: RawCycle, line: number, recovered: boolean): Result<GcCycle> {
  const layout = layoutOf(raw);
  if (!layout) return fail(`unexpected number of phase times in gc ${raw.n}`);
  const { n, util, procs, heap: h } = raw;
  if (!isCount(n)) return fail(`GC number ${n} is out of range`);
  if (!isCount(util)) return fail(`gc ${n}: CPU percentage ${util} is out of range`);
  if (!isCount(procs) || procs === 0) return fail(`gc ${n}: ${procs} P is out of range`);
  for (const x of h) {
    if (!isCount(x) || x > MAX_MB) return fail(`gc ${n}: ${x} MB is out of range`);
  }
  const [start = 0, end = 0, live = 0, goal = 0, stacks = 0, globals = 0] = h;
  const clockMs = raw.clock;
  const cpuMs = raw.cpu;
  const startS = raw.at;
  if (!allFinite(clockMs) || !allFinite(cpuMs) || !(startS < Infinity)) return fail(`gc ${n}: a time is out of range`); // prettier-ignore
  const roots = layout === "go1.18";
  return ok({
    n,
    line,
    layout,
    startS,
    cpuPercent: util,
    clockMs,
    cpuMs,
    wall: wallPhases(layout, clockMs),
    cpu: cpuTimes(layout, cpuMs),
    mb: { start, end, live, goal, stacks: roots ? stacks : null, globals: roots ? globals : null },
    bytes: {
      start: start * MiB,
      end: end * MiB,
      live: live * MiB,
      goal: goal * MiB,
      stacks: roots ? stacks * MiB : null,
      globals: roots ? globals * MiB : null,
    },
    procs,
    forced: raw.forced,
    leakCheck: raw.leakCheck,
    recovered,
  });
}

function allFinite(a: readonly number[]): boolean {
  for (const v of a) if (!(v >= 0 && v < Infinity)) return false;
  return true;
}

function layoutOf(raw: RawCycle): GcTraceLayout | undefined {
  if (raw.clock.length === 5 && raw.cpu.length === 7 && raw.heap.length === 4) return "go1.5";
  if (raw.clock.length !== 3 || raw.cpu.length !== 5) return undefined;
  if (raw.heap.length === 4) return "go1.6";
  return raw.heap.length === 6 ? "go1.18" : undefined;
}

/**
 * Maps the printed times onto three wall phases and five CPU parts. Go 1.5's
 * extra phases, scan and install-write-barrier, ran concurrently between
 * sweep termination and mark (runtime/extern.go of go1.5: "STW sweep
 * termination, scan, synchronize Ps, mark, and STW mark termination"), so
 * their wall time counts as mark and their CPU as background mark work.
 */
function wallPhases(layout: GcTraceLayout, c: readonly number[]): GcWallPhases {
  if (layout !== "go1.5") return { sweepTermMs: at(c, 0), markMs: at(c, 1), markTermMs: at(c, 2) };
  return {
    sweepTermMs: at(c, 0),
    markMs: round(at(c, 1) + at(c, 2) + at(c, 3)),
    markTermMs: at(c, 4),
  };
}

function cpuTimes(layout: GcTraceLayout, u: readonly number[]): GcCpuTimes {
  if (layout !== "go1.5") {
    return {
      sweepTermMs: at(u, 0),
      assistMs: at(u, 1),
      backgroundMs: at(u, 2),
      idleMs: at(u, 3),
      markTermMs: at(u, 4),
    };
  }
  return {
    sweepTermMs: at(u, 0),
    assistMs: at(u, 3),
    backgroundMs: round(at(u, 1) + at(u, 2) + at(u, 4)),
    idleMs: at(u, 5),
    markTermMs: at(u, 6),
  };
}

const at = (a: readonly number[], i: number): number => a[i] ?? 0;
// The runtime prints at most three decimals; sums keep that precision.
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

const isCount = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
