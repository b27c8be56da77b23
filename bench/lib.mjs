// Shared by the benchmark scripts: generated profiles, pprof's binary, timing
// whole processes (wall time and peak memory).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

const tempDir = () => mkdtempSync(path.join(tmpdir(), "memsnap-bench-"));

/** A real heap profile from bench/genprofile with 2^bits distinct stacks. */
export function generateProfile(bits) {
  const file = path.join(tempDir(), "heap.pb.gz");
  execFileSync("go", ["run", ".", "-bits", String(bits), "-o", file], {
    cwd: path.join(root, "bench", "genprofile"),
  });
  return file;
}

/**
 * The large realistic pair from bench/genprofile2: a heap profile and a later
 * one of the same synthetic program (some stacks grown). Returns both paths
 * and the generator's one-line description of each.
 */
export function generateRealisticPair(seed = 1, samples = 250000) {
  const dir = tempDir();
  const make = (name, extra) => {
    const file = path.join(dir, name);
    const r = spawnSync(
      "go",
      ["run", ".", "-seed", String(seed), "-samples", String(samples), ...extra, "-o", file],
      { cwd: path.join(root, "bench", "genprofile2"), encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`genprofile2 failed: ${r.stderr}`);
    return { file, stats: r.stderr.trim() };
  };
  return { base: make("base.pb.gz", []), later: make("later.pb.gz", ["-variant"]) };
}

/** pprof's binary: Go >= 1.24 builds it on first use; -n prints it, so go's startup is not timed. */
export const pprofBinary = () =>
  execFileSync("go", ["tool", "-n", "pprof"], { encoding: "utf8" }).trim();

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Median wall time of a whole process over `runs` runs, output discarded. */
export function timeProcess(cmd, args, runs) {
  return median(Array.from({ length: runs }, () => runOnce(cmd, args).ms));
}

const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/**
 * One run of a whole process, output discarded: wall time (ms), peak
 * resident set (KiB) and, with GNU time, CPU time (user + sys, ms; less
 * inflated than wall time when other work shares the machine). Peak RSS comes from GNU time's %M (the kernel's
 * ru_maxrss of the child) when /usr/bin/time exists; otherwise VmHWM is polled
 * from /proc/PID/status, which can miss a short final peak.
 */
export function runOnce(cmd, args) {
  if (gnuTime) {
    const dir = tempDir();
    const out = path.join(dir, "rss");
    let r;
    const ms = time(() => {
      r = spawnSync(gnuTime, ["-f", "%M %U %S", "-o", out, cmd, ...args], { stdio: "ignore" });
    });
    const [kib, user, sys] = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .pop()
      .split(" ")
      .map(Number);
    rmSync(dir, { recursive: true });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    return { ms, kib, cpuMs: (user + sys) * 1000 };
  }
  return pollRun(cmd, args);
}

// Without GNU time: a shell reads the child's VmHWM until it exits.
function pollRun(cmd, args) {
  const script = `"$@" >/dev/null 2>&1 & pid=$!; hwm=0
while kill -0 $pid 2>/dev/null; do
  v=$(awk '/^VmHWM/{print $2}' /proc/$pid/status 2>/dev/null); [ -n "$v" ] && hwm=$v; sleep 0.005
done; wait $pid; rc=$?; echo $hwm; exit $rc`;
  let r;
  const ms = time(() => {
    r = spawnSync("sh", ["-c", script, "sh", cmd, ...args], { encoding: "utf8" });
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
  return { ms, kib: Number(r.stdout.trim()) };
}

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model}, node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`;

/** A seeded PRNG (mulberry32): the review samples are the same on every run. */
export function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy of xs (Fisher–Yates with `rand`). */
export function shuffle(xs, rand) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
