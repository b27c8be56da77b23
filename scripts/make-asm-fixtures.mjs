// Regenerates test/fixtures/asm/: the compiler's -S listings of the fixture
// package test/go/asm, from the installed Go, Debian's golang-1.19 and Go 1.17
// (fetched through GOTOOLCHAIN; the last release whose symbols read `"".F`).
// Run: node scripts/make-asm-fixtures.mjs
//
// The package is copied to a fixed directory first, so the absolute paths the
// compiler prints are the same on every run and every machine; the listings
// themselves are written exactly as the toolchain printed them.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test", "fixtures", "asm");
const work = "/tmp/memsnap-asm-fixture/asm";
rmSync(path.dirname(work), { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (const f of readdirSync(path.join(root, "test", "go", "asm"))) {
  cpSync(path.join(root, "test", "go", "asm", f), path.join(work, f));
}
mkdirSync(out, { recursive: true });

const base = { ...process.env, GOWORK: "off", GOFLAGS: "-mod=mod", GOENV: "off" };
const local = { ...base, GOTOOLCHAIN: "local", GOPROXY: "off" };
const go119 = "/usr/lib/go-1.19/bin/go";

/** `go build` prints the compiler's output on stderr, each package under a `# pkg` line. */
function build(goBin, flags, env = local) {
  const r = spawnSync(goBin, ["build", `-gcflags=${flags}`, "."], {
    cwd: work,
    env,
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  if (r.status !== 0) throw new Error(`${goBin} build -gcflags=${flags}: ${r.stderr || r.error}`);
  return r.stderr;
}

function write(name, text) {
  writeFileSync(path.join(out, name), text);
  console.log(`wrote ${name} (${text.split("\n").length} lines)`);
}

write("go126.txt", build("go", "-S"));
write("go126-S2.txt", build("go", "-S=2"));
write("go126-arm64.txt", build("go", "-S", { ...local, GOARCH: "arm64" }));
// Size-specialized malloc is an experiment in Go 1.26 (off by default): the
// compiler then calls runtime.mallocgcSmallNoScanSC2... instead of newobject.
write(
  "go126-specialized.txt",
  build("go", "-S", { ...local, GOEXPERIMENT: "sizespecializedmalloc" }),
);
write("go126-compile.txt", compileBare());
write("go119.txt", build(go119, "-S"));
write("go119-S2.txt", build(go119, "-S=2"));
// GOENV=off: this machine's go env sets -buildvcs=false, which Go <= 1.17 rejects.
write("go117.txt", build("go", "-S", { ...base, GOTOOLCHAIN: "go1.17.13", GOFLAGS: "" }));

/**
 * `go tool compile -S` run by hand, as users paste it: relative file names, no
 * `# pkg` header, no -p (symbols then read `<unlinkable>.F`), on stdout.
 */
function compileBare() {
  const deps = execFileSync(
    "go",
    ["list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}"],
    {
      cwd: work,
      env: local,
      encoding: "utf8",
    },
  );
  const cfg = deps
    .split("\n")
    .filter((l) => /=./.test(l))
    .map((l) => `packagefile ${l}`)
    .join("\n");
  writeFileSync(path.join(work, "importcfg"), cfg + "\n");
  const files = readdirSync(work).filter((f) => f.endsWith(".go"));
  return execFileSync(
    "go",
    [
      "tool",
      "compile",
      "-S",
      "-importcfg",
      "importcfg",
      "-o",
      "/dev/null",
      ...files.map((f) => `./${f}`),
    ],
    { cwd: work, env: local, encoding: "utf8", maxBuffer: 256 << 20 },
  );
}
