import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli, schemaErrors } from "./support/cli.js";
import { FIXTURES } from "./support/fixtures.js";
import { pprofBinary, pprofTop } from "./support/pprof-top.js";

const profile = path.join(FIXTURES, "pprof", "go126-subslice-final.pb.gz");

describe("memsnap top", () => {
  it("--json holds exactly what go tool pprof -top prints", async () => {
    const r = await runCli([
      "top",
      profile,
      "--sample-index",
      "alloc_space",
      "--granularity",
      "lines",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      sampleType: string;
      unit: string;
      total: number;
      rows: unknown[];
    };
    expect(schemaErrors("top", doc)).toEqual([]);
    const truth = pprofTop(profile, ["-sample_index=alloc_space", "-lines"]);
    expect(doc).toMatchObject({
      sampleType: "alloc_space",
      unit: "bytes",
      total: truth.total,
      rows: truth.rows,
    });
  });

  it.each([
    [[], []],
    [
      ["--sample-index", "alloc_objects", "--granularity", "lines"],
      ["-sample_index=alloc_objects", "-lines"],
    ],
    [
      ["--sample-index", "alloc_space", "--cum", "--nodecount", "6"],
      ["-sample_index=alloc_space", "-cum", "-nodecount=6"],
    ],
  ])("text rows %j are byte for byte pprof's -unit=B rows", async (args, pprofArgs) => {
    const r = await runCli(["top", profile, "--unit", "raw", ...args]);
    // pprof's -unit=B suffixes object counts with B too; memsnap prints counts plain.
    const rows = (text: string) =>
      text.slice(text.indexOf("      flat  flat%")).replace(/(\d+)B\b/g, " $1");
    const want = execFileSync(pprofBinary(), ["-top", "-unit=B", ...pprofArgs, profile], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    expect(rows(r.stdout)).toBe(rows(want));
  });

  it.each([
    ["minimum", "inuse_space", [], []],
    ["minimum", "alloc_objects", ["--granularity", "lines"], ["-lines"]],
    ["auto", "alloc_space", [], []],
    ["MB", "inuse_space", ["--cum"], ["-cum"]],
    ["kB", "alloc_space", ["--nodecount", "4"], ["-nodecount=4"]],
    ["b", "alloc_objects", [], []],
  ])(
    "--unit %s (%s %j) prints pprof's -unit labels byte for byte",
    async (unit, index, args, pprofArgs) => {
      const r = await runCli(["top", profile, "--unit", unit, "--sample-index", index, ...args]);
      const want = execFileSync(
        pprofBinary(),
        ["-top", `-unit=${unit}`, `-sample_index=${index}`, ...pprofArgs, profile],
        { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
      );
      const report = (text: string) => text.slice(text.indexOf("Showing nodes"));
      expect(report(r.stdout)).toBe(report(want));
    },
  );

  it("refuses a unit pprof does not know", async () => {
    const r = await runCli(["top", profile, "--unit", "furlongs"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--unit <u>' argument 'furlongs' is invalid/);
  });

  it("prints pprof's layout with raw units", async () => {
    const r = await runCli(["top", profile, "--unit", "raw", "--nodecount", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Type: inuse_space$/m);
    expect(r.stdout).toMatch(/^Showing top 3 nodes out of \d+$/m);
    expect(r.stdout).toMatch(
      /^ +\d+B \d+\.\d\d% \d+\.\d\d% +\d+B \d+\.\d\d% {2}main\.\(\*parser\)\.parse \(inline\)$/m,
    );
  });

  const dir = mkdtempSync(path.join(tmpdir(), "memsnap-bad-"));
  const gz = readFileSync(profile);
  const bad: [string, Uint8Array | null, RegExp][] = [
    ["empty", new Uint8Array(0), /empty file/],
    [
      "random",
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251),
      /not a (pprof profile|valid profile\.proto)|invalid profile/,
    ],
    ["truncated.pb.gz", gz.subarray(0, gz.length >> 1), /truncated gzip/],
    [
      "text.gz",
      gzipSync("heap of text, not a profile\n"),
      /not a valid profile\.proto|invalid profile/,
    ],
    ["bomb.gz", gzipSync(Buffer.alloc(8 * 1024 * 1024)), /decompresses to more than 1048576 bytes/],
    ["twice.pb.gz", Buffer.concat([gz, gz]), /concatenated gzip/],
    ["missing.pb.gz", null, /no such file or directory/],
  ];
  it.each(bad)(
    "%s: exit 2, one line naming the file, nothing on stdout",
    async (name, bytes, why) => {
      const file = path.join(dir, name);
      if (bytes) writeFileSync(file, bytes);
      const r = await runCli(["top", file, "--max-decompressed", "1MiB"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        new RegExp(`^memsnap: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .+\\n$`),
      );
      expect(r.stderr).toMatch(why);
    },
  );

  it("a directory is an input error too", async () => {
    const r = await runCli(["top", dir]);
    expect(r).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `memsnap: ${dir}: is a directory, not a file\n`,
    });
  });

  it("reports a bad regexp as a usage error", async () => {
    const r = await runCli(["top", profile, "--focus", "a(b"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^memsnap: --focus a\(b: .*Unterminated group\n$/);
  });

  it("focuses with the glob form of the field notes", async () => {
    const r = await runCli([
      "top",
      profile,
      "--sample-index",
      "alloc_space",
      "--focus",
      "*flate.NewWriter",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: { name: string }[] };
    expect(doc.rows.map((x) => x.name)).toContain("compress/flate.NewWriter");
    expect(doc.rows.map((x) => x.name)).not.toContain("main.(*parser).parse");
  });

  it("names the sample types when asked for one the profile lacks", async () => {
    const r = await runCli(["top", profile, "--sample-index", "cpu"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "memsnap: --sample-index cpu: the profile has alloc_objects, alloc_space, inuse_objects, inuse_space (or 0..3)\n",
    );
  });
});
