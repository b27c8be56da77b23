// Parse benchmark: memsnap's pprof reader against pprof's own, side by side on
// the same real profile (bench/genprofile, 2^BITS distinct stacks).
//   npm run build && node bench/parse.mjs [BITS]      (default 17)
// pprof's cost is its binary printing -raw to /dev/null: the cheapest pprof
// command that reads the whole profile.
import { readFileSync, statSync } from "node:fs";
import { parsePprof } from "../dist/formats/pprof/index.js";
import { generateProfile, machine, median, pprofBinary, root, time, timeProcess } from "./lib.mjs";

const bits = Number(process.argv[2] ?? 17);
const runs = 7;
const file = generateProfile(bits);
const bytes = readFileSync(file);
const first = parsePprof(bytes);
if (!first.ok) throw new Error(first.error);

const pprofMs = timeProcess(pprofBinary(), ["-raw", file], runs);
const inProcessMs = median(Array.from({ length: runs }, () => time(() => parsePprof(bytes))));
const script = `import { readFileSync } from "node:fs"; import { parsePprof } from "${root}/dist/formats/pprof/index.js";
if (!parsePprof(readFileSync(process.argv[1])).ok) process.exit(1);`;
const processMs = timeProcess(process.execPath, ["--input-type=module", "-e", script, file], runs);

console.log(
  `profile: ${file} (${statSync(file).size} bytes gzipped, ${first.value.sampleCount} samples)`,
);
console.log(`machine: ${machine()}`);
console.log(`pprof -raw (whole process)        ${pprofMs.toFixed(1)} ms`);
console.log(
  `memsnap parse (whole process)     ${processMs.toFixed(1)} ms   ratio ${(pprofMs / processMs).toFixed(2)}x`,
);
console.log(
  `memsnap parse (in process)        ${inProcessMs.toFixed(1)} ms   ratio ${(pprofMs / inProcessMs).toFixed(2)}x`,
);
