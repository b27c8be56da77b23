import type {
  Function as Fn,
  Label,
  Location,
  Mapping,
  Profile,
  ValueType,
} from "../../model/profile.js";
import type { RawProfile } from "./raw.js";
import { Reader } from "./wire.js";

export class InvalidProfile extends Error {}

/**
 * Checks a decoded profile once (the rules of pprof's CheckValid plus string
 * and id references in range) and resolves it into the model.
 */
export function resolveProfile(raw: RawProfile, buf: Uint8Array): Profile {
  const str = strings(raw.strings);
  const sampleTypes = raw.sampleTypes.map(([t, u]): ValueType => ({ type: str(t), unit: str(u) }));
  const nTypes = sampleTypes.length;
  if (nTypes === 0 && raw.sampleCount > 0) throw new InvalidProfile("samples but no sample types");

  const mappings = raw.mappings.map((m): Mapping => ({
    id: m.id,
    start: m.start,
    limit: m.limit,
    offset: m.offset,
    filename: str(m.filename),
    buildId: str(m.buildId),
    hasFunctions: m.flags[0],
    hasFilenames: m.flags[1],
    hasLineNumbers: m.flags[2],
    hasInlineFrames: m.flags[3],
  }));
  const mappingIndex = indexById("mapping", mappings);
  const functions = raw.functions.map((f): Fn => ({
    id: f.id,
    name: str(f.name),
    systemName: str(f.systemName),
    filename: str(f.filename),
    startLine: f.startLine,
  }));
  const functionIndex = indexById("function", functions);
  // Ids become indices in place: the raw objects already have the model's shape.
  const functionTable = denseTable(functionIndex);
  for (const l of raw.locations) {
    const mapping = l.mapping === 0 ? -1 : mappingIndex.get(l.mapping);
    if (mapping === undefined)
      throw new InvalidProfile(`location ${l.id} has unknown mapping id ${l.mapping}`);
    l.mapping = mapping;
    for (const ln of l.lines) {
      const f = functionTable ? functionTable[ln.function] : functionIndex.get(ln.function);
      if (f === undefined || f < 0) {
        throw new InvalidProfile(`location ${l.id} has unknown function id ${ln.function}`);
      }
      ln.function = f;
    }
  }
  const locations: readonly Location[] = raw.locations;
  const n = raw.sampleCount;
  const stackStart = raw.stackStart;
  const stackLocations = raw.stackLocations.data.subarray(0, raw.stackLocations.length);
  let prevVal = 0;
  for (let i = 0; i < n; i++) {
    const end = raw.sampleValEnd[i] as number;
    if (end - prevVal !== nTypes) {
      throw new InvalidProfile(
        `sample ${i} has ${end - prevVal} values, want ${nTypes} (one per sample type)`,
      );
    }
    prevVal = end;
  }
  const exactValues = new Map<number, bigint>();
  for (const [index, at] of raw.bigValueAt) exactValues.set(index, Reader.bigVarintAt(buf, at));

  checkLabelStrings(raw);
  // Label objects are built when first read: top and diff without tag
  // filters never read them, and a large heap profile has one set per sample.
  let labels: (readonly Label[] | undefined)[] | undefined;
  const defaultName = raw.defaultSampleType ? str(raw.defaultSampleType) : "";
  return {
    sampleTypes,
    defaultSampleType: defaultName ? sampleTypes.findIndex((t) => t.type === defaultName) : -1,
    sampleCount: n,
    stackStart,
    stackLocations,
    values: raw.values.data.subarray(0, raw.values.length),
    exactValues,
    get labels() {
      return (labels ??= resolveLabels(raw, str));
    },
    locations,
    functions,
    mappings,
    dropFrames: str(raw.dropFrames),
    keepFrames: str(raw.keepFrames),
    timeNanos: raw.timeNanos,
    durationNanos: raw.durationNanos,
    periodType: raw.periodType
      ? { type: str(raw.periodType[0]), unit: str(raw.periodType[1]) }
      : null,
    period: raw.period,
    comments: raw.comments.map(str),
  };
}

function strings(table: readonly string[]): (i: number) => string {
  if (table.length === 0 || table[0] !== "") {
    throw new InvalidProfile('string table must start with ""');
  }
  return (i) => {
    const s = table[i];
    if (s === undefined || !Number.isInteger(i)) {
      throw new InvalidProfile(`string index ${i} out of range (table has ${table.length})`);
    }
    return s;
  };
}

/** Id → index as an array when ids are dense (Go numbers them 1..N), else null. */
function denseTable(index: Map<number, number>): Int32Array | null {
  let max = 0;
  for (const id of index.keys()) max = Math.max(max, id);
  if (max > 4 * index.size + 1024) return null;
  const table = new Int32Array(max + 1).fill(-1);
  for (const [id, i] of index) table[id] = i;
  return table;
}

/** The string references of every label, checked now so that building labels later cannot fail. */
function checkLabelStrings(raw: RawProfile): void {
  const f = raw.labelFields.data;
  const n = raw.strings.length;
  for (let j = 0; j < raw.labelFields.length; j++) {
    if (j % 4 === 2) continue; // num, not a string
    const v = f[j] as number;
    if (!(v >= 0 && v < n && Number.isInteger(v)))
      throw new InvalidProfile(`string index ${v} out of range (table has ${n})`);
  }
}

function indexById(what: string, items: readonly { id: number }[]): Map<number, number> {
  const index = new Map<number, number>();
  items.forEach((item, i) => {
    if (item.id === 0) throw new InvalidProfile(`${what} with id 0`);
    if (index.has(item.id)) throw new InvalidProfile(`duplicate ${what} id ${item.id}`);
    index.set(item.id, i);
  });
  return index;
}

/**
 * Label sets, interned: a heap profile gives nearly every sample the same few
 * `bytes` labels, so identical sets share one array instead of costing
 * objects per sample.
 */
interface LabelTrie {
  readonly next: Map<number, LabelTrie>;
  set?: readonly Label[];
}

function resolveLabels(
  raw: RawProfile,
  str: (i: number) => string,
): (readonly Label[] | undefined)[] {
  const n = raw.sampleCount;
  const out: (readonly Label[] | undefined)[] = new Array(n);
  // A trie over the label fields' numbers: no signature string per sample.
  const root: LabelTrie = { next: new Map() };
  const f = raw.labelFields.data;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = raw.sampleLabelEnd[i] as number;
    if (end > start) {
      let node = root;
      for (let j = start; j < end; j++) {
        const v = f[j] as number;
        let child = node.next.get(v);
        if (!child) {
          child = { next: new Map() };
          node.next.set(v, child);
        }
        node = child;
      }
      let set = node.set;
      if (!set) {
        set = [];
        for (let j = start; j < end; j += 4) {
          (set as Label[]).push({
            key: str(f[j] as number),
            str: str(f[j + 1] as number),
            num: f[j + 2] as number,
            numUnit: str(f[j + 3] as number),
          });
        }
        node.set = set;
      }
      out[i] = set;
    }
    start = end;
  }
  return out;
}
