import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findGo, runGo, type GoToolchain } from "./go.js";
import { buildGoLayout, golayoutBinary, runGoLayout } from "./golayout.js";
import { runProcess } from "./process.js";

const FIXTURE = path.resolve(import.meta.dirname, "../../test/go/layout");
const GO119 = "/usr/lib/go-1.19"; // Debian's golang-1.19, installed by .ci/run

/** The parts of golayout's JSON these tests read (src/formats/layout validates it all). */
interface LayoutReport {
  goarch: string;
  goVersion: string;
  packages: { errors: string[] }[];
  structs: (Truth["structs"][number] & { line: number })[];
}

interface Truth {
  goarch: string;
  structs: {
    name: string;
    local: boolean;
    size: number;
    align: number;
    fields: { name: string; offset: number; size: number; align: number }[];
  }[];
}

/** The fixture program compiled for `goarch` and run: the compiler's own numbers. */
async function groundTruth(tc: GoToolchain, goarch: string): Promise<Truth> {
  const res = await runGo(tc, ["run", "."], {
    cwd: FIXTURE,
    timeoutMs: 300_000,
    env: { GOARCH: goarch },
  });
  if (res.code !== 0) throw new Error(`go run (GOARCH=${goarch}): ${res.stderr}`);
  return JSON.parse(res.stdout) as Truth;
}

async function layout(tc: GoToolchain, goarch: string, dir = FIXTURE): Promise<LayoutReport> {
  return JSON.parse(await runGoLayout(tc, { patterns: ["."], dir, goarch })) as LayoutReport;
}

/** Structs whose size, alignment or any field differs between the program and a report. */
function mismatches(truth: Truth, report: LayoutReport): string[] {
  return truth.structs
    .filter((want) => {
      const got = report.structs.find((s) => s.name === want.name && s.local === want.local);
      const cells = got?.fields.map(({ name, offset, size, align }) => ({
        name,
        offset,
        size,
        align,
      }));
      return (
        JSON.stringify([got?.size, got?.align, cells]) !==
        JSON.stringify([want.size, want.align, want.fields])
      );
    })
    .map((s) => s.name);
}

describe("golayout against unsafe.Sizeof/Alignof/Offsetof of a compiled program", () => {
  for (const goarch of ["amd64", "386"]) {
    it(`installed Go, GOARCH=${goarch}: every struct matches`, async () => {
      const tc = await findGo();
      const [truth, report] = await Promise.all([groundTruth(tc, goarch), layout(tc, goarch)]);
      expect(report.goarch).toBe(goarch);
      expect(report.goVersion).toBe(tc.version.text);
      expect(truth.structs.length).toBeGreaterThanOrEqual(26);
      expect(mismatches(truth, report)).toEqual([]);
    });

    it(`Go 1.19, GOARCH=${goarch}: every struct matches, where Go 1.19's go/types table does not`, async () => {
      const tc = await findGo(GO119);
      const [truth, report] = await Promise.all([groundTruth(tc, goarch), layout(tc, goarch)]);
      expect(mismatches(truth, report)).toEqual([]);
      // The same helper with go/types' SizesFor("gc"): Go 1.19 forgets the tail padding.
      const bin = await buildGoLayout(tc);
      const res = await runProcess(
        bin,
        ["-go", tc.path, "-arch", goarch, "-sizes", "go/types", "-C", FIXTURE, "."],
        {
          timeoutMs: 300_000,
          env: { ...process.env, ...tc.env },
        },
      );
      const theirs = JSON.parse(res.stdout) as LayoutReport;
      expect(mismatches(truth, theirs)).toEqual(
        expect.arrayContaining(["BoolInt", "TrailingEmpty", "Worst"]),
      );
    });
  }
});

describe("golayout against go/types", () => {
  it("agrees with the installed Go's types.SizesFor (exact since Go 1.21) on real packages", async () => {
    const tc = await findGo();
    expect(tc.version.minor).toBeGreaterThanOrEqual(21);
    const bin = await buildGoLayout(tc);
    const pkgs = ["runtime", "net/http", "sync/atomic", "reflect", "crypto/tls"];
    for (const goarch of ["amd64", "386"]) {
      const run = async (table: string) => {
        const args = ["-go", tc.path, "-arch", goarch, "-sizes", table, ...pkgs];
        const res = await runProcess(bin, args, {
          timeoutMs: 300_000,
          env: { ...process.env, ...tc.env },
        });
        if (res.code !== 0) throw new Error(res.stderr);
        return res.stdout;
      };
      const [ours, theirs] = await Promise.all([run("gc"), run("go/types")]);
      expect((JSON.parse(ours) as LayoutReport).structs.length).toBeGreaterThan(300);
      expect(ours).toBe(theirs);
    }
  });
});

describe("golayout on packages with problems", () => {
  it("reports type errors and still lays out the structs that checked", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "memsnap-golayout-"));
    writeFileSync(path.join(dir, "go.mod"), "module example.com/broken\n\ngo 1.19\n");
    writeFileSync(
      path.join(dir, "a.go"),
      'package broken\n\ntype A struct {\n\ta bool\n\tb int64\n}\n\nvar x int = "s"\n',
    );
    const report = await layout(await findGo(), "amd64", dir);
    expect(report.packages[0]?.errors.join("\n")).toMatch(/a\.go:8:13: cannot use "s"/);
    expect(report.structs.map((s) => [s.name, s.size, s.line])).toEqual([["A", 16, 3]]);
  });

  it("lists a pattern that matches nothing as a package error, not a crash", async () => {
    const tc = await findGo();
    const r = JSON.parse(
      await runGoLayout(tc, { patterns: ["./nonexistent"], dir: FIXTURE }),
    ) as LayoutReport;
    expect(r.packages[0]?.errors[0]).toMatch(/nonexistent/);
    expect(r.structs).toEqual([]);
  });

  it("fails with one clear line for an unknown GOARCH", async () => {
    const tc = await findGo();
    await expect(
      runGoLayout(tc, { patterns: ["."], dir: FIXTURE, goarch: "pdp11" }),
    ).rejects.toThrow('layout: unknown GOARCH "pdp11"');
  });

  it("builds once per toolchain and helper source, then reuses the binary", async () => {
    const tc = await findGo();
    const env = {
      ...process.env,
      XDG_CACHE_HOME: mkdtempSync(path.join(tmpdir(), "memsnap-cache-")),
    };
    const bin = await buildGoLayout(tc, env);
    expect(bin).toBe(golayoutBinary(tc, env));
    expect(path.basename(bin)).toMatch(
      new RegExp(`^golayout-[0-9a-f]{12}-${tc.version.text}-${tc.goos}-${tc.goarch}$`),
    );
    const built = statSync(bin).mtimeMs;
    expect(await buildGoLayout(tc, env)).toBe(bin);
    expect(statSync(bin).mtimeMs).toBe(built);
    expect(existsSync(`${bin}.${process.pid}.tmp`)).toBe(false);
  });
});
