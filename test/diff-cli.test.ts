import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, schemaErrors } from "./support/cli.js";
import { FIXTURES } from "./support/fixtures.js";
import { pprofTop } from "./support/pprof-top.js";

const base = path.join(FIXTURES, "pprof", "go126-subslice-early.pb.gz");
const next = path.join(FIXTURES, "pprof", "go126-subslice-final.pb.gz");

describe("memsnap diff", () => {
  it.each([
    [[], [`-diff_base=${base}`]],
    [["--subtract"], [`-base=${base}`]],
    [
      ["--subtract", "--focus", "*flate.NewWriter"],
      [`-base=${base}`, "-focus=.*flate\\.NewWriter"],
    ],
  ])("%j --json holds pprof's numbers", async (args, pprofArgs) => {
    const r = await runCli([
      "diff",
      base,
      next,
      "--sample-index",
      "alloc_space",
      "--order",
      "pprof",
      "--json",
      ...args,
    ]);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout) as { total: number; rows: unknown[] };
    expect(schemaErrors("diff", doc)).toEqual([]);
    const truth = pprofTop(next, ["-sample_index=alloc_space", ...pprofArgs]);
    expect(doc.total).toBe(truth.total);
    expect(doc.rows).toEqual(truth.rows);
  });

  it("lists growth first by default", async () => {
    const r = await runCli(["diff", base, next, "--sample-index", "alloc_space", "--json"]);
    const flats = (JSON.parse(r.stdout) as { rows: { flat: number }[] }).rows.map((x) => x.flat);
    expect(flats).toEqual([...flats].sort((a, b) => b - a));
  });

  it("names a missing base in one line", async () => {
    const r = await runCli(["diff", "/nonexistent.pb.gz", next]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "memsnap: /nonexistent.pb.gz: no such file or directory\n",
    });
  });
});

describe("memsnap diff --out", () => {
  it.each([
    [[], `-diff_base=${base}`],
    [["--subtract"], `-base=${base}`],
  ])("%j writes a profile go tool pprof reports as it reports %s", async (args, flag) => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-out-")), "diff.pb.gz");
    const r = await runCli(["diff", base, next, "--out", out, ...args]);
    expect(r.code).toBe(0);
    for (const st of ["alloc_space", "inuse_objects"]) {
      const written = pprofTop(out, [`-sample_index=${st}`]);
      const truth = pprofTop(next, [flag, `-sample_index=${st}`]);
      expect(written.rows).toEqual(truth.rows);
      expect(written.total).toBe(truth.total);
    }
  });

  it("leaves nothing behind when it cannot write", async () => {
    const r = await runCli(["diff", base, next, "--out", "/nonexistent-dir/diff.pb.gz"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "memsnap: /nonexistent-dir/diff.pb.gz: cannot write: no such file or directory\n",
    );
  });
});
