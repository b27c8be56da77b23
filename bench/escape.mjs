// memsnap escape benchmarks (issue 4 item 10), two parts:
//
//   npm run build && node bench/escape.mjs build [--runs N] [--bin memsnap.js] [--before memsnap.js] [PKG...]
//     `memsnap escape --json PKGS` against the competitor of issue 4 item 10,
//     `go build -o /dev/null -gcflags=-m=2 PKGS` (the ratios' base), plus the
//     same build with `-json=0,FRESH` (memsnap's build before 2026-12-03) and
//     with no diagnostics; `--before` adds another memsnap (a copy of bin/
//     and dist/ from an earlier commit, with node_modules beside them) as one
//     more side of the same run. Every side recompiles the
//     named packages (and only those) on every run: a fresh directory in the
//     flags changes the compile's cache key. For the two builds without a JSON
//     log the fresh directory goes in -D, the compiler's prefix for local
//     ("./x") imports, which std packages do not have. Default packages:
//     net/http net/... encoding/... crypto/tls (35 packages, a 16 MB log).
//
//   npm run build && node bench/escape.mjs from-log [--runs N] [--log FILE] [--bin memsnap.js]
//     `memsnap escape --from-log FILE --json` on 25 MB, 50 MB, 100 MB slices,
//     the whole of a -m=2 log (default: `go build -gcflags=all=-m=2 std`,
//     ~150 MB, written to a temp dir; slices end at a line end) and the log
//     twice over (the same packages again: peak memory should not move).
//
// Timing: whole processes, median of N runs (default 5), sides alternating,
// the order reversed every round. CPU and peak RSS of the process tree come
// from /usr/bin/time (largest single process); memsnap's own CPU and peak
// RSS (Node alone, without go and compile) from process.resourceUsage() at
// exit, via a --import hook.
import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { Buffer } from "node:buffer";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { machine, median, root } from "./lib.mjs";

const TIME = "/usr/bin/time";
const MB = 1e6;

const argv = process.argv.slice(2);
const mode = argv.shift() ?? "build";
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const runs = Number(opt("--runs", "5"));
const logArg = opt("--log", undefined);
// Another build of memsnap (e.g. a copy of bin/ and dist/ from another commit), to compare.
const bin = path.resolve(opt("--bin", path.join(root, "bin", "memsnap.js")));
const before = opt("--before", undefined);
const work = mkdtempSync(path.join(tmpdir(), "memsnap-bench-escape-"));
const cwd = mkdtempSync(path.join(work, "cwd-")); // not inside a module: std patterns only

// Records Node's own usage when memsnap exits.
const hook =
  'data:text/javascript,import{writeFileSync}from"node:fs";' +
  "process.on('exit',()=>writeFileSync(process.env.BENCH_RU,JSON.stringify(process.resourceUsage())))";

// The fresh directories of a run (31 MB of JSON log each for the default packages).
const freshRoot = path.join(work, "fresh");
const fresh = () => {
  mkdirSync(freshRoot, { recursive: true });
  return mkdtempSync(path.join(freshRoot, "f-"));
};

/** One whole process: wall ms, tree CPU s, largest RSS KiB, and memsnap's own usage. */
function measure(cmd, args, { stdin } = {}) {
  const timeFile = path.join(work, "time.txt");
  const ruFile = path.join(work, "ru.json");
  rmSync(ruFile, { force: true });
  const t = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%U %S %M", "-o", timeFile, cmd, ...args], {
    cwd,
    stdio: [stdin === undefined ? "ignore" : openSync(stdin, "r"), "ignore", "pipe"],
    env: { ...process.env, BENCH_RU: ruFile },
    maxBuffer: 1 << 30,
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status}\n${String(r.stderr).slice(-2000)}`);
  }
  const [u, s, m] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ");
  const out = { wall, cpu: Number(u) + Number(s), rssKiB: Number(m) };
  try {
    const ru = JSON.parse(readFileSync(ruFile, "utf8"));
    out.nodeCpu = (ru.userCPUTime + ru.systemCPUTime) / 1e6;
    out.nodeRssKiB = ru.maxRSS;
  } catch {
    // not a memsnap run
  }
  return out;
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMiB = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const med = (xs, k) => median(xs.map((x) => x[k]));

function benchBuild(pkgs) {
  const goBuild = (gcflags) => ["build", "-o", "/dev/null", `-gcflags=${gcflags}`, ...pkgs];
  const sides = [
    ["go build (no diagnostics)", () => measure("go", goBuild(`-D=${fresh()}`))],
    ["go build -m=2", () => measure("go", goBuild(`-m=2 -D=${fresh()}`))],
    [
      "go build -m=2 -json (memsnap's build)",
      () => measure("go", goBuild(`-m=2 -json=0,${fresh()}`)),
    ],
    [
      "memsnap escape --json",
      () => measure(process.execPath, ["--import", hook, bin, "escape", "--json", ...pkgs]),
    ],
  ];
  if (before) {
    const b = path.resolve(before);
    sides.push([
      "memsnap escape --json (--before)",
      () => measure(process.execPath, ["--import", hook, b, "escape", "--json", ...pkgs]),
    ]);
  }
  console.log(`packages: ${pkgs.join(" ")}`);
  const count = spawnSync("go", ["list", ...pkgs], { cwd, encoding: "utf8" }).stdout.trim();
  const logFile = path.join(work, "m2.log");
  spawnSync(
    "sh",
    [
      "-c",
      `go build -o /dev/null '-gcflags=-m=2 -D=${fresh()}' "$@" 2>"${logFile}"`,
      "sh",
      ...pkgs,
    ],
    { cwd },
  );
  console.log(
    `${count.split("\n").length} packages, -m=2 log ${(statSync(logFile).size / MB).toFixed(1)} MB; machine: ${machine()}, ${runs} runs`,
  );
  for (const [, run] of sides) run(); // warm-up: dependencies cached, binaries paged in
  const results = sides.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = sides.map((_, j) => j);
    if (i % 2) order.reverse();
    for (const j of order) {
      results[j].push(sides[j][1]());
      rmSync(freshRoot, { recursive: true, force: true });
    }
  }
  const base = results[1]; // go build -m=2, the competitor
  for (const [j, [name]] of sides.entries()) {
    const r = results[j];
    const node =
      r[0].nodeCpu === undefined
        ? ""
        : `   node alone: CPU ${med(r, "nodeCpu").toFixed(2)} s, peak RSS ${fmtMiB(med(r, "nodeRssKiB"))}`;
    console.log(
      `${name.padEnd(40)} wall ${fmtS(med(r, "wall")).padStart(8)} (${(med(r, "wall") / med(base, "wall")).toFixed(2)}×)` +
        `   CPU ${med(r, "cpu").toFixed(2).padStart(6)} s (${(med(r, "cpu") / med(base, "cpu")).toFixed(2)}×)` +
        `   largest process ${fmtMiB(med(r, "rssKiB")).padStart(8)}${node}`,
    );
    console.log(`  walls: ${r.map((x) => (x.wall / 1000).toFixed(2)).join(" ")}`);
  }
}

/** The whole -m=2 log of std (the build cache replays it after the first time). */
function stdLog() {
  const file = path.join(work, "std-m2.log");
  const fd = openSync(file, "w");
  const r = spawnSync("go", ["build", "-o", "/dev/null", "-gcflags=all=-m=2", "std"], {
    cwd,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  if (r.status !== 0) throw new Error(`go build -gcflags=all=-m=2 std: exit ${r.status}`);
  return file;
}

/**
 * The first `bytes` of the log, cut at a line end. Not at a "# pkg" header:
 * go/types alone is 86 MB of std's 151 MB, so a header cut would skip from
 * ~54 MB to the end. The parser ends the cut package at end of input.
 */
function slice(file, bytes, name) {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, "r");
  const n = readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  const cut = buf.subarray(0, n).lastIndexOf("\n");
  const out = path.join(work, name);
  writeFileSync(out, buf.subarray(0, cut < 0 ? n : cut + 1));
  return out;
}

function benchFromLog() {
  const log = logArg ?? stdLog();
  const size = statSync(log).size;
  console.log(`log: ${log} (${(size / MB).toFixed(1)} MB); machine: ${machine()}, ${runs} runs`);
  const files = [25, 50, 100]
    .filter((mb) => mb * MB < size)
    .map((mb) => slice(log, mb * MB, `slice-${mb}.log`));
  files.push(log);
  const twice = path.join(work, "twice.log");
  writeFileSync(twice, Buffer.concat([readFileSync(log), readFileSync(log)]));
  files.push(twice);
  const bins = before ? [bin, path.resolve(before)] : [bin];
  for (const f of files) {
    const bytes = statSync(f).size;
    for (const b of bins) {
      const r = Array.from({ length: runs }, () =>
        measure(process.execPath, ["--import", hook, b, "escape", "--from-log", f, "--json"]),
      );
      report(bytes, r, b === bin ? "" : "  (--before)");
    }
  }
}

function report(bytes, r, label) {
  const wall = med(r, "wall");
  const cpu = med(r, "nodeCpu");
  console.log(
    `${(bytes / MB).toFixed(1).padStart(6)} MB${label}  wall ${fmtS(wall).padStart(8)}  ${(bytes / MB / (wall / 1000)).toFixed(1).padStart(5)} MB/s` +
      `  CPU ${cpu.toFixed(2)} s (${(bytes / MB / cpu).toFixed(1)} MB/s)  peak RSS ${fmtMiB(med(r, "nodeRssKiB")).padStart(8)}` +
      `  (${((med(r, "nodeRssKiB") * 1024) / bytes).toFixed(1)} bytes per log byte)`,
  );
}

const loadAtEnd = () =>
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );

try {
  if (mode === "build")
    benchBuild(argv.length ? argv : ["net/http", "net/...", "encoding/...", "crypto/tls"]);
  else if (mode === "from-log") benchFromLog();
  else throw new Error(`usage: node bench/escape.mjs build|from-log ...`);
  loadAtEnd();
} finally {
  rmSync(work, { recursive: true, force: true });
}
