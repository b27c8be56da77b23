// Regenerates test/fixtures/ from the real lab programs, with the installed Go
// and with Debian's golang-1.19 (/usr/lib/go-1.19). Run: node scripts/make-fixtures.mjs
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { fetchFromLab, offlineGoEnv } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const sidecars = path.join(root, "test", "fixtures", "sidecar");
const profiles = path.join(root, "test", "fixtures", "pprof");
mkdirSync(sidecars, { recursive: true });
mkdirSync(profiles, { recursive: true });
const env = offlineGoEnv;

for (const [tc, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-fixtures-"));
  execFileSync(goBin, ["build", "-o", tmp + "/", "./map-never-shrinks", "./subslice-retention"], {
    cwd: path.join(root, "lab"),
    env,
  });
  const run = (id, duration) => {
    const snaps = path.join(tmp, `${id}-snaps`);
    execFileSync(path.join(tmp, id), [
      `-duration=${duration}`,
      "-every=1s",
      "-gc",
      `-snapshots=${snaps}`,
    ]);
    return snaps;
  };
  const map = run("map-never-shrinks", "300ms");
  copyFileSync(path.join(map, "heap-0001.json"), path.join(sidecars, `${tc}-peak.json`));
  copyFileSync(path.join(map, "heap-0003.json"), path.join(sidecars, `${tc}-final.json`));
  copyFileSync(path.join(map, "heap-0001.pb.gz"), path.join(profiles, `${tc}-map-peak.pb.gz`));
  copyFileSync(path.join(map, "heap-0003.pb.gz"), path.join(profiles, `${tc}-map-final.pb.gz`));
  // The inlined parse frame of subslice-retention gives locations with several lines.
  const sub = run("subslice-retention", "400ms");
  // An earlier snapshot of the same run: pairs for diff.
  copyFileSync(
    path.join(sub, "heap-0001.pb.gz"),
    path.join(profiles, `${tc}-subslice-early.pb.gz`),
  );
  const final = readFileSync(path.join(sub, "heap-0002.pb.gz"));
  writeFileSync(path.join(profiles, `${tc}-subslice-final.pb.gz`), final);
  if (tc === "go126")
    writeFileSync(path.join(profiles, `${tc}-subslice-final.pb`), gunzipSync(final));
  // The legacy text format, as /debug/pprof/heap?debug=1 serves it.
  writeFileSync(
    path.join(profiles, `${tc}-subslice-debug1.txt`),
    await debug1(path.join(tmp, "subslice-retention")),
  );
  rmSync(tmp, { recursive: true, force: true });
  console.log(`wrote ${tc} fixtures`);
}

/** The text heap profile (?debug=1) of a lab program, 600ms after it starts listening. */
function debug1(binary) {
  return fetchFromLab(binary, "/debug/pprof/heap?debug=1");
}
