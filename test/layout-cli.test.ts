import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";

const PKG = path.join(ROOT, "test/go/layout");
const env = { GOFLAGS: "-mod=mod", GOPROXY: "off", GOWORK: "off" };

describe("memsnap layout", () => {
  it("lists the structs a reorder shrinks, with the compiler's sizes", async () => {
    const r = await runCli(["layout", "--json"], env, { cwd: PKG });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      goarch: string;
      structs: { name: string; size: number; bestSize: number; bestOrder: string[] }[];
    };
    expect(schemaErrors("layout", doc)).toEqual([]);
    const worst = doc.structs.find((s) => s.name === "Worst");
    // amd64: bool,int64,bool,int64,bool,int32,bool = 48 B; reordered 24 B.
    if (doc.goarch === "amd64") expect(worst).toMatchObject({ size: 48, bestSize: 24 });
    expect(worst?.bestOrder.slice(0, 2)).toEqual(["b", "d"]);
  });

  it("lays out for another architecture (386: int64 aligns to 4, so Worst is 36 B)", async () => {
    const r = await runCli(["layout", "--arch", "386", "--json"], env, { cwd: PKG });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      goarch: string;
      structs: { name: string; size: number }[];
    };
    expect(doc.goarch).toBe("386");
    expect(doc.structs.find((s) => s.name === "Worst")?.size).toBe(36);
  });

  it("a pattern that matches nothing is one line, exit 2", async () => {
    const r = await runCli(["layout", "./nosuchdir/..."], env, { cwd: PKG });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^memsnap: layout: .*nosuchdir/);
  });
});
