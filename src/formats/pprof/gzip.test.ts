import * as zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc32, crc32Table } from "./gzip.js";

describe("gzip trailer CRC-32", () => {
  it("the table version (Node < 20.15) equals zlib's", () => {
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        expect(crc32Table(data)).toBe(crc32(data));
        if (native) expect(crc32Table(data)).toBe(native(data));
      }),
      { numRuns: 300 },
    );
    // The check value of the CRC-32 catalogue: crc32("123456789").
    expect(crc32Table(Buffer.from("123456789"))).toBe(0xcbf43926);
  });
});
