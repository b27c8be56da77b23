import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InputError } from "../base/errors.js";

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** The snapshot sidecars (`*.json`) of a directory, in name order. */
export function readSidecars(dir: string): NamedText[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new InputError(dir, describeFsError(e));
  }
  return names
    .filter((n) => n.endsWith(".json") && !n.startsWith("."))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), "utf8") }));
}

/** A fresh directory under the system's temporary directory. */
export function freshTempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "not a directory";
    case "EISDIR":
      return "is a directory";
    default:
      return (e as Error).message;
  }
}
