// Parse benchmark: memsnap's pprof reader against pprof's own, side by side on
// the same real profile (bench/genprofile, 2^BITS distinct stacks).
//   node bench/parse.mjs [BITS]      (default 17; needs `npm run build` first)
// pprof's cost is measured as its binary printing -raw to /dev/null: the
// cheapest command that makes pprof parse the whole profile.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parsePprof } from "../dist/formats/pprof/index.js";

const bits = Number(process.argv[2] ?? 17);
const runs = 7;
const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "memsnap-bench-"));
const file = path.join(dir, "heap.pb.gz");
execFileSync("go", ["run", ".", "-bits", String(bits), "-o", file], {
  cwd: path.join(root, "bench", "genprofile"),
});
// Go >= 1.24 builds pprof on first use; -n prints the cached binary, so go's own startup is not timed.
const pprofBin = execFileSync("go", ["tool", "-n", "pprof"], { encoding: "utf8" }).trim();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const proc = (cmd, args) =>
  time(() => {
    const r = spawnSync(cmd, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`${cmd} failed`);
  });

const bytes = readFileSync(file);
const first = parsePprof(bytes);
if (!first.ok) throw new Error(first.error);
const pprofMs = median(Array.from({ length: runs }, () => proc(pprofBin, ["-raw", file])));
const inProcessMs = median(Array.from({ length: runs }, () => time(() => parsePprof(bytes))));
const script = `import { readFileSync } from "node:fs"; import { parsePprof } from "${root}/dist/formats/pprof/index.js";
const r = parsePprof(readFileSync(process.argv[1])); if (!r.ok) process.exit(1);`;
const processMs = median(
  Array.from({ length: runs }, () =>
    proc(process.execPath, ["--input-type=module", "-e", script, file]),
  ),
);

console.log(
  `profile: ${file} (${statSync(file).size} bytes gzipped, ${first.value.sampleCount} samples, ${first.value.locations.length} locations)`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}`);
console.log(`pprof -raw (whole process)        ${pprofMs.toFixed(1)} ms`);
console.log(
  `memsnap parse (whole process)     ${processMs.toFixed(1)} ms   ratio ${(pprofMs / processMs).toFixed(2)}x`,
);
console.log(
  `memsnap parse (in process)        ${inProcessMs.toFixed(1)} ms   ratio ${(pprofMs / inProcessMs).toFixed(2)}x`,
);
