// memsnap lint's precision on real service code (issue 6 item 5): every rule
// over the source of pinned open-source Go servers and service libraries,
// fetched through the Go module proxy into a cache of our own (nothing is
// committed; the same versions give the same files). Prints, per module, the
// files, lines and findings per rule; the crash count (a rule that threw on a
// file); and a fixed-seed sample of up to 20 findings per rule with the code
// around each, for the hand review in bench/RESULTS.md ("service corpus").
//   npm run build && node bench/lint-corpus.mjs [--sample N] [--seed S] [--json FILE] [--only MOD,...]
// The cache is $MEMSNAP_CORPUS_CACHE or ~/.cache/memsnap-lint-corpus (a
// GOMODCACHE; `go clean -modcache` with that GOMODCACHE removes it).
// Like `memsnap lint ./...`: _test.go, vendor/ and testdata/ are skipped, each
// file gets the go line of its nearest go.mod, files over 8 MiB are noted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { GoSyntax } from "../dist/formats/gosyntax/index.js";
import { LINT_RULES } from "../dist/analyze/lint/rules/index.js";
import { lintSlice } from "../dist/cli/lint-slice.js";
import { findGoFiles, GoModVersions } from "../dist/toolchain/gofiles.js";
import { readGoGrammarWasm } from "../dist/toolchain/grammar.js";
import { mulberry32, shuffle } from "./lib.mjs";

/** Exact versions (each one go get/tidy accepted on Go 1.26; none under the AGPL or a non-open licence). */
export const MODULES = [
  ["github.com/prometheus/prometheus", "v0.316.0"],
  ["go.etcd.io/etcd/server/v3", "v3.7.3"],
  ["github.com/nats-io/nats-server/v2", "v2.15.3"],
  ["github.com/caddyserver/caddy/v2", "v2.11.9"],
  ["google.golang.org/grpc", "v1.85.0"],
  ["github.com/valyala/fasthttp", "v1.79.0"],
  ["github.com/redis/go-redis/v9", "v9.23.0"],
  ["github.com/dgraph-io/badger/v4", "v4.9.6"],
  ["github.com/hashicorp/raft", "v1.7.2"],
  ["github.com/syncthing/syncthing", "v1.30.0"],
  ["github.com/influxdata/influxdb", "v1.13.2"],
  ["github.com/ethereum/go-ethereum", "v1.17.10"],
  ["github.com/minio/minio-go/v7", "v7.4.1"],
  // Added for the rules that found little in the first 13: HTTP and gRPC
  // middleware (context values), network servers and clients (channels,
  // timers, pools), storage engines.
  ["github.com/centrifugal/centrifugo/v6", "v6.9.1"],
  ["github.com/jaegertracing/jaeger", "v1.75.0"],
  ["github.com/containerd/containerd/v2", "v2.4.2"],
  ["github.com/cockroachdb/pebble/v2", "v2.1.7"],
  ["github.com/k3s-io/kine", "v0.17.5"],
  ["github.com/hashicorp/memberlist", "v0.7.0"],
  ["github.com/IBM/sarama", "v1.61.1"],
  ["github.com/jackc/pgx/v5", "v5.13.0"],
  ["github.com/nats-io/nats.go", "v1.56.0"],
  ["github.com/miekg/dns", "v1.1.73"],
  ["github.com/gin-gonic/gin", "v1.12.0"],
  ["github.com/labstack/echo/v4", "v4.16.5"],
  ["github.com/go-chi/chi/v5", "v5.5.0"],
  ["github.com/grpc-ecosystem/go-grpc-middleware/v2", "v2.3.4"],
  ["github.com/grpc-ecosystem/grpc-gateway/v2", "v2.34.0"],
];

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args.splice(i, 2)[1];
};
const sampleSize = Number(opt("--sample", "20"));
const seed = Number(opt("--seed", "6"));
const jsonOut = opt("--json", null);
const only = opt("--only", null)?.split(",");
const cache =
  process.env.MEMSNAP_CORPUS_CACHE ?? path.join(homedir(), ".cache", "memsnap-lint-corpus");

/** Downloads MODULE@VERSION into the cache (a no-op when present) and returns its source dir. */
function download(mod, version) {
  // Outside any module, so no go.mod of ours is read or changed.
  const cwd = mkdtempSync(path.join(tmpdir(), "memsnap-corpus-"));
  try {
    const out = execFileSync("go", ["mod", "download", "-json", `${mod}@${version}`], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GOMODCACHE: cache, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
    });
    const info = JSON.parse(out);
    if (info.Error) throw new Error(`${mod}@${version}: ${info.Error}`);
    return info.Dir;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const loaded = await GoSyntax.load(readGoGrammarWasm());
if (!loaded.ok) throw new Error(loaded.error);
const syntax = loaded.value;
const versions = new GoModVersions();

const started = Date.now();
const rows = [];
const findings = [];
let crashes = 0;
for (const [mod, version] of MODULES.filter(([m]) => !only || only.includes(m))) {
  const dir = download(mod, version);
  const { files } = findGoFiles(["./..."], dir, {});
  let lines = 0;
  const texts = new Map();
  for (const f of files) {
    const text = readFileSync(f.abs, "utf8");
    lines += text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    texts.set(f.path, text);
  }
  const t0 = Date.now();
  const r = lintSlice(syntax, files, LINT_RULES, versions);
  const secs = (Date.now() - t0) / 1000;
  const crashed = r.notes.filter((n) => n.message.startsWith("rule "));
  crashes += crashed.length;
  for (const n of crashed) console.log(`CRASH ${mod}@${version} ${n.path}: ${n.message}`);
  const notLinted = r.notes.filter((n) => n.message.startsWith("not linted")).length;
  const syntaxNotes = r.notes.filter((n) => / syntax errors?, first/.test(n.message)).length;
  const counts = Object.fromEntries(LINT_RULES.map((x) => [x.id, 0]));
  for (const f of r.findings) {
    counts[f.rule]++;
    findings.push({ ...f, module: `${mod}@${version}`, text: texts.get(f.path) ?? "" });
  }
  rows.push({ mod, version, files: r.files, lines, secs, counts, notLinted, syntaxNotes });
}
const secs = ((Date.now() - started) / 1000).toFixed(1);

const totalFiles = rows.reduce((n, r) => n + r.files, 0);
const totalLines = rows.reduce((n, r) => n + r.lines, 0);
const [l1] = loadavg();
console.log(
  `# ${rows.length} modules, ${totalFiles} files, ${totalLines} lines, ${secs} s (one thread), ` +
    `${crashes} rule crashes; load ${l1.toFixed(2)}\n`,
);
console.log("| module | version | files | lines | not linted | syntax notes | findings |");
console.log("| --- | --- | --: | --: | --: | --: | --: |");
for (const r of rows) {
  const n = Object.values(r.counts).reduce((a, b) => a + b, 0);
  console.log(
    `| ${r.mod} | ${r.version} | ${r.files} | ${r.lines} | ${r.notLinted} | ${r.syntaxNotes} | ${n} |`,
  );
}
console.log("\n| rule | " + rows.map((r) => short(r.mod)).join(" | ") + " | total |");
console.log("| --- |" + rows.map(() => " --: |").join("") + " --: |");
for (const rule of LINT_RULES) {
  const per = rows.map((r) => r.counts[rule.id]);
  console.log(`| ${rule.id} | ${per.join(" | ")} | ${per.reduce((a, b) => a + b, 0)} |`);
}

const rand = mulberry32(seed);
for (const rule of LINT_RULES) {
  const mine = findings.filter((f) => f.rule === rule.id);
  const picked = shuffle(mine, rand).slice(0, sampleSize);
  picked.sort(
    (a, b) => a.module.localeCompare(b.module) || a.path.localeCompare(b.path) || a.line - b.line,
  );
  console.log(`\n## ${rule.id}: sample of ${picked.length} of ${mine.length} (seed ${seed})`);
  for (const f of picked) {
    console.log(`\n### ${f.module} ${f.path}:${f.line} [${f.severity}] ${f.subject}\n${f.message}`);
    const lines = f.text.split("\n");
    for (let l = Math.max(1, f.line - 8); l <= Math.min(lines.length, f.line + 4); l++) {
      console.log(`${l === f.line ? ">" : " "}${String(l).padStart(5)} ${lines[l - 1]}`);
    }
  }
}
if (jsonOut) {
  const slim = findings.map((f) => ({ ...f, text: undefined }));
  writeFileSync(jsonOut, JSON.stringify({ rows, findings: slim }, null, 1));
}

function short(mod) {
  const parts = mod.split("/").filter((p) => !/^v\d+$/.test(p));
  return parts[parts.length - 1];
}
