import type { EscapeMessage, EscapeReport } from "../../model/escape.js";
import { scanGoFuncs, type GoFunc, type ScanOptions } from "../gosource/funcs.js";
import { pathNormalizer } from "./position.js";

/** A Go source file the caller read, by the same path the diagnostics use. */
export interface GoSourceFile {
  readonly path: string;
  readonly text: string;
}

export interface AttachOptions extends ScanOptions {
  /** The base directory the report's paths were made relative to. */
  readonly baseDir?: string;
}

/**
 * Fills in `func` (the innermost function or func literal around each
 * message) where the compiler did not name it, and the callee of JSON's
 * can-inline / cannot-inline entries, which name no function. Messages whose
 * file is not among the sources keep what they had. Files the scanner cannot
 * read are listed in `problems`, not fatal.
 */
export function attachFuncs(
  report: EscapeReport,
  sources: readonly GoSourceFile[],
  opts: AttachOptions = {},
): { report: EscapeReport; problems: string[] } {
  const norm = pathNormalizer(opts.baseDir);
  const problems: string[] = [];
  const byPath = new Map<string, GoFunc[]>();
  // The compiler numbers package-level literals across a package's files in
  // name order; files of one directory are one package.
  const sorted = [...sources].sort((a, b) => (norm(a.path) < norm(b.path) ? -1 : 1));
  const globals = new Map<string, number>();
  for (const s of sorted) {
    const p = norm(s.path);
    const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
    const start = globals.get(dir) ?? 0;
    const r = scanGoFuncs(s.text, opts, start);
    if (!r.ok) {
      problems.push(`${s.path}: ${r.error}`);
      continue;
    }
    const prefix = `${opts.globalPrefix ?? "init"}.func`;
    globals.set(
      dir,
      start + r.value.filter((f) => f.parent === undefined && f.name.startsWith(prefix)).length,
    );
    byPath.set(p, r.value);
  }
  const find = (m: EscapeMessage): GoFunc[] | undefined => {
    const direct = byPath.get(m.pos.path);
    if (direct) return direct;
    for (const [p, fs] of byPath)
      if (p.endsWith("/" + m.pos.path) || m.pos.path.endsWith("/" + p)) return fs;
    return undefined;
  };
  const messages = report.messages.map((m) => {
    const fs = find(m);
    if (!fs) return m;
    // A func literal's own value ("func literal escapes to heap") is made in
    // the function around it; everything else at its position is inside it.
    const value = m.expr === "func literal" && m.kind !== "capture";
    const f = innermost(fs, m.pos.line, m.pos.column, value);
    // Outside every function: a package-level initializer, which the
    // compiler compiles into init.
    const name = f?.name ?? "init";
    let out: EscapeMessage = m.func === undefined ? { ...m, func: name } : m;
    if (!f) return out;
    if ((out.kind === "can-inline" || out.kind === "cannot-inline") && out.callee === "") {
      out = { ...out, callee: f.name };
    }
    return out;
  });
  return { report: { ...report, messages }, problems };
}

function innermost(
  fs: readonly GoFunc[],
  line: number,
  column: number,
  literalValue: boolean,
): GoFunc | undefined {
  let best: GoFunc | undefined;
  for (const f of fs) {
    if (f.start.line > line) break;
    if (literalValue && f.start.line === line && f.start.column === column) continue;
    const afterStart = f.start.line < line || f.start.column <= column;
    const beforeEnd = f.end.line > line || (f.end.line === line && f.end.column >= column);
    if (afterStart && beforeEnd) best = f;
  }
  return best;
}
