import type { RawCycle } from "./cycle.js";

/**
 * The trace line of line.ts read straight from the log's bytes, without
 * decoding it to a string: the fast path of GcTraceStream.writeBytes for
 * lines that are exactly one trace line. It accepts what line.ts's SHAPE
 * accepts at the start of a line and reads the same numbers (the same digit
 * arithmetic as readNumbers); anything else is left to the string path.
 */
export interface ByteMatch {
  readonly raw: RawCycle;
  /** Index just after the trace line. */
  readonly end: number;
}

const lit = (s: string): Uint8Array => new TextEncoder().encode(s);
const LEAK = lit(" (checking for goroutine leaks)");
const MS_CLOCK = lit(" ms clock, ");
const MS_CPU = lit(" ms cpu, ");
const MB = lit(" MB, ");
const MB_GOAL = lit(" MB goal, ");
const MB_STACKS = lit(" MB stacks, ");
const MB_GLOBALS = lit(" MB globals, ");
const P = lit(" P");
const FORCED = lit(" (forced)");

const INT = 0;
const DEC = 1; // \d+(?:\.\d+)?
const SEC = 2; // \d+\.\d+

// The value of the last number read (a module variable: no object per number).
let value = 0;

/** Matches a trace line at b[at] that ends at or before `to`; undefined if it is not one. */
export function matchTraceBytes(b: Uint8Array, at: number, to: number): ByteMatch | undefined {
  let i = at;
  if (b[i] !== 103 || b[i + 1] !== 99 || b[i + 2] !== 32) return undefined; // "gc "
  if ((i = num(b, i + 3, to, INT)) < 0) return undefined;
  const n = value;
  if (b[i] !== 32 || b[i + 1] !== 64) return undefined; // " @"
  if ((i = num(b, i + 2, to, SEC)) < 0) return undefined;
  const atS = value;
  if (b[i] !== 115 || b[i + 1] !== 32) return undefined; // "s "
  if ((i = num(b, i + 2, to, INT)) < 0 || b[i] !== 37) return undefined; // "%"
  const util = value;
  i++;
  const leakCheck = b[i] === 32;
  if (leakCheck && (i = word(b, i, to, LEAK)) < 0) return undefined;
  if (b[i] !== 58 || b[i + 1] !== 32) return undefined; // ": "
  const clock: number[] = [];
  if ((i = series(b, i + 2, to, clock)) < 0 || (lastSeps() !== PLUS3 && lastSeps() !== PLUS5)) return undefined; // prettier-ignore
  if ((i = word(b, i, to, MS_CLOCK)) < 0) return undefined;
  const cpu: number[] = [];
  if ((i = series(b, i, to, cpu)) < 0) return undefined;
  const cs = lastSeps();
  if (!(cpu.length === 5 ? cs === CPU5 : cpu.length === 7 && cs === CPU7)) return undefined;
  if ((i = word(b, i, to, MS_CPU)) < 0) return undefined;
  const heap: number[] = [];
  for (const sep of [ARROW, ARROW, MB, MB_GOAL]) {
    if ((i = num(b, i, to, INT)) < 0) return undefined;
    heap.push(value);
    if ((i = word(b, i, to, sep)) < 0) return undefined;
  }
  if ((i = num(b, i, to, INT)) < 0) return undefined;
  let procs = value;
  const stacks = word(b, i, to, MB_STACKS);
  if (stacks >= 0) {
    heap.push(procs);
    if ((i = num(b, stacks, to, INT)) < 0) return undefined;
    heap.push(value);
    if ((i = word(b, i, to, MB_GLOBALS)) < 0 || (i = num(b, i, to, INT)) < 0) return undefined;
    procs = value;
  }
  if ((i = word(b, i, to, P)) < 0) return undefined;
  const f = word(b, i, to, FORCED);
  const forced = f >= 0;
  if (forced) i = f;
  return {
    raw: { n, at: atS, util, leakCheck, clock, cpu, heap, procs, forced },
    end: i,
  };
}

const ARROW = lit("->");
// The separators of a series, one bit per separator ('/' = 1), last one lowest, with a leading 1.
let seps = 0;
const lastSeps = (): number => seps;
const PLUS3 = 0b100; // + +
const PLUS5 = 0b10000; // + + + +
const CPU5 = 0b1_0110; // + / / +
const CPU7 = 0b1_000110; // + + + / / +

/** Numbers joined by '+' or '/' (at most 8); the separators go to `seps` ('+' only: seps = 2^(k-1)). */
function series(b: Uint8Array, i: number, to: number, out: number[]): number {
  seps = 1;
  for (;;) {
    if ((i = num(b, i, to, DEC)) < 0) return -1;
    out.push(value);
    const c = b[i];
    if ((c !== 43 && c !== 47) || out.length === 8) return i;
    seps = (seps << 1) | (c === 47 ? 1 : 0);
    i++;
  }
}

function word(b: Uint8Array, i: number, to: number, w: Uint8Array): number {
  if (i + w.length > to) return -1;
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w[k]) return -1;
  return i + w.length;
}

/** A number at b[i] (INT, DEC or SEC); its value goes to `value`; returns the index after it or -1. */
function num(b: Uint8Array, i: number, to: number, kind: number): number {
  const start = i;
  let v = 0;
  let scale = 1;
  let digits = 0;
  let c = i < to ? (b[i] as number) : -1;
  for (; c >= 48 && c <= 57; c = ++i < to ? (b[i] as number) : -1) {
    v = v * 10 + (c - 48);
    digits++;
  }
  if (digits === 0) return -1;
  const frac = c === 46 && i + 1 < to && isDigit(b[i + 1] as number);
  if (kind === SEC && !frac) return -1;
  if (kind !== INT && frac) {
    for (c = b[++i] as number; c >= 48 && c <= 57; c = ++i < to ? (b[i] as number) : -1) {
      v = v * 10 + (c - 48);
      scale *= 10;
      digits++;
    }
  }
  // As line.ts readNumbers: below 2^53 both are exact, so the division rounds once.
  value = digits > 15 ? Number(String.fromCharCode(...b.subarray(start, i))) : v / scale;
  return i;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
