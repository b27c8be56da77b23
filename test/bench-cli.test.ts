import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";

const BENCH = path.join(ROOT, "test/fixtures/benchstat");
const MEMSTATS = path.join(ROOT, "test/fixtures/memstats");
const PKG = path.join(ROOT, "test/go/bench");
const goEnv = { GOFLAGS: "-mod=mod", GOPROXY: "off", GOWORK: "off" };

describe("memsnap bench", () => {
  it("compares two saved runs as benchstat does, and gates on allocs/op", async () => {
    const files = [path.join(BENCH, "base.txt"), path.join(BENCH, "head.txt")];
    const r = await runCli(["bench", ...files, "--json"]);
    expect(r.code).toBe(0);
    expect(schemaErrors("bench", JSON.parse(r.stdout))).toEqual([]);
    const gate = await runCli(["bench", ...files, "--fail-on-increase", "allocs/op"]);
    expect(gate.code).toBe(1);
    expect(gate.stderr.trim()).toBe(
      "memsnap: bench: allocs/op rose significantly in BenchmarkJoin",
    );
    expect(gate.stdout).toMatch(/allocs\/op/);
  });

  it("runs go test -bench -benchmem, saves the output, and compares a slower run with it", async () => {
    const saved = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-bench-")), "old.txt");
    const args = ["--", ".", "-bench", "Join", "-benchtime", "500x"];
    const first = await runCli(["bench", "--count", "4", "--save", saved, ...args], goEnv, {
      cwd: PKG,
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Join-\d+ /m);
    const second = await runCli(
      ["bench", saved, "--count", "4", "--fail-on-increase", "allocs/op", ...args],
      { ...goEnv, MEMSNAP_BENCH_SLOW: "1" },
      { cwd: PKG },
    );
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/\+100\.00%/);
  });

  it("bad inputs end with exit 2 and one line", async () => {
    for (const [args, problem] of [
      [["bench"], /give saved outputs to compare, or go test arguments after --/],
      [["bench", "/nonexistent"], /\/nonexistent: no such file or directory/],
      [["bench", path.join(ROOT, "README.md")], /README\.md: /],
      [["memstats", path.join(ROOT, "README.md"), "/nonexistent"], /README\.md: /],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(problem);
    }
  });
});

describe("memsnap memstats", () => {
  it("reads two /debug/vars readings, LastGC exactly", async () => {
    const r = await runCli([
      "memstats",
      path.join(MEMSTATS, "unbounded-a.json"),
      path.join(MEMSTATS, "unbounded-b.json"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { lastGc: { betweenNs: string } | null };
    expect(schemaErrors("memstats", doc)).toEqual([]);
    expect(doc.lastGc?.betweenNs).toMatch(/^\d+$/);
  });

  it("reads snapshot sidecars too", async () => {
    const dir = path.join(ROOT, "test/fixtures/sidecar");
    const r = await runCli(["memstats", `${dir}/go126-peak.json`, `${dir}/go126-final.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Mallocs - Frees /m);
  });
});
