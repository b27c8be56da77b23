/**
 * Protocol buffers wire format, read by hand: profile.proto needs only
 * varints, length-delimited fields and packed repeats, and reading them here
 * lets samples go straight into typed arrays with no object per value, and
 * int64 values beyond 2^53 be caught exactly instead of rounded silently.
 */

export class WireError extends Error {}

export const enum WireType {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

export class Reader {
  /** Callers may move it back within [start, end) to re-read a packed run in place. */
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    this.pos = start;
  }

  /** Points the reader at another range of the same buffer (one reader for many messages). */
  reset(start: number, end: number): this {
    this.pos = start;
    this.end = end;
    return this;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A field key: returns [fieldNumber, wireType]. */
  key(): [number, number] {
    const k = this.uint32();
    return [k >>> 3, k & 7];
  }

  /** A varint that must fit 32 bits unsigned (keys, lengths, small ints). */
  uint32(): number {
    const v = this.varint();
    if (v < 0 || v > 0xffffffff) throw new WireError(`varint ${v} too large at offset ${this.pos}`);
    return v;
  }

  /**
   * A varint as a double. Exact below 2^53; above, `bigVarint` gives the
   * exact value (callers check with Number.isSafeInteger). Negative int64
   * (ten-byte varints) come back negative.
   */
  varint(): number {
    const start = this.pos;
    let byte = this.byte();
    if (byte < 0x80) return byte;
    let result = byte & 0x7f;
    let mul = 128;
    for (let i = 1; i < 9; i++) {
      byte = this.byte();
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
    }
    // A tenth byte means bit 63: a negative int64 (or a huge uint64). Doubles
    // cannot subtract 2^64 exactly, so this rare case goes through BigInt.
    byte = this.byte();
    if (byte >= 0x80) throw new WireError(`varint longer than 10 bytes at offset ${start}`);
    return Number(Reader.bigVarintAt(this.buf, start));
  }

  /** Re-reads exactly the varint at `start`: int64 when signed, else uint64. */
  static bigVarintAt(buf: Uint8Array, start: number, signed = true): bigint {
    let v = 0n;
    let shift = 0n;
    for (let i = start; ; i++) {
      const byte = buf[i] as number;
      v |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7n;
    }
    return signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
  }

  /**
   * A length-delimited field, entered: returns its end, with pos at its first
   * byte. The tuple-free form of bytes() for the hot paths.
   */
  enter(): number {
    const len = this.uint32();
    this.need(len);
    return this.pos + len;
  }

  /** A length-delimited field: returns [start, end) of its bytes. */
  bytes(): [number, number] {
    const len = this.uint32();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.Bytes:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new WireError(`unknown wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private byte(): number {
    if (this.pos >= this.end) throw new WireError(`truncated varint at offset ${this.pos}`);
    return this.buf[this.pos++] as number;
  }

  private need(n: number): void {
    if (this.end - this.pos < n) {
      throw new WireError(`field of ${n} bytes overruns its message at offset ${this.pos}`);
    }
  }
}

/** Throws unless a field has the wire type its message needs. */
export function expect(wt: number, want: WireType, what: string, r: Reader): void {
  if (wt !== want) throw new WireError(`${what}: wire type ${wt}, want ${want} at offset ${r.pos}`);
}

/** An integer field read as a double (exact below 2^53). */
export function varintOf(r: Reader, wt: number): number {
  expect(wt, WireType.Varint, "integer field", r);
  return r.varint();
}
