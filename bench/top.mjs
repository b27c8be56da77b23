// top benchmark, the target: `memsnap top` against `pprof -top`, whole
// processes, same real profile (bench/genprofile, 2^BITS distinct stacks).
//   npm run build && node bench/top.mjs [BITS]      (default 17)
import { statSync } from "node:fs";
import path from "node:path";
import { generateProfile, machine, pprofBinary, root, timeProcess } from "./lib.mjs";

const bits = Number(process.argv[2] ?? 17);
const runs = 7;
const file = generateProfile(bits);
const bin = path.join(root, "bin", "memsnap.js");
const cases = [
  ["default (inuse_space, functions)", ["-top"], ["top"]],
  [
    "alloc_space, lines",
    ["-top", "-sample_index=alloc_space", "-lines"],
    ["top", "--sample-index", "alloc_space", "--granularity", "lines"],
  ],
];
console.log(`profile: ${file} (${statSync(file).size} bytes gzipped, 2^${bits} stacks)`);
console.log(`machine: ${machine()}`);
for (const [name, pprofArgs, memsnapArgs] of cases) {
  const p = timeProcess(pprofBinary(), [...pprofArgs, file], runs);
  const m = timeProcess(process.execPath, [bin, ...memsnapArgs, file], runs);
  console.log(
    `${name.padEnd(34)} pprof ${p.toFixed(0).padStart(6)} ms   memsnap ${m.toFixed(0).padStart(6)} ms   ratio ${(p / m).toFixed(2)}x`,
  );
}
