// Records the real gctrace logs the live-heap trend test reads
// (test/gc-whatif/traces/): healthy lab programs that must never look like a
// leak, and the leaking traps that must. Lab built with the installed Go and
// with Debian's golang-1.19 (the timer-in-loop trap leaks on both: the lab's
// go.mod says go 1.19, which keeps the pre-1.23 timers).
// Run: node scripts/make-gc-whatif-traces.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { offlineGoEnv } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "test", "gc-whatif", "traces");
mkdirSync(outDir, { recursive: true });
const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-gc-whatif-"));
const offline = offlineGoEnv;
const labs = [
  "healthy-steady",
  "healthy-cache",
  "map-never-shrinks",
  "unbounded-growth",
  "timer-in-loop",
];
const runs = [
  ["healthy-steady", ["1s", "2s", "3s"]],
  ["healthy-cache", ["1s", "2s", "3s"]],
  ["map-never-shrinks", ["2s"]],
  ["unbounded-growth", ["2s", "3s"]],
  ["timer-in-loop", ["2s", "3s"]],
];
for (const [tc, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const bin = path.join(tmp, tc);
  execFileSync(goBin, ["build", "-o", bin + "/", ...labs.map((l) => `./${l}`)], {
    cwd: path.join(root, "lab"),
    env: offline,
  });
  for (const [id, durations] of runs) {
    for (const d of durations) {
      const r = spawnSync(path.join(bin, id), [`-duration=${d}`, "-seed=1"], {
        env: {
          ...process.env,
          GODEBUG: "gctrace=1",
          GOMAXPROCS: "2",
          GOGC: "100",
          GOMEMLIMIT: "off",
        },
        encoding: "utf8",
        timeout: 60_000,
      });
      if (r.status !== 0) throw new Error(`${tc} ${id}: exit ${r.status}: ${r.stderr}`);
      writeFileSync(path.join(outDir, `${tc}-${id}-${d}.txt`), r.stderr);
    }
  }
  console.log(`wrote ${tc} traces`);
}
rmSync(tmp, { recursive: true, force: true });
