// Parse benchmark for memsnap lint: every .go file of a source tree (default
// the installed Go's src/, testdata skipped) through memsnap's syntax trees
// (tree-sitter-go in wasm), against Go's own parser on the same files.
//   npm run build && node bench/lint-parse.mjs [DIR] [--workers N]
// Competitors, each a fresh process, median of --runs (default 3):
//   go/parser   bench/goparse: go/parser.ParseFile per file, one goroutine,
//               comments kept. The same work as memsnap's (a full syntax tree
//               of every file, one thread), so the fair ratio.
//   gofmt -l    what a Go user knows: parse + print + compare, all cores.
//   go/ast JSON the other candidate for memsnap: bench/goparse -json hands
//               each tree to Node as a JSON line, which JSON.parses it.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { machine, median, root } from "./lib.mjs";

const CHILD = "--child";

if (!isMainThread) {
  parentPort.postMessage(await parseAll(workerData.files));
} else if (process.argv[2] === CHILD) {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  await main();
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name, dflt) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : Number(args.splice(i, 2)[1]);
  };
  const workers = flag("--workers", 1);
  const runs = flag("--runs", 3);
  const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
  const dir = args[0] ?? path.join(goroot, "src");
  const files = listGo(dir);
  const goparse = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-bench-")), "goparse");
  execFileSync("go", ["build", "-o", goparse, "."], { cwd: path.join(root, "bench", "goparse") });

  const rows = [];
  const measure = (name, fn) => {
    const all = Array.from({ length: runs }, fn);
    const ms = median(all.map((r) => r.ms));
    const cpuMs = median(all.map((r) => r.cpuMs ?? NaN));
    rows.push({
      name,
      ms,
      cpuMs,
      rssMiB: Math.max(...all.map((r) => r.rssMiB)),
      note: all[0].note,
    });
  };
  for (const w of [...new Set([1, workers])]) {
    measure(`memsnap (tree-sitter wasm), ${w} thread${w > 1 ? "s" : ""}`, () => {
      const r = runJson(process.execPath, [import.meta.filename, CHILD, dir, String(w)]);
      return {
        ms: r.ms,
        cpuMs: r.cpuMs,
        rssMiB: r.maxRssKiB / 1024,
        note: `${r.files} files, ${r.withErrors} with ERROR nodes${r.failed ? `, ${r.failed} FAILED` : ""}`,
      };
    });
  }
  measure("go/parser, 1 goroutine", () => {
    const t = now();
    const r = spawnSync(goparse, [dir], { encoding: "utf8" });
    const ms = now() - t;
    const m = goparseStats(r.stderr);
    return {
      ms,
      cpuMs: m.cpuMs,
      rssMiB: m.rssMiB,
      note: `${m.files} files, ${m.errors} with errors`,
    };
  });
  measure("gofmt -l, all cores", () => {
    const t = now();
    const r = spawnSync("gofmt", ["-l", ...files.map((f) => f.path)], { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`gofmt -l: ${r.error ?? `exit ${r.status}`}`);
    return { ms: now() - t, rssMiB: NaN, note: "parse + print + compare" };
  });
  measure("go/ast as JSON lines into Node", () => {
    const r = runJson(process.execPath, [import.meta.filename, CHILD, dir, "json", goparse]);
    return {
      ms: r.ms,
      cpuMs: r.cpuMs,
      rssMiB: r.maxRssKiB / 1024,
      note: `${r.files} files; CPU of both processes, RSS of Node's (Go's: ${r.goRssMiB.toFixed(0)} MiB)`,
    };
  });

  const bytes = files.reduce((n, f) => n + f.size, 0);
  console.log(`tree: ${dir} (${files.length} .go files, ${(bytes / 1e6).toFixed(1)} MB)`);
  console.log(`machine: ${machine()}; median of ${runs}`);
  const base = rows.find((r) => r.name.startsWith("go/parser"))?.ms ?? NaN;
  for (const r of rows) {
    const rss = Number.isNaN(r.rssMiB) ? "    -   " : `${r.rssMiB.toFixed(0).padStart(4)} MiB`;
    const cpu = Number.isNaN(r.cpuMs) ? "     -  " : `${(r.cpuMs / 1000).toFixed(2).padStart(6)} s`;
    console.log(
      `${r.name.padEnd(42)} wall ${(r.ms / 1000).toFixed(2).padStart(6)} s (${(r.ms / base).toFixed(2).padStart(5)}× go/parser)  cpu ${cpu}  peak ${rss}  ${r.note}`,
    );
  }
}

/** Runs inside a fresh process so its peak RSS is its own. */
async function child(dir, workers) {
  const t = now();
  let r;
  if (process.argv[4] === "json") r = await readJsonLines(process.argv[5], dir);
  else {
    const files = listGo(dir).map((f) => f.path);
    const parts = Array.from({ length: workers }, (_, i) =>
      files.filter((_, j) => j % workers === i),
    );
    const results =
      workers === 1
        ? [await parseAll(files)]
        : await Promise.all(
            parts.map(
              (part) =>
                new Promise((resolve, reject) => {
                  const w = new Worker(new URL(import.meta.url), { workerData: { files: part } });
                  w.once("message", resolve);
                  w.once("error", reject);
                }),
            ),
          );
    r = results.reduce((a, b) => ({
      files: a.files + b.files,
      withErrors: a.withErrors + b.withErrors,
      failed: a.failed + b.failed,
    }));
  }
  const ru = process.resourceUsage();
  const cpuMs = (ru.userCPUTime + ru.systemCPUTime) / 1000 + (r.goCpuMs ?? 0);
  console.log(JSON.stringify({ ...r, ms: now() - t, cpuMs, maxRssKiB: ru.maxRSS }));
}

async function parseAll(files) {
  const { GoSyntax } = await import(`${root}/dist/formats/gosyntax/index.js`);
  const { readGoGrammarWasm } = await import(`${root}/dist/toolchain/grammar.js`);
  const loaded = await GoSyntax.load(readGoGrammarWasm());
  if (!loaded.ok) throw new Error(loaded.error);
  let withErrors = 0;
  let failed = 0;
  for (const file of files) {
    const r = loaded.value.withTree(readFileSync(file, "utf8"), (f) => f.errorCount);
    if (!r.ok) failed++;
    else if (r.value > 0) withErrors++;
  }
  return { files: files.length, withErrors, failed };
}

async function readJsonLines(goparse, dir) {
  const proc = spawn(goparse, ["-json", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => proc.on("close", resolve));
  let files = 0;
  for await (const line of createInterface({ input: proc.stdout, crlfDelay: Infinity })) {
    if (JSON.parse(line)._ === "File") files++;
  }
  await exited;
  const go = goparseStats(stderr);
  return { files, withErrors: 0, failed: 0, goCpuMs: go.cpuMs, goRssMiB: go.rssMiB };
}

function goparseStats(stderr) {
  const m = /files (\d+) bytes (\d+) errors (\d+) maxrss_kb (\d+) cpu_ms (\d+)/.exec(stderr);
  if (!m) throw new Error(`goparse: ${stderr}`);
  return {
    files: Number(m[1]),
    errors: Number(m[3]),
    rssMiB: Number(m[4]) / 1024,
    cpuMs: Number(m[5]),
  };
}

function runJson(cmd, args) {
  const out = execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").at(-1));
}

function listGo(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "testdata") walk(p);
      } else if (e.isFile() && e.name.endsWith(".go"))
        out.push({ path: p, size: readFileSync(p).length });
    }
  };
  walk(dir);
  return out;
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}
