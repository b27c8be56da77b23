import { leastSquares } from "./gc-stats.js";

/**
 * The per-cycle facts the live-heap trend and the pinned-goal test need, in
 * memory independent of the trace's length. Both look at parts of the run
 * whose bounds are known only at its end (quarters of its time span, its
 * second half by cycle count), so they cannot be running sums.
 *
 * Up to EXACT_CYCLES cycles every cycle is kept in typed arrays (17 bytes a
 * cycle) and both answers are exact. Past that the cycles move into
 * TIME_BUCKETS buckets of equal width in time from the first cycle; when a
 * cycle lands past the last bucket, neighbouring buckets merge pairwise and
 * the width doubles. A bucket keeps its cycle count, smallest live heap and
 * pinned-goal counts, so then:
 * - a bucket counts in the quarter that holds its middle: only cycles within
 *   one bucket width (at most span / (TIME_BUCKETS / 2)) of a quarter's
 *   boundary can land in the neighbouring quarter;
 * - the second half starts inside one bucket, whose counts are split in
 *   proportion to its cycles on either side.
 */
export const EXACT_CYCLES = 1 << 17;
export const TIME_BUCKETS = 4096;

/** What a cycle says about a pinned goal (see gc-findings): not judged, judged, judged and pinned. */
export type GoalCode = 0 | 1 | 2;

export interface Windows {
  /** Least-squares slope of the live heap over time, bytes/s. */
  readonly slope: number;
  /** The smallest live heap per quarter of the time span (null for an empty one), before the envelope. */
  readonly floors: (number | null)[];
  /** Cycles in the second half (by count) whose goal was judged, and pinned. */
  readonly judged: number;
  readonly pinned: number;
  readonly exact: boolean;
}

export class CycleWindows {
  private n = 0;
  private t = new Float64Array(1024);
  private live = new Float64Array(1024);
  private code = new Uint8Array(1024);
  private buckets: Buckets | undefined;
  private firstT = 0;
  private lastT = 0;
  // Running co-moments for the slope once cycles are no longer kept (Welford).
  private mt = 0;
  private ml = 0;
  private ctl = 0;
  private ctt = 0;

  constructor(private readonly exactCycles = EXACT_CYCLES) {}

  add(t: number, live: number, code: GoalCode): void {
    if (this.n === 0) this.firstT = t;
    this.lastT = t;
    this.n++;
    const dt = t - this.mt;
    this.mt += dt / this.n;
    this.ml += (live - this.ml) / this.n;
    this.ctl += dt * (live - this.ml);
    this.ctt += dt * (t - this.mt);
    if (this.buckets) return this.buckets.add(t, live, code);
    const i = this.n - 1;
    if (i === this.t.length) {
      if (i >= this.exactCycles) {
        this.buckets = this.toBuckets();
        return this.buckets.add(t, live, code);
      }
      this.grow(Math.min(this.exactCycles, i * 2));
    }
    this.t[i] = t;
    this.live[i] = live;
    this.code[i] = code;
  }

  get cycles(): number {
    return this.n;
  }

  /** Numbers held: per-cycle slots while exact, buckets after. */
  get heldSlots(): number {
    return this.buckets ? this.buckets.slots : this.t.length;
  }

  result(windows: number): Windows {
    if (this.buckets) return this.buckets.result(windows, this.n, this.firstT, this.lastT, this.slope()); // prettier-ignore
    const n = this.n;
    const t = this.t.subarray(0, n);
    const live = this.live.subarray(0, n);
    const floors = new Array<number | null>(windows).fill(null);
    const span = n > 0 ? this.lastT - this.firstT : 0;
    for (let i = 0; i < n; i++) {
      const w = windowOf(t[i] as number, this.firstT, span, windows);
      if (w < 0) continue;
      const f = floors[w];
      const v = live[i] as number;
      floors[w] = f === null || f === undefined ? v : Math.min(f, v);
    }
    let judged = 0;
    let pinned = 0;
    for (let i = Math.max(1, n >> 1); i < n; i++) {
      const c = this.code[i] as number;
      if (c > 0) judged++;
      if (c === 2) pinned++;
    }
    return { slope: leastSquares(t, live).b, floors, judged, pinned, exact: true };
  }

  private slope(): number {
    return this.ctt === 0 ? 0 : this.ctl / this.ctt;
  }

  private grow(size: number): void {
    const t = new Float64Array(size);
    const live = new Float64Array(size);
    const code = new Uint8Array(size);
    t.set(this.t);
    live.set(this.live);
    code.set(this.code);
    [this.t, this.live, this.code] = [t, live, code];
  }

  private toBuckets(): Buckets {
    const kept = this.n - 1;
    const b = new Buckets(this.firstT, Math.max(this.t[kept - 1] as number, this.firstT));
    for (let i = 0; i < kept; i++) b.add(this.t[i] as number, this.live[i] as number, this.code[i] as GoalCode); // prettier-ignore
    [this.t, this.live, this.code] = [new Float64Array(0), new Float64Array(0), new Uint8Array(0)];
    return b;
  }
}

/** The quarter (of `windows`) of the span a time falls in; -1 (not counted) before the first cycle. */
function windowOf(t: number, t0: number, span: number, windows: number): number {
  if (!(span > 0)) return 0;
  return Math.min(windows - 1, Math.floor(((t - t0) / span) * windows));
}

class Buckets {
  private readonly count = new Float64Array(TIME_BUCKETS);
  private readonly min = new Float64Array(TIME_BUCKETS).fill(Infinity);
  private readonly judged = new Float64Array(TIME_BUCKETS);
  private readonly pinned = new Float64Array(TIME_BUCKETS);
  private width: number;

  constructor(
    private readonly origin: number,
    last: number,
  ) {
    // The cycles so far fill half the buckets, so the width doubles seldom.
    this.width = Math.max((last - origin) / (TIME_BUCKETS / 2), 1e-9);
  }

  get slots(): number {
    return TIME_BUCKETS;
  }

  add(t: number, live: number, code: GoalCode): void {
    let k = Math.max(0, Math.floor((t - this.origin) / this.width));
    while (k >= TIME_BUCKETS) {
      this.merge();
      k = Math.floor((t - this.origin) / this.width);
    }
    this.count[k] = (this.count[k] as number) + 1;
    if (live < (this.min[k] as number)) this.min[k] = live;
    if (code > 0) this.judged[k] = (this.judged[k] as number) + 1;
    if (code === 2) this.pinned[k] = (this.pinned[k] as number) + 1;
  }

  private merge(): void {
    const half = TIME_BUCKETS / 2;
    for (let k = 0; k < half; k++) {
      const [a, b] = [2 * k, 2 * k + 1];
      this.count[k] = (this.count[a] as number) + (this.count[b] as number);
      this.min[k] = Math.min(this.min[a] as number, this.min[b] as number);
      this.judged[k] = (this.judged[a] as number) + (this.judged[b] as number);
      this.pinned[k] = (this.pinned[a] as number) + (this.pinned[b] as number);
    }
    this.count.fill(0, half);
    this.min.fill(Infinity, half);
    this.judged.fill(0, half);
    this.pinned.fill(0, half);
    this.width *= 2;
  }

  result(windows: number, n: number, t0: number, last: number, slope: number): Windows {
    const floors = new Array<number | null>(windows).fill(null);
    const span = last - t0;
    const half = Math.max(1, n >> 1);
    let before = 0;
    let judged = 0;
    let pinned = 0;
    for (let k = 0; k < TIME_BUCKETS; k++) {
      const c = this.count[k] as number;
      if (c === 0) continue;
      const w = Math.max(0, windowOf(this.origin + (k + 0.5) * this.width, t0, span, windows));
      const f = floors[w];
      const m = this.min[k] as number;
      floors[w] = f === null || f === undefined ? m : Math.min(f, m);
      // The share of this bucket's cycles at index >= half.
      const share = Math.min(1, Math.max(0, (before + c - half) / c));
      judged += (this.judged[k] as number) * share;
      pinned += (this.pinned[k] as number) * share;
      before += c;
    }
    return { slope, floors, judged: Math.round(judged), pinned: Math.round(pinned), exact: false };
  }
}
