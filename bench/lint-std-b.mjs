// Std-lib precision run for memsnap lint's group-B rules (map-never-shrinks,
// unbounded-growth, goroutine-retention, pool-pollution, context-retention,
// timer-in-loop, interface-boxing): every .go file of the installed Go's
// src/ (testdata and vendor skipped) through the built rules, with the std
// module's go line (src/go.mod). Prints the count of findings per rule and a
// sample of up to 20 per rule, drawn with a fixed seed, with the source lines
// around each, for the hand review written in bench/RESULTS.md.
//   npm run build && node bench/lint-std-b.mjs [DIR] [--sample N] [--seed S]
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseGoVersion } from "../dist/base/goversion.js";
import { GoSyntax } from "../dist/formats/gosyntax/index.js";
import { GROUP_B } from "../dist/analyze/lint/rules/group-b.js";
import { readGoGrammarWasm } from "../dist/toolchain/grammar.js";
import { mulberry32, shuffle } from "./lib.mjs";

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args.splice(i, 2)[1]);
};
const sampleSize = flag("--sample", 20);
const seed = flag("--seed", 6);
const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
const dir = args[0] ?? path.join(goroot, "src");
const goLine = /^go\s+(\S+)/m.exec(readFileSync(path.join(dir, "go.mod"), "utf8"))?.[1];
const goVersion = goLine ? (parseGoVersion(goLine) ?? null) : null;

const loaded = await GoSyntax.load(readGoGrammarWasm());
if (!loaded.ok) throw new Error(loaded.error);
const syntax = loaded.value;

const files = listGo(dir);
const findings = [];
let failed = 0;
const started = Date.now();
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const rel = path.relative(dir, file);
  const r = syntax.withTree(text, (f) =>
    GROUP_B.flatMap((rule) => rule.check({ file: f, path: rel, goVersion })),
  );
  if (!r.ok) {
    failed++;
    console.error(`${rel}: ${r.error}`);
    continue;
  }
  for (const f of r.value) findings.push({ ...f, path: rel, text });
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`# ${files.length} files of ${dir} (go ${goLine}), ${failed} not checked, ${secs} s\n`);
for (const rule of GROUP_B) {
  const mine = findings.filter((f) => f.rule === rule.id);
  console.log(`${rule.id}: ${mine.length} findings`);
}
const rand = mulberry32(seed);
for (const rule of GROUP_B) {
  const mine = findings.filter((f) => f.rule === rule.id);
  const picked = shuffle(mine, rand).slice(0, sampleSize);
  picked.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  console.log(`\n## ${rule.id}: sample of ${picked.length} of ${mine.length} (seed ${seed})`);
  for (const f of picked) {
    console.log(`\n### ${f.path}:${f.line} [${f.severity}] ${f.subject}\n${f.message}`);
    const lines = f.text.split("\n");
    for (let l = Math.max(1, f.line - 6); l <= Math.min(lines.length, f.line + 4); l++) {
      console.log(`${l === f.line ? ">" : " "}${String(l).padStart(5)} ${lines[l - 1]}`);
    }
  }
}

function listGo(root) {
  const out = [];
  const visit = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== "testdata" && e.name !== "vendor") visit(path.join(d, e.name));
      } else if (e.name.endsWith(".go")) out.push(path.join(d, e.name));
    }
  };
  visit(root);
  return out.sort();
}
