import type { RawCycle } from "./cycle.js";

/**
 * The trace line of line.ts read straight from the log's bytes, without
 * decoding it: the fast path of GcTraceStream.writeBytes for a line that is
 * exactly one trace line. One pass splits the line into numbers (read with
 * readNumbers' digit arithmetic) and the bytes between them; the line is a
 * trace line when those bytes are, byte for byte, one of the shapes line.ts's
 * SHAPE accepts (each layout, with or without the leak-check marker, stacks
 * and globals, "(forced)") and only the time fields have decimals (the
 * seconds must). Anything else is left to the string path.
 */
interface Shape {
  /** The bytes between the numbers, 0 where a number stands. */
  readonly sep: Uint8Array;
  readonly nClock: number;
  readonly nCpu: number;
  readonly nHeap: number;
  /** Numbers that may have decimals (bit i: number i). */
  readonly decimals: number;
  readonly leak: boolean;
  /** How many numbers. */
  readonly count: number;
}

const NUM = 0 as const;
const MAX_NUMBERS = 24;
const MAX_SEP = 512;

function shape(clock: 3 | 5, cpu: 5 | 7, roots: boolean, leak: boolean, forced: boolean): Shape {
  const parts: (string | typeof NUM)[] = ["gc ", NUM, " @", NUM, "s ", NUM, "%"];
  if (leak) parts.push(" (checking for goroutine leaks)");
  parts.push(": ");
  for (let i = 0; i < clock; i++) parts.push(...(i ? ["+", NUM] : [NUM]));
  parts.push(" ms clock, ");
  const cpuSeps = cpu === 5 ? ["+", "/", "/", "+"] : ["+", "+", "+", "/", "/", "+"];
  parts.push(NUM, ...cpuSeps.flatMap((s) => [s, NUM]));
  parts.push(" ms cpu, ", NUM, "->", NUM, "->", NUM, " MB, ", NUM, " MB goal, ");
  if (roots) parts.push(NUM, " MB stacks, ", NUM, " MB globals, ");
  parts.push(NUM, " P");
  if (forced) parts.push(" (forced)");
  const bytes: number[] = [];
  for (const p of parts) bytes.push(...(p === NUM ? [0] : [...Buffer.from(p, "latin1")]));
  let decimals = 1 << 1;
  for (let i = 3; i < 3 + clock + cpu; i++) decimals |= 1 << i;
  return {
    sep: Uint8Array.from(bytes),
    nClock: clock,
    nCpu: cpu,
    nHeap: roots ? 6 : 4,
    decimals,
    leak,
    count: bytes.filter((x) => x === NUM).length,
  };
}

// Shapes by (number count, separator length): at most a few per key.
const SHAPES = new Map<number, Shape[]>();
for (const clock of [3, 5] as const)
  for (const cpu of [5, 7] as const)
    for (const roots of [false, true])
      for (const leak of [false, true])
        for (const forced of [false, true]) {
          const s = shape(clock, cpu, roots, leak, forced);
          const key = s.count * MAX_SEP + s.sep.length;
          SHAPES.set(key, [...(SHAPES.get(key) ?? []), s]);
        }

const NUMS = new Float64Array(MAX_NUMBERS);
const SEP = new Uint8Array(MAX_SEP);

// The shape of the last trace line: most lines of a log have it, and are checked against it as they are read.
let last: Shape | undefined;

// The record `reuse` returns: its arrays are overwritten by the next line.
const REUSED = {
  n: 0,
  at: 0,
  util: 0,
  leakCheck: false,
  clock: [] as number[],
  cpu: [] as number[],
  heap: [] as number[],
  procs: 0,
  forced: false,
};

/**
 * Reads b[at, to) as one whole trace line; undefined if it is anything else.
 * With `reuse`, the result is a shared record valid until the next call (for
 * a caller that only reads it).
 */
export function matchTraceBytes(
  b: Uint8Array,
  at: number,
  to: number,
  reuse = false,
): RawCycle | undefined {
  if (to - at >= MAX_SEP) return undefined;
  let found = last && scanAs(b, at, to, last);
  if (!found) {
    found = scan(b, at, to);
    if (!found) return undefined;
    last = found;
  }
  const cpuAt = 3 + found.nClock;
  const heapAt = cpuAt + found.nCpu;
  if (reuse) {
    const r = REUSED;
    r.n = NUMS[0] as number;
    r.at = NUMS[1] as number;
    r.util = NUMS[2] as number;
    r.leakCheck = found.leak;
    fill(r.clock, 3, cpuAt);
    fill(r.cpu, cpuAt, heapAt);
    fill(r.heap, heapAt, heapAt + found.nHeap);
    r.procs = NUMS[found.count - 1] as number;
    r.forced = b[to - 1] === 41;
    return r;
  }
  return {
    n: NUMS[0] as number,
    at: NUMS[1] as number,
    util: NUMS[2] as number,
    leakCheck: found.leak,
    clock: take(3, cpuAt),
    cpu: take(cpuAt, heapAt),
    heap: take(heapAt, heapAt + found.nHeap),
    procs: NUMS[found.count - 1] as number,
    forced: b[to - 1] === 41,
  };
}

/**
 * scan() with the shape known (the last line's, which most lines share):
 * the same reading, compared with the shape's bytes as it goes, in a loop
 * of its own (no per-byte test of whether there is a shape).
 */
function scanAs(b: Uint8Array, at: number, to: number, want: Shape): Shape | undefined {
  const w = want.sep;
  const wn = w.length;
  let k = 0;
  let s = 0;
  let frac = 0;
  for (let i = at; i < to;) {
    const c = b[i] as number;
    if (c < 48 || c > 57) {
      if (s >= wn || w[s++] !== c || c === NUM) return undefined;
      i++;
      continue;
    }
    if (k === MAX_NUMBERS || w[s] !== NUM) return undefined;
    i = readNumber(b, i, to, k);
    if (hadFraction) frac |= 1 << k;
    k++;
    s++;
  }
  if (s !== wn || (frac & ~want.decimals) !== 0 || (frac & 2) === 0) return undefined;
  return want;
}

/**
 * Splits b[at, to) into numbers (to NUMS) and the bytes between them
 * (gathered in SEP), and returns the shape they make, if any.
 */
function scan(b: Uint8Array, at: number, to: number): Shape | undefined {
  let k = 0;
  let s = 0;
  let frac = 0;
  for (let i = at; i < to;) {
    const c = b[i] as number;
    if (c < 48 || c > 57) {
      if (c === NUM) return undefined;
      SEP[s++] = c;
      i++;
      continue;
    }
    if (k === MAX_NUMBERS) return undefined;
    i = readNumber(b, i, to, k);
    if (hadFraction) frac |= 1 << k;
    k++;
    SEP[s++] = NUM;
  }
  const found = SHAPES.get(k * MAX_SEP + s)?.find((sh) => same(sh.sep, s));
  if (!found || (frac & ~found.decimals) !== 0 || (frac & 2) === 0) return undefined;
  return found;
}

// Whether the number readNumber last read had decimals (a second result, without an object).
let hadFraction = false;

/** Reads the number that starts at b[i] (a digit) into NUMS[k]; returns the index after it. */
function readNumber(b: Uint8Array, i: number, to: number, k: number): number {
  const start = i;
  let c = b[i] as number;
  let v = 0;
  let scale = 1;
  let digits = 0;
  do {
    v = v * 10 + (c - 48);
    digits++;
    c = ++i < to ? (b[i] as number) : -1;
  } while (c >= 48 && c <= 57);
  hadFraction = c === 46 && i + 1 < to && isDigit(b[i + 1] as number);
  if (hadFraction) {
    c = b[++i] as number;
    do {
      v = v * 10 + (c - 48);
      scale *= 10;
      digits++;
      c = ++i < to ? (b[i] as number) : -1;
    } while (c >= 48 && c <= 57);
  }
  // As readNumbers: below 2^53 both are exact, so the division rounds once.
  NUMS[k] = digits > 15 ? longNumber(b, start, i) : v / scale;
  return i;
}

function same(sep: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (sep[i] !== SEP[i]) return false;
  return true;
}

function take(from: number, to: number): number[] {
  const out = new Array<number>(to - from);
  for (let i = from; i < to; i++) out[i - from] = NUMS[i] as number;
  return out;
}

function fill(out: number[], from: number, to: number): void {
  // Setting an array's length is a runtime call; most lines keep the last length.
  if (out.length !== to - from) out.length = to - from;
  for (let i = from; i < to; i++) out[i - from] = NUMS[i] as number;
}

function longNumber(b: Uint8Array, from: number, to: number): number {
  return Number(String.fromCharCode(...b.subarray(from, to)));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
