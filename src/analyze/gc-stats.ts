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
  xs: readonly number[],
  ys: readonly number[],
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
