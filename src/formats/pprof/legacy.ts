import { fail, ok, type Result } from "../../base/result.js";
import type { Label, Location, Profile, ValueType } from "../../model/profile.js";

/**
 * The legacy text heap profile (`heap profile: ... @ heap/N`), which the Go
 * runtime still writes for /debug/pprof/heap?debug=1 and pprof still reads.
 * Read as pprof's profile/legacy_profile.go reads it: values unsampled with
 * the runtime's formula, one location per return address less one, the `#`
 * symbol comments ignored (pprof does not use them either), and a fake
 * mapping covering every address.
 */
const HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const SAMPLE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;
const MAP_SENTINELS = ["--- Memory map: ---", "MAPPED_LIBRARIES:"];

export function isLegacyHeap(text: string): boolean {
  return HEADER.test(text.slice(0, text.indexOf("\n") >>> 0));
}

export function parseLegacyHeap(text: string): Result<Profile> {
  const lines = text.split("\n");
  const header = HEADER.exec(lines[0] ?? "");
  if (!header) return fail("not a legacy heap profile");
  const [, inuseN, inuseB, allocN, allocB, kind, periodText] = header as unknown as string[];
  let period = periodText ? Number(periodText) : 0;
  let sampled = true;
  if (kind === "heap") period = Math.trunc(period / 2);
  else if (kind === "heapprofile") {
    period = 1;
    sampled = false;
  } else if (kind !== "heap_v2" && kind !== "heapz_v2")
    return fail(`unknown legacy heap kind ${kind}`);
  const hasAlloc = (allocN !== inuseN && allocN !== "0") || (allocB !== inuseB && allocB !== "0");
  const sampleTypes: ValueType[] = hasAlloc
    ? [
        { type: "alloc_objects", unit: "count" },
        { type: "alloc_space", unit: "bytes" },
        { type: "inuse_objects", unit: "count" },
        { type: "inuse_space", unit: "bytes" },
      ]
    : [
        { type: "objects", unit: "count" },
        { type: "space", unit: "bytes" },
      ];

  const locations: Location[] = [];
  const locIndex = new Map<bigint, number>();
  const starts = [0];
  const stack: number[] = [];
  const values: number[] = [];
  const labels: Label[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    if (MAP_SENTINELS.some((s) => line.startsWith(s))) break;
    const m = SAMPLE.exec(line);
    if (!m) return fail(`line ${i + 1}: not a heap sample: ${line.slice(0, 60)}`);
    let blocksize = 0;
    const add = (countText: string, sizeText: string, what: string): string | undefined => {
      let count = Number(countText);
      let size = Number(sizeText);
      if (count === 0 && size !== 0)
        return `line ${i + 1}: ${what} count was 0 but ${what} bytes was ${size}`;
      if (count !== 0) {
        blocksize = Math.trunc(size / count);
        if (sampled) [count, size] = unsample(count, size, period);
      }
      values.push(count, size);
      return undefined;
    };
    const problem =
      (hasAlloc ? add(m[3] ?? "", m[4] ?? "", "allocation") : undefined) ??
      add(m[1] ?? "", m[2] ?? "", "inuse");
    if (problem) return fail(problem);
    // pprof takes every 0x-number of the address list (parseHexAddresses).
    for (const word of (m[5] ?? "").match(/0x[0-9a-f]+/g) ?? []) {
      if (word.length > 18) return fail(`line ${i + 1}: address ${word} beyond 64 bits`);
      // Return addresses point after the call; one less lands on it.
      const addr = BigInt.asUintN(64, BigInt(word) - 1n);
      let at = locIndex.get(addr);
      if (at === undefined) {
        at = locations.length;
        locIndex.set(addr, at);
        locations.push({ id: at + 1, mapping: 0, address: addr, lines: [], isFolded: false });
      }
      stack.push(at);
    }
    starts.push(stack.length);
    labels.push([{ key: "bytes", str: "", num: blocksize, numUnit: "" }]);
  }
  return ok({
    sampleTypes,
    defaultSampleType: -1,
    sampleCount: labels.length,
    stackStart: Uint32Array.from(starts),
    stackLocations: Uint32Array.from(stack),
    values: Float64Array.from(values),
    exactValues: new Map(),
    labels,
    locations,
    functions: [],
    mappings: locations.length
      ? [
          {
            id: 1,
            start: 0n,
            limit: 2n ** 64n - 1n,
            offset: 0n,
            filename: "",
            buildId: "",
            hasFunctions: false,
            hasFilenames: false,
            hasLineNumbers: false,
            hasInlineFrames: false,
          },
        ]
      : [],
    dropFrames: "",
    keepFrames: "",
    timeNanos: 0n,
    durationNanos: 0n,
    periodType: { type: "space", unit: "bytes" },
    period,
    comments: [],
  });
}

/** The runtime's unsampling (pprof scaleHeapSample): each sample stands for 1/(1-e^(-avg/rate)) objects. */
function unsample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const scale = 1 / (1 - Math.exp(-size / count / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}
