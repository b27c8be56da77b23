import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { benchstat, type BenchInput } from "../analyze/benchstat.js";
import { parseBench } from "../formats/bench/index.js";
import { benchCsv, goV } from "./bench-csv.js";

// Written by scripts/make-benchstat-fixtures.mjs: real go test -bench runs,
// generated samples, and what golang.org/x/perf/cmd/benchstat printed for them.
const DIR = path.resolve(import.meta.dirname, "../../test/fixtures/benchstat");
const read = (name: string) => readFileSync(path.join(DIR, name), "utf8");

function input(name: string): BenchInput {
  const r = parseBench(read(name));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return { label: name, run: r.value };
}

describe("benchstat -format csv, byte for byte", () => {
  // The CSV form prints every median exactly (Go's %v), the interval, the
  // delta, p and n, and each warning with its cell: equal bytes mean equal
  // numbers, not just equal rounding.
  it.each([
    ["base-head", ["base.txt", "head.txt"]],
    ["synth", ["synth-a.txt", "synth-b.txt"]],
    ["base", ["base.txt"]],
  ])("%s: benchstat -format csv, byte for byte", (name, files) => {
    const got = benchCsv(benchstat(files.map(input)));
    const want = read(`${name}.benchstat.csv`);
    // Geomeans go through exp and log, which Go computes in its own assembly
    // (with or without FMA, by CPU): the last digit of %v may differ. They
    // are compared to 1e-13; every other byte must be equal.
    const gm = /^geomean,.*$/gm;
    const geomeans = (csv: string) =>
      [...csv.matchAll(gm)].flatMap((m) => m[0].split(",").slice(1));
    expect(got.csv.replace(gm, "geomean")).toBe(want.replace(gm, "geomean"));
    const [g, w] = [geomeans(got.csv), geomeans(want)];
    expect(g.length).toBe(w.length);
    g.forEach((x, i) => {
      const y = w[i] ?? "";
      if (!/^[\d.e+-]+$/.test(y) || y.endsWith("%")) return expect(x).toBe(y);
      expect(Math.abs(Number(x) / Number(y) - 1)).toBeLessThan(1e-13);
    });
    expect(got.warnings).toBe(read(`${name}.benchstat.csv-warnings.txt`));
  });
});

describe("goV", () => {
  it("prints floats as Go's %v does", () => {
    // Checked with fmt.Sprint on go1.26.
    const want = ["1e+06", "123456", "1.234567e+06", "1e+20", "1e+21", "0.0001", "1.234e-05", "25208", "0.00015"]; // prettier-ignore
    expect([1e6, 123456, 1234567, 1e20, 1e21, 0.0001, 0.00001234, 25208, 1.5e-4].map(goV)).toEqual(want); // prettier-ignore
    expect(goV(2.6260000000000004e-7)).toBe("2.6260000000000004e-07");
  });
});
