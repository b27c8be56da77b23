// Checks the repository's Go code (the lab and the benchmark generators):
// gofmt'ed and go vet clean.
import { execFileSync } from "node:child_process";

const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOWORK: "off" };
const modules = [
  "lab",
  "bench/genprofile",
  "bench/genprofile2",
  "bench/goparse",
  "tools/golayout",
  "test/go/escape",
  "test/go/asm",
  "test/go/bench",
  "test/go/layout",
];
const unformatted = execFileSync("gofmt", ["-l", ...modules], { encoding: "utf8", env }).trim();
if (unformatted) {
  console.error(`gofmt: these files need formatting:\n${unformatted}`);
  process.exit(1);
}
for (const dir of modules)
  execFileSync("go", ["vet", "./..."], { cwd: dir, stdio: "inherit", env });
console.log(`go: gofmt and go vet clean (${modules.join(", ")})`);
