// Issue 3's speed target, as the issue states it: `memsnap top` and `memsnap
// diff` against `go tool pprof -top` and `-diff_base`, whole processes, on the
// same large realistic profiles (bench/genprofile2: 250k samples, ~57k
// locations, inlined frames), wall time and peak memory, with the time just to
// gunzip each file as the floor. Goal: memsnap ≤ 0.2× pprof's wall time and
// ≤ 0.5× its peak memory.
//   npm run build && node bench/top.mjs [RUNS] [SAMPLES]      (default 5, 250000)
// Runs are interleaved (one of each case per round) so that a change in the
// machine's load hits both sides alike; the median of each is reported.
import { statSync } from "node:fs";
import path from "node:path";
import {
  generateRealisticPair,
  machine,
  median,
  pprofBinary,
  root,
  runOnce,
  time,
} from "./lib.mjs";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const runs = Number(process.argv[2] ?? 5);
const samples = Number(process.argv[3] ?? 250000);
const { base, later } = generateRealisticPair(1, samples);
const [A, B] = [base.file, later.file];
const pprof = pprofBinary();
const node = process.execPath;
const bin = path.join(root, "bin", "memsnap.js");
const gunzipScript = `require("node:zlib").gunzipSync(require("node:fs").readFileSync(process.argv[1]))`;

const floors = [];
const pairs = [];
for (const [tag, f] of [
  ["A", A],
  ["B", B],
]) {
  floors.push([`gzip -dc ${tag} > /dev/null`, "gzip", ["-dc", f]]);
  floors.push([`node: gunzipSync(${tag}) (process)`, node, ["-e", gunzipScript, f]]);
  pairs.push([
    `top ${tag}: default (inuse_space, functions)`,
    [pprof, ["-top", f]],
    [node, [bin, "top", f]],
  ]);
  pairs.push([
    `top ${tag}: alloc_space, lines`,
    [pprof, ["-top", "-sample_index=alloc_space", "-lines", f]],
    [node, [bin, "top", "--sample-index", "alloc_space", "--granularity", "lines", f]],
  ]);
}
pairs.push([
  "diff A→B (inuse_space)",
  [pprof, ["-top", `-diff_base=${A}`, B]],
  [node, [bin, "diff", "--unit", "raw", A, B]],
]);

console.log(`A: ${A} (${(statSync(A).size / 1e6).toFixed(1)} MB gzipped) ${base.stats}`);
console.log(`B: ${B} (${(statSync(B).size / 1e6).toFixed(1)} MB gzipped) ${later.stats}`);
console.log(`pprof: ${pprof}`);
console.log(`before: ${machine()}`);

// A speed number counts only if the answer is pprof's: each top case once in
// exact bytes (-unit=B), the rows compared line by line.
const rowsOf = (cmd, args) =>
  execFileSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "ignore"],
  })
    .split("\n")
    .filter((l, i, all) => all.slice(0, i).some((h) => /^\s+flat\s+flat%/.test(h)));
for (const [name, [pc, pa], [mc, ma]] of pairs.filter(
  ([, [, pa]]) => pa[0] === "-top" && !pa.some((a) => a.startsWith("-diff_base")),
)) {
  const want = rowsOf(pc, ["-unit=B", ...pa]);
  const got = rowsOf(mc, [...ma, "--unit", "B"]);
  const same = want.length > 0 && want.join("\n") === got.join("\n");
  console.log(
    `${name}: ${want.length} rows, ${same ? "identical to pprof's" : "DIFFERENT from pprof's"}`,
  );
  if (!same) process.exitCode = 1;
}

const floorRuns = floors.map(() => []);
const pairRuns = pairs.map(() => ({ p: [], m: [] }));
for (let round = 0; round < runs; round++) {
  floors.forEach(([, cmd, args], i) => floorRuns[i].push(runOnce(cmd, args)));
  pairs.forEach(([, [pc, pa], [mc, ma]], i) => {
    pairRuns[i].p.push(runOnce(pc, pa));
    pairRuns[i].m.push(runOnce(mc, ma));
  });
  process.stderr.write(`round ${round + 1}/${runs} done\n`);
}
const inProcess = [A, B].map((f) => {
  const bytes = readFileSync(f);
  return median(Array.from({ length: runs }, () => time(() => gunzipSync(bytes))));
});

const ms = (rs) => median(rs.map((r) => r.ms));
const mib = (rs) => median(rs.map((r) => r.kib)) / 1024;
const cpu = (rs) => (rs[0].cpuMs === undefined ? NaN : median(rs.map((r) => r.cpuMs)));
console.log(`after:  ${machine()}`);
console.log(`\nmedian of ${runs}; peak RSS is each process's maximum resident set`);
console.log(
  `floor: node zlib gunzipSync in process   A ${inProcess[0].toFixed(0)} ms   B ${inProcess[1].toFixed(0)} ms`,
);
floors.forEach(([name], i) =>
  console.log(
    `floor: ${name.padEnd(33)} ${ms(floorRuns[i]).toFixed(0).padStart(6)} ms ${mib(floorRuns[i]).toFixed(0).padStart(6)} MiB`,
  ),
);
console.log(
  "\n| case | pprof wall | memsnap wall | wall ratio (goal ≤ 0.2) | pprof peak RSS | memsnap peak RSS | memory ratio (goal ≤ 0.5) | CPU ratio (user+sys) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
pairs.forEach(([name], i) => {
  const { p, m } = pairRuns[i];
  const [pw, mw, pr, mr] = [ms(p), ms(m), mib(p), mib(m)];
  console.log(
    `| ${name} | ${pw.toFixed(0)} ms | ${mw.toFixed(0)} ms | ${(mw / pw).toFixed(2)}× | ${pr.toFixed(0)} MiB | ${mr.toFixed(0)} MiB | ${(mr / pr).toFixed(2)}× | ${(cpu(m) / cpu(p)).toFixed(2)}× |`,
  );
});
