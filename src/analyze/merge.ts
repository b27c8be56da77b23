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
  const samples = new Map<
    string,
    { stack: number[]; values: number[]; labels: readonly Label[] | undefined }
  >();
  const add = (p: Profile, sign: number, extra: Label | undefined) => {
    const locOf = p.locations.map((l) => tables.location(p, l));
    for (let s = 0; s < p.sampleCount; s++) {
      const stack: number[] = [];
      for (let i = p.stackStart[s] as number; i < (p.stackStart[s + 1] as number); i++) {
        stack.push(locOf[p.stackLocations[i] as number] as number);
      }
      const own = p.labels[s];
      const labels = extra ? [...(own ?? []), extra] : own;
      const key = `${stack.join(",")}|${labelKey(labels)}`;
      const values = Array.from(p.values.subarray(s * nTypes, (s + 1) * nTypes), (v) => sign * v);
      const seen = samples.get(key);
      if (seen) values.forEach((v, t) => (seen.values[t] = (seen.values[t] as number) + v));
      else samples.set(key, { stack, values, labels });
    }
  };
  add(next, 1, undefined);
  add(base, -1, mode === "diff-base" ? BASE_LABEL : undefined);

  const all = [...samples.values()];
  const stackStart = new Uint32Array(all.length + 1);
  const stack: number[] = [];
  all.forEach((s, i) => {
    stack.push(...s.stack);
    stackStart[i + 1] = stack.length;
  });
  return {
    ...next,
    sampleCount: all.length,
    stackStart,
    stackLocations: Uint32Array.from(stack),
    values: Float64Array.from(all.flatMap((s) => s.values)),
    exactValues: new Map(),
    labels: all.map((s) => s.labels),
    locations: tables.locations,
    functions: tables.functions,
    mappings: tables.mappings,
  };
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
