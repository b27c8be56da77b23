import type { Label, Line, Location, Profile } from "../model/profile.js";

/**
 * pprof's sample filters (profile/filter.go FilterSamplesByName, then the tag
 * filters of driver_focus.go), on the resolved model. Regexes match
 * unanchored, like Go's MatchString, against a frame's full function name,
 * its file name as stored, or the location's mapping file.
 */
export interface SampleFilters {
  readonly focus?: RegExp;
  readonly ignore?: RegExp;
  readonly hide?: RegExp;
  readonly show?: RegExp;
  readonly tagfocus?: (labels: readonly Label[] | undefined) => boolean;
}

export function hasFilters(f: SampleFilters): boolean {
  return Boolean(f.focus || f.ignore || f.hide || f.show || f.tagfocus);
}

export function filterProfile(p: Profile, f: SampleFilters): Profile {
  const byName = f.focus || f.ignore || f.hide || f.show;
  const focusOf = new Int8Array(p.locations.length); // 1 focused, -1 ignored, 0 neither
  const hidden = new Uint8Array(p.locations.length);
  let locations = p.locations;
  if (byName) {
    locations = p.locations.map((loc, i) => {
      const mapFile = p.mappings[loc.mapping]?.filename ?? "";
      const lineMatches = (re: RegExp, ln: Line) => {
        const fn = p.functions[ln.function];
        return fn !== undefined && (re.test(fn.name) || re.test(fn.filename));
      };
      const matches = (re: RegExp) =>
        re.test(mapFile) || loc.lines.some((ln) => lineMatches(re, ln));
      if (f.ignore && matches(f.ignore)) focusOf[i] = -1;
      else if (!f.focus || matches(f.focus)) focusOf[i] = 1;
      let lines = loc.lines;
      if (f.hide && matches(f.hide)) {
        lines = f.hide.test(mapFile)
          ? []
          : lines.filter((ln) => !lineMatches(f.hide as RegExp, ln));
      }
      if (f.show && !f.show.test(mapFile))
        lines = lines.filter((ln) => lineMatches(f.show as RegExp, ln));
      if (lines.length === 0) hidden[i] = 1;
      return lines === loc.lines ? loc : ({ ...loc, lines } satisfies Location);
    });
  }
  const nTypes = p.sampleTypes.length;
  const starts = [0];
  const stack: number[] = [];
  const values: number[] = [];
  const labels: (readonly Label[] | undefined)[] = [];
  const exactValues = new Map<number, bigint>();
  for (let s = 0; s < p.sampleCount; s++) {
    const from = p.stackStart[s] as number;
    const to = p.stackStart[s + 1] as number;
    if (byName && !focusedAndNotIgnored(p.stackLocations, from, to, focusOf)) continue;
    if (f.tagfocus && !f.tagfocus(p.labels[s])) continue;
    const before = stack.length;
    for (let i = from; i < to; i++) {
      const loc = p.stackLocations[i] as number;
      if (!hidden[loc]) stack.push(loc);
    }
    if (byName && stack.length === before) continue;
    starts.push(stack.length);
    for (let t = 0; t < nTypes; t++) {
      const exact = p.exactValues.get(s * nTypes + t);
      if (exact !== undefined) exactValues.set(values.length, exact);
      values.push(p.values[s * nTypes + t] as number);
    }
    labels.push(p.labels[s]);
  }
  return {
    ...p,
    locations,
    sampleCount: starts.length - 1,
    stackStart: Uint32Array.from(starts),
    stackLocations: Uint32Array.from(stack),
    values: Float64Array.from(values),
    exactValues,
    labels,
  };
}

/** pprof: a sample is kept when none of its locations is ignored and one is focused. */
function focusedAndNotIgnored(
  stack: Uint32Array,
  from: number,
  to: number,
  focusOf: Int8Array,
): boolean {
  let focused = false;
  for (let i = from; i < to; i++) {
    const v = focusOf[stack[i] as number];
    if (v === -1) return false;
    if (v === 1) focused = true;
  }
  return focused;
}
