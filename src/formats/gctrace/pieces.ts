import type { GcTraceLayout } from "../../model/gctrace.js";
import type { RawCycle } from "./cycle.js";

/**
 * A trace line matched piece by piece, the way the runtime writes it. Its
 * print() sends every string and number as a write of its own
 * (runtime/print.go: gwrite -> writeErr), so output of other threads on the
 * same stderr can land between any two pieces, newlines included:
 *
 *   gc 11 @0.012s 13%: ... 0.19+0.045/0.069/0+0.079 ms cpu, 6partial1 ->6->3worker 1 at 7000
 *    MB, 7 MB goal, 0 MB stacks, 0 MB globals, 2 P
 *
 * (real output of a program printing from four goroutines). With gaps
 * allowed, the matcher skips such foreign text: a literal piece is searched
 * for further on the line, then on the next lines; a number must follow its
 * predecessor directly, or be followed directly by its own successor, or
 * start a line. Without gaps it is a strict parser that says where it failed.
 */
type Piece =
  | { readonly kind: "lit"; readonly s: string; readonly optional?: "leak" | "forced" }
  | { readonly kind: "num"; readonly re: RegExp };

const INT = { kind: "num", re: /\d+/y } as const;
const SECONDS = { kind: "num", re: /\d+\.\d+/y } as const;
const MS = { kind: "num", re: /\d+(?:\.\d+)?/y } as const;
const lit = (s: string): Piece => ({ kind: "lit", s });

function template(layout: GcTraceLayout): readonly Piece[] {
  const five = layout === "go1.5";
  const clock = five
    ? [MS, lit("+"), MS, lit("+"), MS, lit("+"), MS, lit("+"), MS]
    : [MS, lit("+"), MS, lit("+"), MS];
  const cpu = five
    ? [MS, lit("+"), MS, lit("+"), MS, lit("+"), MS, lit("/"), MS, lit("/"), MS, lit("+"), MS]
    : [MS, lit("+"), MS, lit("/"), MS, lit("/"), MS, lit("+"), MS];
  const roots = layout === "go1.18" ? [INT, lit(" MB stacks, "), INT, lit(" MB globals, ")] : [];
  return [
    lit("gc "), INT, lit(" @"), SECONDS, lit("s "), INT, lit("%"),
    { kind: "lit", s: " (checking for goroutine leaks)", optional: "leak" },
    lit(": "), ...clock, lit(" ms clock, "), ...cpu, lit(" ms cpu, "),
    INT, lit("->"), INT, lit("->"), INT, lit(" MB, "), INT, lit(" MB goal, "), ...roots,
    INT, lit(" P"), { kind: "lit", s: " (forced)", optional: "forced" },
  ]; // prettier-ignore
}

const TEMPLATES: Readonly<Record<GcTraceLayout, readonly Piece[]>> = {
  "go1.5": template("go1.5"),
  "go1.6": template("go1.6"),
  "go1.18": template("go1.18"),
};

/** A consumed range of one line: [line index, from, to). */
export type Span = readonly [number, number, number];

export type PieceMatch =
  | { readonly ok: true; readonly raw: RawCycle; readonly spans: readonly Span[] }
  | { readonly ok: false; readonly li: number; readonly col: number; readonly expected: string };

export interface MatchLimits {
  /** Lines after the first that a split line may continue on. */
  readonly maxLines: number;
  /** Characters of foreign text a split line may contain. */
  readonly maxGap: number;
}

/** Matches `layout`'s pieces from lines[li] at col; gaps only when limits are given. */
export function matchPieces(
  lines: readonly string[],
  li: number,
  col: number,
  layout: GcTraceLayout,
  limits?: MatchLimits,
): PieceMatch {
  const pieces = TEMPLATES[layout];
  const values: string[] = [];
  const flags = { leak: false, forced: false };
  const spans: Span[] = [];
  const lastLine = Math.min(lines.length - 1, li + (limits?.maxLines ?? 0));
  let gap = 0;
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p] as Piece;
    if (piece.kind === "lit" && piece.optional) {
      if ((lines[li] ?? "").startsWith(piece.s, col)) {
        flags[piece.optional] = true;
        spans.push([li, col, col + piece.s.length]);
        col += piece.s.length;
      }
      continue;
    }
    // Once this line's time is read, a later time marks another trace line.
    const barrier = values.length >= 2 ? NEXT_TRACE : TRACE_START;
    const at = locate(
      lines,
      li,
      col,
      lastLine,
      piece,
      pieces[p + 1],
      limits !== undefined,
      barrier,
    );
    if (!at) return { ok: false, li, col, expected: describe(piece) };
    gap += at.li === li ? at.from - col : (lines[li] ?? "").length - col + at.from;
    for (let k = li + 1; k < at.li; k++) gap += (lines[k] ?? "").length;
    if (gap > (limits?.maxGap ?? 0)) return { ok: false, li, col, expected: describe(piece) };
    spans.push([at.li, at.from, at.to]);
    if (piece.kind === "num") values.push((lines[at.li] ?? "").slice(at.from, at.to));
    [li, col] = [at.li, at.to];
  }
  return { ok: true, raw: toRaw(layout, values, flags), spans };
}

interface Found {
  readonly li: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Where `piece` is, from lines[li] at col. A literal is the first occurrence
 * on this line or a later one. A number is taken, in this order: right at
 * col; then line by line: at the start of a later line (the rest of the
 * previous one was foreign), or at the start of a word and followed directly
 * by the next literal (foreign text before it); last, the first word-start on
 * this line (foreign text on both sides of it). Later lines end at one that
 * holds the start of another trace line.
 */
function locate(
  lines: readonly string[],
  li: number,
  col: number,
  lastLine: number,
  piece: Piece,
  next: Piece | undefined,
  gaps: boolean,
  barrier: RegExp,
): Found | undefined {
  const line = lines[li] ?? "";
  if (piece.kind === "lit") {
    if (line.startsWith(piece.s, col)) return { li, from: col, to: col + piece.s.length };
    if (!gaps) return undefined;
    for (let k = li, from = col; k <= lastLine; k++, from = 0) {
      const l = lines[k] ?? "";
      if (k > li && barrier.test(l)) return undefined;
      const i = l.indexOf(piece.s, from);
      if (i >= 0) return { li: k, from: i, to: i + piece.s.length };
    }
    return undefined;
  }
  const here = numberAt(line, col, piece.re);
  if (here || !gaps) return here && { li, ...here };
  const followed = (l: string) => (m: { to: number }) =>
    next?.kind === "lit" && l.startsWith(next.s, m.to);
  for (let k = li; k <= lastLine; k++) {
    const l = lines[k] ?? "";
    if (k > li && barrier.test(l)) break;
    const m = k > li ? numberAt(l, 0, piece.re) : undefined;
    if (m) return { li: k, ...m };
    const glued = searchNumber(l, k > li ? 0 : col, piece.re, followed(l));
    if (glued) return { li: k, ...glued };
  }
  const word = searchNumber(line, col, piece.re, () => true);
  return word && { li, ...word };
}

/** The start of a trace line: never inside another one's foreign text (the runtime prints them under printlock). */
export const TRACE_START = /gc \d+ @\d/;
const NEXT_TRACE = /gc \d+ @\d|@\d+\.\d+s \d+%/;

function searchNumber(
  line: string,
  col: number,
  re: RegExp,
  accept: (m: { to: number }) => boolean,
): { from: number; to: number } | undefined {
  for (let i = col + 1; i < line.length; i++) {
    if (isDigit(line.charCodeAt(i)) && !isWordChar(line.charCodeAt(i - 1))) {
      const m = numberAt(line, i, re);
      if (m && accept(m)) return m;
    }
  }
  return undefined;
}

function numberAt(line: string, at: number, re: RegExp): { from: number; to: number } | undefined {
  re.lastIndex = at;
  return re.test(line) ? { from: at, to: re.lastIndex } : undefined;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
// A number piece starts after foreign text, never inside a word or a number of it.
const isWordChar = (c: number): boolean =>
  isDigit(c) || c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function describe(piece: Piece): string {
  if (piece.kind === "lit") return JSON.stringify(piece.s);
  return piece === INT ? "an integer" : "a number";
}

function toRaw(
  layout: GcTraceLayout,
  text: string[],
  flags: { leak: boolean; forced: boolean },
): RawCycle {
  const v = text.map(Number);
  const nClock = layout === "go1.5" ? 5 : 3;
  const nCpu = layout === "go1.5" ? 7 : 5;
  const nHeap = layout === "go1.18" ? 6 : 4;
  const cpuAt = 3 + nClock;
  const heapAt = cpuAt + nCpu;
  return {
    n: v[0] ?? NaN,
    at: v[1] ?? NaN,
    util: v[2] ?? NaN,
    leakCheck: flags.leak,
    clock: v.slice(3, cpuAt),
    cpu: v.slice(cpuAt, heapAt),
    heap: v.slice(heapAt, heapAt + nHeap),
    procs: v[heapAt + nHeap] ?? NaN,
    forced: flags.forced,
  };
}
