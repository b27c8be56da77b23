// Checks the repository's Go code: gofmt'ed and go vet clean.
import { execFileSync } from "node:child_process";

const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOWORK: "off" };
const unformatted = execFileSync("gofmt", ["-l", "lab"], { encoding: "utf8", env }).trim();
if (unformatted) {
  console.error(`gofmt: these files need formatting:\n${unformatted}`);
  process.exit(1);
}
execFileSync("go", ["vet", "./..."], { cwd: "lab", stdio: "inherit", env });
console.log("go: gofmt and go vet clean");
