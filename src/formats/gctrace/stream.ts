import { fail, ok, type Result } from "../../base/result.js";
import type { GcCycle, GcOtherLine, GcTraceLayout } from "../../model/gctrace.js";
import { classifyLine } from "./classify.js";
import { matchTraceBytes } from "./bytes.js";
import { buildCycle, CYCLE_FIELDS, cycleFields, fieldsOf } from "./cycle.js";
import { findTraceStart, matchTraceAt, STRONG_START } from "./line.js";
import { matchPieces, TRACE_START, type MatchLimits, type Span } from "./pieces.js";

export interface GcTraceSink {
  /** Each cycle, in log order (unless `fields` is given). */
  cycle?(c: GcCycle): void;
  /**
   * Each cycle instead as a flat record (cycle.ts F; reused for the next
   * cycle, so read it, do not keep it): no object per cycle.
   */
  fields?(f: Float64Array, layout: GcTraceLayout): void;
  /**
   * Every line or fragment that is not part of a trace line. Without it, a
   * byte stream (writeBytes) does not even decode the program's lines.
   */
  other?(o: GcOtherLine): void;
  /** "malformed" lines (lenient mode), when `other` is not given. */
  malformed?(o: GcOtherLine): void;
}

export interface GcTraceOptions {
  /**
   * Keep a line that starts like a trace line but does not parse as a
   * "malformed" other line instead of failing (for live output, where a
   * killed process leaves a truncated last line).
   */
  readonly lenient?: boolean;
}

export interface GcTraceCounts {
  readonly lines: number;
  readonly cycles: number;
  readonly layouts: readonly GcTraceLayout[];
}

export const NO_TRACE = "no gctrace lines found";

// A split trace line continues on at most this many lines, with this much
// foreign text inside it; beyond that it is not reassembled.
const LIMITS: MatchLimits = { maxLines: 32, maxGap: 8192 };
// A longer line without a newline is passed on in pieces, so memory stays bounded.
const MAX_LINE = 1 << 20;
const LAYOUTS: readonly GcTraceLayout[] = ["go1.18", "go1.6", "go1.5"];
const GC = Buffer.from("gc ");
const RECORD = new Float64Array(CYCLE_FIELDS);

/**
 * Parses a gctrace log as it arrives, in chunks, with memory independent of
 * its length: cycles and other lines go to the sink as soon as they are
 * known (a line that may continue on the next ones waits for at most
 * LIMITS.maxLines more lines).
 */
export class GcTraceStream {
  private partial = "";
  private queue: string[] = [];
  private head = 0;
  /** Line number of queue[head]. */
  private lineNo = 1;
  private cycles = 0;
  private readonly layouts: GcTraceLayout[] = [];
  private error: string | undefined;
  private partialBytes: Buffer | undefined;

  constructor(
    private readonly sink: GcTraceSink,
    private readonly opts: GcTraceOptions = {},
  ) {}

  write(chunk: string): void {
    if (this.error !== undefined) return;
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
      const piece = chunk.slice(from, nl);
      this.push(this.partial ? this.partial + piece : piece);
      this.partial = "";
      from = nl + 1;
    }
    this.partial += chunk.slice(from);
    if (this.partial.length > MAX_LINE) {
      this.sink.other?.({ line: this.lineNo + this.queue.length - this.head, kind: "program", text: this.partial, fragment: true }); // prettier-ignore
      this.partial = "";
    }
    this.drain(false);
  }

  /**
   * The same as write() for a log read as bytes (UTF-8), without decoding
   * it: a line that is exactly one trace line is read from its bytes, a line
   * without "gc " is only counted unless the sink takes other lines, and
   * every other line takes the string path. Use one of write and writeBytes
   * per stream.
   */
  writeBytes(chunk: Uint8Array): void {
    if (this.error !== undefined) return;
    let from = 0;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // For long lines: the next "gc " in the chunk (-1: none, -2: not searched yet).
    let gc = -2;
    for (let nl = buf.indexOf(10, from); nl >= 0; nl = buf.indexOf(10, from)) {
      if (this.partialBytes) {
        const line = Buffer.concat([this.partialBytes, buf.subarray(from, nl)]);
        this.partialBytes = undefined;
        this.lineBytes(line, 0, line.length, line.indexOf(GC) >= 0);
      } else if (nl - from < 256) {
        // Short lines: a scan here costs less than a call into indexOf.
        this.lineBytes(buf, from, nl, hasGc(buf, from, nl));
      } else {
        if (gc === -2 || (gc >= 0 && gc < from)) gc = buf.indexOf(GC, from);
        this.lineBytes(buf, from, nl, gc >= 0 && gc < nl);
      }
      from = nl + 1;
      if (this.error !== undefined) return;
    }
    if (from < buf.length) {
      const rest = buf.subarray(from);
      this.partialBytes = this.partialBytes ? Buffer.concat([this.partialBytes, rest]) : Buffer.from(rest); // prettier-ignore
      if (this.partialBytes.length > MAX_LINE) {
        const text = this.partialBytes.toString("utf8");
        this.partialBytes = undefined;
        this.sink.other?.({ line: this.lineNo + this.queue.length - this.head, kind: "program", text, fragment: true }); // prettier-ignore
      }
    }
  }

  /** One line of a byte stream, b[from, to) without its newline. */
  private lineBytes(b: Buffer, from: number, to: number, hasGc: boolean): void {
    if (to > from && b[to - 1] === 13) to--;
    if (this.head === this.queue.length) {
      if (!hasGc) {
        if (this.sink.other) this.emitOther(0, b.toString("utf8", from, to), false);
        this.lineNo++;
        return;
      }
      // A flat-record sink keeps nothing of the raw line: it may be reused.
      const raw = b[from] === 103 ? matchTraceBytes(b, from, to, !!this.sink.fields) : undefined;
      if (raw && this.sink.fields) {
        const layout = cycleFields(raw, this.lineNo, false, RECORD);
        if (layout.ok) {
          this.counted(layout.value);
          this.sink.fields(RECORD, layout.value);
          this.lineNo++;
          return;
        }
      } else if (raw) {
        const c = buildCycle(raw, this.lineNo, false);
        if (c.ok) {
          this.emitWhole(c, "", 0, 0);
          this.lineNo++;
          return;
        }
      }
    }
    this.queue.push(b.toString("utf8", from, to));
    this.drain(false);
  }

  /** Flushes the last line; fails when the log held no trace line at all. */
  end(): Result<GcTraceCounts> {
    if (this.partialBytes && this.error === undefined) {
      const line = this.partialBytes;
      this.partialBytes = undefined;
      this.lineBytes(line, 0, line.length, line.indexOf(GC) >= 0);
    }
    if (this.partial) this.push(this.partial);
    this.partial = "";
    this.drain(true);
    if (this.error !== undefined) return fail(this.error);
    if (this.cycles === 0) return fail(NO_TRACE);
    return ok({ lines: this.lineNo - 1, cycles: this.cycles, layouts: this.layouts });
  }

  private push(line: string): void {
    this.queue.push(line.endsWith("\r") ? line.slice(0, -1) : line);
  }

  private drain(final: boolean): void {
    while (this.head < this.queue.length && this.error === undefined) {
      const used = this.handle(final);
      if (used === 0) break;
      this.head += used;
      this.lineNo += used;
    }
    if (this.head > 1024 || this.head === this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Handles the line at the head of the queue; returns how many lines it used (0: wait). */
  private handle(final: boolean): number {
    const line = this.queue[this.head] ?? "";
    for (let at = findTraceStart(line, 0); at >= 0; at = findTraceStart(line, at + 1)) {
      const m = matchTraceAt(line, at);
      if (m) {
        this.emitWhole(buildCycle(m.raw, this.lineNo, false), line, at, m.end);
        return 1;
      }
      if (!final && this.queue.length - this.head <= LIMITS.maxLines) return 0;
      const used = this.recover(at);
      if (used > 0) return used;
    }
    if (STRONG_START.test(line)) this.malformed(line, this.problem(line));
    else this.emitOther(0, line, false);
    return 1;
  }

  /** Reassembles a trace line split by foreign output; returns the lines it spans, 0 if none. */
  private recover(at: number): number {
    const window = this.queue.slice(this.head, this.head + 1 + LIMITS.maxLines);
    for (const layout of this.layoutOrder()) {
      const pm = matchPieces(window, 0, at, layout, LIMITS);
      if (!pm.ok || crossesTraceStart(window, pm.spans)) continue;
      const last = pm.spans[pm.spans.length - 1]?.[0] ?? 0;
      const built = buildCycle(pm.raw, this.lineNo, !contiguous(pm.spans));
      if (!built.ok) continue;
      this.emitCycle(built, pm.spans, ...window.slice(0, last + 1));
      return last + 1;
    }
    return 0;
  }

  /** The common case: a trace line on one line, maybe with other output before or after it. */
  private emitWhole(c: Result<GcCycle>, line: string, from: number, to: number): void {
    if (!c.ok) return this.malformed(line, c.error);
    this.counted(c.value.layout);
    this.deliver(c.value);
    if (from > 0) this.emitOther(0, line.slice(0, from), true);
    if (to < line.length) this.emitOther(0, line.slice(to), true);
  }

  private emitCycle(c: Result<GcCycle>, spans: readonly Span[], ...lines: string[]): void {
    if (!c.ok) return this.malformed(lines[0] ?? "", c.error);
    this.counted(c.value.layout);
    this.deliver(c.value);
    lines.forEach((line, li) => {
      const mine = spans.filter((s) => s[0] === li);
      if (mine.length === 0) return this.emitOther(li, line, false);
      let col = 0;
      for (const [, from, to] of mine) {
        if (from > col) this.emitOther(li, line.slice(col, from), true);
        col = to;
      }
      if (col < line.length) this.emitOther(li, line.slice(col), true);
    });
  }

  private counted(layout: GcTraceLayout): void {
    this.cycles++;
    if (this.layouts[this.layouts.length - 1] !== layout && !this.layouts.includes(layout)) {
      this.layouts.push(layout);
    }
  }

  private deliver(c: GcCycle): void {
    if (!this.sink.fields) return this.sink.cycle?.(c);
    fieldsOf(c, RECORD);
    this.sink.fields(RECORD, c.layout);
  }

  private emitOther(li: number, text: string, fragment: boolean): void {
    if (!this.sink.other) return;
    this.sink.other({ line: this.lineNo + li, kind: classifyLine(text), text, fragment });
  }

  private malformed(line: string, problem: string): void {
    if (!this.opts.lenient) {
      this.error = `line ${this.lineNo}: ${problem}`;
      return;
    }
    const o: GcOtherLine = { line: this.lineNo, kind: "malformed", text: line, fragment: false, problem }; // prettier-ignore
    if (this.sink.other) this.sink.other(o);
    else this.sink.malformed?.(o);
  }

  /** Why a line that starts like a trace line is not one, from the strict parse that got furthest. */
  private problem(line: string): string {
    let best = { col: -1, expected: "", rest: "" };
    for (const layout of this.layoutOrder()) {
      const pm = matchPieces([line], 0, 0, layout);
      if (pm.ok) {
        const built = buildCycle(pm.raw, this.lineNo, false);
        if (!built.ok) return built.error;
        continue;
      }
      if (pm.col > best.col) best = { ...pm, rest: line.slice(pm.col) };
    }
    // Cut at the end, or inside a piece: "...4->" or "...2." or "... M".
    const lit = best.expected.startsWith('"') ? (JSON.parse(best.expected) as string) : "";
    if (best.rest === "" || best.rest === "." || (lit !== "" && lit.startsWith(best.rest))) {
      return `truncated gctrace line: it ends after ${JSON.stringify(line.slice(-32))}`;
    }
    return `malformed gctrace line: expected ${best.expected} at column ${best.col + 1}`;
  }

  /** The layout seen last first: a split line most likely has the layout of its neighbours. */
  private layoutOrder(): readonly GcTraceLayout[] {
    const last = this.layouts[this.layouts.length - 1];
    return last ? [last, ...LAYOUTS.filter((l) => l !== last)] : LAYOUTS;
  }
}

/** Whether b[from, to) holds "gc ". */
function hasGc(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i + 2 < to; i++) {
    if (b[i] === 103 && b[i + 1] === 99 && b[i + 2] === 32) return true;
  }
  return false;
}

/** Foreign text never holds the start of another trace line: the runtime prints them under printlock. */
function crossesTraceStart(lines: readonly string[], spans: readonly Span[]): boolean {
  let [li, col] = [spans[0]?.[0] ?? 0, spans[0]?.[2] ?? 0];
  for (const [l, from, to] of spans.slice(1)) {
    const gap = l === li ? (lines[li] ?? "").slice(col, from) : (lines[li] ?? "").slice(col) + "\n" + lines.slice(li + 1, l).join("\n") + "\n" + (lines[l] ?? "").slice(0, from); // prettier-ignore
    if (TRACE_START.test(gap)) return true;
    [li, col] = [l, to];
  }
  return false;
}

function contiguous(spans: readonly Span[]): boolean {
  return spans.every(
    (s, i) => i === 0 || (s[0] === spans[i - 1]?.[0] && s[1] === spans[i - 1]?.[2]),
  );
}
