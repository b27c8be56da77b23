import {
  BadLocationId,
  GrowableF64,
  GrowableU32,
  UnknownLocation,
  type RawLocation,
  type RawProfile,
} from "./raw.js";
import { expect, Reader, varintOf, WireError, WireType } from "./wire.js";

/**
 * Reads the samples, whose byte ranges decodeProfile kept (sampleAt: start,
 * end pairs; sampleBytes their total), now that the locations are known, so
 * that ids become location indices as they are read.
 */
export function decodeSamples(
  p: RawProfile,
  buf: Uint8Array,
  sampleAt: GrowableU32,
  sampleBytes: number,
): void {
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

// The general reader of a sample, for whatever fastSample leaves: every
// field form profile.proto allows, with its checks and messages.
function sample(p: RawProfile, r: Reader, table: LocationTable): void {
  while (!r.done) {
    const k = r.uint32();
    const field = k >>> 3;
    const wt = k & 7;
    if (field === 1) {
      if (wt === WireType.Bytes) {
        const s = r.pos;
        const e = r.enter();
        while (r.pos < e) p.stackLocations.push(locationAt(table, r.varint()));
        if (r.pos !== e)
          throw new WireError(`packed location ids overrun their field at offset ${s}`);
      } else p.stackLocations.push(locationAt(table, varintOf(r, wt)));
    } else if (field === 2) {
      if (wt === WireType.Bytes) {
        const s = r.pos;
        const e = r.enter();
        while (r.pos < e) value(p, r);
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

function value(p: RawProfile, r: Reader): void {
  const at = r.pos;
  const v = r.varint();
  if (!Number.isSafeInteger(v)) p.bigValueAt.set(p.values.length, at);
  p.values.push(v);
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
