import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";
import { GO119, haveGo119 } from "./support/escape-views.js";

const PKG = path.join(ROOT, "test/go/escape");
const ASM_PKG = path.join(ROOT, "test/go/asm");
const env = { GOFLAGS: "-mod=mod", GOPROXY: "off", GOWORK: "off" };

interface EscapeDoc {
  goVersion: string | null;
  messages: {
    file: string;
    line: number;
    column: number;
    kind: string;
    message: string;
    pkg: string;
  }[];
  hidden?: {
    lines: { file: string; line: number; func: string; calls: { entry: string }[] }[];
    functions: { func: string; frame: number }[];
  };
}

/** The compiler's own heap messages for the package: `file:line:col: text` of `go build -gcflags=-m`. */
function compilerHeapLines(dir: string): string[] {
  const r = spawnSync("go", ["build", "-o", "/dev/null", "-gcflags=-m", "./..."], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return r.stderr
    .split("\n")
    .filter((l) => /: (moved to heap: |leaking param|.* escapes to heap$)/.test(l))
    .map((l) => l.replace(/^\.\//, ""));
}

function tempCopy(dir: string): string {
  const tmp = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-escape-cli-")), "pkg");
  cpSync(dir, tmp, { recursive: true });
  return tmp;
}

describe("memsnap escape", () => {
  it("reports every heap message the compiler prints, with the compiler's words", async () => {
    const r = await runCli(["escape", "--json"], env, { cwd: PKG });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as EscapeDoc;
    expect(schemaErrors("escape", doc)).toEqual([]);
    expect(doc.goVersion).toMatch(/^go1\.\d+/);
    const mine = new Set(
      doc.messages.map((m) => `${m.file.replace(/^\.\//, "")}:${m.line}:${m.column}: ${m.message}`),
    );
    const truth = compilerHeapLines(PKG);
    expect(truth.length).toBeGreaterThan(30);
    expect(truth.filter((l) => !mine.has(l))).toEqual([]);
  });

  it("--asm joins the runtime allocation calls with the escape findings of each line", async () => {
    const r = await runCli(["escape", "--asm", "--json"], env, { cwd: ASM_PKG });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as EscapeDoc;
    expect(schemaErrors("escape", doc)).toEqual([]);
    const src = readFileSync(path.join(ASM_PKG, "alloc.go"), "utf8").split("\n");
    const at = (fn: string) => doc.hidden?.lines.find((l) => l.func === fn);
    // The fixture marks the expected call on each line: `// alloc: newobject`.
    for (const fn of ["NewPoint", "MovedToHeap", "MakeSlice", "BoxInt"]) {
      const line = at(fn);
      expect(line, fn).toBeDefined();
      expect(src[(line?.line ?? 0) - 1]).toMatch(/\/\/ alloc: /);
      const marked = /\/\/ alloc: (\S+)/.exec(src[(line?.line ?? 0) - 1] ?? "")?.[1] ?? "";
      expect(line?.calls.map((c) => c.entry)).toContain(marked.replace(/[<>=].*$/, ""));
    }
    const big = doc.hidden?.functions.find((f) => f.func === "BigFrame");
    expect(big?.frame).toBeGreaterThanOrEqual(32 * 1024);
  });

  it("a baseline gates new heap allocations, not moved lines (exit 1, the new one listed)", async () => {
    const dir = tempCopy(PKG);
    const baseline = path.join(dir, "..", "escape-baseline.json");
    const w = await runCli(["escape", "--write-baseline", baseline], env, { cwd: dir });
    expect(w.code).toBe(0);
    const file = path.join(dir, "scenarios.go");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/\nfunc /, "\n\n\n\nfunc "));
    const moved = await runCli(["escape", "--baseline", baseline], env, { cwd: dir });
    expect(moved.code).toBe(0);
    writeFileSync(
      file,
      readFileSync(file, "utf8") + "\nfunc Added() *int {\n\tq := 42\n\treturn &q\n}\n",
    );
    const added = await runCli(["escape", "--baseline", baseline], env, { cwd: dir });
    expect(added.code).toBe(1);
    expect(added.stderr.trim()).toMatch(/^memsnap: escape: 1 new heap allocation against .*$/);
    expect(added.stdout).toMatch(/Added.*moved-to-heap.*q/);
  });

  it.runIf(haveGo119())("--go with two toolchains prints what changed between them", async () => {
    const go = path.join(
      execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim(),
      "bin/go",
    );
    const r = await runCli(["escape", "--go", `${GO119},${go}`, "--json"], env, { cwd: PKG });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      a: { goVersion: string };
      becameHeap: { identity: { func: string; subject: string } }[];
    };
    expect(schemaErrors("escape-diff", doc)).toEqual([]);
    expect(doc.a.goVersion).toMatch(/^go1\.19/);
    expect(doc.becameHeap.map((c) => `${c.identity.func} ${c.identity.subject}`)).toContain(
      "AppendGrowth append",
    );
  });

  it("reads a pasted -m=2 log from stdin, and the graph of a function", async () => {
    const log = spawnSync("go", ["build", "-o", "/dev/null", "-gcflags=-m=2", "."], {
      cwd: PKG,
      encoding: "utf8",
      env: { ...process.env, ...env },
    }).stderr;
    const r = await runCli(["escape", "--from-log", "-", "--json"], env, { cwd: PKG, input: log });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as EscapeDoc).messages.length).toBeGreaterThan(30);
    const g = await runCli(["escape", "--graph", "Recover", "--graph-format", "mermaid"], env, {
      cwd: PKG,
    });
    expect(g.code).toBe(0);
    expect(g.stdout).toMatch(/^flowchart LR$/m);
    expect(g.stdout).toContain("captured by a closure");
  });

  it("--from-log streams package by package: the build's findings, packages in log order, counts last", async () => {
    const log = spawnSync("go", ["build", "-o", "/dev/null", "-gcflags=-m=2", "./..."], {
      cwd: PKG,
      encoding: "utf8",
      env: { ...process.env, ...env },
    }).stderr;
    // The same packages again under other names, first: log order, not name order.
    const two = log.replace(/^# (\S+)/gm, "# zz.example/$1") + log;
    const headers = [...two.matchAll(/^# (\S+)/gm)].map((m) => m[1]);
    expect(headers.length).toBe(4);
    const [built, streamed, text] = await Promise.all([
      runCli(["escape", "--all", "--json"], env, { cwd: PKG }),
      runCli(["escape", "--from-log", "-", "--all", "--json"], env, { cwd: PKG, input: two }),
      runCli(["escape", "--from-log", "-"], env, { cwd: PKG, input: two }),
    ]);
    expect(streamed.code).toBe(0);
    const doc = JSON.parse(streamed.stdout) as EscapeDoc & { summary: { messages: number } };
    expect(schemaErrors("escape", doc)).toEqual([]);
    expect(Object.keys(doc)).toEqual(["schema", "goVersion", "messages", "summary"]);
    const pkgs = [...new Set(doc.messages.map((m) => m.pkg))];
    expect(pkgs).toEqual(headers);
    const b = JSON.parse(built.stdout) as EscapeDoc & { summary: { messages: number } };
    const key = (m: object) => JSON.stringify({ ...m, pkg: "" });
    const mine = doc.messages.filter((m) => !m.pkg.startsWith("zz.")).map(key);
    expect(mine.sort()).toEqual(b.messages.map(key).sort());
    expect(doc.summary.messages).toBe(2 * b.summary.messages);
    // Text: each package's findings as they come, the counts at the end.
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    const shown = lines.filter((l) => headers.includes(l));
    expect(shown).toEqual(headers);
    expect(lines[0]).toBe(headers[0]);
    expect(text.stdout).toMatch(/\n\n\d+ heap findings in 4 packages\n/);
  });

  it("reads a -json=0,DIR log directory, and diffs two saved reports", async () => {
    const jsonDir = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-escape-json-")), "log");
    spawnSync("go", ["build", "-o", "/dev/null", `-gcflags=-json=0,${jsonDir}`, "."], {
      cwd: PKG,
      env: { ...process.env, ...env },
    });
    const r = await runCli(["escape", "--from-json", jsonDir, "--json"], env, { cwd: PKG });
    expect(r.code).toBe(0);
    const heap = (JSON.parse(r.stdout) as { summary: { heap: number } }).summary.heap;
    expect(heap).toBeGreaterThan(30);
    if (!haveGo119()) return;
    const dir = path.dirname(jsonDir);
    const [a, b] = [path.join(dir, "a.json"), path.join(dir, "b.json")];
    const ra = await runCli(["escape", "--all", "--json", "--go", GO119], env, { cwd: PKG });
    const rb = await runCli(["escape", "--all", "--json"], env, { cwd: PKG });
    writeFileSync(a, ra.stdout);
    writeFileSync(b, rb.stdout);
    const d = await runCli(["escape", "diff", a, b]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^escape diff .*a\.json \(go1\.19\.\d+\) -> .*b\.json \(go1\.\d+/);
    expect(d.stdout).toMatch(/AppendGrowth: escapes-to-heap append/);
  });

  it("garbage lines in a pasted log are counted, not fatal; a truncated JSON log is one line", async () => {
    const log = spawnSync("go", ["build", "-o", "/dev/null", "-gcflags=-m", "."], {
      cwd: PKG,
      encoding: "utf8",
      env: { ...process.env, ...env },
    }).stderr;
    const lines = log.split("\n");
    const noisy = [...lines.slice(0, 5), "garbage \uFFFD line", "%%%", ...lines.slice(5)];
    const r = await runCli(["escape", "--from-log", "-", "--json"], env, {
      cwd: PKG,
      input: noisy.join("\n"),
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { summary: { heap: number } };
    expect(doc.summary.heap).toBeGreaterThan(30);
    const jsonDir = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-escape-trunc-")), "log");
    spawnSync("go", ["build", "-o", "/dev/null", `-gcflags=-json=0,${jsonDir}`, "."], {
      cwd: PKG,
      env: { ...process.env, ...env },
    });
    const sub = path.join(jsonDir, readdirSync(jsonDir)[0] ?? "");
    const file = path.join(sub, readdirSync(sub)[0] ?? "");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const t = await runCli(["escape", "--from-json", jsonDir], env, { cwd: PKG });
    expect(t.code).toBe(2);
    expect(t.stdout).toBe("");
    expect(t.stderr.trimEnd().split("\n")).toHaveLength(1);
    const nogo = await runCli(["escape", "--go", "/nonexistent/go"], env, { cwd: PKG });
    expect(nogo.code).toBe(2);
    expect(nogo.stderr.trim()).toMatch(/^memsnap: --go \/nonexistent\/go: no such file/);
  });

  it("SARIF has one result per heap finding", async () => {
    const [s, j] = await Promise.all([
      runCli(["escape", "--sarif"], env, { cwd: PKG }),
      runCli(["escape", "--json"], env, { cwd: PKG }),
    ]);
    const sarif = JSON.parse(s.stdout) as { version: string; runs: { results: unknown[] }[] };
    const heap = (JSON.parse(j.stdout) as { summary: { heap: number } }).summary.heap;
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results).toHaveLength(heap);
  });

  it("bad flags, bad inputs and a broken build end with exit 2 and one line", async () => {
    const broken = tempCopy(ASM_PKG);
    writeFileSync(
      path.join(broken, "broken.go"),
      "package asm\n\nfunc Broken() int { return x }\n",
    );
    const cases: [string[], string | undefined, RegExp][] = [
      [["escape", "--kind", "bogus"], PKG, /^memsnap: --kind: unknown kind "bogus"/],
      [["escape", "--baseline", "/etc/passwd"], PKG, /^memsnap: \/etc\/passwd: not JSON/],
      [["escape", "--from-log", "/nonexistent"], PKG, /no such file or directory$/],
      [["escape"], broken, /^memsnap: go build \.\/\.\.\. failed: .*broken\.go:3.*undefined: x/],
      [["escape", "diff", "/etc/hostname", "/etc/hostname"], PKG, /^memsnap: \/etc\/hostname: /],
    ];
    for (const [args, cwd, problem] of cases) {
      const r = await runCli(args, env, cwd === undefined ? {} : { cwd });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(problem);
    }
  });
});
