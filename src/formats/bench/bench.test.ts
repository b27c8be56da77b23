import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BenchRun } from "../../model/bench.js";
import { expectGolden } from "../../../test/support/golden.js";
import { NO_RESULTS, parseBench, sniffBench } from "./index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/bench");
const GOLDEN = path.resolve(import.meta.dirname, "../../../test/golden/bench");
const seeds = readdirSync(FIXTURES)
  .filter((n) => /\.(txt|json)$/.test(n))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));
const seed = (name: string): string => seeds.find((s) => s.name === name)?.text ?? "";

function parse(text: string): BenchRun {
  const r = parseBench(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The output as go test printed it: -json's Output events joined. */
function outputOf(name: string): string {
  const text = seed(name);
  if (!name.endsWith(".json")) return text;
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { Output?: string }).Output ?? "")
    .join("");
}

const PKG = "memsnap.dev/test/bench";
const shape = (r: BenchRun): string[] =>
  r.results.map((x) => `${x.fullName} ${x.iterations} ${Object.keys(x.metrics).join(",")}`);

describe("go test -bench output from real runs", () => {
  it.each(seeds.map((s) => [s.name, s.text]))("%s", (name, text) => {
    expect(sniffBench(text)).toBe(true);
    const r = parse(text);
    expect(r.format).toBe(name.endsWith(".json") ? "json" : "text");
    // One result per result line go test printed.
    const printed = outputOf(name).match(/^Benchmark\S+\s+\d+\s+.*ns\/op/gm) ?? [];
    expect(r.results).toHaveLength(printed.length);
    for (const x of r.results) {
      expect(x.pkg).toBe(PKG);
      expect(x.config).toMatchObject({ goos: "linux", goarch: "amd64", pkg: PKG });
      expect(x.iterations).toBe(2000);
      expect(x.metrics["ns/op"]).toBeGreaterThan(0);
      expect(x.metrics["allocs/op"]).toBeGreaterThan(0);
      expect(x.metrics["B/op"]).toBeGreaterThan(0);
    }
    const index = r.results.find((x) => x.name === "BenchmarkIndex");
    expect(index?.metrics["keys/op"]).toBe(5);
    expect(index?.metrics["MB/s"]).toBeGreaterThan(0);
    expect(Object.keys(index?.metrics ?? {})).toEqual(["ns/op", "MB/s", "keys/op", "B/op", "allocs/op"]); // prettier-ignore
    expect(r.packages).toMatchObject([{ pkg: PKG, ok: !name.includes("fail") }]);
    expectGolden(path.join(GOLDEN, name.replace(/\.(txt|json)$/, ".$1.golden.json")), r);
  });

  it.each(["go126", "go119"])("%s: -count 3 repeats each benchmark; text and -json agree", (tc) => {
    const text = parse(seed(`${tc}-count3.txt`));
    const json = parse(seed(`${tc}-count3.json`));
    expect(shape(json)).toEqual(shape(text));
    const names = text.results.map((x) => x.fullName);
    expect(new Set(names)).toEqual(
      new Set(["BenchmarkJoin-2", "BenchmarkGrow/size=10-2", "BenchmarkGrow/size=1000-2", "BenchmarkIndex-2"]), // prettier-ignore
    );
    for (const n of new Set(names)) expect(names.filter((x) => x === n)).toHaveLength(3);
    const sub = text.results.find((x) => x.fullName === "BenchmarkGrow/size=10-2");
    expect(sub).toMatchObject({ name: "BenchmarkGrow/size=10", procs: 2 });
  });

  it.each(["go126-fail.txt", "go126-fail.json", "go119-fail.txt", "go119-fail.json"])(
    "%s: -cpu 1,2 names and a real --- FAIL with its log",
    (name) => {
      const r = parse(seed(name));
      const join = r.results.filter((x) => x.name === "BenchmarkJoin");
      expect(join.map((x) => [x.fullName, x.procs])).toEqual([["BenchmarkJoin", 1], ["BenchmarkJoin-2", 2]]); // prettier-ignore
      expect(r.failures).toMatchObject([
        {
          name: "BenchmarkFail",
          pkg: PKG,
          log: [
            "bench_test.go:50: about to fail",
            "bench_test.go:51: failing on purpose after 1 iterations",
          ],
        },
      ]);
      expect(r.packages[0]?.ok).toBe(false);
    },
  );
});

describe("bench edge cases", () => {
  it("joins a result split over events and keeps interleaved packages apart", () => {
    // test2json's shape (cmd/internal/test2json): one event per write; two packages in parallel.
    const ev = (pkg: string, out: string): string => JSON.stringify({ Action: "output", Package: pkg, Output: out }); // prettier-ignore
    const text = [
      ev("a", "pkg: a\n"),
      ev("b", "pkg: b\n"),
      ev("a", "BenchmarkX-4 \t"),
      ev("b", "BenchmarkY-4 \t     10\t  5.0 ns/op\n"),
      ev("a", "    100\t"),
      ev("a", "  1.5e+03 ns/op\t  2 allocs/op\n"),
      JSON.stringify({ Action: "pass", Package: "a", Elapsed: 0.1 }),
    ].join("\n");
    const r = parse(text);
    expect(r.results.map((x) => [x.fullName, x.pkg, x.line, x.metrics])).toEqual([
      ["BenchmarkX-4", "a", 3, { "ns/op": 1500, "allocs/op": 2 }],
      ["BenchmarkY-4", "b", 4, { "ns/op": 5 }],
    ]);
  });

  it.each([
    ["", NO_RESULTS],
    ["PASS\nok  \tpkg\t0.1s\n", NO_RESULTS],
    ["BenchmarkX-2 \t 100\t 12 ns/op\t 3\n", "line 1: BenchmarkX-2: a value without a unit"],
    ["goos: linux\nBenchmarkX-2 100 abc ns/op\n", 'line 2: BenchmarkX-2: "abc" is not a number'],
    ["BenchmarkX 99999999999999999999 1 ns/op\n", "line 1: iteration count 99999999999999999999 is out of range"], // prettier-ignore
  ])("fails on %j", (text, why) => {
    expect(parseBench(text)).toEqual({ ok: false, error: why });
  });

  it("does not take Benchmarks or a bare name for a result", () => {
    const r = parse("Benchmarks 1 2 3\nBenchmarkX\nBenchmarkY 5 1 ns/op\n");
    expect(r.results.map((x) => x.fullName)).toEqual(["BenchmarkY"]);
    expect(r.other.map((o) => o.text)).toEqual(["Benchmarks 1 2 3", "BenchmarkX"]);
  });

  it("never throws on truncated or mutated output (fuzz from real seeds)", () => {
    const text = fc.constantFrom(...seeds.map((s) => s.text));
    const mutated = fc.oneof(
      text.chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
      fc.tuple(text, fc.nat(), fc.nat(), fc.string({ maxLength: 6 })).map(([t, a, b, s]) => {
        const lines = t.split("\n");
        const i = a % lines.length;
        const l = lines[i] ?? "";
        const j = b % (l.length + 1);
        lines[i] = l.slice(0, j) + s + l.slice(j + s.length);
        return lines.join("\n");
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, (t) => {
        const r = parseBench(t);
        if (!r.ok) expect(r.error).toMatch(/^[^\n]+$/);
        else for (const x of r.value.results) expect(Number.isSafeInteger(x.iterations)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
