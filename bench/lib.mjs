// Shared by the benchmark scripts: a generated real profile, pprof's binary, timing.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/** A real heap profile from bench/genprofile with 2^bits distinct stacks. */
export function generateProfile(bits) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-bench-")), "heap.pb.gz");
  execFileSync("go", ["run", ".", "-bits", String(bits), "-o", file], {
    cwd: path.join(root, "bench", "genprofile"),
  });
  return file;
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
  const one = () =>
    time(() => {
      const r = spawnSync(cmd, args, { stdio: "ignore" });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
    });
  return median(Array.from({ length: runs }, one));
}

export const machine = () => `${cpus().length} × ${cpus()[0]?.model}, node ${process.version}`;
