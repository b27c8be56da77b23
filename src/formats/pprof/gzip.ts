import * as zlib from "node:zlib";

export class GzipError extends Error {}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Decompresses exactly one gzip member, with a cap on its output (a gzip bomb
 * stops at the cap, not at the machine's memory). zlib's gunzip would run on
 * through concatenated members; reading the header here and inflating the raw
 * deflate stream tells where the member ends, so anything after it is refused.
 */
export function gunzipOne(b: Uint8Array, maxOutput: number): Uint8Array {
  const start = headerLength(b);
  let res;
  try {
    res = zlib.inflateRawSync(b.subarray(start), {
      info: true,
      maxOutputLength: maxOutput,
      chunkSize: outputChunk(b, maxOutput),
    }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_BUFFER_TOO_LARGE") {
      throw new GzipError(`decompresses to more than ${maxOutput} bytes (the limit)`);
    }
    if (err.code === "Z_BUF_ERROR") throw new GzipError("truncated gzip data");
    throw new GzipError(`corrupt gzip data: ${err.message}`);
  }
  const out = res.buffer;
  const trailer = start + res.engine.bytesWritten;
  if (b.length - trailer < 8) throw new GzipError("truncated gzip data (no trailer)");
  const view = new DataView(b.buffer, b.byteOffset + trailer, 8);
  if (view.getUint32(0, true) !== crc32(out)) throw new GzipError("gzip checksum mismatch");
  if (view.getUint32(4, true) !== out.length % 2 ** 32) throw new GzipError("gzip length mismatch");
  if (trailer + 8 !== b.length) {
    throw new GzipError(
      "more data after the gzip member (concatenated gzip streams are not a profile)",
    );
  }
  return out;
}

/**
 * One output chunk for the whole member when the trailer's length field is
 * believable: zlib then returns that chunk instead of concatenating many
 * 16 KiB ones (a copy of the whole output). The field is only a hint, capped
 * at 16× the input (profiles compress ~2×) so a lying trailer cannot make a
 * huge allocation; a wrong hint just means more chunks.
 */
function outputChunk(b: Uint8Array, maxOutput: number): number {
  if (b.length < 18) return zlib.constants.Z_DEFAULT_CHUNK;
  const isize = new DataView(b.buffer, b.byteOffset + b.length - 4, 4).getUint32(0, true);
  const hint = Math.min(isize, 16 * b.length, maxOutput);
  return Math.max(zlib.constants.Z_DEFAULT_CHUNK, hint + 1);
}

function headerLength(b: Uint8Array): number {
  if (b.length < 10) throw new GzipError("truncated gzip header");
  if (b[2] !== 8) throw new GzipError(`unknown gzip compression method ${b[2]}`);
  const flags = b[3] as number;
  let pos = 10;
  if (flags & FEXTRA) {
    if (b.length < pos + 2) throw new GzipError("truncated gzip header");
    pos += 2 + ((b[pos] as number) | ((b[pos + 1] as number) << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      while (pos < b.length && b[pos] !== 0) pos++;
      pos++;
    }
  }
  if (flags & FHCRC) pos += 2;
  if (pos > b.length) throw new GzipError("truncated gzip header");
  return pos;
}

// zlib.crc32 came in Node 22.2 and 20.15; older Node 20 releases use the table below.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) : crc32Table(data);
}

export function crc32Table(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
