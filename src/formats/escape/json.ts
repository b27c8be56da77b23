import { fail, ok, type Result } from "../../base/result.js";
import type {
  EscapeDetail,
  EscapeMessage,
  EscapePosition,
  EscapeReport,
  Explanation,
} from "../../model/escape.js";
import { ExplanationBuilder, posKey } from "./explain.js";
import { pathNormalizer, type PathNormalizer } from "./position.js";
import { parseFlow, parseFrom, parseLeakHeader } from "./shapes.js";

/**
 * The optimization log `go build -gcflags=-json=0,DIR` writes: DIR/<escaped
 * import path>/<file>.json, each a header line
 * `{"version":0,"package":...,"goos":...,"goarch":...,"gc_version":...,"file":...}`
 * then one LSP Diagnostic per line (cmd/compile/internal/logopt/log_opts.go):
 * range (1-based line and byte column; 0 when unknown), severity 3, code,
 * source "go compiler", message, and relatedInformation: the inlining
 * positions ("inlineLoc") and, for escape codes, the explanation lines
 * ("escflow:    flow: ..." and "escflow:      from W (why)").
 *
 * What the log has: "escape"/"escapes" ("x escapes to heap", with the
 * explanation; plus an empty-message "escape" marker at every allocation
 * that is not a named variable), "leak" ("parameter p leaks to L with
 * derefs=N", one per path), canInlineFunction ("cost: N"),
 * cannotInlineFunction (the reason), cannotInlineCall, isInBounds,
 * isSliceInBounds, nilcheck, copy, iteration-variable-to-heap/-stack. What it
 * lacks: "does not escape", inlined calls, function names.
 */
export interface JsonLogFile {
  /** Where the file was, for messages ("DIR/net%2Fhttp/server.json"). */
  readonly path: string;
  readonly text: string;
}

export interface EscapeJsonOptions {
  /** Paths under this directory become relative, as in the text parser. */
  readonly baseDir?: string;
}

interface Header {
  readonly version: number;
  readonly package: string;
  readonly gc_version: string;
  readonly file: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** True when the text starts with a logopt version header. */
export function sniffEscapeJson(text: string): boolean {
  const nl = text.indexOf("\n");
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  if (!first.startsWith("{") || !first.includes('"version"') || !first.includes('"gc_version"')) {
    return false;
  }
  try {
    return readHeader(JSON.parse(first)) !== undefined;
  } catch {
    return false;
  }
}

function readHeader(v: unknown): Header | undefined {
  if (!isObject(v)) return undefined;
  const { version, package: pkg, gc_version, file } = v;
  if (typeof version !== "number" || typeof pkg !== "string" || typeof gc_version !== "string") {
    return undefined;
  }
  return { version, package: pkg, gc_version, file: typeof file === "string" ? file : "" };
}

/** Parses every file of a log directory into one report, in the order given. */
export function parseEscapeJson(
  files: readonly JsonLogFile[],
  opts: EscapeJsonOptions = {},
): Result<EscapeReport> {
  const messages: EscapeMessage[] = [];
  let goVersion: string | undefined;
  for (const f of files) {
    const r = parseEscapeJsonFile(f, opts);
    if (!r.ok) return fail(`${f.path}: ${r.error}`);
    messages.push(...r.value.messages);
    goVersion ??= r.value.goVersion;
  }
  return ok({ messages, other: [], otherLines: 0, ...(goVersion ? { goVersion } : {}) });
}

/** Parses one file of the log. */
export function parseEscapeJsonFile(
  file: JsonLogFile,
  opts: EscapeJsonOptions = {},
): Result<EscapeReport> {
  const norm = pathNormalizer(opts.baseDir);
  const lines = file.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) return fail("empty file");
  let header: Header | undefined;
  try {
    header = readHeader(JSON.parse(lines[0] ?? ""));
  } catch {
    header = undefined;
  }
  if (!header) return fail("line 1: not a compiler optimization log header");
  if (header.version !== 0) return fail(`line 1: log version ${header.version}, only 0 is known`);
  const file0 = header.file || "__unnamed__";
  const collector = new Collector(header.package === "\u0000" ? "" : header.package);
  for (let i = 1; i < lines.length; i++) {
    const raw = (lines[i] ?? "").replace(/\r$/, "");
    if (raw.trim() === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      return fail(`line ${i + 1}: not JSON${i === lines.length - 1 ? " (truncated file?)" : ""}`);
    }
    const d = readDiagnostic(v, file0, norm);
    if (typeof d === "string") return fail(`line ${i + 1}: ${d}`);
    collector.add(d);
  }
  return ok({ messages: collector.done(), other: [], otherLines: 0, goVersion: header.gc_version });
}

interface Diagnostic {
  readonly pos: EscapePosition;
  readonly code: string;
  readonly message: string;
  readonly inlinedAt: EscapePosition[];
  readonly related: { pos: EscapePosition; message: string }[];
}

function readDiagnostic(v: unknown, file: string, norm: PathNormalizer): Diagnostic | string {
  if (!isObject(v)) return "expected a diagnostic object";
  const pos = readRange(v["range"], file, norm);
  if (!pos) return 'bad "range"';
  const { code, message } = v;
  if (typeof code !== "string") return '"code" must be a string';
  if (typeof message !== "string") return '"message" must be a string';
  const rel = v["relatedInformation"] ?? [];
  if (!Array.isArray(rel)) return '"relatedInformation" must be an array';
  const inlinedAt: EscapePosition[] = [];
  const related: Diagnostic["related"] = [];
  for (const r of rel) {
    if (!isObject(r) || typeof r["message"] !== "string" || !isObject(r["location"])) {
      return "bad relatedInformation entry";
    }
    const loc = r["location"];
    const uri = typeof loc["uri"] === "string" ? loc["uri"] : "";
    const p = readRange(loc["range"], uriFile(uri), norm);
    if (!p) return "bad relatedInformation range";
    // inlineLoc entries after an escflow entry locate that entry; only the
    // ones before the first escflow locate the diagnostic itself.
    if (r["message"] === "inlineLoc") {
      if (related.length === 0) inlinedAt.push(p);
    } else related.push({ pos: p, message: r["message"] });
  }
  return { pos, code, message, inlinedAt, related };
}

function readRange(v: unknown, file: string, norm: PathNormalizer): EscapePosition | undefined {
  if (!isObject(v) || !isObject(v["start"])) return undefined;
  const { line, character } = v["start"];
  if (!isCount(line) || !isCount(character)) return undefined;
  return { file, path: norm(file), line, column: character };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** logopt writes "file://" + path (url.URL with Path), so "<autogenerated>" is "file://%3Cautogenerated%3E". */
function uriFile(uri: string): string {
  const s = uri.startsWith("file://") ? uri.slice("file://".length) : uri;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Groups a file's diagnostics into messages: one per value or parameter and kind. */
class Collector {
  private readonly out: EscapeMessage[] = [];
  private readonly byKey = new Map<string, EscapeMessage>();
  /** Positions of the empty "escape" markers, which say "an allocation, not a variable". */
  private readonly markers = new Map<string, Diagnostic[]>();

  constructor(private readonly pkg: string) {}

  add(d: Diagnostic): void {
    if ((d.code === "escape" || d.code === "escapes") && d.message === "") {
      const k = posKey(d.pos);
      this.markers.set(k, [...(this.markers.get(k) ?? []), d]);
      return;
    }
    const m = toMessage(d, this.pkg);
    const key = groupKey(m);
    const seen = key === undefined ? undefined : this.byKey.get(key);
    if (seen) {
      (seen.chain as Explanation[]).push(...m.chain);
      return;
    }
    if (key !== undefined) this.byKey.set(key, m);
    this.out.push(m);
  }

  done(): EscapeMessage[] {
    const out: EscapeMessage[] = [];
    const named = new Set<string>();
    for (const m of this.out) {
      if (m.kind === "moved-to-heap" || m.kind === "escapes-to-heap") named.add(posKey(m.pos));
      // A value with an allocation marker at its position is an allocation.
      if (m.kind === "moved-to-heap" && this.markers.has(posKey(m.pos)) && !isNameFlow(m)) {
        out.push({ ...m, kind: "escapes-to-heap" });
      } else out.push(m);
    }
    // Markers without a message at their position (no explanation was logged).
    for (const [k, ds] of this.markers) {
      if (named.has(k)) continue;
      for (const d of ds) out.push(toMessage(d, this.pkg, "escapes-to-heap"));
    }
    return out;
  }
}

/** The first flow takes the address of a name ("&p"), not of "{storage for ...}". */
function isNameFlow(m: EscapeMessage): boolean {
  const f = m.chain[0]?.flows[0];
  return f !== undefined && !f.from.startsWith("{");
}

function groupKey(m: EscapeMessage): string | undefined {
  if (
    ![
      "moved-to-heap",
      "escapes-to-heap",
      "leaking-param",
      "leaking-param-content",
      "leaking-param-to-result",
    ].includes(m.kind)
  ) {
    return undefined;
  }
  const extra = m.kind === "leaking-param-to-result" ? m.result : "";
  return `${posKey(m.pos)}\0${m.kind}\0${m.expr}\0${extra}`;
}

function toMessage(d: Diagnostic, pkg: string, force?: "escapes-to-heap"): EscapeMessage {
  const chain: Explanation[] = [];
  const base = {
    pos: d.pos,
    pkg,
    message: d.message,
    code: d.code,
    chain,
    source: "json" as const,
    ...(d.inlinedAt.length > 0 ? { inlinedAt: d.inlinedAt } : {}),
  };
  const { detail, expr } = force ? { detail: { kind: force }, expr: "" } : describe(d);
  if (d.related.length > 0 && (d.code === "escape" || d.code === "escapes" || d.code === "leak")) {
    chain.push(explanation(d));
  }
  if (detail.kind === "moved-to-heap" && chain[0]?.flows[0]?.from.startsWith("{storage for ")) {
    return { kind: "escapes-to-heap", expr, ...base };
  }
  return { ...detail, expr, ...base };
}

function explanation(d: Diagnostic): Explanation {
  const b = new ExplanationBuilder(d.message, undefined, d.pos);
  for (const r of d.related) {
    const text = r.message.startsWith("escflow:")
      ? r.message.slice("escflow:".length).trim()
      : r.message;
    const flow = parseFlow(text);
    if (flow?.type === "flow") {
      b.flow(flow, r.pos);
      continue;
    }
    const from = parseFrom(text);
    if (from?.type === "from") b.step({ where: from.where, reason: from.reason, pos: r.pos });
  }
  const e = b.build();
  const leak = parseLeakHeader(d.message);
  return leak?.type === "leak-header" ? { ...e, root: leak.to } : e;
}

/** The kind and expression a diagnostic's code and message give. */
function describe(d: Diagnostic): { detail: EscapeDetail; expr: string } {
  const msg = d.message;
  switch (d.code) {
    case "escape":
    case "escapes": {
      const m = /^(.*) escapes to heap$/.exec(msg);
      // Named variables log "x escapes to heap" where -m says "moved to heap: x";
      // toMessage and Collector.done tell them from allocations.
      return m ? { detail: { kind: "moved-to-heap" }, expr: m[1] ?? "" } : unknown();
    }
    case "leak": {
      const h = parseLeakHeader(msg);
      if (h?.type !== "leak-header") return unknown();
      const detail: EscapeDetail = isResult(h.to)
        ? { kind: "leaking-param-to-result", param: h.param, result: h.to, level: h.derefs }
        : h.derefs === 0
          ? { kind: "leaking-param", param: h.param }
          : { kind: "leaking-param-content", param: h.param };
      return { detail, expr: h.param };
    }
    case "canInlineFunction": {
      const c = /^cost: (-?\d+)$/.exec(msg);
      return {
        detail: c
          ? { kind: "can-inline", callee: "", cost: Number(c[1]) }
          : { kind: "can-inline", callee: "" },
        expr: "",
      };
    }
    case "cannotInlineFunction": {
      const c = /cost (-?\d+) exceeds budget (-?\d+)/.exec(msg);
      return {
        detail: c
          ? {
              kind: "cannot-inline",
              callee: "",
              reason: msg,
              cost: Number(c[1]),
              budget: Number(c[2]),
            }
          : { kind: "cannot-inline", callee: "", reason: msg },
        expr: "",
      };
    }
    case "cannotInlineCall": {
      const c =
        /^(\S+) cannot be inlined$/.exec(msg) ??
        /^cost -?\d+ of (\S+) exceeds/.exec(msg) ??
        /to (\S+)$/.exec(msg);
      return {
        detail: { kind: "cannot-inline-call", callee: c?.[1] ?? "", caller: "", reason: msg },
        expr: "",
      };
    }
    case "isInBounds":
    case "isSliceInBounds":
      return { detail: { kind: "bounds-check" }, expr: "" };
    case "nilcheck":
      return { detail: { kind: "nil-check" }, expr: "" };
    case "copy":
      return { detail: { kind: "other", note: "copy" }, expr: "" };
    case "iteration-variable-to-heap":
    case "iteration-variable-to-stack":
      return { detail: { kind: "other", note: d.code }, expr: msg };
    default:
      return unknown();
  }
}

const unknown = (): { detail: EscapeDetail; expr: string } => ({
  detail: { kind: "unrecognized" },
  expr: "",
});

/**
 * Whether a leak's destination is a result: "~r0", "~R0", "pkg.~r1" (inlined),
 * or a named result. A closure parameter can also leak to a variable of its
 * enclosing function, which is recorded as a heap leak; the log does not say
 * which a bare name is, so a bare name counts as a result.
 */
function isResult(to: string): boolean {
  return !to.startsWith("{");
}
