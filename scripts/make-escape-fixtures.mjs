// Regenerates test/fixtures/escape/ from the Go package test/go/escape, with
// the installed Go and with Debian's golang-1.19 (/usr/lib/go-1.19):
//   <tc>-m.txt       go build -gcflags=-m output (with its "# pkg" header)
//   <tc>-m2.txt      go build -gcflags='-m=2 -json=0,DIR' output ...
//   <tc>-json/       ... and the JSON log of that same build
//   go126-compile-m2.txt   go tool compile -m=2 of one file by absolute path
// The package is copied to a fresh temporary directory (a new directory means
// a fresh compile, so the JSON log is always written); that directory is
// replaced by /tmp/memsnap-escape in the fixtures. Run:
//   node scripts/make-escape-fixtures.mjs
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { offlineGoEnv } from "./lib.mjs";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test", "fixtures", "escape");
const PLACEHOLDER = "/tmp/memsnap-escape";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const env = offlineGoEnv;

/** Runs go and returns its combined output, which is where the compiler's diagnostics go. */
function build(goBin, cwd, args) {
  const r = spawnSync(goBin, args, { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${goBin} ${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

for (const [tc, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-escape-"));
  const pkg = path.join(tmp, "escape");
  cpSync(path.join(root, "test", "go", "escape"), pkg, { recursive: true });
  const fix = (s) => s.split(tmp).join(PLACEHOLDER);
  writeFileSync(
    path.join(out, `${tc}-m.txt`),
    fix(build(goBin, pkg, ["build", "-gcflags=-m", "."])),
  );
  const json = path.join(tmp, "json");
  const m2 = build(goBin, pkg, ["build", `-gcflags=-m=2 -json=0,${json}`, "."]);
  writeFileSync(path.join(out, `${tc}-m2.txt`), fix(m2));
  for (const dir of readdirSync(json)) {
    mkdirSync(path.join(out, `${tc}-json`, dir), { recursive: true });
    for (const f of readdirSync(path.join(json, dir))) {
      const text = readFileSync(path.join(json, dir, f), "utf8");
      writeFileSync(path.join(out, `${tc}-json`, dir, f), fix(text));
    }
  }
  if (tc === "go126") {
    const file = path.join(pkg, "bare", "bare.go");
    const text = build("go", pkg, [
      "tool",
      "compile",
      "-p",
      "bare",
      "-m=2",
      "-o",
      path.join(tmp, "bare.o"),
      file,
    ]);
    writeFileSync(path.join(out, `${tc}-compile-m2.txt`), fix(text));
  }
  rmSync(tmp, { recursive: true, force: true });
  console.log(
    `wrote ${tc} escape fixtures (${execFileSync(goBin, ["version"], { env }).toString().trim()})`,
  );
}
