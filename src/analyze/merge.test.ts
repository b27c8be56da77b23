import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePprof } from "../formats/pprof/index.js";
import type { Profile } from "../model/profile.js";
import { FIXTURES } from "../../test/support/fixtures.js";
import { pprofTop } from "../../test/support/pprof-top.js";
import { baseTotal, mergeForDiff } from "./merge.js";
import { profileTotal, top } from "./top.js";

const DIR = path.join(FIXTURES, "pprof");
const load = (f: string): Profile => {
  const r = parsePprof(readFileSync(path.join(DIR, f)));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const TYPES = ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"];
const pairs = ["go126-subslice", "go119-subslice"].flatMap((p) => [
  [`${p}-early.pb.gz`, `${p}-final.pb.gz`],
]);
pairs.push(
  ["go126-map-peak.pb.gz", "go126-map-final.pb.gz"],
  ["go119-map-peak.pb.gz", "go119-map-final.pb.gz"],
);

const cases: [string, string, "diff-base" | "subtract", string][] = [];
for (const [base, next] of pairs as [string, string][]) {
  for (const mode of ["diff-base", "subtract"] as const) {
    for (const st of ["alloc_space", "inuse_space", "inuse_objects"])
      cases.push([base, next, mode, st]);
  }
}

describe("diff agrees with go tool pprof -diff_base / -base", () => {
  it.each(cases)("%s -> %s (%s, %s)", (base, next, mode, st) => {
    const merged = mergeForDiff(load(next), load(base), mode);
    const index = TYPES.indexOf(st);
    const mine = top(merged, {
      sampleIndex: index,
      granularity: "functions",
      nodeCount: 0,
      nodeFraction: 0.005,
      cum: false,
      total: mode === "diff-base" ? baseTotal(merged, index) : profileTotal(merged, index),
    });
    const flag = mode === "diff-base" ? "-diff_base" : "-base";
    const truth = pprofTop(path.join(DIR, next), [
      `${flag}=${path.join(DIR, base)}`,
      `-sample_index=${st}`,
    ]);
    expect(mine.total).toBe(truth.total);
    expect(mine.shown).toBe(truth.shown);
    expect(mine.rows).toEqual(truth.rows);
  });
});

describe("samples merge by stack and labels", () => {
  const p = load("go126-map-final.pb.gz");
  const stackKey = (q: Profile, s: number) =>
    Array.from(q.stackLocations.subarray(q.stackStart[s], q.stackStart[s + 1])).join(",");

  it("subtracting a profile from itself leaves each distinct sample once, all zero", () => {
    const m = mergeForDiff(p, p, "subtract");
    const distinct = new Set(
      Array.from(
        { length: p.sampleCount },
        (_, s) => `${stackKey(p, s)}|${String(p.labels[s]?.map((l) => l.num))}`,
      ),
    );
    expect(m.sampleCount).toBe(distinct.size);
    expect(m.values.every((v) => v === 0)).toBe(true);
  });

  it("with -diff_base the base samples stay apart, labelled, negated", () => {
    const m = mergeForDiff(p, p, "diff-base");
    const n = mergeForDiff(p, p, "subtract").sampleCount;
    expect(m.sampleCount).toBe(2 * n);
    for (let s = 0; s < m.sampleCount; s++) {
      const isBase = m.labels[s]?.some((l) => l.key === "pprof::base") ?? false;
      expect(isBase).toBe(s >= n);
      if (isBase) expect(stackKey(m, s)).toBe(stackKey(m, s - n));
    }
    expect(baseTotal(m, 3)).toBe(profileTotal(p, 3));
  });
});
