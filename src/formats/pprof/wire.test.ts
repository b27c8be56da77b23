import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { varint } from "../../../test/support/protobuf.js";
import { Reader, WireError } from "./wire.js";

describe("wire Reader", () => {
  it("reads every int64: exact as a double when safe, exact as a bigint always", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        const bytes = Uint8Array.from(varint(v));
        const r = new Reader(bytes);
        const d = r.varint();
        expect(r.done).toBe(true);
        if (Number.isSafeInteger(Number(v))) expect(d).toBe(Number(v));
        else expect(Number.isSafeInteger(d)).toBe(false);
        expect(Reader.bigVarintAt(bytes, 0)).toBe(v);
        expect(Reader.bigVarintAt(bytes, 0, false)).toBe(BigInt.asUintN(64, v));
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses truncated varints, lengths past the end and negative lengths", () => {
    expect(() => new Reader(Uint8Array.from([0x80])).varint()).toThrow(WireError);
    expect(() => new Reader(Uint8Array.from([5, 1, 2])).bytes()).toThrow(/overruns/);
    expect(() => new Reader(Uint8Array.from(varint(-1n))).uint32()).toThrow(/too large/);
  });
});
