import type { GcPoint } from "./gc-summary.js";

/**
 * The per-cycle series (GcPoint) in columns of typed arrays: 16 doubles and
 * a byte per cycle (137 bytes) instead of an object graph, for what needs
 * every cycle (the `--json` series, the what-if trajectory). A null stacks or
 * globals size (layouts before Go 1.18) is stored as NaN.
 */
const NUMBERS = [
  "n",
  "t",
  "end",
  "pauseMs",
  "markMs",
  "cpuMs",
  "assistMs",
  "idleMs",
  "cpuShare",
  "startBytes",
  "endBytes",
  "liveBytes",
  "goalBytes",
  "stacksBytes",
  "globalsBytes",
  "procs",
] as const satisfies readonly (keyof GcPoint)[];

type Column = (typeof NUMBERS)[number];

/** Bytes a cycle takes in a GcSeries. */
export const SERIES_BYTES_PER_CYCLE = NUMBERS.length * 8 + 1;

export class GcSeries {
  private n = 0;
  private cols: Record<Column, Float64Array>;
  private forcedCol: Uint8Array;

  constructor(capacity = 1024) {
    this.cols = alloc(capacity);
    this.forcedCol = new Uint8Array(capacity);
  }

  static of(points: readonly GcPoint[]): GcSeries {
    const s = new GcSeries(Math.max(1, points.length));
    for (const p of points) s.push(p);
    return s;
  }

  get length(): number {
    return this.n;
  }

  push(p: GcPoint): void {
    if (this.n === this.forcedCol.length) this.grow(this.n * 2);
    const i = this.n++;
    for (const k of NUMBERS) (this.cols[k] as Float64Array)[i] = p[k] ?? NaN;
    this.forcedCol[i] = p.forced ? 1 : 0;
  }

  /** One column, cycles 0..length-1 (a view, not a copy). */
  col(k: Column): Float64Array {
    return this.cols[k].subarray(0, this.n);
  }

  forced(i: number): boolean {
    return this.forcedCol[i] === 1;
  }

  /** Cycle i as a point (a new object each time). */
  at(i: number): GcPoint {
    const v = (k: Column) => this.cols[k][i] as number;
    const orNull = (x: number) => (Number.isNaN(x) ? null : x);
    return {
      n: v("n"),
      t: v("t"),
      end: v("end"),
      forced: this.forced(i),
      pauseMs: v("pauseMs"),
      markMs: v("markMs"),
      cpuMs: v("cpuMs"),
      assistMs: v("assistMs"),
      idleMs: v("idleMs"),
      cpuShare: v("cpuShare"),
      startBytes: v("startBytes"),
      endBytes: v("endBytes"),
      liveBytes: v("liveBytes"),
      goalBytes: v("goalBytes"),
      stacksBytes: orNull(v("stacksBytes")),
      globalsBytes: orNull(v("globalsBytes")),
      procs: v("procs"),
    };
  }

  *[Symbol.iterator](): IterableIterator<GcPoint> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }

  private grow(size: number): void {
    const cols = alloc(size);
    for (const k of NUMBERS) cols[k].set(this.cols[k]);
    const forced = new Uint8Array(size);
    forced.set(this.forcedCol);
    [this.cols, this.forcedCol] = [cols, forced];
  }
}

function alloc(size: number): Record<Column, Float64Array> {
  return Object.fromEntries(NUMBERS.map((k) => [k, new Float64Array(size)])) as Record<
    Column,
    Float64Array
  >;
}
