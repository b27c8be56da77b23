import {
  GrowableF64,
  GrowableU32,
  type RawFunction,
  type RawLine,
  type RawLocation,
  type RawMapping,
  type RawProfile,
} from "./raw.js";
import { decodeSamples } from "./samples.js";
import { expect, Reader, varintOf, WireType } from "./wire.js";

// pprof takes string-table bytes as they are; invalid UTF-8 becomes U+FFFD here.
const utf8 = new TextDecoder("utf-8");

export function decodeProfile(buf: Uint8Array): RawProfile {
  const p: RawProfile = {
    sampleTypes: [],
    sampleCount: 0,
    stackStart: new Uint32Array(1),
    sampleValEnd: new Uint32Array(0),
    // Sized once the samples' byte ranges are known (below).
    stackLocations: new GrowableU32(16),
    values: new GrowableF64(16),
    bigValueAt: new Map(),
    sampleLabelEnd: new Uint32Array(0),
    labelFields: new GrowableF64(),
    mappings: [],
    locations: [],
    functions: [],
    strings: [],
    dropFrames: 0,
    keepFrames: 0,
    timeNanos: 0n,
    durationNanos: 0n,
    periodType: null,
    period: 0,
    comments: [],
    defaultSampleType: 0,
  };
  const r = new Reader(buf);
  // Samples come before locations on the wire; their byte ranges are kept
  // and decoded once the location table exists, so ids resolve in place.
  const sampleAt = new GrowableU32(1024);
  let sampleBytes = 0;
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    switch (field) {
      case 1:
        p.sampleTypes.push(valueType(sub(r, wt)));
        break;
      case 2: {
        expect(wt, WireType.Bytes, "embedded message", r);
        const e = r.enter();
        sampleAt.push(r.pos);
        sampleAt.push(e);
        sampleBytes += e - r.pos;
        r.pos = e;
        break;
      }
      case 3:
        p.mappings.push(mapping(sub(r, wt)));
        break;
      case 4:
        p.locations.push(location(r, wt));
        break;
      case 5:
        p.functions.push(fn(r, wt));
        break;
      case 6: {
        const [s, e] = bytesOf(r, wt);
        p.strings.push(utf8.decode(buf.subarray(s, e)));
        break;
      }
      case 7:
        p.dropFrames = varintOf(r, wt);
        break;
      case 8:
        p.keepFrames = varintOf(r, wt);
        break;
      case 9:
        p.timeNanos = bigOf(r, wt);
        break;
      case 10:
        p.durationNanos = bigOf(r, wt);
        break;
      case 11:
        p.periodType = valueType(sub(r, wt));
        break;
      case 12:
        p.period = varintOf(r, wt);
        break;
      case 13:
        repeated(r, wt, (v) => p.comments.push(v));
        break;
      case 14:
        p.defaultSampleType = varintOf(r, wt);
        break;
      default:
        r.skip(wt);
    }
  }
  decodeSamples(p, buf, sampleAt, sampleBytes);
  return p;
}

function valueType(r: Reader): [number, number] {
  const t: [number, number] = [0, 0];
  while (!r.done) {
    const [field, wt] = r.key();
    if (field === 1 || field === 2) t[field - 1] = varintOf(r, wt);
    else r.skip(wt);
  }
  return t;
}

function mapping(r: Reader): RawMapping {
  const m: RawMapping = {
    id: 0,
    start: 0n,
    limit: 0n,
    offset: 0n,
    filename: 0,
    buildId: 0,
    flags: [false, false, false, false],
  };
  while (!r.done) {
    const [field, wt] = r.key();
    if (field === 1) m.id = varintOf(r, wt);
    else if (field === 2) m.start = bigOf(r, wt, false);
    else if (field === 3) m.limit = bigOf(r, wt, false);
    else if (field === 4) m.offset = bigOf(r, wt, false);
    else if (field === 5) m.filename = varintOf(r, wt);
    else if (field === 6) m.buildId = varintOf(r, wt);
    else if (field >= 7 && field <= 10) m.flags[field - 7] = varintOf(r, wt) !== 0;
    else r.skip(wt);
  }
  return m;
}

// Locations, their lines and functions are read on the one reader, its end
// moved to each message's end: no reader or tuple per message or field.
function location(r: Reader, wt: number): RawLocation {
  expect(wt, WireType.Bytes, "embedded message", r);
  const e = r.enter();
  const outer = r.end;
  r.end = e;
  const l: RawLocation = { id: 0, mapping: 0, address: 0n, lines: [], isFolded: false };
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) l.id = varintOf(r, wt);
    else if (field === 2) l.mapping = varintOf(r, wt);
    else if (field === 3) l.address = bigOf(r, wt, false);
    else if (field === 4) l.lines.push(line(r, wt));
    else if (field === 5) l.isFolded = varintOf(r, wt) !== 0;
    else r.skip(wt);
  }
  r.end = outer;
  return l;
}

function line(r: Reader, wt: number): RawLine {
  expect(wt, WireType.Bytes, "embedded message", r);
  const e = r.enter();
  const outer = r.end;
  r.end = e;
  const l: RawLine = { function: 0, line: 0, column: 0 };
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) l.function = varintOf(r, wt);
    else if (field === 2) l.line = varintOf(r, wt);
    else if (field === 3) l.column = varintOf(r, wt);
    else r.skip(wt);
  }
  r.end = outer;
  return l;
}

function fn(r: Reader, wt: number): RawFunction {
  expect(wt, WireType.Bytes, "embedded message", r);
  const e = r.enter();
  const outer = r.end;
  r.end = e;
  const f: RawFunction = { id: 0, name: 0, systemName: 0, filename: 0, startLine: 0 };
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) f.id = varintOf(r, wt);
    else if (field === 2) f.name = varintOf(r, wt);
    else if (field === 3) f.systemName = varintOf(r, wt);
    else if (field === 4) f.filename = varintOf(r, wt);
    else if (field === 5) f.startLine = varintOf(r, wt);
    else r.skip(wt);
  }
  r.end = outer;
  return f;
}

function sub(r: Reader, wt: number): Reader {
  expect(wt, WireType.Bytes, "embedded message", r);
  const [s, e] = r.bytes();
  return new Reader(r.buf, s, e);
}

function bytesOf(r: Reader, wt: number): [number, number] {
  expect(wt, WireType.Bytes, "string", r);
  return r.bytes();
}

/** An int64 (times) or, unsigned, a uint64 (addresses), exactly. */
function bigOf(r: Reader, wt: number, signed = true): bigint {
  expect(wt, WireType.Varint, "integer field", r);
  const at = r.pos;
  const v = r.varint();
  // Most values (addresses, times) fit a double exactly: one conversion
  // instead of a BigInt operation per byte.
  if (v >= 0 && Number.isSafeInteger(v)) return BigInt(v);
  return Reader.bigVarintAt(r.buf, at, signed);
}

/** A repeated integer, packed (one length-delimited run) or not (one key per value). */
function repeated(r: Reader, wt: number, push: (v: number, at: number) => void): void {
  if (wt === WireType.Bytes) {
    const [s, e] = r.bytes();
    const inner = new Reader(r.buf, s, e);
    while (!inner.done) {
      const at = inner.pos;
      push(inner.varint(), at);
    }
    return;
  }
  expect(wt, WireType.Varint, "repeated integer", r);
  const at = r.pos;
  push(r.varint(), at);
}
