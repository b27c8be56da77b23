// Regenerates test/fixtures/memstats/: two /debug/vars documents served by
// one process of the unbounded-growth lab (built with the installed Go), the
// first 400ms and the second 1.6s after it started listening, so that the
// memstats diff has a real before/after pair of one program whose live heap
// grows. A second pair comes from map-never-shrinks with -gc (forced GCs).
// Run: node scripts/make-memstats-fixtures.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { offlineGoEnv, startLab } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.join(root, "test", "fixtures", "memstats");
mkdirSync(dir, { recursive: true });
const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-memstats-"));
const offline = offlineGoEnv;
const labs = ["unbounded-growth", "map-never-shrinks"];
execFileSync("go", ["build", "-o", tmp + "/", ...labs.map((l) => `./${l}`)], { cwd: path.join(root, "lab"), env: offline }); // prettier-ignore

await pair("unbounded", path.join(tmp, "unbounded-growth"), ["-duration=2s", "-variant=trap"]);
await pair("forced", path.join(tmp, "map-never-shrinks"), ["-duration=2s", "-gc", "-every=300ms", `-snapshots=${path.join(tmp, "snaps")}`]); // prettier-ignore
rmSync(tmp, { recursive: true, force: true });
console.log(`wrote ${dir}`);

/** Runs a lab program with its server on and fetches /debug/vars twice. */
async function pair(name, binary, args) {
  const { addr, exited } = await startLab(binary, args);
  const fetchVars = async () => (await fetch(`http://${addr}/debug/vars`)).text();
  await new Promise((r) => setTimeout(r, 400));
  writeFileSync(path.join(dir, `${name}-a.json`), await fetchVars());
  await new Promise((r) => setTimeout(r, 1200));
  writeFileSync(path.join(dir, `${name}-b.json`), await fetchVars());
  await exited;
}
