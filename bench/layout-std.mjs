// Exercises the layout pipeline on the standard library: the golayout helper
// (built with the installed Go), the JSON parser and the padding analysis.
//   npm run build && node bench/layout-std.mjs [GOARCH] [PATTERN...]   (default: amd64 std)
// With --check it also runs the helper with go/types' SizesFor table and
// says whether the two outputs are identical.
import { analyzeLayouts } from "../dist/analyze/layout.js";
import { parseLayout } from "../dist/formats/layout/index.js";
import { findGo } from "../dist/toolchain/go.js";
import { buildGoLayout, runGoLayout } from "../dist/toolchain/golayout.js";
import { runProcess } from "../dist/toolchain/process.js";
import { performance } from "node:perf_hooks";
import { root } from "./lib.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const [goarch = "amd64", ...patterns] = args.filter((a) => a !== "--check");
const tc = await findGo();
const t = performance.now();
const text = await runGoLayout(tc, {
  patterns: patterns.length ? patterns : ["std"],
  dir: root,
  goarch,
});
const ms = performance.now() - t;
const r = parseLayout(text);
if (!r.ok) throw new Error(r.error);
const all = analyzeLayouts(r.value);
const shrink = all.filter((p) => p.saved > 0);
const broken = r.value.packages.filter((p) => p.errors.length > 0);
console.log(
  `${tc.version.text} GOARCH=${goarch}: ${r.value.packages.length} packages (${broken.length} with errors), ${all.length} structs, ${(ms / 1000).toFixed(2)} s`,
);
console.log(`${shrink.length} structs could be smaller; the largest savings:`);
for (const p of shrink.slice(0, 10))
  console.log(
    `  ${p.struct.package}.${p.struct.name}: ${p.struct.size} -> ${p.bestSize} bytes (${p.struct.file}:${p.struct.line})`,
  );
if (check) {
  const bin = await buildGoLayout(tc);
  const args2 = [
    "-go",
    tc.path,
    "-arch",
    goarch,
    "-sizes",
    "go/types",
    "-C",
    root,
    ...(patterns.length ? patterns : ["std"]),
  ];
  const res = await runProcess(bin, args2, {
    timeoutMs: 600_000,
    env: { ...process.env, ...tc.env },
  });
  console.log(
    `go/types SizesFor("gc", "${goarch}") of ${tc.version.text}: ${res.stdout === text ? "identical" : "DIFFERENT"}`,
  );
}
