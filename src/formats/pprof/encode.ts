import { gzipSync } from "node:zlib";
import type { Label, Line, Location, Profile, ValueType } from "../../model/profile.js";

/**
 * Writes a profile as gzipped profile.proto, the form `go tool pprof` reads.
 * Ids are positions (1..n); int64 values go out exactly, negative ones as
 * ten-byte varints, big ones from `exactValues`.
 */
export function encodePprof(p: Profile): Uint8Array {
  const strings = new StringTable();
  const w = new Writer();
  const valueType = (t: ValueType) =>
    msg((m) => m.int(1, strings.id(t.type)).int(2, strings.id(t.unit)));
  for (const t of p.sampleTypes) w.bytes(1, valueType(t));
  const nTypes = p.sampleTypes.length;
  for (let s = 0; s < p.sampleCount; s++) {
    w.bytes(
      2,
      msg((m) => {
        const locs: bigint[] = [];
        for (let i = p.stackStart[s] as number; i < (p.stackStart[s + 1] as number); i++) {
          locs.push(BigInt((p.stackLocations[i] as number) + 1));
        }
        m.packed(1, locs);
        const values: bigint[] = [];
        for (let t = 0; t < nTypes; t++) {
          const i = s * nTypes + t;
          values.push(p.exactValues.get(i) ?? BigInt(p.values[i] as number));
        }
        m.packed(2, values);
        for (const l of p.labels[s] ?? []) m.bytes(3, label(l, strings));
      }),
    );
  }
  p.mappings.forEach((mp, i) =>
    w.bytes(
      3,
      msg((m) =>
        m
          .int(1, i + 1)
          .big(2, mp.start)
          .big(3, mp.limit)
          .big(4, mp.offset)
          .int(5, strings.id(mp.filename))
          .int(6, strings.id(mp.buildId))
          .int(7, mp.hasFunctions ? 1 : 0)
          .int(8, mp.hasFilenames ? 1 : 0)
          .int(9, mp.hasLineNumbers ? 1 : 0)
          .int(10, mp.hasInlineFrames ? 1 : 0),
      ),
    ),
  );
  p.locations.forEach((l, i) => w.bytes(4, location(l, i)));
  p.functions.forEach((f, i) =>
    w.bytes(
      5,
      msg((m) =>
        m
          .int(1, i + 1)
          .int(2, strings.id(f.name))
          .int(3, strings.id(f.systemName))
          .int(4, strings.id(f.filename))
          .int(5, f.startLine),
      ),
    ),
  );
  const tail = new Writer();
  tail.int(7, strings.id(p.dropFrames)).int(8, strings.id(p.keepFrames));
  tail.big(9, p.timeNanos).big(10, p.durationNanos);
  if (p.periodType) tail.bytes(11, valueType(p.periodType));
  tail.int(12, p.period);
  for (const c of p.comments) tail.int(13, strings.id(c));
  const def = p.sampleTypes[p.defaultSampleType];
  if (def) tail.int(14, strings.id(def.type));
  for (const s of strings.all) w.bytes(6, [...Buffer.from(s, "utf8")]);
  return gzipSync(Uint8Array.from([...w.out, ...tail.out]));
}

function location(l: Location, i: number): number[] {
  return msg((m) => {
    m.int(1, i + 1)
      .int(2, l.mapping + 1)
      .big(3, l.address);
    for (const ln of l.lines) m.bytes(4, line(ln));
    m.int(5, l.isFolded ? 1 : 0);
  });
}

const line = (ln: Line) =>
  msg((m) =>
    m
      .int(1, ln.function + 1)
      .int(2, ln.line)
      .int(3, ln.column),
  );

function label(l: Label, strings: StringTable): number[] {
  return msg((m) =>
    m
      .int(1, strings.id(l.key))
      .int(2, strings.id(l.str))
      .int(3, l.num)
      .int(4, strings.id(l.numUnit)),
  );
}

function msg(fill: (w: Writer) => void): number[] {
  const w = new Writer();
  fill(w);
  return w.out;
}

class StringTable {
  readonly all: string[] = [""];
  private readonly ids = new Map<string, number>([["", 0]]);
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.all.length;
      this.all.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

class Writer {
  readonly out: number[] = [];

  /** A varint field; zero is the default and is left out, as protobuf does. */
  int(field: number, v: number): this {
    return this.big(field, BigInt(v));
  }

  big(field: number, v: bigint): this {
    if (v === 0n) return this;
    this.varint(BigInt((field << 3) | 0));
    this.varint(v);
    return this;
  }

  bytes(field: number, data: readonly number[]): this {
    this.varint(BigInt((field << 3) | 2));
    this.varint(BigInt(data.length));
    for (const b of data) this.out.push(b);
    return this;
  }

  packed(field: number, values: readonly bigint[]): this {
    if (values.length === 0) return this;
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.out);
  }

  private varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.out.push(Number(x));
  }
}
