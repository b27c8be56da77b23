import { fail, ok, type Result } from "../base/result.js";
import {
  ESCAPE_KINDS,
  isHeapKind,
  type EscapeMessage,
  type EscapeReport,
} from "../model/escape.js";
import {
  classifyEscape,
  ESCAPE_TRAP_IDS,
  type ClassifyContext,
  type EscapeClassification,
} from "./escape-classify.js";

/** One message as a user reads it: the compiler's diagnostic and, for heap ones, its scenario. */
export interface EscapeFinding {
  readonly message: EscapeMessage;
  readonly heap: boolean;
  /** Heap findings only. */
  readonly trap?: EscapeClassification;
}

/** Which findings to keep. Every given criterion must match. */
export interface EscapeFilter {
  /** Model kinds ("moved-to-heap", "can-inline") and trap ids ("esc-param-leak"); "other" means both. */
  readonly kinds?: readonly string[];
  /** Tested against the function name ("(*T).M", "F.func1"); messages without one never match. */
  readonly func?: RegExp;
  /** A path suffix at a "/" boundary ("more.go", "pkg/more.go") or a glob ("*.go", "internal/**"). */
  readonly file?: string;
  /**
   * Keep the non-heap messages too (does-not-escape, inlining, ...), after
   * the heap ones. A kind filter that names a non-heap kind keeps those
   * whatever this says.
   */
  readonly all?: boolean;
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export interface GroupCount {
  readonly pkg: string;
  /** "" for a package row. */
  readonly func: string;
  readonly heap: number;
  readonly total: number;
}

export interface EscapeSummary {
  /** Messages the filter kept. */
  readonly total: number;
  readonly heap: number;
  /** Per model kind and per trap id, most first, then by name. */
  readonly byKind: readonly CountRow[];
  readonly byTrap: readonly CountRow[];
  /** Per package and per function, in name order. */
  readonly byPackage: readonly GroupCount[];
  readonly byFunc: readonly GroupCount[];
}

export interface EscapeFindings {
  /** Heap findings first, then the rest; each part in package, file, line, column order. */
  readonly findings: readonly EscapeFinding[];
  readonly summary: EscapeSummary;
  /** Messages in the report before filtering, and how many of them the parser did not recognize. */
  readonly reportMessages: number;
  readonly unrecognized: number;
  /** Input lines that were not diagnostics (package headers, go command output). */
  readonly otherLines: number;
  readonly goVersion?: string;
}

export interface FindingsOptions {
  readonly ctx?: ClassifyContext;
  readonly filter?: EscapeFilter;
}

/** Classifies, filters, orders and counts the messages of a report. */
export function escapeFindings(report: EscapeReport, opts: FindingsOptions = {}): EscapeFindings {
  const filter = opts.filter ?? {};
  const all = report.messages.map((m) => toFinding(m, opts.ctx));
  const kept = all.filter((f) => matches(f, filter));
  const heap = kept.filter((f) => f.heap).sort(byPosition);
  const rest = kept.filter((f) => !f.heap).sort(byPosition);
  const findings = [...heap, ...rest];
  return {
    findings,
    summary: summarize(findings),
    reportMessages: report.messages.length,
    unrecognized: report.messages.filter((m) => m.kind === "unrecognized").length,
    otherLines: report.otherLines,
    ...(report.goVersion === undefined ? {} : { goVersion: report.goVersion }),
  };
}

export function toFinding(m: EscapeMessage, ctx?: ClassifyContext): EscapeFinding {
  const trap = classifyEscape(m, ctx);
  return trap ? { message: m, heap: true, trap } : { message: m, heap: isHeapKind(m.kind) };
}

/** Checks a --kind list: each name a model kind or a trap id. */
export function parseKindList(names: readonly string[]): Result<string[]> {
  const known = new Set<string>([...ESCAPE_KINDS, ...ESCAPE_TRAP_IDS]);
  const out: string[] = [];
  for (const raw of names) {
    for (const n of raw.split(",").map((s) => s.trim())) {
      if (n === "") continue;
      if (!known.has(n)) {
        return fail(
          `unknown kind "${n}" (kinds: ${ESCAPE_KINDS.join(", ")}; traps: ${ESCAPE_TRAP_IDS.join(", ")})`,
        );
      }
      out.push(n);
    }
  }
  return ok(out);
}

function matches(f: EscapeFinding, filter: EscapeFilter): boolean {
  const m = f.message;
  if (filter.kinds && filter.kinds.length > 0) {
    const want = new Set(filter.kinds);
    if (!want.has(m.kind) && !(f.trap && want.has(f.trap.id))) return false;
  } else if (!f.heap && !filter.all) return false;
  if (filter.func && (m.func === undefined || !filter.func.test(m.func))) return false;
  if (filter.file !== undefined && !fileMatches(m.pos.path, filter.file)) return false;
  return true;
}

/**
 * A pattern with *, ? or [ is a glob over "/"-separated paths ("**" spans
 * directories) matched against the whole path or any trailing part of it;
 * anything else is a suffix that ends at a "/" boundary.
 */
export function fileMatches(file: string, pattern: string): boolean {
  const p = pattern.replace(/^\.\//, "");
  if (!/[*?[]/.test(p)) return file === p || file.endsWith("/" + p);
  const re = globRegExp(p);
  const parts = file.split("/");
  for (let i = 0; i < parts.length; i++) if (re.test(parts.slice(i).join("/"))) return true;
  return false;
}

function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      // "**/" matches zero or more directories; a trailing "**" anything.
      if (glob[i + 2] === "/") {
        re += "(?:.*/)?";
        i += 2;
      } else {
        re += ".*";
        i++;
      }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byPosition(a: EscapeFinding, b: EscapeFinding): number {
  const x = a.message;
  const y = b.message;
  return (
    cmp(x.pkg, y.pkg) ||
    cmp(x.pos.path, y.pos.path) ||
    x.pos.line - y.pos.line ||
    x.pos.column - y.pos.column
  );
}

function summarize(findings: readonly EscapeFinding[]): EscapeSummary {
  const c = new SummaryCounter();
  c.add(findings);
  return c.summary();
}

/**
 * The summary of findings added a batch at a time (a streamed log's
 * packages): running counts, one entry per kind, trap, package and function.
 */
export class SummaryCounter {
  private total = 0;
  private heap = 0;
  private readonly kinds = new Map<string, number>();
  private readonly traps = new Map<string, number>();
  private readonly pkgs = new Map<string, { heap: number; total: number }>();
  private readonly funcs = new Map<
    string,
    { readonly pkg: string; readonly func: string; heap: number; total: number }
  >();

  add(findings: readonly EscapeFinding[]): void {
    for (const f of findings) {
      const m = f.message;
      const h = f.heap ? 1 : 0;
      this.total++;
      this.heap += h;
      bump(this.kinds, m.kind);
      if (f.trap) bump(this.traps, f.trap.id);
      const p = this.pkgs.get(m.pkg);
      if (p) {
        p.heap += h;
        p.total++;
      } else this.pkgs.set(own(m.pkg), { heap: h, total: 1 });
      const fn = m.func ?? "";
      const k = `${m.pkg}\0${fn}`;
      const g = this.funcs.get(k);
      if (g) {
        g.heap += h;
        g.total++;
      } else this.funcs.set(own(k), { pkg: own(m.pkg), func: own(fn), heap: h, total: 1 });
    }
  }

  summary(): EscapeSummary {
    return {
      total: this.total,
      heap: this.heap,
      byKind: rows(this.kinds),
      byTrap: rows(this.traps),
      byPackage: [...this.pkgs]
        .sort(([a], [b]) => cmp(a, b))
        .map(([pkg, c]) => ({ pkg, func: "", heap: c.heap, total: c.total })),
      byFunc: [...this.funcs.values()]
        .sort((a, b) => cmp(a.pkg, b.pkg) || cmp(a.func, b.func))
        .map((g) => ({ pkg: g.pkg, func: g.func, heap: g.heap, total: g.total })),
    };
  }
}

/**
 * A copy of a string that does not keep alive the text it was cut from: V8
 * makes a slice of 13 or more characters a view of its parent, so one
 * function name kept for the whole run would keep the log chunk its line
 * came from (every chunk, for a whole-std log).
 */
const own = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function rows(m: Map<string, number>): CountRow[] {
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || cmp(a.key, b.key));
}
