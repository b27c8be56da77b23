/**
 * Go's fmt verbs %.Nf and %.Ng for doubles, digit for digit. Go rounds the
 * exact binary value half to even; JavaScript's toFixed/toPrecision round
 * ties up (1/32 = 3.125% prints 3.12% in Go, 3.13% in JS), and %g has its own
 * exponent rules. pprof's percentages go through these verbs.
 */

/** x >= 0 as an exact decimal: x == int / 10^scale. */
function exactDecimal(x: number): { int: bigint; scale: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  return e >= 0
    ? { int: mant << BigInt(e), scale: 0 }
    : { int: mant * 5n ** BigInt(-e), scale: -e };
}

/** int / 10^drop, ties to even. */
function roundHalfEven(int: bigint, drop: number): bigint {
  if (drop <= 0) return int * 10n ** BigInt(-drop);
  const p = 10n ** BigInt(drop);
  const q = int / p;
  const r = int % p;
  const half = p / 2n;
  return r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
}

/** fmt.Sprintf("%.<prec>f", x) for finite x. */
export function goFixed(x: number, prec: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const { int, scale } = exactDecimal(Math.abs(x));
  let s = roundHalfEven(int, scale - prec)
    .toString()
    .padStart(prec + 1, "0");
  if (prec > 0) s = `${s.slice(0, -prec)}.${s.slice(-prec)}`;
  return (neg ? "-" : "") + s;
}

/** fmt.Sprintf("%.<prec>g", x) for finite x >= 0. */
export function goG(x: number, prec: number): string {
  if (x === 0) return "0";
  const { int, scale } = exactDecimal(x);
  const nd = int.toString().length;
  let exp10 = nd - 1 - scale;
  let q = roundHalfEven(int, nd - prec);
  if (q.toString().length > prec) {
    q /= 10n; // a carry: 0.996 -> 1.0
    exp10 += 1;
  }
  const digits = q.toString().replace(/0+$/, "") || "0";
  if (exp10 < -4 || exp10 >= prec) {
    const ae = Math.abs(exp10);
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : (digits[0] ?? "0");
    return `${mant}e${exp10 < 0 ? "-" : "+"}${ae < 10 ? `0${ae}` : ae}`;
  }
  if (exp10 >= 0) {
    const ip = digits.slice(0, exp10 + 1).padEnd(exp10 + 1, "0");
    const fp = digits.slice(exp10 + 1);
    return fp ? `${ip}.${fp}` : ip;
  }
  return `0.${"0".repeat(-exp10 - 1)}${digits}`;
}
