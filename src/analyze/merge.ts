import type { Function as Fn, Label, Location, Mapping, Profile } from "../model/profile.js";

/**
 * Two profiles as pprof compares them (driver: base scaled by -1, then
 * profile.Merge): locations and functions are unified by what they are, and
 * samples with the same stack and labels are summed. For -diff_base the base
 * samples carry the label pprof::base, so they never merge with the new ones
 * and the report's total is the base's; for -base (subtract) they merge and
 * cancel.
 */
export type DiffMode = "diff-base" | "subtract";

export const BASE_LABEL: Label = { key: "pprof::base", str: "true", num: 0, numUnit: "" };

export function sameSampleTypes(a: Profile, b: Profile): boolean {
  return (
    a.sampleTypes.length === b.sampleTypes.length &&
    a.sampleTypes.every(
      (t, i) => t.type === b.sampleTypes[i]?.type && t.unit === b.sampleTypes[i]?.unit,
    )
  );
}

export function mergeForDiff(next: Profile, base: Profile, mode: DiffMode): Profile {
  const tables = new Tables();
  const nTypes = next.sampleTypes.length;
  const merged = new SampleTable(
    nTypes,
    next.sampleCount + base.sampleCount,
    next.stackLocations.length + base.stackLocations.length,
  );
  // Label sets by their content, each given an id the sample key uses.
  const labelIds = new Map<string, number>();
  const labelSets: (readonly Label[] | undefined)[] = [];
  const add = (p: Profile, sign: number, extra: Label | undefined) => {
    const locOf = Uint32Array.from(p.locations, (l) => tables.location(p, l));
    // The parser interns label sets, so one lookup per distinct array.
    const idOf = new Map<readonly Label[] | undefined, number>();
    for (let s = 0; s < p.sampleCount; s++) {
      const own = p.labels[s];
      let id = idOf.get(own);
      if (id === undefined) {
        const labels = extra ? [...(own ?? []), extra] : own;
        const key = labelKey(labels);
        id = labelIds.get(key);
        if (id === undefined) {
          id = labelSets.push(labels) - 1;
          labelIds.set(key, id);
        }
        idOf.set(own, id);
      }
      merged.add(p, s, locOf, id, sign);
    }
  };
  add(next, 1, undefined);
  add(base, -1, mode === "diff-base" ? BASE_LABEL : undefined);

  const n = merged.count;
  return {
    ...next,
    sampleCount: n,
    stackStart: merged.stackStart.slice(0, n + 1),
    stackLocations: merged.stack.slice(0, merged.stackStart[n]),
    values: merged.values.slice(0, n * nTypes),
    exactValues: new Map(),
    labels: Array.from(merged.labelId.subarray(0, n), (id) => labelSets[id]),
    locations: tables.locations,
    functions: tables.functions,
    mappings: tables.mappings,
  };
}

/**
 * Merged samples, keyed by stack and label set, in typed arrays with an
 * open-addressing index: a diff of two large profiles has half a million
 * samples, and a string key and object per sample cost more than the rest of
 * the diff together (bench/top.mjs).
 */
class SampleTable {
  count = 0;
  readonly stackStart: Uint32Array;
  readonly stack: Uint32Array;
  readonly values: Float64Array;
  readonly labelId: Int32Array;
  private readonly slots: Int32Array;
  private readonly hashes: Uint32Array;

  constructor(
    private readonly nTypes: number,
    maxSamples: number,
    maxFrames: number,
  ) {
    this.stackStart = new Uint32Array(maxSamples + 1);
    this.stack = new Uint32Array(maxFrames);
    this.values = new Float64Array(maxSamples * nTypes);
    this.labelId = new Int32Array(maxSamples);
    this.hashes = new Uint32Array(maxSamples);
    let size = 16;
    while (size < maxSamples * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
  }

  /** Adds sample s of p (its locations mapped through locOf), values times sign. */
  add(p: Profile, s: number, locOf: Uint32Array, label: number, sign: number): void {
    const from = p.stackStart[s] as number;
    const to = p.stackStart[s + 1] as number;
    let h = Math.imul(label + 1, 0x9e3779b1) >>> 0;
    for (let i = from; i < to; i++) {
      h = Math.imul(h ^ (locOf[p.stackLocations[i] as number] as number), 0x01000193) >>> 0;
    }
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const j = this.slots[slot] as number;
      if (j < 0) break;
      if (this.hashes[j] === h && this.same(j, p, from, to, locOf, label)) {
        this.addValues(j, p, s, sign);
        return;
      }
      slot = (slot + 1) & mask;
    }
    const j = this.count++;
    this.slots[slot] = j;
    this.hashes[j] = h;
    this.labelId[j] = label;
    let k = this.stackStart[j] as number;
    for (let i = from; i < to; i++)
      this.stack[k++] = locOf[p.stackLocations[i] as number] as number;
    this.stackStart[j + 1] = k;
    this.addValues(j, p, s, sign);
  }

  private same(
    j: number,
    p: Profile,
    from: number,
    to: number,
    locOf: Uint32Array,
    label: number,
  ): boolean {
    const a = this.stackStart[j] as number;
    if (this.labelId[j] !== label || (this.stackStart[j + 1] as number) - a !== to - from)
      return false;
    for (let i = from; i < to; i++) {
      if (this.stack[a + i - from] !== locOf[p.stackLocations[i] as number]) return false;
    }
    return true;
  }

  private addValues(j: number, p: Profile, s: number, sign: number): void {
    const n = this.nTypes;
    for (let t = 0; t < n; t++) {
      this.values[j * n + t] =
        (this.values[j * n + t] as number) + sign * (p.values[s * n + t] as number);
    }
  }
}

/** Σ |value| over the base samples of a diff-base merge (pprof's diff total). */
export function baseTotal(p: Profile, sampleIndex: number): number {
  const nTypes = p.sampleTypes.length;
  let total = 0;
  for (let s = 0; s < p.sampleCount; s++) {
    if (p.labels[s]?.some((l) => l.key === BASE_LABEL.key))
      total += Math.abs(p.values[s * nTypes + sampleIndex] as number);
  }
  return total;
}

function labelKey(labels: readonly Label[] | undefined): string {
  return (labels ?? [])
    .map((l) => `${l.key}=${l.str}/${l.num}${l.numUnit}`)
    .sort()
    .join(";");
}

/** Unified mapping, function and location tables, keyed by what each entry is. */
class Tables {
  readonly mappings: Mapping[] = [];
  readonly functions: Fn[] = [];
  readonly locations: Location[] = [];
  private readonly mappingIds = new Map<string, number>();
  private readonly functionIds = new Map<string, number>();
  private readonly locationIds = new Map<string, number>();

  location(p: Profile, l: Location): number {
    const mapping = l.mapping < 0 ? -1 : this.mapping(p.mappings[l.mapping] as Mapping);
    const lines = l.lines.map((ln) => ({
      ...ln,
      function: this.fn(p.functions[ln.function] as Fn),
    }));
    const key = `${mapping}|${l.address}|${lines.map((ln) => `${ln.function}:${ln.line}:${ln.column}`).join(",")}`;
    return intern(this.locationIds, key, this.locations, (id) => ({ ...l, id, mapping, lines }));
  }

  private fn(f: Fn): number {
    const key = JSON.stringify([f.name, f.systemName, f.filename, f.startLine]);
    return intern(this.functionIds, key, this.functions, (id) => ({ ...f, id }));
  }

  private mapping(m: Mapping): number {
    const key = `${m.filename}|${m.buildId}|${m.start}|${m.limit}|${m.offset}`;
    return intern(this.mappingIds, key, this.mappings, (id) => ({ ...m, id }));
  }
}

function intern<T>(
  ids: Map<string, number>,
  key: string,
  list: T[],
  make: (id: number) => T,
): number {
  let i = ids.get(key);
  if (i === undefined) {
    i = list.length;
    list.push(make(i + 1));
    ids.set(key, i);
  }
  return i;
}
