import { InputError } from "../base/errors.js";
import { DEFAULT_MAX_DECOMPRESSED, parsePprof } from "../formats/pprof/index.js";
import type { Profile } from "../model/profile.js";
import { readInputFile } from "../toolchain/files.js";

/** Reads and parses a profile file; every failure names the file in one line. */
export function loadProfile(
  file: string,
  maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED,
): Profile {
  // A compressed input larger than what it may decompress to cannot be honest.
  const bytes = readInputFile(file, maxDecompressedBytes);
  const r = parsePprof(bytes, { maxDecompressedBytes });
  if (!r.ok) throw new InputError(file, r.error);
  return r.value;
}
