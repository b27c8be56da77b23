import { fail, ok, type Result } from "../../base/result.js";
import type { GcCycle, GcTraceLayout } from "../../model/gctrace.js";

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

/**
 * A cycle as a flat record of numbers (indices F.*), for consumers that do
 * not need the GcCycle object (the streaming summary): the same values, in
 * one reusable Float64Array. Sizes are the printed MB (bytes = MB × 2^20);
 * stacks and globals are NaN when the layout has none; flags are 0 or 1.
 */
export const F = {
  n: 0,
  line: 1,
  startS: 2,
  cpuPercent: 3,
  wallSweepTermMs: 4,
  wallMarkMs: 5,
  wallMarkTermMs: 6,
  cpuSweepTermMs: 7,
  cpuAssistMs: 8,
  cpuBackgroundMs: 9,
  cpuIdleMs: 10,
  cpuMarkTermMs: 11,
  startMB: 12,
  endMB: 13,
  liveMB: 14,
  goalMB: 15,
  stacksMB: 16,
  globalsMB: 17,
  procs: 18,
  forced: 19,
  leakCheck: 20,
  recovered: 21,
} as const;
export const CYCLE_FIELDS = 22;

/** Checks a raw line and writes it to `out` (see F); returns its layout, or why it is wrong. */
export function cycleFields(
  raw: RawCycle,
  line: number,
  recovered: boolean,
  out: Float64Array,
): Result<GcTraceLayout> {
  const layout = layoutOf(raw);
  if (!layout) return fail(`unexpected number of phase times in gc ${raw.n}`);
  const { n, util, procs, heap: h } = raw;
  if (!isCount(n)) return fail(`GC number ${n} is out of range`);
  if (!isCount(util)) return fail(`gc ${n}: CPU percentage ${util} is out of range`);
  if (!isCount(procs) || procs === 0) return fail(`gc ${n}: ${procs} P is out of range`);
  for (let i = 0; i < h.length; i++) {
    const x = h[i] as number;
    if (!isCount(x) || x > MAX_MB) return fail(`gc ${n}: ${x} MB is out of range`);
  }
  const c = raw.clock;
  const u = raw.cpu;
  if (!allFinite(c) || !allFinite(u) || !(raw.at < Infinity)) return fail(`gc ${n}: a time is out of range`); // prettier-ignore
  const roots = layout === "go1.18";
  out[F.n] = n;
  out[F.line] = line;
  out[F.startS] = raw.at;
  out[F.cpuPercent] = util;
  // Go 1.5's extra phases, scan and install-write-barrier, ran concurrently
  // between sweep termination and mark (runtime/extern.go of go1.5: "STW sweep
  // termination, scan, synchronize Ps, mark, and STW mark termination"), so
  // their wall time counts as mark and their CPU as background mark work.
  const five = layout === "go1.5";
  out[F.wallSweepTermMs] = at(c, 0);
  out[F.wallMarkMs] = five ? round(at(c, 1) + at(c, 2) + at(c, 3)) : at(c, 1);
  out[F.wallMarkTermMs] = at(c, five ? 4 : 2);
  out[F.cpuSweepTermMs] = at(u, 0);
  out[F.cpuAssistMs] = at(u, five ? 3 : 1);
  out[F.cpuBackgroundMs] = five ? round(at(u, 1) + at(u, 2) + at(u, 4)) : at(u, 2);
  out[F.cpuIdleMs] = at(u, five ? 5 : 3);
  out[F.cpuMarkTermMs] = at(u, five ? 6 : 4);
  out[F.startMB] = at(h, 0);
  out[F.endMB] = at(h, 1);
  out[F.liveMB] = at(h, 2);
  out[F.goalMB] = at(h, 3);
  out[F.stacksMB] = roots ? at(h, 4) : NaN;
  out[F.globalsMB] = roots ? at(h, 5) : NaN;
  out[F.procs] = procs;
  out[F.forced] = raw.forced ? 1 : 0;
  out[F.leakCheck] = raw.leakCheck ? 1 : 0;
  out[F.recovered] = recovered ? 1 : 0;
  return LAYOUT_OK[layout];
}

// Results are immutable: one per layout, not one per cycle.
const LAYOUT_OK: Readonly<Record<GcTraceLayout, Result<GcTraceLayout>>> = {
  "go1.5": ok("go1.5"),
  "go1.6": ok("go1.6"),
  "go1.18": ok("go1.18"),
};

const SCRATCH = new Float64Array(CYCLE_FIELDS);

/** Converts and checks a raw line; the message names the field that is wrong. */
export function buildCycle(raw: RawCycle, line: number, recovered: boolean): Result<GcCycle> {
  const r = cycleFields(raw, line, recovered, SCRATCH);
  if (!r.ok) return r;
  return ok(cycleOf(SCRATCH, r.value, raw.clock, raw.cpu));
}

/** The GcCycle of a flat record (clockMs and cpuMs as printed). */
export function cycleOf(
  f: Float64Array,
  layout: GcTraceLayout,
  clockMs: readonly number[],
  cpuMs: readonly number[],
): GcCycle {
  const v = (i: number) => f[i] as number;
  const mb = (i: number) => (Number.isNaN(v(i)) ? null : v(i));
  const bytes = (i: number) => (Number.isNaN(v(i)) ? null : v(i) * MiB);
  return {
    n: v(F.n),
    line: v(F.line),
    layout,
    startS: v(F.startS),
    cpuPercent: v(F.cpuPercent),
    clockMs,
    cpuMs,
    wall: { sweepTermMs: v(F.wallSweepTermMs), markMs: v(F.wallMarkMs), markTermMs: v(F.wallMarkTermMs) }, // prettier-ignore
    cpu: {
      sweepTermMs: v(F.cpuSweepTermMs),
      assistMs: v(F.cpuAssistMs),
      backgroundMs: v(F.cpuBackgroundMs),
      idleMs: v(F.cpuIdleMs),
      markTermMs: v(F.cpuMarkTermMs),
    },
    mb: { start: v(F.startMB), end: v(F.endMB), live: v(F.liveMB), goal: v(F.goalMB), stacks: mb(F.stacksMB), globals: mb(F.globalsMB) }, // prettier-ignore
    bytes: {
      start: v(F.startMB) * MiB,
      end: v(F.endMB) * MiB,
      live: v(F.liveMB) * MiB,
      goal: v(F.goalMB) * MiB,
      stacks: bytes(F.stacksMB),
      globals: bytes(F.globalsMB),
    },
    procs: v(F.procs),
    forced: v(F.forced) === 1,
    leakCheck: v(F.leakCheck) === 1,
    recovered: v(F.recovered) === 1,
  };
}

/** A cycle back as a flat record (the inverse of cycleOf). */
export function fieldsOf(c: GcCycle, out: Float64Array): void {
  out[F.n] = c.n;
  out[F.line] = c.line;
  out[F.startS] = c.startS;
  out[F.cpuPercent] = c.cpuPercent;
  out[F.wallSweepTermMs] = c.wall.sweepTermMs;
  out[F.wallMarkMs] = c.wall.markMs;
  out[F.wallMarkTermMs] = c.wall.markTermMs;
  out[F.cpuSweepTermMs] = c.cpu.sweepTermMs;
  out[F.cpuAssistMs] = c.cpu.assistMs;
  out[F.cpuBackgroundMs] = c.cpu.backgroundMs;
  out[F.cpuIdleMs] = c.cpu.idleMs;
  out[F.cpuMarkTermMs] = c.cpu.markTermMs;
  out[F.startMB] = c.mb.start;
  out[F.endMB] = c.mb.end;
  out[F.liveMB] = c.mb.live;
  out[F.goalMB] = c.mb.goal;
  out[F.stacksMB] = c.mb.stacks ?? NaN;
  out[F.globalsMB] = c.mb.globals ?? NaN;
  out[F.procs] = c.procs;
  out[F.forced] = c.forced ? 1 : 0;
  out[F.leakCheck] = c.leakCheck ? 1 : 0;
  out[F.recovered] = c.recovered ? 1 : 0;
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

const at = (a: readonly number[], i: number): number => a[i] ?? 0;
// The runtime prints at most three decimals; sums keep that precision.
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

const isCount = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
