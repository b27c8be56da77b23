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
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  private grow(): void {
    const next = new Uint32Array(this.data.length * 2);
    next.set(this.data);
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
