import { Reader, WireError, WireType } from "./wire.js";

/**
 * profile.proto as it is on the wire: ids and string-table indices still
 * unresolved. Only the parser sees this; resolve.ts turns it into the model.
 */
export interface RawProfile {
  sampleTypes: [number, number][];
  sampleCount: number;
  /** Sample i's ids are stackLocations[stackStart[i] .. stackStart[i+1]). */
  stackStart: Uint32Array;
  /** Per sample: end offset into values (exclusive). */
  sampleValEnd: Uint32Array;
  /** Sample stacks as indices into `locations` (ids resolved while decoding). */
  stackLocations: GrowableU32;
  values: GrowableF64;
  /** Offsets in the input of varints too large for a double, by value index. */
  bigValueAt: Map<number, number>;
  /** Per sample: end offset into the flat label arrays (exclusive). */
  sampleLabelEnd: Uint32Array;
  /** Labels, flat: key, str, num, numUnit per label (string indices and values). */
  labelFields: GrowableF64;
  mappings: RawMapping[];
  locations: RawLocation[];
  functions: RawFunction[];
  strings: string[];
  dropFrames: number;
  keepFrames: number;
  timeNanos: bigint;
  durationNanos: bigint;
  periodType: [number, number] | null;
  period: number;
  comments: number[];
  defaultSampleType: number;
}

export interface RawMapping {
  id: number;
  start: bigint;
  limit: bigint;
  offset: bigint;
  filename: number;
  buildId: number;
  flags: [boolean, boolean, boolean, boolean];
}
/**
 * A line and a location in the model's shape, so that resolve.ts turns ids
 * into indices in place instead of copying every object: `function` holds
 * the function id and `mapping` the mapping id until then.
 */
export interface RawLine {
  function: number;
  line: number;
  column: number;
}
export interface RawLocation {
  id: number;
  mapping: number;
  address: bigint;
  lines: RawLine[];
  isFolded: boolean;
}
export interface RawFunction {
  id: number;
  name: number;
  systemName: number;
  filename: number;
  startLine: number;
}

/** A Float64Array that grows by doubling; samples never become objects. */
export class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

export class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  /** Room for n more without growing: callers then write `data` directly. */
  reserve(n: number): void {
    if (this.length + n > this.data.length) this.grow(this.length + n);
  }
  private grow(min: number): void {
    const next = new Uint32Array(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A location id that no location declares (resolve.ts reports it as an invalid profile). */
export class UnknownLocation extends Error {
  constructor(readonly id: number) {
    super(`sample has unknown location id ${id}`);
  }
}

/** A location id that is zero or declared twice. */
export class BadLocationId extends Error {}

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
  const table = locationTable(p.locations);
  // Every id and value takes at least one byte of a sample, so this bounds
  // both: the millions of ids of a large profile are never copied to grow.
  p.stackLocations = new GrowableU32(sampleBytes);
  p.values = new GrowableF64(
    Math.min(sampleBytes, (sampleAt.length / 2) * Math.max(1, p.sampleTypes.length)),
  );
  const n = sampleAt.length / 2;
  // Heap profiles give each sample one label (bytes): room for that up front.
  p.labelFields = new GrowableF64(Math.min(4 * n, sampleBytes));
  p.sampleCount = n;
  p.stackStart = new Uint32Array(n + 1);
  p.sampleValEnd = new Uint32Array(n);
  p.sampleLabelEnd = new Uint32Array(n);
  const sr = new Reader(buf);
  const dense = table instanceof Int32Array ? table : null;
  for (let i = 0; i < n; i++) {
    const s = sampleAt.data[2 * i] as number;
    const e = sampleAt.data[2 * i + 1] as number;
    if (!dense || !fastSample(p, sr, s, e, dense)) sample(p, sr.reset(s, e), table);
    p.stackStart[i + 1] = p.stackLocations.length;
    p.sampleValEnd[i] = p.values.length;
    p.sampleLabelEnd[i] = p.labelFields.length;
  }
  return p;
}

/**
 * Location id → index, checked non-zero and unique, as a table: Go numbers
 * locations 1..N, so an array beats a Map in the loop over millions of ids
 * (and costs no Map entry per location). Sparse ids (other writers) get a Map.
 */
type LocationTable = Int32Array | Map<number, number>;

function locationTable(locations: readonly RawLocation[]): LocationTable {
  let max = 0;
  for (const l of locations) {
    if (l.id === 0) throw new BadLocationId("location with id 0");
    max = Math.max(max, l.id);
  }
  if (max <= 4 * locations.length + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    locations.forEach((l, i) => {
      if ((table[l.id] as number) >= 0) throw new BadLocationId(`duplicate location id ${l.id}`);
      table[l.id] = i;
    });
    return table;
  }
  const index = new Map<number, number>();
  locations.forEach((l, i) => {
    if (index.has(l.id)) throw new BadLocationId(`duplicate location id ${l.id}`);
    index.set(l.id, i);
  });
  return index;
}

function locationAt(table: LocationTable, id: number): number {
  // A fractional, negative or out-of-range id reads undefined: unknown.
  const at = table instanceof Map ? table.get(id) : table[id];
  if (at === undefined || at < 0) throw new UnknownLocation(id);
  return at;
}

/**
 * The common sample read in one loop on locals: packed ids and values with
 * one-byte keys and short lengths, ids in the dense table, values below
 * 2^49, room in the arrays. Anything else (and any error) undoes what it
 * wrote and returns false, and sample() reads the sample the general way,
 * with its checks and messages. Samples are most of a profile's bytes, and
 * this loop is most of the time it takes to read one.
 */
function fastSample(p: RawProfile, r: Reader, s: number, e: number, dense: Int32Array): boolean {
  const buf = r.buf;
  const ids = p.stackLocations;
  const vals = p.values;
  const ids0 = ids.length;
  const vals0 = vals.length;
  const labels0 = p.labelFields.length;
  const idData = ids.data;
  const valData = vals.data;
  let nIds = ids0;
  let nVals = vals0;
  let pos = s;
  let ok = true;
  while (pos < e && ok) {
    const key = buf[pos++] as number;
    // A length of one or two bytes.
    let len = buf[pos++] as number;
    if (len >= 0x80) {
      const b = buf[pos++] as number;
      if (b >= 0x80) {
        ok = false;
        break;
      }
      len = (len & 0x7f) | (b << 7);
    }
    const end = pos + len;
    // Also false for NaN: a length byte past the end of the input.
    if (!(end <= e)) {
      ok = false;
      break;
    }
    if (key === 0x0a) {
      // location_id, packed
      if (nIds + len > idData.length) {
        ok = false;
        break;
      }
      let v = 0;
      let shift = 0;
      while (pos < end) {
        const b = buf[pos++] as number;
        if (b >= 0x80) {
          if (shift === 21) {
            ok = false;
            break;
          }
          v |= (b & 0x7f) << shift;
          shift += 7;
          continue;
        }
        v |= b << shift;
        const at = dense[v];
        if (at === undefined || at < 0) {
          ok = false;
          break;
        }
        idData[nIds++] = at;
        v = 0;
        shift = 0;
      }
      if (shift !== 0) ok = false;
    } else if (key === 0x12) {
      // value, packed
      while (pos < end) {
        if (nVals === valData.length) {
          ok = false;
          break;
        }
        let v = 0;
        let mul = 1;
        let b = 0x80;
        for (let i = 0; i < 7 && pos < end; i++) {
          b = buf[pos++] as number;
          v += (b & 0x7f) * mul;
          mul *= 128;
          if (b < 0x80) break;
        }
        if (b >= 0x80) {
          ok = false;
          break;
        }
        valData[nVals++] = v;
      }
    } else if (key === 0x1a) {
      // label: key, str, num, num_unit, each a short varint
      let lk = 0;
      let ls = 0;
      let ln = 0;
      let lu = 0;
      while (pos < end) {
        const tag = buf[pos++] as number;
        let v = 0;
        let mul = 1;
        let b = 0x80;
        for (let i = 0; i < 7 && pos < end; i++) {
          b = buf[pos++] as number;
          v += (b & 0x7f) * mul;
          mul *= 128;
          if (b < 0x80) break;
        }
        if (b >= 0x80) ok = false;
        else if (tag === 0x08) lk = v;
        else if (tag === 0x10) ls = v;
        else if (tag === 0x18) ln = v;
        else if (tag === 0x20) lu = v;
        else ok = false;
        if (!ok) break;
      }
      if (!ok) break;
      const f = p.labelFields;
      f.push(lk);
      f.push(ls);
      f.push(ln);
      f.push(lu);
    } else ok = false;
  }
  if (!ok) {
    ids.length = ids0;
    vals.length = vals0;
    p.labelFields.length = labels0;
    return false;
  }
  ids.length = nIds;
  vals.length = nVals;
  return true;
}

// The hot path: one call per sample, so no closures, tuples or readers per
// field, and no objects per value.
function sample(p: RawProfile, r: Reader, table: LocationTable): void {
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) {
      if (wt === WireType.Bytes) {
        const e = r.enter();
        packedLocIds(p, r, e, table);
      } else p.stackLocations.push(locationAt(table, varintOf(r, wt)));
    } else if (field === 2) {
      if (wt === WireType.Bytes) {
        const s = r.pos;
        const e = r.enter();
        packedValues(p, r, e);
        if (r.pos !== e) throw new WireError(`packed values overrun their field at offset ${s}`);
      } else {
        expect(wt, WireType.Varint, "repeated integer", r);
        value(p, r);
      }
    } else if (field === 3) {
      expect(wt, WireType.Bytes, "embedded message", r);
      label(p, r, r.enter());
    } else r.skip(wt);
  }
}

/**
 * Location ids are the bulk of a profile (millions of small varints): they
 * are decoded right here, a byte at a time on locals, into the output array
 * sized up front (a run of n bytes holds at most n ids). A varint longer than
 * four bytes (an id of 2^28 or more) goes through the general reader.
 */
function packedLocIds(p: RawProfile, r: Reader, e: number, table: LocationTable): void {
  const s = r.pos;
  const buf = r.buf;
  const out = p.stackLocations;
  out.reserve(e - s);
  const data = out.data;
  let n = out.length;
  const dense = table instanceof Int32Array ? table : null;
  let pos = s;
  let v = 0;
  let shift = 0;
  while (pos < e) {
    const b = buf[pos++] as number;
    if (shift === 28) {
      r.pos = pos - 5;
      const end = r.end;
      r.end = e;
      v = r.varint();
      r.end = end;
      pos = r.pos;
    } else if (b >= 0x80) {
      v |= (b & 0x7f) << shift;
      shift += 7;
      continue;
    } else v |= b << shift;
    const at = dense !== null ? dense[v] : undefined;
    data[n++] = at !== undefined && at >= 0 ? at : locationAt(table, v);
    v = 0;
    shift = 0;
  }
  if (shift !== 0) throw new WireError(`truncated varint at offset ${pos}`);
  out.length = n;
  r.pos = pos;
}

/**
 * Packed values, decoded on locals up to seven bytes (below 2^49: every real
 * heap value) and written straight into the array; a value through a call
 * would come back as a boxed double, one allocation per value. Longer ones
 * go through value().
 */
function packedValues(p: RawProfile, r: Reader, e: number): void {
  const buf = r.buf;
  const out = p.values;
  let pos = r.pos;
  while (pos < e) {
    let v = 0;
    let mul = 1;
    let i = 0;
    let b = 0x80;
    for (; i < 7 && pos + i < e; i++) {
      b = buf[pos + i] as number;
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) break;
    }
    if (b >= 0x80) {
      r.pos = pos;
      value(p, r);
      pos = r.pos;
      continue;
    }
    pos += i + 1;
    if (out.length === out.data.length) out.push(v);
    else out.data[out.length++] = v;
  }
  r.pos = pos;
}

function value(p: RawProfile, r: Reader): void {
  const at = r.pos;
  const v = r.varint();
  if (!Number.isSafeInteger(v)) p.bigValueAt.set(p.values.length, at);
  p.values.push(v);
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

function label(p: RawProfile, r: Reader, e: number): void {
  const outer = r.end;
  r.end = e;
  let key = 0;
  let str = 0;
  let num = 0;
  let numUnit = 0;
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) key = varintOf(r, wt);
    else if (field === 2) str = varintOf(r, wt);
    else if (field === 3) num = varintOf(r, wt);
    else if (field === 4) numUnit = varintOf(r, wt);
    else r.skip(wt);
  }
  r.end = outer;
  const f = p.labelFields;
  f.push(key);
  f.push(str);
  f.push(num);
  f.push(numUnit);
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

function expect(wt: number, want: WireType, what: string, r: Reader): void {
  if (wt !== want) throw new WireError(`${what}: wire type ${wt}, want ${want} at offset ${r.pos}`);
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

function varintOf(r: Reader, wt: number): number {
  expect(wt, WireType.Varint, "integer field", r);
  return r.varint();
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
