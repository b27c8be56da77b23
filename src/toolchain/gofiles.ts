import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
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
      } else if ((e.isFile() || isFileLink(p, e.isSymbolicLink())) && wantFile(e.name, o)) {
        out.push(p);
      }
    }
  }
  return out;
}

function isFileLink(p: string, link: boolean): boolean {
  if (!link) return false;
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
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

/** Reads a found file; unreadable files that were walked to become a note (null), named ones an error. */
export function readGoFile(f: FoundGoFile, maxBytes: number): { text: string } | { note: string } {
  try {
    const st = lstatSync(f.abs);
    if (st.size > maxBytes) {
      return { note: `not linted: ${st.size} bytes, over the ${maxBytes}-byte cap (generated?)` };
    }
    return { text: readFileSync(f.abs, "utf8") };
  } catch (e) {
    if (f.explicit) throw new InputError(f.path, describeFsError(e));
    return { note: `not linted: ${describeFsError(e)}` };
  }
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
