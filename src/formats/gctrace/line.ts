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
 * This is the fast path, a scanner over char codes that makes no substrings:
 * logs run to millions of lines. Split or damaged lines go to pieces.ts.
 */

/** A trace line's fields and where it ends in the line (the rest is other output). */
export interface LineMatch {
  readonly raw: RawCycle;
  readonly end: number;
}

const LEAK = " (checking for goroutine leaks)";
const FORCED = " (forced)";
// Separators between the CPU values, "+" as 1 and "/" as 2, one base-3 digit
// each: Go ≥ 1.6 a+b/c/d+e, Go 1.5 a+b+c+d/e/f+g.
const CPU_SEPS = [sepCode("+//+"), sepCode("+++//+")];

function sepCode(seps: string): number {
  let code = 0;
  for (const c of seps) code = code * 3 + (c === "+" ? 1 : 2);
  return code;
}

/** Parses a whole trace line starting at `at`, or returns undefined. */
export function matchTraceAt(line: string, at: number): LineMatch | undefined {
  const s = new Scanner(line, at);
  if (!s.lit("gc ")) return undefined;
  const n = s.num();
  if (!s.lit(" @")) return undefined;
  const time = s.num();
  if (!s.lit("s ")) return undefined;
  const util = s.num();
  if (!s.lit("%")) return undefined;
  const leakCheck = s.lit(LEAK);
  if (!s.lit(": ")) return undefined;
  const clock = s.list(false);
  if (clock.length !== 3 && clock.length !== 5) return undefined;
  if (!s.lit(" ms clock, ")) return undefined;
  const cpu = s.list(true);
  if (!CPU_SEPS.includes(s.seps) || !s.lit(" ms cpu, ")) return undefined;
  const heap = [s.num()];
  if (!s.lit("->")) return undefined;
  heap.push(s.num());
  if (!s.lit("->")) return undefined;
  heap.push(s.num());
  if (!s.lit(" MB, ")) return undefined;
  heap.push(s.num());
  if (!s.lit(" MB goal, ")) return undefined;
  let procs = s.num();
  if (s.lit(" MB stacks, ")) {
    heap.push(procs, s.num());
    if (!s.lit(" MB globals, ")) return undefined;
    procs = s.num();
  }
  if (!s.lit(" P") || Number.isNaN(s.bad)) return undefined;
  const forced = s.lit(FORCED);
  return {
    raw: { n, at: time, util, leakCheck, clock, cpu, heap, procs, forced },
    end: s.pos,
  };
}

/** Reads the line left to right; a failed number poisons `bad` with NaN. */
class Scanner {
  bad = 0;
  seps = 0;
  constructor(
    private readonly line: string,
    public pos: number,
  ) {}

  lit(s: string): boolean {
    const { line, pos } = this;
    for (let i = 0; i < s.length; i++) {
      if (line.charCodeAt(pos + i) !== s.charCodeAt(i)) return false;
    }
    this.pos = pos + s.length;
    return true;
  }

  /** An unsigned decimal as the runtime prints it: digits, optionally "." digits. */
  num(): number {
    const { line } = this;
    let i = this.pos;
    let v = 0;
    let digits = 0;
    for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
      v = v * 10 + (c - 48);
      digits++;
    }
    if (digits === 0) {
      this.bad = NaN;
      return NaN;
    }
    if (line.charCodeAt(i) === 46 && isDigit(line.charCodeAt(i + 1))) {
      let scale = 1;
      for (let c = line.charCodeAt(++i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
        v = v * 10 + (c - 48);
        scale *= 10;
        digits++;
      }
      // Both exact below 2^53, so the division rounds once, as parsing the text would.
      v = digits > 15 ? Number(line.slice(this.pos, i)) : v / scale;
    } else if (digits > 15) {
      v = Number(line.slice(this.pos, i));
    }
    this.pos = i;
    return v;
  }

  /** Numbers separated by "+" (and "/" when `slash`); the separators are coded into this.seps. */
  list(slash: boolean): number[] {
    const out = [this.num()];
    this.seps = 0;
    for (;;) {
      const c = this.line.charCodeAt(this.pos);
      const sep = c === 43 ? 1 : slash && c === 47 ? 2 : 0;
      if (sep === 0 || !isDigit(this.line.charCodeAt(this.pos + 1))) return out;
      this.seps = this.seps * 3 + sep;
      this.pos++;
      out.push(this.num());
    }
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Where a trace line may start in `line` from `from`: any "gc ", since the
 * GC number is a piece of its own and program output can separate them.
 */
export function findTraceStart(line: string, from: number): number {
  return line.indexOf("gc ", from);
}

/** "gc N @T" at the very start of a line: a trace line that must parse. */
export const STRONG_START = /^gc \d+ @\d/;
