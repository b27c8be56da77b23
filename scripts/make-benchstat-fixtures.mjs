// Regenerates test/fixtures/benchstat/: real benchmark runs of test/go/bench
// and what benchstat itself (golang.org/x/perf/cmd/benchstat at the pinned
// version below, built through the Go module proxy) prints for them, so the
// tests of src/analyze/benchstat.ts compare against benchstat offline.
//
//   base.txt / head.txt   go test -bench . -benchmem -count 8, head with
//                         MEMSNAP_BENCH_SLOW=1 (BenchmarkJoin regresses for real)
//   head.json             the head run again as go test -json (the parser's other form)
//   synth-a.txt / -b.txt  generated samples in the benchmark format that walk
//                         benchstat's code paths: n from 1 to 60 (exact and
//                         normal-approximation CIs and U tests), ties, all
//                         equal, zero, negative and unequal sample sizes
//   <pair>.benchstat.txt  benchstat A B (text), and .csv with its warnings in
//                         .csv-warnings.txt (benchstat -format csv writes them to stderr)
//
// Run: node scripts/make-benchstat-fixtures.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const BENCHSTAT = "golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.join(root, "test", "fixtures", "benchstat");
const benchDir = path.join(root, "test", "go", "bench");
mkdirSync(dir, { recursive: true });
const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-benchstat-"));
const offline = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOWORK: "off", GOENV: "off" }; // prettier-ignore

execFileSync("go", ["install", BENCHSTAT], {
  env: { ...process.env, GOTOOLCHAIN: "local", GOBIN: tmp, GOFLAGS: "-mod=mod" },
  stdio: "inherit",
});
const benchstat = path.join(tmp, "benchstat");

// Real runs. -benchtime=2000x keeps the iteration count fixed, so every line
// measures the same work and only the machine's noise varies.
const args = ["test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime=2000x", "-count=8"];
const goTest = (extra, env = {}) => {
  const r = spawnSync("go", [...args, ...extra, "."], { cwd: benchDir, env: { ...offline, ...env }, encoding: "utf8" }); // prettier-ignore
  if (r.status !== 0) throw new Error(`go test failed: ${r.stderr}`);
  return r.stdout;
};
writeFileSync(path.join(dir, "base.txt"), goTest([]));
writeFileSync(path.join(dir, "head.txt"), goTest([], { MEMSNAP_BENCH_SLOW: "1" }));
writeFileSync(path.join(dir, "head.json"), goTest(["-json"], { MEMSNAP_BENCH_SLOW: "1" }));

const [a, b] = synthetic();
writeFileSync(path.join(dir, "synth-a.txt"), a);
writeFileSync(path.join(dir, "synth-b.txt"), b);

// benchstat names columns by the paths it was given: run it from the fixture
// directory with bare names, so the output does not depend on where the repo is.
for (const [name, files] of [
  ["base-head", ["base.txt", "head.txt"]],
  ["synth", ["synth-a.txt", "synth-b.txt"]],
  ["base", ["base.txt"]],
]) {
  const run = (extra) => {
    const r = spawnSync(benchstat, [...extra, ...files], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`benchstat failed: ${r.stderr}`);
    return r;
  };
  writeFileSync(path.join(dir, `${name}.benchstat.txt`), run([]).stdout);
  const csv = run(["-format", "csv"]);
  writeFileSync(path.join(dir, `${name}.benchstat.csv`), csv.stdout);
  writeFileSync(path.join(dir, `${name}.benchstat.csv-warnings.txt`), csv.stderr);
}
rmSync(tmp, { recursive: true, force: true });
console.log(`wrote ${dir}`);

/**
 * Two files of benchmark lines ("BenchmarkCase7 1 <v> v/op"), one benchmark
 * per case, from a seeded generator so that reruns write the same bytes.
 */
function synthetic() {
  let seed = 0x5eed;
  const rand = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 21, 24, 25, 26, 29, 30, 31, 40, 50, 51, 60]; // prettier-ignore
  const cases = [];
  for (const n of sizes) {
    // shift: how far b's distribution moves; grain: rounding step (ties when coarse).
    for (const [shift, grain] of [[0, 0], [0.3, 0], [0.05, 0], [1, 1], [0.2, 0.25]]) cases.push([n, n, shift, grain]); // prettier-ignore
  }
  for (const [n1, n2] of [[3, 8], [8, 3], [4, 6], [10, 4], [26, 20], [52, 49], [1, 5]]) cases.push([n1, n2, 0.4, 0]); // prettier-ignore
  const a = [];
  const b = [];
  const line = (out, i, v) => out.push(`BenchmarkCase${i} 1 ${v} v/op`);
  const draw = (center, grain) => {
    const v = center * (1 + (rand() - 0.5) * 0.4);
    return grain ? Math.round(v / grain) * grain : Number(v.toPrecision(6));
  };
  cases.forEach(([n1, n2, shift, grain], i) => {
    for (let k = 0; k < n1; k++) line(a, i, draw(10, grain));
    for (let k = 0; k < n2; k++) line(b, i, draw(10 * (1 + shift), grain));
  });
  // Edge cases: all equal on both sides; equal within each side, different
  // across (allocs/op that changed); zeros (the geomean cannot take them);
  // negative values (a custom metric may be negative: "?" CI).
  const i = cases.length;
  for (let k = 0; k < 6; k++) {
    line(a, i, 2);
    line(b, i, 2);
  }
  for (let k = 0; k < 6; k++) {
    line(a, i + 1, 2);
    line(b, i + 1, 4);
  }
  for (let k = 0; k < 4; k++) {
    line(a, i + 2, 2);
    line(b, i + 2, 3);
  }
  for (let k = 0; k < 6; k++) {
    line(a, i + 3, 0);
    line(b, i + 3, k % 2);
  }
  for (let k = 0; k < 7; k++) {
    line(a, i + 4, -5 + k);
    line(b, i + 4, -20 + k);
  }
  return [a.join("\n") + "\n", b.join("\n") + "\n"];
}
