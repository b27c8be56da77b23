import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findGo, parseGoVersionLine, runGo } from "../src/toolchain/go.js";
import { buildLab } from "../src/toolchain/lab.js";
import { runProcess } from "../src/toolchain/process.js";

const GO119 = "/usr/lib/go-1.19"; // Debian's golang-1.19, installed by .ci/run

describe("findGo", () => {
  it("finds the go on PATH and reports the version it prints", async () => {
    const tc = await findGo();
    const printed = execFileSync("go", ["version"], { encoding: "utf8" });
    expect(tc.foundBy).toBe("PATH");
    expect(printed).toContain(`go version ${tc.version.text} ${tc.goos}/${tc.goarch}`);
    expect(existsSync(path.join(tc.goroot, "src", "runtime"))).toBe(true);
  });

  it("falls back to $GOROOT/bin/go when PATH has none", async () => {
    const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
    const tc = await findGo("", { ...process.env, PATH: "/nonexistent", GOROOT: goroot }, []);
    expect(tc.foundBy).toBe("GOROOT");
    expect(tc.path).toBe(path.join(goroot, "bin", "go"));
  });

  it("takes an explicit older toolchain by GOROOT or by binary", async () => {
    const byDir = await findGo(GO119);
    const byBin = await findGo(path.join(GO119, "bin", "go"));
    expect(byDir.version.text).toMatch(/^go1\.19\./);
    expect(byBin.version).toEqual(byDir.version);
    expect(byDir.foundBy).toBe("flag");
  });

  it("selects a release by version through GOTOOLCHAIN", async () => {
    const tc = await findGo("go1.22.12");
    expect(tc.version.text).toBe("go1.22.12");
    expect(tc.foundBy).toBe("GOTOOLCHAIN");
    expect(tc.env["GOTOOLCHAIN"]).toBe("go1.22.12");
    const res = await runGo(tc, ["env", "GOVERSION"], { timeoutMs: 60_000 });
    expect(res.stdout.trim()).toBe("go1.22.12");
  });

  it("runs a pre-1.18 release despite a go env file it cannot read", async () => {
    const tc = await findGo("go1.17.13");
    expect(tc.version.text).toBe("go1.17.13");
  });

  it("rejects a --go that is neither a file nor a version", async () => {
    await expect(findGo("/nonexistent/go")).rejects.toThrow(/no such file/);
    await expect(findGo(tmpdir())).rejects.toThrow(/no bin\/go/);
  });
});

describe("the lab builds with the older toolchain too", () => {
  it("builds and runs map-never-shrinks with Go 1.19", async () => {
    const tc = await findGo(GO119);
    const out = mkdtempSync(path.join(tmpdir(), "memsnap-lab119-"));
    await buildLab(tc, ["map-never-shrinks"], out);
    const res = await runProcess(path.join(out, "map-never-shrinks"), ["-duration=200ms"], {
      timeoutMs: 60_000,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^done map-never-shrinks variant=trap/m);
  });
});

describe("runProcess", () => {
  it("ends a program at its deadline, with its children", async () => {
    const t0 = Date.now();
    const res = await runProcess("sh", ["-c", "sleep 30 & sleep 30"], { timeoutMs: 300 });
    expect(res.timedOut).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("caps what it keeps of a program's output", async () => {
    const res = await runProcess("sh", ["-c", "head -c 100000 /dev/zero"], {
      timeoutMs: 10_000,
      maxOutputBytes: 1000,
    });
    expect(res.truncated).toBe(true);
    expect(res.stdout.length).toBeLessThanOrEqual(1000);
  });
});

describe("parseGoVersionLine", () => {
  it.each([
    ["go version go1.26.8 linux/amd64\n", "go1.26.8", "linux", "amd64"],
    ["go version go1.19.8 linux/arm64", "go1.19.8", "linux", "arm64"],
    ["go version go1.21rc2 darwin/arm64", "go1.21rc2", "darwin", "arm64"],
    ["go version go1.22.0 X:loopvar linux/amd64", "go1.22.0", "linux", "amd64"],
  ])("%j", (line, version, goos, goarch) => {
    expect(parseGoVersionLine(line)).toMatchObject({ version: { text: version }, goos, goarch });
  });
  it("rejects other output", () => {
    expect(parseGoVersionLine("go: downloading go1.22.12")).toBeUndefined();
  });
});
