// Regenerates test/fixtures/ from the real lab programs, with the installed Go
// and with Debian's golang-1.19 (/usr/lib/go-1.19). Run: node scripts/make-fixtures.mjs
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test", "fixtures", "sidecar");
mkdirSync(out, { recursive: true });
const env = {
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOWORK: "off",
  GOFLAGS: "-mod=readonly",
};

for (const [name, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-fixtures-"));
  execFileSync(goBin, ["build", "-o", tmp + "/", "./map-never-shrinks"], {
    cwd: path.join(root, "lab"),
    env: { ...env, GOENV: "off" },
  });
  const snaps = path.join(tmp, "snaps");
  execFileSync(path.join(tmp, "map-never-shrinks"), [
    "-duration=300ms",
    "-every=1s",
    "-gc",
    `-snapshots=${snaps}`,
  ]);
  copyFileSync(path.join(snaps, "heap-0001.json"), path.join(out, `${name}-peak.json`));
  copyFileSync(path.join(snaps, "heap-0003.json"), path.join(out, `${name}-final.json`));
  rmSync(tmp, { recursive: true, force: true });
  console.log(`wrote ${name}-peak.json, ${name}-final.json`);
}
