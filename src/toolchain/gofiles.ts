import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseGoVersion, type GoVersion } from "../base/goversion.js";
import { InputError } from "../base/errors.js";
import { describeFsError } from "./files.js";

/**
 * Go source discovery for memsnap lint, by walking the file system rather
 * than `go list`: lint works without a toolchain, on code that does not
 * build, and on one file. The walk follows `go build`'s own conventions:
 * directories named vendor and testdata, and those starting with "." or "_",
 * are not packages; symlinked directories are not entered (no loops).
 */
export interface GoFileOptions {
  readonly tests?: boolean;
  readonly includeVendor?: boolean;
  readonly includeTestdata?: boolean;
}

export interface FoundGoFile {
  /** As shown to the user: relative to cwd when below it. */
  readonly path: string;
  readonly abs: string;
  /** Named on the command line (an unreadable one is an input error, not a note). */
  readonly explicit: boolean;
}

export interface GoFileList {
  readonly files: FoundGoFile[];
  /** Directories or files the walk could not read. */
  readonly notes: { path: string; message: string }[];
}

/** Resolves patterns (`./...`, `dir/...`, `dir`, `file.go`) to .go files, sorted, each once. */
export function findGoFiles(
  patterns: readonly string[],
  cwd: string,
  o: GoFileOptions,
): GoFileList {
  const seen = new Set<string>();
  const files: FoundGoFile[] = [];
  const notes: { path: string; message: string }[] = [];
  const add = (abs: string, explicit: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push({ path: display(abs, cwd), abs, explicit });
  };
  for (const pattern of patterns) {
    const recursive = pattern === "..." || pattern.endsWith("/...");
    const base = recursive ? pattern.slice(0, -3).replace(/\/$/, "") || "." : pattern;
    const abs = path.resolve(cwd, base);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      throw new InputError(pattern, describeFsError(e));
    }
    if (st.isFile()) {
      if (recursive || !abs.endsWith(".go")) throw new InputError(pattern, "not a .go file");
      add(abs, true);
      continue;
    }
    if (!st.isDirectory()) throw new InputError(pattern, "not a file or directory");
    const found = walkDir(abs, recursive, o, notes, cwd);
    for (const f of found) add(f, false);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes };
}

function walkDir(
  root: string,
  recursive: boolean,
  o: GoFileOptions,
  notes: { path: string; message: string }[],
  cwd: string,
): string[] {
  const out: string[] = [];
  const stack = [root];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notes.push({ path: display(dir, cwd), message: `not linted: ${describeFsError(e)}` });
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (recursive && !skipDir(e.name, o)) stack.push(p);
      } else if (wantFile(e.name, o)) {
        const kind = e.isFile() ? "file" : fileKind(p);
        if (kind === "file") out.push(p);
        else if (kind !== "directory") {
          notes.push({ path: display(p, cwd), message: `not linted: ${kind}` });
        }
      }
    }
  }
  return out;
}

/**
 * What a walked .go entry that is not a plain file is. A symlink to a file
 * is linted; a FIFO or device is not opened (reading a FIFO would block, as
 * `go build` does on one); a dangling or looping symlink is reported rather
 * than skipped in silence.
 */
function fileKind(p: string): "file" | "directory" | string {
  try {
    const st = statSync(p);
    if (st.isFile()) return "file";
    if (st.isDirectory()) return "directory";
    return "not a regular file";
  } catch (e) {
    return describeLinkError(e);
  }
}

function describeLinkError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return "symlink loop (too many levels of symbolic links)";
  if (code === "ENOENT") return "dangling symlink";
  return describeFsError(e);
}

function skipDir(name: string, o: GoFileOptions): boolean {
  if (name.startsWith(".") || name.startsWith("_")) return true;
  if (name === "vendor") return !o.includeVendor;
  if (name === "testdata") return !o.includeTestdata;
  return false;
}

function wantFile(name: string, o: GoFileOptions): boolean {
  if (!name.endsWith(".go") || name.startsWith(".") || name.startsWith("_")) return false;
  return o.tests === true || !name.endsWith("_test.go");
}

function display(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

/** A problem with a file that was still linted: its 1-based line and byte column. */
export interface GoFileWarning {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Reads a found file. Unreadable files that were walked to become a note,
 * named ones an input error. Bytes that are not UTF-8 are linted as U+FFFD,
 * with a warning at the first of them: the Go compiler rejects such a file
 * ("invalid UTF-8 encoding", cmd/compile/internal/syntax/source.go), but the
 * rest of it is still worth linting.
 */
export function readGoFile(
  f: FoundGoFile,
  maxBytes: number,
): { text: string; warning?: GoFileWarning } | { note: string } {
  let bytes: Buffer;
  try {
    // stat, not lstat: the cap is on the file a symlink points to.
    const st = statSync(f.abs);
    if (st.size > maxBytes) {
      return { note: `not linted: ${st.size} bytes, over the ${maxBytes}-byte cap (generated?)` };
    }
    bytes = readFileSync(f.abs);
  } catch (e) {
    const why = describeLinkError(e);
    if (f.explicit) throw new InputError(f.path, why);
    return { note: `not linted: ${why}` };
  }
  const text = bytes.toString("utf8");
  if (isUtf8(bytes)) return { text };
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < at; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const message =
    "invalid UTF-8 encoding (go build rejects the file; linted with U+FFFD in place of the bad bytes)";
  return { text, warning: { line, column: at - lineStart + 1, message } };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/**
 * The `go` line of the nearest go.mod above each directory (null when none
 * or unparsable), cached per directory: a tree of thousands of files reads
 * each go.mod once.
 */
export class GoModVersions {
  private readonly cache = new Map<string, GoVersion | null>();

  forFile(abs: string): GoVersion | null {
    return this.forDir(path.dirname(abs));
  }

  private forDir(dir: string): GoVersion | null {
    const hit = this.cache.get(dir);
    if (hit !== undefined) return hit;
    let v: GoVersion | null;
    const text = readIfExists(path.join(dir, "go.mod"));
    if (text !== null) v = goLine(text);
    else {
      const parent = path.dirname(dir);
      v = parent === dir ? null : this.forDir(parent);
    }
    this.cache.set(dir, v);
    return v;
  }
}

function readIfExists(p: string): string | null {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
}

/** The version of go.mod's `go` directive (golang.org/x/mod/modfile: `go 1.22` or `go 1.22.3`). */
export function goLine(modText: string): GoVersion | null {
  const m = /^\s*go\s+([0-9][^\s/]*)\s*(?:\/\/.*)?$/m.exec(modText);
  return (m && parseGoVersion(m[1] ?? "")) ?? null;
}
