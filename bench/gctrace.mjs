// gctrace benchmark (issue 5's target: >= 1M lines/s, memory independent of
// the log's length on the summary path). A log of N real Go 1.26 trace lines
// (lines of test/fixtures/gctrace/go126-lab-unbounded.txt, renumbered, times
// increasing) with one line of program output per trace line; `memsnap gc` on
// it, whole process, with peak RSS; `grep -c` over the same file as the floor.
//   npm run build && node bench/gctrace.mjs [MAX_LINES]      (default 2000000)
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadavg } from "node:os";
import { machine, median, root, time } from "./lib.mjs";

const max = Number(process.argv[2] ?? 2_000_000);
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

/** Wall time and peak RSS (KiB) of a process, via GNU time. */
function run(cmd, args) {
  let rss = 0;
  const ms = time(() => {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
    rss = Number(r.stderr.trim().split("\n").at(-1));
  });
  return { ms, rss };
}

console.log(
  `machine: ${machine()}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const bin = path.join(root, "bin", "memsnap.js");
for (const lines of [max / 4, max / 2, max]) {
  const file = await writeLog(lines);
  const mb = statSync(file).size / 1e6;
  const runs = [0, 1, 2].map(() => run(process.execPath, [bin, "gc", file]));
  const json = run(process.execPath, [bin, "gc", file, "--json"]);
  const grep = median([0, 1, 2].map(() => run("grep", ["-c", "^gc ", file]).ms));
  const ms = median(runs.map((r) => r.ms));
  const rss = Math.max(...runs.map((r) => r.rss));
  console.log(
    `${String(lines).padStart(8)} lines (${(lines / 2).toFixed(0)} cycles, ${mb.toFixed(0)} MB): ` +
      `memsnap gc ${ms.toFixed(0)} ms = ${(((lines / ms) * 1000) / 1e6).toFixed(2)}M lines/s, ` +
      `peak ${(rss / 1024).toFixed(0)} MiB; --json peak ${(json.rss / 1024).toFixed(0)} MiB; ` +
      `grep -c ${grep.toFixed(0)} ms`,
  );
}
