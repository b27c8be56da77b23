import type { RawCycle } from "./cycle.js";

/**
 * One gctrace line, as runtime/mgc.go (gcMarkTermination) prints it:
 *
 *   gc 12 @3.141s 4%: 0.021+1.2+0.030 ms clock, 0.084+0.35/1.1/2.2+0.12 ms cpu,
 *   4->5->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 4 P (forced)
 *
 * (one line). Go 1.5 prints five clock and seven CPU values, Go ≤ 1.17 no
 * stacks/globals, Go 1.26 may add " (checking for goroutine leaks)" after the
 * percentage. Every release prints sizes as `x>>20` followed by " MB".
 *
 * This is the fast path (logs run to millions of lines); split or damaged
 * lines go to pieces.ts.
 */

/** A trace line's fields and where it ends in the line (the rest is other output). */
export interface LineMatch {
  readonly raw: RawCycle;
  readonly end: number;
}

// Validates a whole line in native code; the numbers are then read by a
// digit scan, which needs no literal comparisons once the shape is known.
const N = String.raw`\d+(?:\.\d+)?`;
const SHAPE = new RegExp(
  String.raw`gc \d+ @\d+\.\d+s \d+%(?: \(checking for goroutine leaks\))?: ` +
    String.raw`${N}\+${N}\+${N}(?:\+${N}\+${N})? ms clock, ` +
    String.raw`(?:${N}\+${N}\/${N}\/${N}\+${N}|${N}\+${N}\+${N}\+${N}\/${N}\/${N}\+${N}) ms cpu, ` +
    String.raw`\d+->\d+->\d+ MB, \d+ MB goal, (?:\d+ MB stacks, \d+ MB globals, )?\d+ P(?: \(forced\))?`,
  "y",
);

/** Parses a whole trace line starting at `at`, or returns undefined. */
export function matchTraceAt(line: string, at: number): LineMatch | undefined {
  SHAPE.lastIndex = at;
  if (!SHAPE.test(line)) return undefined;
  const end = SHAPE.lastIndex;
  const v = readNumbers(line, at, end);
  const clockEnd = line.indexOf(" ms clock", at);
  const cpuEnd = line.indexOf(" ms cpu", clockEnd);
  const nClock = countBefore(line, at, clockEnd) - 3;
  const nCpu = countBefore(line, clockEnd, cpuEnd);
  const heapAt = 3 + nClock + nCpu;
  const nHeap = v.length - heapAt - 1;
  return {
    raw: {
      n: v[0] as number,
      at: v[1] as number,
      util: v[2] as number,
      leakCheck: line.charCodeAt(line.indexOf("%", at) + 1) === 32,
      clock: v.slice(3, 3 + nClock),
      cpu: v.slice(3 + nClock, heapAt),
      heap: v.slice(heapAt, heapAt + nHeap),
      procs: v[v.length - 1] as number,
      forced: line.charCodeAt(end - 1) === 41,
    },
    end,
  };
}

/** Every unsigned decimal in line[from, to), in order. */
function readNumbers(line: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    let c = line.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const start = i;
    let v = 0;
    let scale = 1;
    let digits = 0;
    for (; c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
      v = v * 10 + (c - 48);
      digits++;
    }
    if (c === 46 && isDigit(line.charCodeAt(i + 1))) {
      for (c = line.charCodeAt(++i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
        v = v * 10 + (c - 48);
        scale *= 10;
        digits++;
      }
    }
    // Below 2^53 both are exact, so the division rounds once, as parsing the text would.
    out.push(digits > 15 ? Number(line.slice(start, i)) : v / scale);
  }
  return out;
}

/** How many numbers start in line[from, to). */
function countBefore(line: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57 && !isNumberChar(line.charCodeAt(i - 1))) n++;
  }
  return n;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNumberChar = (c: number): boolean => isDigit(c) || c === 46;

/**
 * Where a trace line may start in `line` from `from`: any "gc ", since the
 * GC number is a piece of its own and program output can separate them.
 */
export function findTraceStart(line: string, from: number): number {
  return line.indexOf("gc ", from);
}

/** "gc N @T" at the very start of a line: a trace line that must parse. */
export const STRONG_START = /^gc \d+ @\d/;
