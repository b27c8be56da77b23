/**
 * Small statistics the GC analyses share. Percentiles use the nearest-rank
 * method (the smallest value with at least p% of the values at or below it):
 * every percentile is a value that really occurred, so "p99 pause 1.2 ms"
 * names a real cycle's pause, and p100 is the maximum.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Ordinary least squares fit y = a + b·x; b is 0 for fewer than two distinct x. */
export function leastSquares(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): { a: number; b: number } {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return { a: 0, b: 0 };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  const b = den === 0 ? 0 : num / den;
  return { a: my - b * mx, b };
}

export const MiB = 1 << 20;

/**
 * A multiset of numbers in bounded memory, for nearest-rank percentiles and
 * medians over a stream. Values are counted exactly (value → count) while at
 * most `cap` distinct values have been seen: gctrace prints times with three
 * decimals and a few significant digits, so a long trace repeats a small set
 * of pauses and intervals, and every percentile is exact. Past the cap the
 * counts move to logarithmic buckets of ratio HIST_RATIO: a percentile is
 * then a bucket's middle, within HIST_ERROR of the value it stands for
 * (relative; 0 stays exact), and `exact` turns false.
 */
export class ValueCounts {
  private counts = new Map<number, number>();
  private exactMode = true;
  private n = 0;
  private maxV = -Infinity;

  constructor(private readonly cap = VALUE_CAP) {}

  add(v: number): void {
    this.n++;
    if (v > this.maxV) this.maxV = v;
    const key = this.exactMode ? v : bucketOf(v);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.exactMode && this.counts.size > this.cap) this.toBuckets();
  }

  get size(): number {
    return this.n;
  }

  /** Distinct values (or buckets) held: the structure's size. */
  get distinct(): number {
    return this.counts.size;
  }

  get exact(): boolean {
    return this.exactMode;
  }

  /** The largest value added (always exact); 0 when empty. */
  max(): number {
    return this.n === 0 ? 0 : this.maxV;
  }

  /** Nearest-rank percentile, as percentile() on the sorted values. */
  percentile(p: number): number {
    if (this.n === 0) return 0;
    const rank = Math.min(this.n, Math.max(1, Math.ceil((p / 100) * this.n)));
    return this.at(rank);
  }

  /** The median, as median() on the values (the mean of the middle two for an even count). */
  median(): number {
    if (this.n === 0) return 0;
    const mid = (this.n >> 1) + 1;
    return this.n % 2 ? this.at(mid) : (this.at(mid - 1) + this.at(mid)) / 2;
  }

  /** The value of 1-based rank `rank` in ascending order. */
  private at(rank: number): number {
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.counts.get(k) as number;
      if (seen >= rank) return this.exactMode ? k : bucketValue(k);
    }
    return this.exactMode ? this.maxV : bucketValue(bucketOf(this.maxV));
  }

  private toBuckets(): void {
    const old = this.counts;
    this.counts = new Map();
    this.exactMode = false;
    for (const [v, c] of old) {
      const key = bucketOf(v);
      this.counts.set(key, (this.counts.get(key) ?? 0) + c);
    }
  }
}

/** Distinct values ValueCounts keeps exactly. */
export const VALUE_CAP = 65536;
/** Ratio of consecutive histogram bucket bounds past the cap... */
export const HIST_RATIO = 1 + 1 / 128;
/** ...and the largest relative error of a value read back from a bucket. */
export const HIST_ERROR = (HIST_RATIO - 1) / (HIST_RATIO + 1);
const LOG_RATIO = Math.log(HIST_RATIO);
// Bucket keys: 0 for 0, ±(i + OFFSET) for a value of magnitude in [r^i, r^(i+1)).
const OFFSET = 1 << 20;

function bucketOf(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? 0 : v;
  const i = Math.floor(Math.log(Math.abs(v)) / LOG_RATIO) + OFFSET;
  return v > 0 ? i : -i;
}

/** The middle (harmonic, so the relative error is at most HIST_ERROR both ways) of a bucket. */
function bucketValue(key: number): number {
  if (key === 0 || !Number.isFinite(key)) return key;
  const i = Math.abs(key) - OFFSET;
  const lo = Math.exp(i * LOG_RATIO);
  const mid = (2 * lo * HIST_RATIO) / (1 + HIST_RATIO);
  return key > 0 ? mid : -mid;
}
