import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EscapeReport } from "../../model/escape.js";
import { parseEscapeText } from "./text.js";

/**
 * The completeness test: every line of the installed Go's -m=2 output for
 * net/http and everything it imports (173 packages, ~262k lines, ~31 MB on
 * Go 1.26) is recognized. Measured on this 2-core machine: ~28 s for the
 * first build (the changed -gcflags recompile everything), ~0.4 s after
 * (the go command replays the compiler's cached output), ~1 s to parse.
 */
const tmp = mkdtempSync(path.join(tmpdir(), "memsnap-escape-complete-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function goBuildM2(goBin: string, pattern: string, env: NodeJS.ProcessEnv = {}): string {
  writeFileSync(path.join(tmp, "go.mod"), "module completeness\n\ngo 1.19\n");
  const r = spawnSync(goBin, ["build", "-gcflags=all=-m=2", pattern], {
    cwd: tmp,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOWORK: "off", ...env },
  });
  if (r.status !== 0)
    throw new Error(`go build ${pattern}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
  return r.stdout + r.stderr;
}

/** Fails loudly, with examples, on any line the parser did not recognize. */
function expectComplete(r: EscapeReport): void {
  const unknown = r.messages.filter((m) => m.kind === "unrecognized" || m.kind === "compile-error");
  const examples = unknown
    .slice(0, 20)
    .map((m) => `${m.pos.file}:${m.pos.line}:${m.pos.column}: ${m.message}`);
  expect(examples).toEqual([]);
  const stray = r.other.filter((l) => l.what === "unknown").slice(0, 20);
  expect(stray).toEqual([]);
}

describe("escape text completeness", () => {
  it("recognizes 100% of go build -gcflags=all=-m=2 net/http (installed Go)", () => {
    const out = goBuildM2("go", "net/http");
    const lines = out.split("\n").length;
    expect(lines).toBeGreaterThan(100_000);
    const r = parseEscapeText(out);
    if (!r.ok) throw new Error(r.error);
    expectComplete(r.value);
    const heap = r.value.messages.filter(
      (m) => m.kind === "moved-to-heap" || m.kind === "escapes-to-heap",
    );
    expect(heap.length).toBeGreaterThan(5_000);
    // Every header line ("# pkg") gave its package to the messages after it.
    expect(r.value.messages.every((m) => m.pkg !== "")).toBe(true);
  }, 600_000);

  it("recognizes 100% of Go 1.19's -m=2 output for its net/http", () => {
    const out = goBuildM2("/usr/lib/go-1.19/bin/go", "net/http", { GOENV: "off", GOFLAGS: "" });
    const r = parseEscapeText(out);
    if (!r.ok) throw new Error(r.error);
    expectComplete(r.value);
    expect(r.value.messages.length).toBeGreaterThan(50_000);
  }, 600_000);

  it("recognizes 100% of the fixture's Go 1.19 -m and -m=2 output", () => {
    for (const name of ["go119-m.txt", "go119-m2.txt"]) {
      const text = readFileSync(
        path.resolve(import.meta.dirname, "../../../test/fixtures/escape", name),
        "utf8",
      );
      const r = parseEscapeText(text);
      if (!r.ok) throw new Error(r.error);
      expectComplete(r.value);
    }
  });
});
