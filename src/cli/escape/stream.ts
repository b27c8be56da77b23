import path from "node:path";
import { InputError } from "../../base/errors.js";
import { escapeFindings, SummaryCounter } from "../../analyze/escape-findings.js";
import { attachFuncs, EscapeTextParser, type GoSourceFile } from "../../formats/escape/index.js";
import { scanGoFuncs, scanGoImports, type GoFunc } from "../../formats/gosource/index.js";
import type { Result } from "../../base/result.js";
import type { EscapeMessage } from "../../model/escape.js";
import {
  ESCAPE_SCHEMA,
  escapeCountsText,
  escapeFindingsText,
  messageJson,
} from "../../report/escape.js";
import { readTextChunks } from "../../toolchain/files.js";
import { fullCollector } from "../../toolchain/heap.js";
import type { CommandContext } from "../context.js";
import { memberItemJson } from "./json-out.js";
import { findingsFilter, type ViewOptions } from "./views.js";
import { readSource } from "./load.js";

/** A streamed log has no size limit of its own; this only stops a runaway pipe. */
const MAX_STREAM_BYTES = 2 ** 40;
/** Input between full collections, which happen at a package's end (src/toolchain/heap.ts). */
const COLLECT_EVERY_CHARS = 16e6;

/**
 * `--from-log` for the report views (text and --json), in memory bounded by
 * the largest package rather than the log: the log is read in chunks, and
 * each package, when it ends (the next `# pkg` header, or the end of
 * input), gets its function names from the sources its messages point at,
 * is classified, filtered and sorted (heap findings first, then by file,
 * line, column), written out and dropped. Packages come in log order; the
 * counts (by kind, scenario, package, function) are running sums, printed
 * after the findings. Input without `# pkg` headers (go tool compile output)
 * is one package: a change of directory does not start a new one, since a
 * package's generic instantiations and inlined bodies are printed at their
 * own files (slices/slices.go inside crypto/tls).
 */
export async function streamEscapeLog(
  ctx: CommandContext,
  file: string,
  cwd: string,
  o: ViewOptions,
): Promise<void> {
  const filter = findingsFilter(o);
  const counter = new SummaryCounter();
  const notes: string[] = [];
  let reportMessages = 0;
  let unrecognized = 0;
  const out = new Output(ctx);
  const files = new SourceScans(cwd);
  const collect = fullCollector();
  let read = 0;
  let collectedAt = 0;
  let ended = false;
  const onPackage = (pkg: string, messages: EscapeMessage[]): void => {
    reportMessages += messages.length;
    for (const m of messages) if (m.kind === "unrecognized") unrecognized++;
    const sources = files.referenced(messages);
    const named = attachFuncs({ messages, other: [], otherLines: 0 }, sources, {
      baseDir: cwd,
      globalPrefix: "init",
      scan: (s, start) => files.funcs(s, start),
    });
    notes.push(...named.problems);
    const imports = new Set<string>();
    for (const s of sources) for (const n of files.imports(s)) imports.add(n);
    const funcs = new Set<string>();
    for (const fs of named.funcs.values())
      for (const f of fs) if (!f.name.includes(".")) funcs.add(f.name);
    const r = escapeFindings(named.report, { ctx: { imports, funcs }, filter });
    counter.add(r.findings);
    out.package(pkg, r.findings);
    ended = true;
  };
  const parser = new EscapeTextParser({ baseDir: cwd, onPackage });
  let rest = "";
  await readTextChunks(file, MAX_STREAM_BYTES, (chunk) => {
    if (chunk.includes("\0")) throw new InputError(file, "binary data, not compiler output");
    let start = 0;
    const text = rest + chunk;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      parser.push(text.slice(start, nl));
      start = nl + 1;
      // Right after a package ended (at the next one's header), when
      // nothing of it is referenced and nothing of the next is built yet.
      if (ended) {
        ended = false;
        if (read + start - collectedAt >= COLLECT_EVERY_CHARS) {
          collectedAt = read + start;
          collect();
        }
      }
    }
    rest = text.slice(start);
    read += text.length - rest.length;
  });
  if (rest !== "") parser.push(rest);
  const end = parser.finish();
  if (end.diagnostics === 0) {
    const first = end.other.find((l) => l.what === "unknown");
    throw new InputError(
      file,
      first
        ? `not compiler -m output: no diagnostic in ${end.otherLines} lines (line ${first.line}: ${JSON.stringify(first.text.slice(0, 80))})`
        : "no compiler diagnostics in it (want go build -gcflags=-m output)",
    );
  }
  out.finish({
    summary: counter.summary(),
    reportMessages,
    unrecognized,
    otherLines: end.otherLines,
  });
  for (const note of notes) ctx.io.stderr.write(`memsnap: note: ${note}\n`);
}

const SCANS_KEPT = 4096;

/**
 * The .go files packages point at, read and scanned once for many packages
 * (generic and inlined code puts slices/slices.go, strings/... into most of
 * std's packages): the scans of the last SCANS_KEPT files are kept, not
 * their text, so memory stays bounded by the source tree.
 */
class SourceScans {
  private readonly readable = new Map<string, boolean>();
  private readonly scans = new Map<string, Result<readonly GoFunc[]>>();
  private readonly importNames = new Map<string, ReadonlySet<string>>();

  constructor(private readonly cwd: string) {}

  /** The readable sources of a package's messages; each file is read only when a scan needs it. */
  referenced(messages: readonly EscapeMessage[]): GoSourceFile[] {
    const paths = new Set<string>();
    for (const m of messages) if (m.pos.path.endsWith(".go")) paths.add(m.pos.path);
    const out: GoSourceFile[] = [];
    for (const p of paths) {
      const abs = path.resolve(this.cwd, p);
      let text: string | undefined;
      if (!this.readable.has(abs)) {
        text = readSource(abs)?.text;
        keep(this.readable, abs, text !== undefined);
      }
      if (this.readable.get(abs) !== true) continue;
      out.push({
        path: abs,
        get text(): string {
          text ??= readSource(abs)?.text ?? "";
          return text;
        },
      });
    }
    return out;
  }

  funcs(s: GoSourceFile, globalStart: number): Result<readonly GoFunc[]> {
    const k = `${s.path}\0${globalStart}`;
    let r = this.scans.get(k);
    if (!r) keep(this.scans, k, (r = scanGoFuncs(s.text, { globalPrefix: "init" }, globalStart)));
    return r;
  }

  imports(s: GoSourceFile): ReadonlySet<string> {
    let r = this.importNames.get(s.path);
    if (!r) keep(this.importNames, s.path, (r = scanGoImports(s.text)));
    return r;
  }
}

/** Adds to a map that forgets its oldest entry past SCANS_KEPT. */
function keep<V>(m: Map<string, V>, k: string, v: V): void {
  m.set(k, v);
  if (m.size > SCANS_KEPT) m.delete(m.keys().next().value as string);
}

type Findings = ReturnType<typeof escapeFindings>["findings"];
interface Totals {
  readonly summary: ReturnType<SummaryCounter["summary"]>;
  readonly reportMessages: number;
  readonly unrecognized: number;
  readonly otherLines: number;
}

/**
 * Writes the view as packages arrive. JSON: the memsnap/escape@1 document
 * with `messages` before `summary` (indented as JSON.stringify(doc, null, 2)
 * would); text: each package's block, then the counts.
 */
class Output {
  private started = false;
  private buf = "";
  private first = true;

  constructor(private readonly ctx: CommandContext) {}

  package(_pkg: string, findings: Findings): void {
    if (findings.length === 0) return;
    if (!this.ctx.json) {
      this.write(
        escapeFindingsText(findings, this.ctx.style).replace(/^\n/, this.started ? "\n" : ""),
      );
      this.started = true;
      return;
    }
    this.start();
    for (const f of findings) {
      this.buf += (this.first ? "\n" : ",\n") + memberItemJson(messageJson(f));
      this.first = false;
      if (this.buf.length >= 1 << 20) this.flush();
    }
  }

  finish(t: Totals): void {
    if (!this.ctx.json) {
      this.write((this.started ? "\n" : "") + escapeCountsText({ ...t }, this.ctx.style));
      return;
    }
    this.start();
    const summary = {
      messages: t.summary.total,
      heap: t.summary.heap,
      reportMessages: t.reportMessages,
      unrecognized: t.unrecognized,
      otherLines: t.otherLines,
      byKind: t.summary.byKind,
      byTrap: t.summary.byTrap,
      byPackage: t.summary.byPackage.map(({ pkg, heap, total }) => ({ pkg, heap, total })),
      byFunc: t.summary.byFunc,
    };
    const tail = JSON.stringify({ summary }, null, 2).slice(1); // '\n  "summary": {...}\n}'
    this.buf += (this.first ? "]" : "\n  ]") + "," + tail + "\n";
    this.flush();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const head = JSON.stringify({ schema: ESCAPE_SCHEMA, goVersion: null }, null, 2);
    this.buf += head.slice(0, -2) + ',\n  "messages": [';
  }

  private write(s: string): void {
    if (s !== "") this.ctx.io.stdout.write(s);
  }

  private flush(): void {
    this.write(this.buf);
    this.buf = "";
  }
}
