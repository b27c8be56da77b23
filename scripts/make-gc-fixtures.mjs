// Regenerates test/fixtures/{gctrace,expvar,bench}/ with the real Go toolchain:
// lab programs and test/go/bench built with the installed Go and with Debian's
// golang-1.19, and test/go/bench/gcload built with older releases fetched
// through GOTOOLCHAIN (the module proxy must be reachable for those).
// Run: node scripts/make-gc-fixtures.mjs [--skip-old]
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fetchFromLab, offlineGoEnv } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const out = (kind, name) => path.join(root, "test", "fixtures", kind, name);
for (const kind of ["gctrace", "expvar", "bench"])
  mkdirSync(path.join(root, "test", "fixtures", kind), { recursive: true });
const offline = offlineGoEnv;
const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-gc-fixtures-"));
const benchDir = path.join(root, "test", "go", "bench");

/** Runs a binary with stdout and stderr on one file, as `cmd >f 2>&1` does: real interleaving. */
function runInto(file, binary, args, env = {}) {
  const fd = openSync(file, "w");
  const r = spawnSync(binary, args, {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  closeSync(fd);
  if (r.error) throw r.error;
  return r.status;
}

for (const [tc, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const bin = path.join(tmp, tc);
  const labs = ["unbounded-growth", "map-never-shrinks"];
  execFileSync(goBin, ["build", "-o", bin + "/", ...labs.map((l) => `./${l}`)], {
    cwd: path.join(root, "lab"),
    env: offline,
  });
  execFileSync(goBin, ["build", "-o", path.join(bin, "gcload"), "./gcload"], {
    cwd: benchDir,
    env: offline,
  });
  const trace = { GODEBUG: "gctrace=1" };
  runInto(out("gctrace", `${tc}-lab-unbounded.txt`), path.join(bin, "unbounded-growth"), ["-duration=2s", "-variant=trap"], trace); // prettier-ignore
  // -gc: runtime.GC() before each snapshot, so the trace has "(forced)" cycles.
  runInto(out("gctrace", `${tc}-lab-forced.txt`), path.join(bin, "map-never-shrinks"), ["-duration=1s", "-gc", "-every=250ms", `-snapshots=${path.join(tmp, tc + "-snaps")}`], trace); // prettier-ignore
  runInto(out("gctrace", `${tc}-lab-pacer-scav.txt`), path.join(bin, "map-never-shrinks"), ["-duration=2s"], { GODEBUG: "gctrace=1,gcpacertrace=1,scavtrace=1" }); // prettier-ignore
  // Four goroutines writing to the same stderr: trace lines split by program
  // output. Whether a split happens is up to the scheduler; run until one did.
  const noise = out("gctrace", `${tc}-gcload-noise.txt`);
  for (let i = 0; i < 20; i++) {
    runInto(noise, path.join(bin, "gcload"), ["-noise", "-n=300000"], trace);
    if (/gc \d+ @.*(?<!P|\(forced\))$/m.test(readFileSync(noise, "utf8"))) break;
  }
  execFileSync(path.join(bin, "gcload"), ["-n=50000", `-memstats=${out("expvar", `${tc}-memstats.json`)}`]); // prettier-ignore
  writeFileSync(out("expvar", `${tc}-debug-vars.json`), await debugVars(path.join(bin, "map-never-shrinks"))); // prettier-ignore
  benchFixtures(tc, goBin);
  console.log(`wrote ${tc} fixtures`);
}

// Go 1.26's goroutine leak detector marks its cycle in the trace.
execFileSync("go", ["build", "-o", path.join(tmp, "gcload-leak"), "./gcload"], {
  cwd: benchDir,
  env: { ...offline, GOEXPERIMENT: "goroutineleakprofile" },
});
runInto(out("gctrace", "go126-gcload-leakcheck.txt"), path.join(tmp, "gcload-leak"), ["-n=20000", "-leakprofile"], { GODEBUG: "gctrace=1" }); // prettier-ignore

// Older layouts: go1.5 (five phases), go1.6-1.17 (no stacks/globals), scvg lines up to go1.12.
if (!process.argv.includes("--skip-old")) {
  for (const version of ["go1.5.4", "go1.8.7", "go1.10.8", "go1.12.17", "go1.17.13"]) {
    const goroot = oldGoroot(version);
    const binary = path.join(tmp, `gcload-${version}`);
    // GOPATH mode by file name: these releases predate modules or the go line of go.mod.
    execFileSync(path.join(goroot, "bin", "go"), ["build", "-o", binary, "gcload/main.go"], {
      cwd: benchDir,
      env: { ...offline, GOROOT: goroot, GO111MODULE: "off", GOFLAGS: "", GOPATH: path.join(tmp, "gopath") }, // prettier-ignore
    });
    const tag = version.replace(/^go(\d+)\.(\d+).*/, "go1$2");
    const memstats = out("expvar", `${tag}-memstats.json`);
    runInto(out("gctrace", `${tag}-gcload.txt`), binary, ["-n=200000", "-gc=60000", "-freeos", `-memstats=${memstats}`], { GODEBUG: "gctrace=1" }); // prettier-ignore
    console.log(`wrote ${version} fixtures`);
  }
}
rmSync(tmp, { recursive: true, force: true });

/** GOROOT of an older release, downloaded through GOTOOLCHAIN on first use. */
function oldGoroot(version) {
  // Releases before 1.18 reject the machine's GOFLAGS=-buildvcs=false: no env file, no GOFLAGS.
  return execFileSync("go", ["env", "GOROOT"], {
    env: { ...process.env, GOTOOLCHAIN: version, GOFLAGS: "", GOENV: "off" },
    encoding: "utf8",
  }).trim();
}

/** Benchmark output of test/go/bench: text and -json, passing and failing. */
function benchFixtures(tc, goBin) {
  const args = ["test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime=2000x"];
  const go = (extra, env = {}) =>
    spawnSync(goBin, [...args, ...extra, "."], { cwd: benchDir, env: { ...offline, ...env }, encoding: "utf8" }).stdout; // prettier-ignore
  writeFileSync(out("bench", `${tc}-count3.txt`), go(["-count=3"]));
  writeFileSync(out("bench", `${tc}-count3.json`), go(["-count=3", "-json"]));
  // -cpu 1,2: names without and with the -N suffix; BenchmarkFail fails for real.
  const fail = { MEMSNAP_BENCH_FAIL: "1" };
  writeFileSync(out("bench", `${tc}-fail.txt`), go(["-count=1", "-cpu=1,2"], fail));
  writeFileSync(out("bench", `${tc}-fail.json`), go(["-count=1", "-cpu=1,2", "-json"], fail));
}

/** /debug/vars of a lab program as served, 600ms after it starts listening. */
function debugVars(binary) {
  return fetchFromLab(binary, "/debug/vars");
}
