// Regenerates test/fixtures/layout/ from the real helper (tools/golayout) run
// on the ground-truth program test/go/layout (and that program's own output,
// *-truth.json) and on a few standard-library packages, with the installed Go and with Debian's golang-1.19, for amd64
// and 386. The repository's absolute path is cut from "dir" and "file" so the
// fixtures do not depend on where the repository lives.
// Run: node scripts/make-layout-fixtures.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test", "fixtures", "layout");
mkdirSync(out, { recursive: true });
const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOWORK: "off", GOENV: "off" };

for (const [tc, goBin] of [
  ["go126", "go"],
  ["go119", "/usr/lib/go-1.19/bin/go"],
]) {
  const helper = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-golayout-")), "golayout");
  execFileSync(goBin, ["build", "-o", helper, "."], {
    cwd: path.join(root, "tools", "golayout"),
    env,
  });
  for (const arch of ["amd64", "386"]) {
    const run = (dir, patterns) =>
      execFileSync(helper, ["-go", goBin, "-arch", arch, "-C", dir, ...patterns], {
        encoding: "utf8",
        env,
        maxBuffer: 64 << 20,
      })
        .split(`${root}/`)
        .join("");
    // What the compiler says: the fixture program's own unsafe.Sizeof & co.
    const truth = execFileSync(goBin, ["run", "."], {
      cwd: path.join(root, "test", "go", "layout"),
      encoding: "utf8",
      env: { ...env, GOARCH: arch },
    });
    writeFileSync(path.join(out, `${tc}-${arch}-truth.json`), truth);
    writeFileSync(
      path.join(out, `${tc}-${arch}-fixture.json`),
      run(path.join(root, "test", "go", "layout"), ["."]),
    );
    if (tc === "go119" && arch === "amd64") {
      // Go 1.19's own go/types table, which leaves out tail padding: parseLayout must refuse it.
      const gotypes = execFileSync(
        helper,
        [
          "-go",
          goBin,
          "-arch",
          arch,
          "-sizes",
          "go/types",
          "-C",
          path.join(root, "test", "go", "layout"),
          ".",
        ],
        { encoding: "utf8", env },
      );
      writeFileSync(
        path.join(out, `${tc}-${arch}-gotypes-wrong.json`),
        gotypes.split(`${root}/`).join(""),
      );
    }
    if (tc === "go126" || arch === "amd64")
      writeFileSync(
        path.join(out, `${tc}-${arch}-std.json`),
        run(root, ["sync", "time", "bufio", "container/list"]),
      );
  }
}
console.log(`wrote ${out}`);
