import type {
  Function as Fn,
  Label,
  Location,
  Mapping,
  Profile,
  ValueType,
} from "../../model/profile.js";
import type { RawProfile } from "./decode.js";
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
  if (nTypes === 0 && raw.sampleLocEnd.length > 0)
    throw new InvalidProfile("samples but no sample types");

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
  const locations = raw.locations.map((l): Location => {
    const mapping = l.mappingId === 0 ? -1 : mappingIndex.get(l.mappingId);
    if (mapping === undefined)
      throw new InvalidProfile(`location ${l.id} has unknown mapping id ${l.mappingId}`);
    return {
      id: l.id,
      mapping,
      address: l.address,
      isFolded: l.isFolded,
      lines: l.lines.map((ln) => {
        const f = functionIndex.get(ln.functionId);
        if (f === undefined) {
          throw new InvalidProfile(`location ${l.id} has unknown function id ${ln.functionId}`);
        }
        return { function: f, line: ln.line, column: ln.column };
      }),
    };
  });
  const n = raw.sampleLocEnd.length;
  const stackStart = new Uint32Array(n + 1);
  const stackLocations = raw.stackLocations.data.subarray(0, raw.stackLocations.length);
  let prevVal = 0;
  for (let i = 0; i < n; i++) {
    stackStart[i + 1] = raw.sampleLocEnd[i] as number;
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

  const labels = resolveLabels(raw, str);
  const defaultName = raw.defaultSampleType ? str(raw.defaultSampleType) : "";
  return {
    sampleTypes,
    defaultSampleType: defaultName ? sampleTypes.findIndex((t) => t.type === defaultName) : -1,
    sampleCount: n,
    stackStart,
    stackLocations,
    values: raw.values.data.slice(0, raw.values.length),
    exactValues,
    labels,
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
  const n = raw.sampleLocEnd.length;
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
