import { fail, ok, type Result } from "../../base/result.js";
import type {
  BuildLine,
  EscapeMessage,
  EscapePosition,
  EscapeReport,
  Explanation,
} from "../../model/escape.js";
import { attachExplanations, ExplanationBuilder } from "./explain.js";
import {
  pathNormalizer,
  parsePosition,
  splitPosition,
  UNKNOWN_POS,
  type PathNormalizer,
} from "./position.js";
import { parseExplanationLine, parseFinal, parseHeader, type Shape } from "./shapes.js";

export interface EscapeTextOptions {
  /** The directory go build ran in (or the package's): paths under it become relative. */
  readonly baseDir?: string;
  /** The package when the text has no "# pkg" header (go tool compile output). */
  readonly pkg?: string;
  /** Streaming: each message is handed over once its package is complete, and not kept. */
  readonly onMessage?: (m: EscapeMessage) => void;
  /**
   * Streaming by package: a package's messages, once it is complete (its
   * explanations attached), and not kept. A package ends at the next
   * `# pkg` header or at the end of input.
   */
  readonly onPackage?: (pkg: string, messages: EscapeMessage[]) => void;
}

/** Lines of go build output that are not diagnostics, kept up to this many (all are counted). */
export const MAX_OTHER_LINES = 1000;

/**
 * Reads `go build -gcflags=-m[=2]` output (with "# pkg" headers and paths
 * relative to the working directory) or bare `go tool compile -m` output,
 * line by line. Explanations (-m=2) are attached to the message they explain
 * when a package ends: the compiler prints them while it solves, before the
 * sorted final messages.
 */
export class EscapeTextParser {
  private readonly norm: PathNormalizer;
  private pkg: string;
  private lineNo = 0;
  private finals: EscapeMessage[] = [];
  private pending: ExplanationBuilder[] = [];
  private current: ExplanationBuilder | undefined;
  private readonly kept: EscapeMessage[] = [];
  private readonly other: BuildLine[] = [];
  private otherCount = 0;
  private diagnostics = 0;

  constructor(private readonly opts: EscapeTextOptions = {}) {
    this.norm = pathNormalizer(opts.baseDir);
    this.pkg = opts.pkg ?? "";
  }

  /** One line, without its newline (a trailing CR is ignored). */
  push(raw: string): void {
    this.lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const header = /^# (\S+)(?: \[\S+\])?$/.exec(line);
    if (header) {
      this.flush();
      this.pkg = header[1] ?? "";
      this.note(line, "package-header");
      return;
    }
    const sp = splitPosition(line);
    if (sp) {
      const pos: EscapePosition = {
        file: sp.file,
        path: sp.file === UNKNOWN_POS ? sp.file : this.norm(sp.file),
        line: sp.lineNo,
        column: sp.col,
      };
      this.positioned(pos, sp.body);
      return;
    }
    this.unpositioned(line);
  }

  /** Ends the input; returns what was not streamed. */
  finish(): EscapeReport & { readonly diagnostics: number; readonly otherLines: number } {
    this.flush();
    return {
      messages: this.kept,
      other: this.other,
      diagnostics: this.diagnostics,
      otherLines: this.otherCount,
    };
  }

  private positioned(pos: EscapePosition, body: string): void {
    this.diagnostics++;
    const ex = parseExplanationLine(body);
    if (ex) return this.explanationLine(pos, ex);
    this.current = undefined;
    const h = parseHeader(body);
    if (h && (h.type === "escape-header" || h.type === "leak-header")) {
      this.current = new ExplanationBuilder(body, h, pos);
      this.pending.push(this.current);
      return;
    }
    this.final(pos, body);
  }

  private explanationLine(pos: EscapePosition, s: Shape): void {
    let cur = this.current;
    if (
      !cur ||
      cur.pos.file !== pos.file ||
      cur.pos.line !== pos.line ||
      cur.pos.column !== pos.column
    ) {
      // A flow line without its header: keep it under a header-less explanation.
      cur = this.current = new ExplanationBuilder("", undefined, pos);
      this.pending.push(cur);
    }
    if (s.type === "flow") cur.flow(s, null);
    else if (s.type === "from") {
      const at = s.at === undefined ? null : parsePosition(s.at, this.norm);
      cur.step({ where: s.where, reason: s.reason, pos: at });
    } else if (s.type === "truncated") cur.markTruncated();
  }

  private final(pos: EscapePosition, body: string): void {
    const f = parseFinal(body);
    const chain: Explanation[] = [];
    const base = {
      pos,
      pkg: this.pkg,
      expr: f.expr,
      message: body,
      chain,
      source: "text" as const,
    };
    this.finals.push({ ...f.detail, ...base, ...(f.func === undefined ? {} : { func: f.func }) });
  }

  /**
   * A line without a position: build noise, or one of the few messages the
   * compiler prints for nodes without a position (seen in reflect: "moved to
   * heap: #next").
   */
  private unpositioned(line: string): void {
    if (line.trim() === "") return this.note(line, "blank");
    if (/^go: /.test(line)) return this.note(line, "go-command");
    if (/(^|\/|\s)(ld|collect2|gcc|clang|cc1|lld)(\.\w+)?: /.test(line))
      return this.note(line, "linker");
    const f = parseFinal(line);
    if (f.detail.kind !== "unrecognized" && f.detail.kind !== "compile-error") {
      this.current = undefined;
      this.diagnostics++;
      this.final({ file: UNKNOWN_POS, path: UNKNOWN_POS, line: 0, column: 0 }, line);
      return;
    }
    this.note(line, "unknown");
  }

  private note(text: string, what: BuildLine["what"]): void {
    this.otherCount++;
    // A copy: a slice would keep the caller's whole chunk of input alive.
    if (this.other.length < MAX_OTHER_LINES)
      this.other.push({
        line: this.lineNo,
        text: JSON.parse(JSON.stringify(text)) as string,
        what,
      });
  }

  /** Ends a package: attach explanations, turn unclaimed ones into messages, emit. */
  private flush(): void {
    const orphans = attachExplanations(this.finals, this.pending);
    const out = this.finals;
    for (const e of orphans) out.push(orphanMessage(e, this.pkg));
    if (this.opts.onPackage) {
      if (out.length > 0) this.opts.onPackage(this.pkg, out);
    } else {
      for (const m of out) {
        if (this.opts.onMessage) this.opts.onMessage(m);
        else this.kept.push(m);
      }
    }
    this.finals = [];
    this.pending = [];
    this.current = undefined;
  }
}

/**
 * An explanation whose final message never came. For a value that is the
 * compiler's own statement that it escapes, without the final line: finish()
 * omits finals for go/defer wrapper closures, which the JSON log still
 * reports. For a parameter it is a leak the compiler does not report
 * (wrappers, generic instantiations, <autogenerated> code): "leak-flow".
 */
export function orphanMessage(e: ExplanationBuilder, pkg: string): EscapeMessage {
  const s = e.shape;
  const chain = [e.build()];
  const base = { pos: e.pos, pkg, message: e.header, chain, source: "text" as const };
  const func = s?.func === undefined ? {} : { func: s.func };
  if (s?.type === "leak-header") {
    return {
      kind: "leak-flow",
      param: s.param,
      to: s.to,
      derefs: s.derefs,
      expr: s.param,
      ...base,
      ...func,
    };
  }
  if (s?.type === "escape-header")
    return { kind: "escapes-to-heap", expr: s.expr, ...base, ...func };
  return { kind: "escape-flow", expr: "", ...base, ...func };
}

/** True when some of the first lines are compiler -m diagnostics. */
export function sniffEscapeText(text: string): boolean {
  let seen = 0;
  for (const line of firstLines(text, 200)) {
    const sp = splitPosition(line.replace(/\r$/, ""));
    const body = sp ? sp.body : line;
    if (!sp && !/^# \S+/.test(line)) continue;
    if (!sp) continue;
    if (parseExplanationLine(body) || parseHeader(body)) return true;
    const k = parseFinal(body).detail.kind;
    if (k !== "unrecognized" && k !== "compile-error" && k !== "other") return true;
    if (++seen > 50) return false;
  }
  return false;
}

function* firstLines(text: string, n: number): Generator<string> {
  let start = 0;
  for (let i = 0; i < n && start < text.length; i++) {
    const end = text.indexOf("\n", start);
    yield text.slice(start, end < 0 ? text.length : end);
    if (end < 0) return;
    start = end + 1;
  }
}

/**
 * Parses a whole -m log. Fails only on input that is not one: binary data, or
 * lines of which none is a compiler diagnostic.
 */
export function parseEscapeText(text: string, opts: EscapeTextOptions = {}): Result<EscapeReport> {
  if (text.includes("\0")) return fail("binary data, not compiler output");
  const p = new EscapeTextParser(opts);
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    p.push(text.slice(start, end < 0 ? text.length : end));
    if (end < 0) break;
    start = end + 1;
  }
  const r = p.finish();
  if (r.diagnostics === 0 && r.other.some((l) => l.what === "unknown")) {
    const first = r.other.find((l) => l.what === "unknown");
    return fail(
      `not compiler -m output: no diagnostic in ${r.otherLines} lines (line ${first?.line}: ${JSON.stringify(first?.text.slice(0, 80))})`,
    );
  }
  return ok({ messages: r.messages, other: r.other, otherLines: r.otherLines });
}
