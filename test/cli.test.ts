import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
};
const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

describe("memsnap CLI", () => {
  it("prints help with every command and examples", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of ["lab", "top", "diff", "toolchain"])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, "m"));
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("$ memsnap lab run");
  });

  it.each([
    ["lab"],
    ["lab", "list"],
    ["lab", "run"],
    ["top"],
    ["diff"],
    ["capture"],
    ["toolchain"],
  ])("`%s --help` has an example", async (...cmd) => {
    const r = await runCli([...cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:\n\s+\$ memsnap /);
  });

  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it.each([
    [[], /^Usage: memsnap/],
    [["bogus"], /^memsnap: unknown command 'bogus'\n$/],
    [["lab", "list", "--frobnicate"], /^memsnap: unknown option '--frobnicate'\n$/],
    [["lab", "run"], /^memsnap: missing required argument 'id'\n$/],
    [["lab", "run", "nope"], /^memsnap: lab: no program "nope"; one of: .*\n$/],
    [
      ["lab", "run", "map-never-shrinks", "--duration", "1x"],
      /^memsnap: option .*invalid.*Go duration.*\n$/,
    ],
    [
      ["lab", "run", "map-never-shrinks", "--variant", "bad"],
      /^memsnap: lab run map-never-shrinks: no variant "bad".*\n$/,
    ],
    [
      ["toolchain", "--go", "/nonexistent/go"],
      /^memsnap: --go \/nonexistent\/go: no such file.*\n$/,
    ],
    [["toolchain", "--go", "go9.99.1"], /^memsnap: go: .*invalid GOTOOLCHAIN "go9\.99\.1"\n$/],
    [
      ["lab", "run", "map-never-shrinks", "--snapshots", "package.json"],
      /^memsnap: --snapshots package\.json: .*package\.json is not a directory\n$/,
    ],
    [
      ["lab", "run", "map-never-shrinks", "--snapshots", "/proc/nope/x"],
      /^memsnap: --snapshots \/proc\/nope\/x: cannot create \/proc\/nope: no such file or directory\n$/,
    ],
  ])("usage error %j exits 2 with one line", async (args, want) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(want);
    if (args.length > 0) expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("lab run will not mix a new series into an old one", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "memsnap-old-series-"));
    writeFileSync(path.join(dir, "heap-0001.json"), "{}");
    const r = await runCli(["lab", "run", "map-never-shrinks", "--snapshots", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `memsnap: --snapshots ${dir}: already holds a snapshot series; use an empty directory\n`,
    );
  });

  it("lab list prints one program per line, and --json matches its schema", async () => {
    const text = await runCli(["lab", "list"]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    const json = await runCli(["lab", "list", "--json"]);
    const doc = JSON.parse(json.stdout) as { programs: { id: string }[] };
    expect(schemaErrors("lab-list", doc)).toEqual([]);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(doc.programs.map((p) => p.id));
  });

  it("colours only when asked, and never under NO_COLOR", async () => {
    const forced = await runCli(["lab", "list"], { FORCE_COLOR: "1" });
    expect(forced.stdout).toMatch(ANSI);
    const off = await runCli(["lab", "list"], { FORCE_COLOR: "1", NO_COLOR: "1" });
    expect(off.stdout).not.toMatch(ANSI);
    const pipe = await runCli(["lab", "list"]);
    expect(pipe.stdout).not.toMatch(ANSI);
  });

  it("toolchain --json describes the Go on PATH", async () => {
    const r = await runCli(["toolchain", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { toolchains: { version: string }[] };
    expect(schemaErrors("toolchain", doc)).toEqual([]);
    expect(doc.toolchains).toHaveLength(1);
    expect(doc.toolchains[0]?.version).toMatch(/^go1\.\d+/);
  });

  it("lab run builds a program, captures a series and reports it", async () => {
    const r = await runCli([
      "lab",
      "run",
      "map-never-shrinks",
      "--duration",
      "600ms",
      "--every",
      "200ms",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      snapshots: { label: string; heapAlloc: number }[];
      summary: { count: number; afterGC: boolean };
    };
    expect(schemaErrors("lab-run", doc)).toEqual([]);
    expect(doc.snapshots.map((s) => s.label)).toEqual(
      expect.arrayContaining(["peak", "deleted", "final"]),
    );
    expect(doc.summary.count).toBe(doc.snapshots.length);
    expect(doc.summary.afterGC).toBe(true);
  });
});
