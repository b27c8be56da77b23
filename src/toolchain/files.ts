import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { InputError } from "../base/errors.js";

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** The snapshot sidecars (`*.json`) of a directory, in name order. */
export function readSidecars(dir: string): NamedText[] {
  return listDirectory(dir, dir)
    .filter((n) => n.endsWith(".json") && !n.startsWith("."))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), "utf8") }));
}

/**
 * Creates a directory and its missing parents (true when it did), one level at a time. Node's
 * recursive mkdir spins forever on some paths (under /proc, for one); this
 * walk is bounded by the path's depth and names the input when it fails.
 */
export function makeDirectory(input: string, dir: string): boolean {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        throw new InputError(input, describeFsError(e));
      const parent = path.dirname(cur);
      if (parent === cur) throw new InputError(input, "no such file or directory");
      missing.unshift(cur);
      cur = parent;
      continue;
    }
    if (!st.isDirectory()) throw new InputError(input, `${cur} is not a directory`);
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new InputError(input, `cannot create ${d}: ${describeFsError(e)}`);
    }
  }
  return missing.length > 0;
}

/** Removes a directory this run created when nothing was written into it. */
export function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or already gone: either way nothing of ours is left half-done.
  }
}

/** The names in a directory; an input error when it cannot be read. */
export function listDirectory(input: string, dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    throw new InputError(input, describeFsError(e));
  }
}

/** Reads a whole input file; a directory, a missing file or one over `maxBytes` is an input error. */
export function readInputFile(file: string, maxBytes: number): Uint8Array {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(file, describeFsError(e));
  }
  if (st.isDirectory()) throw new InputError(file, "is a directory, not a file");
  if (st.size > maxBytes)
    throw new InputError(file, `${st.size} bytes, over the ${maxBytes}-byte limit`);
  try {
    return readFileSync(file);
  } catch (e) {
    throw new InputError(file, describeFsError(e));
  }
}

/**
 * Streams a text file (or stdin for "-") in chunks, so a log of any length
 * is read in bounded memory; more than `maxBytes` is an input error.
 */
export async function readTextChunks(
  file: string,
  maxBytes: number,
  onChunk: (text: string) => void,
): Promise<void> {
  await readChunks(file, maxBytes, "utf8", (c) => onChunk(c as string));
}

/** readTextChunks without decoding: the bytes as read, 1 MiB at a time from a file. */
export async function readByteChunks(
  file: string,
  maxBytes: number,
  onChunk: (bytes: Uint8Array) => void,
): Promise<void> {
  await readChunks(file, maxBytes, null, (c) => onChunk(c as Uint8Array));
}

async function readChunks(
  file: string,
  maxBytes: number,
  encoding: "utf8" | null,
  onChunk: (chunk: string | Uint8Array) => void,
): Promise<void> {
  if (file !== "-") {
    let st;
    try {
      st = statSync(file);
    } catch (e) {
      throw new InputError(file, describeFsError(e));
    }
    if (st.isDirectory()) throw new InputError(file, "is a directory, not a file");
  }
  const stream = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  if (encoding) stream.setEncoding(encoding);
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string | Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw new InputError(file, `over the ${maxBytes}-byte limit`);
      onChunk(chunk);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, describeFsError(e));
  }
}

/** All of stdin (`-` as an input); more than `maxBytes` is an input error. */
export function readStdin(maxBytes: number): Uint8Array {
  let data: Buffer;
  try {
    data = readFileSync(0);
  } catch (e) {
    throw new InputError("-", `cannot read stdin: ${describeFsError(e)}`);
  }
  if (data.length > maxBytes) throw new InputError("-", `over the ${maxBytes}-byte limit`);
  return data;
}

/**
 * Writes a file under a temporary name beside it, then renames it into place,
 * so an interrupted write leaves no half file; a failure names the file.
 */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(file, `cannot write: ${describeFsError(e)}`);
  }
}

/** A fresh directory under the system's temporary directory. */
export function freshTempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
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
