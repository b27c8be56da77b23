import { choose, normalCdf } from "./benchstat-math.js";

/**
 * The two-sided Mann-Whitney U test as benchstat runs it
 * (github.com/aclements/go-moremath stats/utest.go MannWhitneyUTest with
 * LocationDiffers, and stats/udist.go for the exact distribution): ranks
 * with ties at their average rank; the exact U distribution up to 50
 * samples per side without ties (Mann and Whitney's recurrence) or 25 with
 * ties (Cheung and Klotz's counts over the tie vector); above that, the
 * normal approximation with tie and continuity corrections.
 */

export interface UTestResult {
  readonly n1: number;
  readonly n2: number;
  /** U of the first sample, ties counted as 0.5. */
  readonly u: number;
  readonly p: number;
}

/** stats.ErrSamplesEqual and ErrSampleSize, as benchstat prints them. */
export const SAMPLES_EQUAL = "all samples are equal";
export const SAMPLE_TOO_SMALL = "sample is too small";

export function mannWhitneyUTest(
  x1: readonly number[],
  x2: readonly number[],
): UTestResult | { readonly error: string } {
  const n1 = x1.length;
  const n2 = x2.length;
  if (n1 === 0 || n2 === 0) return { error: SAMPLE_TOO_SMALL };
  const { merged, labels } = labeledMerge(sorted(x1), sorted(x2));

  let R1 = 0.0;
  const T: number[] = [];
  let hasTies = false;
  for (let i = 0; i < merged.length;) {
    const rank1 = i + 1;
    const v1 = merged[i];
    let nx1 = 0;
    for (; i < merged.length && merged[i] === v1; i++) if (labels[i] === 1) nx1++;
    if (nx1 !== 0) R1 += ((i + rank1) / 2) * nx1;
    T.push(i - rank1 + 1);
    if (i > rank1) hasTies = true;
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const Usmall = Math.min(U1, U2);

  let p: number;
  if ((!hasTies && n1 <= 50 && n2 <= 50) || (hasTies && n1 <= 25 && n2 <= 25)) {
    if (T.length === 1) return { error: SAMPLES_EQUAL };
    // The distribution is symmetric; at its center, doubling the CDF would
    // count the mass at Usmall twice.
    p = U1 === U2 ? 1 : uCdf(n1, n2, T, Usmall) * 2;
  } else {
    const t = T.reduce((s, x) => s + x * x * x - x, 0);
    const N = n1 + n2;
    const mu = (n1 * n2) / 2;
    const sigma = Math.sqrt((n1 * n2 * (N + 1 - t / (N * (N - 1)))) / 12);
    if (sigma === 0) return { error: SAMPLES_EQUAL };
    let numer = U1 - mu;
    numer -= Math.sign(numer) * 0.5;
    const z = numer / sigma;
    p = 2 * Math.min(normalCdf(0, 1, z), 1 - normalCdf(0, 1, z));
  }
  return { n1, n2, u: U1, p };
}

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Merges two sorted lists; on equal values the second list's comes first. */
function labeledMerge(x1: number[], x2: number[]): { merged: number[]; labels: number[] } {
  const merged: number[] = [];
  const labels: number[] = [];
  let i = 0;
  let j = 0;
  const take = (v: number | undefined, label: number) => {
    merged.push(v ?? 0);
    labels.push(label);
  };
  while (i < x1.length && j < x2.length) {
    if ((x1[i] ?? 0) < (x2[j] ?? 0)) take(x1[i++], 1);
    else take(x2[j++], 2);
  }
  for (; i < x1.length; i++) take(x1[i], 1);
  for (; j < x2.length; j++) take(x2[j], 2);
  return { merged, labels };
}

/** UDist.CDF. */
function uCdf(N1: number, N2: number, T: readonly number[], U: number): number {
  if (U < 0) return 0;
  if (U >= N1 * N2) return 1;
  if (T.some((t) => t > 1)) {
    const twoU = Math.trunc(2 * U);
    const memo = makeUmemo(twoU, N1, T);
    const p = memo[T.length]?.get(key(N1, twoU));
    if (p === undefined) throw new Error("makeUmemo did not return the expected table");
    return p / choose(N1 + N2, N1);
  }
  let Ui = Math.floor(U);
  // Symmetric around N1*N2/2: sum the smaller tail.
  const flip = Ui >= Math.trunc((N1 * N2 + 1) / 2);
  if (flip) Ui = N1 * N2 - Ui - 1;
  const pdfs = uPmfs(N1, N2, Ui);
  let p = 0.0;
  for (let u = 0; u <= Ui; u++) p += pdfs[u] ?? 0;
  return flip ? 1 - p : p;
}

/**
 * UDist.p: P(U = u) for u in 0..U without ties, by Mann and Whitney's
 * recurrence p[n,m](U) = (n p[n-1,m](U-m) + m p[n,m-1](U)) / (n+m), kept one
 * row of (n, m) at a time and overwritten in place from the largest U down.
 */
function uPmfs(N1: number, N2: number, U: number): Float64Array {
  let N = N1;
  let M = N2;
  if (N > M) [N, M] = [M, N];
  const memo: Float64Array[] = [];
  for (let n = 0; n <= N; n++) memo.push(new Float64Array(U + 1));
  for (let m = 0; m <= M; m++) {
    (memo[0] as Float64Array)[0] = 1;
    const nlim = Math.min(N, m);
    for (let n = 1; n <= nlim; n++) {
      const lp = memo[n - 1] as Float64Array;
      const rp = (n <= m - 1 ? memo[n] : memo[m - 1]) as Float64Array;
      const ulim = Math.min(U, n * m);
      const out = memo[n] as Float64Array;
      const nplusm = n + m;
      for (let U1 = ulim; U1 >= 0; U1--) {
        const l = U1 - m >= 0 ? n * (lp[U1 - m] ?? 0) : 0.0;
        const r = m * (rp[U1] ?? 0);
        out[U1] = (l + r) / nplusm;
      }
    }
  }
  return memo[N] as Float64Array;
}

const key = (n1: number, twoU: number) => n1 * 0x10000 + twoU + 0x8000;

/**
 * udist.go makeUmemo (Cheung and Klotz 1997, "The Mann Whitney Wilcoxon
 * Distribution Using Linked Lists"): memo[k] maps (n1, 2U) to the number of
 * ways to place n1 first-sample values among the first k tie groups with a
 * statistic <= U. First walk the recurrence down from (K, n1, twoU) to find
 * the keys needed, then fill the counts from k = 2 up.
 */
function makeUmemo(twoU: number, n1: number, t: readonly number[]): Map<number, number>[] {
  const K = t.length;
  const tk = (i: number) => t[i] ?? 0;
  const a: number[] = new Array<number>(K + 1).fill(0);
  a[1] = tk(0);
  for (let k = 2; k <= K; k++) a[k] = (a[k - 1] ?? 0) + tk(k - 2) + tk(k - 1);
  const ak = (i: number) => a[i] ?? 0;

  type Entry = { n1: number; twoU: number };
  const A: Map<number, Entry & { v: number }>[] = [];
  for (let k = 0; k <= K; k++) A.push(new Map());
  const put = (k: number, e: Entry) => A[k]?.set(key(e.n1, e.twoU), { ...e, v: 0 });
  put(K, { n1, twoU });

  let tsum = t.reduce((s, x) => s + x, 0);
  for (let k = K - 1; k >= 2; k--) {
    tsum -= tk(k);
    for (const up of (A[k + 1] as Map<number, Entry>).values()) {
      const rkLow = Math.max(0, up.n1 - tsum);
      const rkHigh = Math.min(up.n1, tk(k));
      for (let rk = rkLow; rk <= rkHigh; rk++) {
        const twoUk = up.twoU - rk * (ak(k + 1) - 2 * up.n1 + rk);
        const n1k = up.n1 - rk;
        const sub = t.slice(0, k);
        if (twoUmin(n1k, sub, a) <= twoUk && twoUk <= twoUmax(n1k, sub, a)) {
          put(k, { n1: n1k, twoU: twoUk });
        }
      }
    }
  }

  if (K < 2) throw new Error("K < 2");
  const N_2 = tk(0) + tk(1);
  for (const e of (A[2] as Map<number, Entry & { v: number }>).values()) {
    let Asum = 0.0;
    const r2Low = Math.max(0, e.n1 - tk(0));
    const r2High = Math.trunc((e.twoU - e.n1 * (tk(0) - e.n1)) / N_2);
    for (let r2 = r2Low; r2 <= r2High; r2++) {
      Asum += choose(tk(0), e.n1 - r2) * choose(tk(1), r2);
    }
    e.v = Asum;
  }

  tsum = tk(0);
  for (let k = 3; k <= K; k++) {
    tsum += tk(k - 2);
    const below = A[k - 1] as Map<number, Entry & { v: number }>;
    for (const e of (A[k] as Map<number, Entry & { v: number }>).values()) {
      let Asum = 0.0;
      const rkLow = Math.max(0, e.n1 - tsum);
      const rkHigh = Math.min(e.n1, tk(k - 1));
      for (let rk = rkLow; rk <= rkHigh; rk++) {
        const twoUkm1 = e.twoU - rk * (ak(k) - 2 * e.n1 + rk);
        const n1km1 = e.n1 - rk;
        let x = below.get(key(n1km1, twoUkm1))?.v;
        if (x === undefined) {
          x = twoUmax(n1km1, t.slice(0, k - 1), a) < twoUkm1 ? choose(tsum, n1km1) : 0;
        }
        Asum += x * choose(tk(k - 1), rk);
      }
      e.v = Asum;
    }
  }
  return A.map((m) => new Map([...m].map(([k, e]) => [k, e.v])));
}

function twoUmin(n1: number, t: readonly number[], a: readonly number[]): number {
  let twoU = -n1 * n1;
  let n1k = n1;
  for (let k = 1; k <= t.length; k++) {
    const take = Math.min(n1k, t[k - 1] ?? 0);
    twoU += take * (a[k] ?? 0);
    n1k -= take;
  }
  return twoU;
}

function twoUmax(n1: number, t: readonly number[], a: readonly number[]): number {
  let twoU = -n1 * n1;
  let n1k = n1;
  for (let k = t.length; k > 0; k--) {
    const take = Math.min(n1k, t[k - 1] ?? 0);
    twoU += take * (a[k] ?? 0);
    n1k -= take;
  }
  return twoU;
}

/**
 * benchmath's uTestMinP (generated by its mktables.go): the smallest p the
 * test can give for two samples of n each, so the n needed to ever reach
 * significance at alpha.
 */
const U_TEST_MIN_P = [
  NaN, 1, 0.3333333333333333, 0.1, 0.02857142857142857, 0.007936507936507936,
  0.0021645021645021645, 0.0005827505827505828, 0.0001554001554001554, 4.113533525298231e-5,
]; // prettier-ignore

/** benchmath's uTestSamples: [">=", n] or [">", 9]. */
export function uTestSamples(alpha: number): readonly [string, number] {
  for (let n = 1; n < U_TEST_MIN_P.length; n++) {
    if ((U_TEST_MIN_P[n] ?? 1) <= alpha) return [">=", n];
  }
  return [">", U_TEST_MIN_P.length];
}
