import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePprof } from "../formats/pprof/index.js";
import type { Profile } from "../model/profile.js";
import { FIXTURES } from "../../test/support/fixtures.js";
import { pprofTop } from "../../test/support/pprof-top.js";
import { filterProfile, type SampleFilters } from "./filter.js";
import { compilePattern, compileTagFilter } from "./patterns.js";
import { defaultSampleIndex, profileTotal, top, type Granularity } from "./top.js";

const DIR = path.join(FIXTURES, "pprof");
const files = readdirSync(DIR).filter((f) => f.endsWith(".pb.gz") || f.endsWith("-debug1.txt"));
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

describe("filters agree with go tool pprof", () => {
  const cases: [string, SampleFilterFlags, string[]][] = [
    ["focus", { focus: "compress" }, ["-focus=compress"]],
    ["ignore", { ignore: "compress" }, ["-ignore=compress"]],
    ["hide", { hide: "parse$" }, ["-hide=parse$"]],
    ["show", { show: "main\\." }, ["-show=main\\."]],
    ["focus by file", { focus: "gzip\\.go" }, ["-focus=gzip\\.go"]],
    ["tagfocus exact", { tagfocus: "1mb" }, ["-tagfocus=1mb"]],
    ["tagfocus at most", { tagfocus: "bytes=:300b" }, ["-tagfocus=bytes=:300b"]],
    ["tagfocus range", { tagfocus: "64kb:1mb" }, ["-tagfocus=64kb:1mb"]],
    ["glob focus", { focus: "*flate.NewWriter" }, ["-focus=.*flate\\.NewWriter"]],
    ["relative", { focus: "labkit", relative: true }, ["-focus=labkit", "-relative_percentages"]],
  ];
  const file = "go126-subslice-final.pb.gz";
  it.each(cases)("%s", (_name, flags, pprofFlags) => {
    const p = load(file);
    const index = SAMPLE_TYPES.indexOf("alloc_space");
    const filtered = filterProfile(p, compile(flags));
    const mine = top(filtered, {
      sampleIndex: index,
      granularity: "functions",
      nodeCount: 0,
      nodeFraction: 0.005,
      cum: false,
      total: profileTotal(flags.relative ? filtered : p, index),
    });
    const truth = pprofTop(path.join(DIR, file), ["-sample_index=alloc_space", ...pprofFlags]);
    expect(truth.rows.length).toBeGreaterThan(0);
    expect(mine.rows).toEqual(truth.rows);
    expect(mine.total).toBe(truth.total);
    expect(mine.shown).toBe(truth.shown);
  });
});

interface SampleFilterFlags {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  tagfocus?: string;
  relative?: boolean;
}

function compile(flags: SampleFilterFlags): SampleFilters {
  const out: Record<string, unknown> = {};
  for (const k of ["focus", "ignore", "hide", "show"] as const) {
    const v = flags[k];
    if (v !== undefined) out[k] = compilePattern(v);
  }
  if (flags.tagfocus) out["tagfocus"] = compileTagFilter(flags.tagfocus);
  return out as SampleFilters;
}
