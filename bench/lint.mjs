// memsnap lint against `go vet std`, in one run on the same machine.
//   npm run build && node bench/lint.mjs [--runs N]
// The files: every package directory of `go list std` (vendored x/ packages
// included, as `go vet std` vets them), non-recursively, with _test.go files
// (vet checks tests too). Rows, each a fresh process under /usr/bin/time:
//   go vet std, cold   GOCACHE is a new empty directory: vet must compile
//                      std for type information first (what a CI job
//                      without a cache pays). Run once: it takes minutes.
//   go vet std, warm   the same cache again: every result is cached.
//   memsnap lint       --jobs 1 and --jobs 2 (syntax only, no build).
// Peak RSS is /usr/bin/time's %M: the largest single process (for go vet
// that is the biggest of go and its vet/compile children, not their sum;
// memsnap's worker threads are inside its one process). The load average is
// printed before each row: other work on the machine slows every row.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { machine, median, root } from "./lib.mjs";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt === -1 ? 1 : Number(args[runsAt + 1]);
const skipCold = args.includes("--no-cold");

const goVersion = execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim();
const dirs = execFileSync("go", ["list", "-f", "{{.Dir}}", "std"], { encoding: "utf8" })
  .trim()
  .split("\n");
const memsnap = path.join(root, "bin", "memsnap.js");

/** Runs a command under /usr/bin/time; wall, user+sys CPU and peak RSS. */
function timed(cmd, argv, env = {}) {
  const load = loadavg()[0];
  const r = spawnSync("/usr/bin/time", ["-f", "@@%e %U %S %M", cmd, ...argv], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`${cmd}: no timing (exit ${r.status}): ${r.stderr.slice(-500)}`);
  return {
    status: r.status,
    stdout: r.stdout,
    load,
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rssMiB: Number(m[4]) / 1024,
  };
}

const rows = [];
function row(name, all, note) {
  rows.push({
    name,
    wall: median(all.map((r) => r.wall)),
    cpu: median(all.map((r) => r.cpu)),
    rssMiB: Math.max(...all.map((r) => r.rssMiB)),
    load: all.map((r) => r.load.toFixed(1)).join("/"),
    note,
  });
}

const cache = mkdtempSync(path.join(tmpdir(), "memsnap-vet-cache-"));
try {
  // `go vet std` exits 1 when it reports something; the standard library is clean, so anything else is a failure.
  const vet = () => timed("go", ["vet", "std"], { GOCACHE: cache, GOFLAGS: "-buildvcs=false" });
  if (!skipCold) {
    const cold = vet();
    if (cold.status !== 0) throw new Error(`go vet std (cold): exit ${cold.status}`);
    row("go vet std, cold (empty GOCACHE)", [cold], "compiles std for types, then vets");
  } else vet(); // fills the cache for the warm row
  row(
    "go vet std, warm (cached)",
    Array.from({ length: Math.max(runs, 3) }, vet),
    "every package's vet result cached",
  );
} finally {
  rmSync(cache, { recursive: true, force: true });
}

let files = 0;
let bytes = 0;
for (const jobs of [1, 2]) {
  const all = Array.from({ length: runs }, () => {
    const r = timed(process.execPath, [
      memsnap,
      "lint",
      "--json",
      "--tests",
      "--jobs",
      String(jobs),
      ...dirs,
    ]);
    if (r.status !== 0) throw new Error(`memsnap lint --jobs ${jobs}: exit ${r.status}`);
    const doc = JSON.parse(r.stdout);
    files = doc.files;
    r.findings = doc.findings.length;
    r.notes = doc.notes.length;
    return r;
  });
  row(
    `memsnap lint --jobs ${jobs}`,
    all,
    `${files} files, ${all[0].findings} findings, ${all[0].notes} notes`,
  );
}
for (const d of dirs) {
  for (const f of execFileSync("ls", [d], { encoding: "utf8" }).split("\n")) {
    if (f.endsWith(".go")) bytes += statSync(path.join(d, f)).size;
  }
}

console.log(
  `${goVersion}; go list std: ${dirs.length} packages, ${files} .go files linted (${(bytes / 1e6).toFixed(1)} MB)`,
);
console.log(`machine: ${machine()}; median of ${runs} (warm vet: of ${Math.max(runs, 3)})`);
const cold = rows.find((r) => r.name.includes("cold"));
const warm = rows.find((r) => r.name.includes("warm"));
for (const r of rows) {
  const vs = (b) => (b ? `${(r.wall / b.wall).toFixed(3)}×` : "-");
  console.log(
    `${r.name.padEnd(34)} wall ${r.wall.toFixed(2).padStart(7)} s  cpu ${r.cpu.toFixed(2).padStart(7)} s  peak ${r.rssMiB.toFixed(0).padStart(5)} MiB  vs cold ${vs(cold).padStart(7)}  vs warm ${vs(warm).padStart(8)}  load ${r.load}  ${r.note}`,
  );
}
