import { fail, ok, type Result } from "../../base/result.js";
import type { BenchRun } from "../../model/bench.js";
import { BenchLines } from "./text.js";

/**
 * `go test -bench` output, as text or as `go test -json` events (test2json).
 * Not this format: no line that starts a benchmark result.
 */
export function sniffBench(text: string): boolean {
  if (isJsonEvents(text)) return /"Output":"Benchmark/.test(text);
  return /^Benchmark\S*\s+\d+\s/m.test(text);
}

export const NO_RESULTS = "no benchmark results found";

export function parseBench(text: string): Result<BenchRun> {
  return isJsonEvents(text) ? parseEvents(text) : parseText(text);
}

function isJsonEvents(text: string): boolean {
  return /^\s*\{"Time":|^\s*\{"Action":/.test(text);
}

function parseText(text: string): Result<BenchRun> {
  const r = new BenchLines();
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((l, i) => r.line(l.endsWith("\r") ? l.slice(0, -1) : l, i + 1));
  return finish(r.error, [r], "text");
}

interface Event {
  readonly Action?: unknown;
  readonly Package?: unknown;
  readonly Output?: unknown;
}

/**
 * test2json splits a result line over events ("BenchmarkJoin-2    \t", then
 * "     200\t 315.7 ns/op ...\n"), and output of parallel packages can
 * interleave: Output is joined back into lines per package, each line
 * numbered by the event that started it.
 */
function parseEvents(text: string): Result<BenchRun> {
  const readers = new Map<string, { r: BenchLines; partial: string; start: number }>();
  const stray = new BenchLines();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") continue;
    let e: Event;
    try {
      e = JSON.parse(raw) as Event;
    } catch {
      // go test prints build failures and the like as plain text among the events.
      stray.line(raw, i + 1);
      continue;
    }
    if (typeof e !== "object" || e === null) return fail(`line ${i + 1}: not a test2json event`);
    if (e.Action !== "output" || typeof e.Output !== "string") continue;
    const pkg = typeof e.Package === "string" ? e.Package : "";
    let p = readers.get(pkg);
    if (!p) readers.set(pkg, (p = { r: new BenchLines(pkg), partial: "", start: i + 1 }));
    if (p.partial === "") p.start = i + 1;
    p.partial += e.Output;
    for (let nl = p.partial.indexOf("\n"); nl >= 0; nl = p.partial.indexOf("\n")) {
      p.r.line(p.partial.slice(0, nl), p.start);
      p.partial = p.partial.slice(nl + 1);
      p.start = i + 1;
    }
  }
  for (const p of readers.values()) if (p.partial !== "") p.r.line(p.partial, p.start);
  const all = [...readers.values()].map((p) => p.r);
  return finish(
    all.find((r) => r.error !== undefined)?.error ?? stray.error,
    [stray, ...all],
    "json",
  );
}

function finish(
  error: string | undefined,
  readers: BenchLines[],
  format: BenchRun["format"],
): Result<BenchRun> {
  if (error !== undefined) return fail(error);
  const byLine = <T extends { line: number }>(pick: (r: BenchLines) => T[]): T[] =>
    readers.flatMap(pick).sort((a, b) => a.line - b.line);
  const run: BenchRun = {
    format,
    results: byLine((r) => r.results),
    failures: byLine((r) => r.failures),
    packages: byLine((r) => r.packages),
    other: byLine((r) => r.other),
  };
  if (run.results.length === 0 && run.failures.length === 0) return fail(NO_RESULTS);
  return ok(run);
}
