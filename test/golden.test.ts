import path from "node:path";
import { describe, it } from "vitest";
import { runCli, ROOT } from "./support/cli.js";
import { expectGolden } from "./support/golden.js";

const GOLDEN = path.join(ROOT, "test", "golden", "cli");

/** CLI transcripts (exit code, stdout, stderr) of the deterministic commands. */
describe("CLI transcripts", () => {
  it.each([
    ["help", ["--help"]],
    ["lab-help", ["lab", "--help"]],
    ["lab-run-help", ["lab", "run", "--help"]],
    ["toolchain-help", ["toolchain", "--help"]],
    ["capture-help", ["capture", "--help"]],
    ["escape-help", ["escape", "--help"]],
    ["bench-help", ["bench", "--help"]],
    ["memstats-help", ["memstats", "--help"]],
    ["layout-help", ["layout", "--help"]],
    ["gc-help", ["gc", "--help"]],
    ["run-help", ["run", "--help"]],
    ["lint-help", ["lint", "--help"]],
    ["lab-list", ["lab", "list"]],
    ["lab-list-json", ["lab", "list", "--json"]],
    ["no-args", []],
    ["unknown-command", ["frobnicate"]],
  ])("%s", async (name, args) => {
    const r = await runCli(args);
    const transcript = `$ memsnap ${args.join(" ")}\n# exit ${r.code}\n# stdout\n${r.stdout}# stderr\n${r.stderr}`;
    expectGolden(path.join(GOLDEN, `${name}.txt`), transcript);
  });
});
