/**
 * The statistics benchstat uses, ported operation for operation from its
 * sources so that the numbers agree with what it prints:
 *   golang.org/x/perf benchmath/anone.go (AssumeNothing: median, its CI, U test)
 *   github.com/aclements/go-moremath stats/quantileci.go, stats/sample.go
 *   (Quantile, GeoMean), stats/binomdist.go, stats/normaldist.go, mathx/choose.go
 *   Go's math/lgamma.go and math/erf.go (for the few calls that reach them).
 * Exp and Log are JavaScript's; Go uses its own assembly for them on amd64,
 * so results that go through them (n > 20 in Choose, normal approximations,
 * the geomean) can differ in the last bit, far below what benchstat prints.
 */

/** stats.Sample.Quantile with benchstat's R8 estimator, on sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  if (q <= 0) return sorted[0] ?? NaN;
  if (q >= 1) return sorted[sorted.length - 1] ?? NaN;
  const N = sorted.length;
  const n = 1 / 3.0 + q * (N + 1 / 3.0); // R8
  const k = Math.trunc(n);
  const frac = n - k;
  if (k <= 0) return sorted[0] ?? NaN;
  if (k >= N) return sorted[N - 1] ?? NaN;
  const lo = sorted[k - 1] ?? NaN;
  return lo + frac * ((sorted[k] ?? NaN) - lo);
}

export interface QuantileCI {
  /** The actual confidence of [lo, hi], at least the one asked for. */
  readonly confidence: number;
  /** 1-based order statistics; 0 or n+1 stand for -∞ or +∞. */
  readonly loOrder: number;
  readonly hiOrder: number;
}

/**
 * stats.QuantileCI: the distribution-free confidence interval of a quantile
 * from order statistics. The number of samples below the population quantile
 * is Binomial(n, q); starting at its mode, add the more probable neighbour
 * (the left one on ties) until the mass reaches the confidence. Above n = 30,
 * the normal approximation with continuity correction, left-biased when that
 * still covers the level.
 */
export function quantileCI(n: number, q: number, confidence: number): QuantileCI {
  if (confidence >= 1) return { confidence: 1, loOrder: 0, hiOrder: n + 1 };
  let l: number;
  let r: number;
  let accum: number;
  if (n <= 30) {
    const pmf = (k: number) => binomialPmf(n, q, k);
    const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
    accum = pmf(x);
    l = x;
    r = x + 1;
    let lp = pmf(l - 1);
    let rp = pmf(r);
    while (accum < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = pmf(l - 1);
      } else {
        accum += rp;
        r++;
        rp = pmf(r);
      }
    }
  } else {
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const l1 = normalInvCdf(mu, sigma, (1 - confidence) / 2);
    const r1 = 2 * mu - l1;
    l = Math.floor(Math.floor(l1 - 0.5) + 0.5) + 1;
    r = Math.floor(Math.ceil(r1 - 0.5) + 0.5) + 1;
    const cdf = (a: number, b: number) =>
      normalCdf(mu, sigma, b - 0.5) - normalCdf(mu, sigma, a - 0.5);
    accum = cdf(l, r);
    const biased = cdf(l, r - 1);
    if (biased >= confidence && biased < accum) {
      accum = biased;
      r = r - 1;
    }
    if (l <= 0 && r >= n + 1) accum = 1;
  }
  return { confidence: accum, loOrder: Math.max(l, 0), hiOrder: Math.min(r, n + 1) };
}

/** BinomialDist.PMF. */
function binomialPmf(n: number, p: number, k: number): number {
  const ki = Math.floor(k);
  if (ki < 0 || ki > n) return 0;
  return choose(n, ki) * Math.pow(p, ki) * Math.pow(1 - p, n - ki);
}

const FACT = ((): bigint[] => {
  const f = [1n];
  for (let i = 1n; i <= 20n; i++) f.push((f[f.length - 1] ?? 1n) * i);
  return f;
})();

/** mathx.Choose: exact integers up to n = 20 (int64 in Go), exp(lgamma) above. */
export function choose(n: number, k: number): number {
  if (k === 0 || k === n) return 1;
  if (k < 0 || n < k) return 0;
  if (n <= 20) {
    let numer = 1n;
    for (let n1 = BigInt(n - (k - 1)); n1 <= BigInt(n); n1++) numer *= n1;
    return Number(numer / (FACT[k] ?? 1n));
  }
  return Math.exp(lgammaInt(n + 1) - lgammaInt(k + 1) - lgammaInt(n - k + 1));
}

// math/lgamma.go's _lgamW, for x >= 8.
const LGAM_W = [
  4.18938533204672725052e-1, 8.33333333333329678849e-2, -2.7777777772877553647e-3,
  7.936505586430195585e-4, -5.95187557450339963135e-4, 8.36339918996282139126e-4,
  -1.63092934096575273989e-3,
] as const; // prettier-ignore

/**
 * Go's math.Lgamma for an integer x >= 1, the only arguments Choose gives
 * it: 0 for 1 and 2, log((x-1)!) by its product for x < 8 (lgamma.go's
 * "2 <= x < 8" branch with y = 0), Stirling's series above.
 */
export function lgammaInt(x: number): number {
  if (x === 1 || x === 2) return 0;
  if (x < 8) {
    let z = 1.0;
    for (let i = Math.trunc(x) - 1; i >= 2; i--) z *= i;
    return Math.log(z);
  }
  const [w0, w1, w2, w3, w4, w5, w6] = LGAM_W;
  const t = Math.log(x);
  const z = 1 / x;
  const y = z * z;
  const w = w0 + z * (w1 + y * (w2 + y * (w3 + y * (w4 + y * (w5 + y * w6)))));
  return (x - 0.5) * (t - 1) + w;
}

/** NormalDist.CDF. */
export function normalCdf(mu: number, sigma: number, x: number): number {
  return erfc(-(x - mu) / (sigma * Math.SQRT2)) / 2;
}

/** NormalDist.InvCDF: Acklam's algorithm with one refinement step. */
export function normalInvCdf(mu: number, sigma: number, p: number): number {
  if (p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const [a1, a2, a3, a4, a5, a6] = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]; // prettier-ignore
  const [b1, b2, b3, b4, b5] = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]; // prettier-ignore
  const [c1, c2, c3, c4, c5, c6] = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]; // prettier-ignore
  const [d1, d2, d3, d4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]; // prettier-ignore
  const plow = 0.02425;
  const phigh = 1 - plow;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1); // prettier-ignore
  } else if (phigh < p) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1); // prettier-ignore
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1); // prettier-ignore
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x * sigma + mu;
}

/** stats.GeoMean: NaN unless every value is > 0. */
export function geoMean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0.0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? NaN;
    if (!(x > 0)) return NaN;
    m += (Math.log(x) - m) / (i + 1);
  }
  return Math.exp(m);
}

/** Go's math.Erfc (FreeBSD's s_erf.c). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  const sign = x < 0;
  if (sign) x = -x;
  if (x < 0.84375) {
    let temp: number;
    if (x < 2 ** -56) temp = x;
    else {
      const z = x * x;
      const r = 1.28379167095512558561e-1 + z * (-3.250421072470015e-1 + z * (-2.84817495755985104766e-2 + z * (-5.77027029648944159157e-3 + z * -2.37630166566501626084e-5))); // prettier-ignore
      const s = 1 + z * (3.97917223959155352819e-1 + z * (6.50222499887672944485e-2 + z * (5.08130628187576562776e-3 + z * (1.32494738004321644526e-4 + z * -3.9602282787753681232e-6)))); // prettier-ignore
      const y = r / s;
      temp = x < 0.25 ? x + x * y : 0.5 + (x * y + (x - 0.5));
    }
    return sign ? 1 + temp : 1 - temp;
  }
  const erx = 8.45062911510467529297e-1;
  if (x < 1.25) {
    const s = x - 1;
    const P = -2.36211856075265944077e-3 + s * (4.14856118683748331666e-1 + s * (-3.72207876035701323847e-1 + s * (3.18346619901161753674e-1 + s * (-1.10894694282396677476e-1 + s * (3.54783043256182359371e-2 + s * -2.166375594868790843e-3))))); // prettier-ignore
    const Q = 1 + s * (1.06420880400844228286e-1 + s * (5.40397917702171048937e-1 + s * (7.18286544141962662868e-2 + s * (1.26171219808761642112e-1 + s * (1.36370839120290507362e-2 + s * 1.1984499846799107417e-2))))); // prettier-ignore
    return sign ? 1 + erx + P / Q : 1 - erx - P / Q;
  }
  if (x < 28) {
    const s = 1 / (x * x);
    let R: number;
    let S: number;
    if (x < 1 / 0.35) {
      R = -9.86494403484714822705e-3 + s * (-6.93858572707181764372e-1 + s * (-1.05586262253232909814e1 + s * (-6.23753324503260060396e1 + s * (-1.62396669462573470355e2 + s * (-1.84605092906711035994e2 + s * (-8.12874355063065934246e1 + s * -9.81432934416914548592)))))); // prettier-ignore
      S = 1 + s * (1.96512716674392571292e1 + s * (1.376577541435190426e2 + s * (4.34565877475229228821e2 + s * (6.45387271733267880336e2 + s * (4.29008140027567833386e2 + s * (1.08635005541779435134e2 + s * (6.57024977031928170135 + s * -6.04244152148580987438e-2))))))); // prettier-ignore
    } else {
      if (sign && x > 6) return 2;
      R = -9.86494292470009928597e-3 + s * (-7.99283237680523006574e-1 + s * (-1.77579549177547519889e1 + s * (-1.60636384855821916062e2 + s * (-6.37566443368389627722e2 + s * (-1.02509513161107724954e3 + s * -4.83519191608651397019e2))))); // prettier-ignore
      S = 1 + s * (3.03380607434824582924e1 + s * (3.25792512996573918826e2 + s * (1.53672958608443695994e3 + s * (3.19985821950859553908e3 + s * (2.55305040643316442583e3 + s * (4.74528541206955367215e2 + s * -2.24409524465858183362e1)))))); // prettier-ignore
    }
    const z = highWord(x); // pseudo-single (20-bit) precision x
    const r = Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + R / S);
    return sign ? 2 - r / x : r / x;
  }
  return sign ? 2 : 0;
}

/** x with the low 32 bits of its representation cleared. */
function highWord(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setUint32(4, 0);
  return v.getFloat64(0);
}
