// memsnap lint's group-A rules over the installed Go's standard library:
// no crash, findings per rule, and a fixed-seed sample of up to 20 per rule
// to review by hand (printed with the code around each).
// Usage: npm run build && node bench/lint-std-a.mjs [GOROOT/src] > /tmp/std-a.txt
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { lintFiles } from "../dist/analyze/lint/engine.js";
import { GROUP_A } from "../dist/analyze/lint/rules/group-a.js";
import { GoSyntax } from "../dist/formats/gosyntax/index.js";
import { findGoFiles } from "../dist/toolchain/gofiles.js";
import { readGoGrammarWasm } from "../dist/toolchain/grammar.js";

const root = process.argv[2] ?? "/usr/local/go/src";
const syntax = (await GoSyntax.load(readGoGrammarWasm())).value;
const { files } = findGoFiles(["./..."], root, {});
const t0 = performance.now();
function* inputs() {
  for (const f of files) yield { path: f.path, text: readFileSync(f.abs, "utf8"), goVersion: null };
}
const r = lintFiles(syntax, inputs(), GROUP_A);
const ms = performance.now() - t0;
console.log(`${r.files} files in ${(ms / 1000).toFixed(1)} s; notes: ${r.notes.length}`);
for (const n of r.notes.filter((n) => n.message.startsWith("rule ")))
  console.log("  CRASH", n.path, n.message);
// mulberry32, seed 6: the same sample on every run.
let seed = 6;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
for (const rule of GROUP_A) {
  const all = r.findings.filter((f) => f.rule === rule.id);
  console.log(`\n## ${rule.id}: ${all.length} findings`);
  const pool = [...all];
  const sample = [];
  while (sample.length < 20 && pool.length)
    sample.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  sample.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  for (const f of sample) {
    console.log(`\n- ${f.path}:${f.line} ${f.message}`);
    const lines = readFileSync(`${root}/${f.path}`, "utf8").split("\n");
    for (let i = Math.max(0, f.line - 8); i < Math.min(lines.length, f.line + 4); i++)
      console.log(`    ${i + 1 === f.line ? ">" : " "}${i + 1}: ${lines[i]}`);
  }
}
