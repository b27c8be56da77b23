import { ok, type Result } from "../../base/result.js";
import type { GcCycle, GcOtherLine, GcTrace } from "../../model/gctrace.js";
import { GcTraceStream, type GcTraceOptions } from "./stream.js";

export { classifyLine } from "./classify.js";
export {
  GcTraceStream,
  NO_TRACE,
  type GcTraceCounts,
  type GcTraceOptions,
  type GcTraceSink,
} from "./stream.js";

/**
 * `GODEBUG=gctrace=1` output (usually a program's stderr). A log without a
 * single trace line is not this format; lines that start like a trace line
 * but do not parse fail the parse ("line N: ..."), unless `lenient`.
 */
export function sniffGcTrace(text: string): boolean {
  return /gc \d+ @\d+\.\d+s \d+%/.test(text);
}

export function parseGcTrace(text: string, opts: GcTraceOptions = {}): Result<GcTrace> {
  const cycles: GcCycle[] = [];
  const other: GcOtherLine[] = [];
  const stream = new GcTraceStream(
    { cycle: (c) => cycles.push(c), other: (o) => other.push(o) },
    opts,
  );
  stream.write(text);
  const r = stream.end();
  if (!r.ok) return r;
  return ok({ cycles, other, lines: r.value.lines, layouts: r.value.layouts });
}
