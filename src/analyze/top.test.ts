import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePprof } from "../formats/pprof/index.js";
import type { Profile } from "../model/profile.js";
import { FIXTURES } from "../../test/support/fixtures.js";
import { pprofTop } from "../../test/support/pprof-top.js";
import { defaultSampleIndex, top, type Granularity } from "./top.js";

const DIR = path.join(FIXTURES, "pprof");
const files = readdirSync(DIR).filter((f) => f.endsWith(".pb.gz"));
const load = (f: string): Profile => {
  const r = parsePprof(readFileSync(path.join(DIR, f)));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const SAMPLE_TYPES = ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"];
const cases: [string, string, Granularity, number][] = [];
for (const f of files) {
  for (const st of SAMPLE_TYPES)
    for (const g of ["functions", "lines"] as const) cases.push([f, st, g, 0]);
  for (const g of ["files", "filefunctions"] as const) cases.push([f, "inuse_space", g, 0]);
  for (const g of ["functions", "lines"] as const) cases.push([f, "alloc_space", g, 0.005]);
}

describe("top agrees with go tool pprof -top", () => {
  it.each(cases)("%s -sample_index=%s -%s -nodefraction=%s", (file, st, g, nf) => {
    const p = load(file);
    const mine = top(p, {
      sampleIndex: SAMPLE_TYPES.indexOf(st),
      granularity: g,
      nodeCount: 0,
      nodeFraction: nf,
      cum: false,
    });
    const truth = pprofTop(path.join(DIR, file), [
      `-sample_index=${st}`,
      `-${g}`,
      `-nodefraction=${nf}`,
    ]);
    expect(mine.rows).toEqual(truth.rows);
    expect(mine.total).toBe(truth.total);
    expect(mine.shown).toBe(truth.shown);
    expect(mine.droppedNodes).toBe(truth.dropped);
  });

  it.each(files)("%s with -cum and -nodecount=4", (file) => {
    const p = load(file);
    const mine = top(p, {
      sampleIndex: defaultSampleIndex(p),
      granularity: "functions",
      nodeCount: 4,
      nodeFraction: 0.005,
      cum: true,
    });
    const truth = pprofTop(path.join(DIR, file), ["-cum", "-nodecount=4"]);
    expect(mine.rows).toEqual(truth.rows);
    expect(mine.shown).toBe(truth.shown);
    expect(truth.showingTop).toBe(
      mine.origCount > 4 ? `Showing top 4 nodes out of ${mine.origCount}` : "",
    );
  });

  it("picks the last sample type when the profile names no default, as pprof does", () => {
    const p = load(files[0] as string);
    expect(p.defaultSampleType).toBe(-1);
    expect(p.sampleTypes[defaultSampleIndex(p)]?.type).toBe("inuse_space");
  });
});
