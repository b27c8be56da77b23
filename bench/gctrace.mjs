// gctrace benchmark (issue 5's target: >= 1M lines/s, memory independent of
// the log's length on the summary path). A log of N real Go 1.26 trace lines
// (lines of test/fixtures/gctrace/go126-lab-unbounded.txt, renumbered, times
// increasing) with one line of program output per trace line; `memsnap gc` on
// it, whole process, at N/4, N/2 and N lines, so the peak RSS shows whether
// memory grows with the log; `--json` (which keeps every cycle) once; `grep -c`
// over the same file as the floor.
//   npm run build && node bench/gctrace.mjs [MAX_LINES]      (default 2000000)
// MEMSNAP_BASELINE=DIR also runs DIR/bin/memsnap.js (an older build) on each
// log, side by side, so the speed-up survives a loaded machine.
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { machine, median, root, runOnce } from "./lib.mjs";

const max = Number(process.argv[2] ?? 2_000_000);
const baseline = process.env.MEMSNAP_BASELINE;
const src = readFileSync(path.join(root, "test/fixtures/gctrace/go126-lab-unbounded.txt"), "utf8");
const traceLines = src.split("\n").filter((l) => /^gc \d+ @/.test(l));
const dir = mkdtempSync(path.join(tmpdir(), "memsnap-gctrace-"));

async function writeLog(lines) {
  const file = path.join(dir, `gc-${lines}.log`);
  const out = createWriteStream(file);
  let t = 0;
  for (let n = 1; n * 2 <= lines; n++) {
    const tpl = traceLines[n % traceLines.length];
    t += 0.013;
    const line = tpl.replace(/^gc \d+ @[\d.]+s/, `gc ${n} @${t.toFixed(3)}s`);
    if (!out.write(`${line}\nworker ${n % 7} handled request ${n}\n`)) {
      await new Promise((r) => out.once("drain", r));
    }
  }
  await new Promise((r) => out.end(r));
  return file;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const rate = (lines, ms) => `${(((lines / ms) * 1000) / 1e6).toFixed(2)}M lines/s`;

console.log(`machine: ${machine()}`);
for (const lines of [max / 4, max / 2, max]) {
  const file = await writeLog(lines);
  const mb = statSync(file).size / 1e6;
  const before = load();
  const runs = [0, 1, 2].map(() => runOnce(process.execPath, [path.join(root, "bin/memsnap.js"), "gc", file])); // prettier-ignore
  const ms = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpuMs ?? NaN));
  const rss = Math.max(...runs.map((r) => r.kib));
  const json = runOnce(process.execPath, [path.join(root, "bin/memsnap.js"), "gc", file, "--json"]);
  const grep = median([0, 1, 2].map(() => runOnce("grep", ["-c", "^gc ", file]).ms));
  let old = "";
  if (baseline) {
    const b = runOnce(process.execPath, [path.join(baseline, "bin/memsnap.js"), "gc", file]);
    old = `; baseline ${b.ms.toFixed(0)} ms (${rate(lines, b.ms)}), peak ${mib(b.kib)}, ${(b.ms / ms).toFixed(1)}× slower`; // prettier-ignore
  }
  console.log(
    `${String(lines).padStart(8)} lines (${lines / 2} cycles, ${mb.toFixed(0)} MB): ` +
      `memsnap gc ${ms.toFixed(0)} ms = ${rate(lines, ms)} (CPU ${cpu.toFixed(0)} ms = ${rate(lines, cpu)}), ` +
      `peak ${mib(rss)}; --json ${json.ms.toFixed(0)} ms, peak ${mib(json.kib)}; ` +
      `grep -c ${grep.toFixed(0)} ms${old}; load ${before} -> ${load()}`,
  );
  rmSync(file);
}
rmSync(dir, { recursive: true });
