import { fail, ok, type Result } from "../../base/result.js";
import type { Profile } from "../../model/profile.js";
import { decodeProfile } from "./decode.js";
import { BadLocationId, UnknownLocation } from "./raw.js";
import { GzipError, gunzipOne, isGzip } from "./gzip.js";
import { isLegacyHeap, parseLegacyHeap } from "./legacy.js";
import { InvalidProfile, resolveProfile } from "./resolve.js";
import { WireError } from "./wire.js";

export interface PprofOptions {
  /** Cap on the decompressed size of a gzipped profile, bytes. */
  readonly maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_DECOMPRESSED = 1024 ** 3;

/** Whether bytes can be a pprof profile: gzip, or a protobuf starting with a Profile field. */
export function sniffPprof(b: Uint8Array): boolean {
  if (isGzip(b)) return true;
  const first = b[0];
  if (first === undefined) return false;
  const field = first >>> 3;
  const wt = first & 7;
  return field >= 1 && field <= 15 && (wt === 0 || wt === 2);
}

/**
 * Parses a profile as the Go runtime writes it (gzipped or raw profile.proto).
 * The error says what is wrong in one line, without the file name (the caller
 * knows it).
 */
export function parsePprof(b: Uint8Array, opts: PprofOptions = {}): Result<Profile> {
  if (b.length === 0) return fail("empty file");
  const head = Buffer.from(b.subarray(0, 256)).toString("latin1");
  if (isLegacyHeap(head)) {
    const r = parseLegacyHeap(Buffer.from(b).toString("utf8"));
    return r.ok ? r : fail(`legacy text heap profile: ${r.error}`);
  }
  if (!sniffPprof(b)) return fail("not a pprof profile (neither gzip nor profile.proto)");
  try {
    const data = isGzip(b)
      ? gunzipOne(b, opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED)
      : b;
    return ok(resolveProfile(decodeProfile(data), data));
  } catch (e) {
    if (e instanceof GzipError) return fail(e.message);
    if (!isGzip(b) && looksLikeText(b)) return fail("not a pprof profile (looks like text)");
    if (e instanceof WireError) return fail(`not a valid profile.proto: ${e.message}`);
    if (e instanceof InvalidProfile || e instanceof UnknownLocation || e instanceof BadLocationId)
      return fail(`invalid profile: ${e.message}`);
    throw e;
  }
}

function looksLikeText(b: Uint8Array): boolean {
  const head = b.subarray(0, 256);
  return head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127));
}
