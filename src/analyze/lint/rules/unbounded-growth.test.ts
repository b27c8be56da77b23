import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintFiles } from "../engine.js";
import {
  findingLines,
  healthyLabs,
  labCulprit,
  loadSyntax,
  ROOT,
} from "../../../../test/support/lint-a.js";
import { checkCorpusB } from "../../../../test/support/lint-b.js";
import { unboundedGrowth } from "./unbounded-growth.js";

/** Lines reported for `text` when the engine is given the file as `file`. */
async function linesAt(file: string, text: string): Promise<number[]> {
  const r = lintFiles(
    await loadSyntax(),
    [{ path: file, text, goVersion: null }],
    [unboundedGrowth],
  );
  return r.findings.map((f) => f.line);
}

describe("unbounded-growth", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    const n = await checkCorpusB(unboundedGrowth);
    expect(n.pos).toBeGreaterThanOrEqual(1);
    expect(n.neg).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(unboundedGrowth, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("unbounded-growth");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(unboundedGrowth, text)).toEqual([line]);
    expect(await linesAt("lab/unbounded-growth/main.go", text)).toEqual([line]);
  });

  it("skips a command under cmd/ (a batch tool) unless the file serves requests itself", async () => {
    const { text } = labCulprit("unbounded-growth");
    expect(await linesAt("cmd/audit/main.go", text)).toEqual([]);
    expect(await linesAt("/go/src/cmd/compile/internal/x/x.go", text)).toEqual([]);
    // Not a cmd directory, only a name that contains it.
    expect((await linesAt("xcmd/audit/main.go", text)).length).toBe(1);
    const server = readFileSync(
      path.join(ROOT, "test/fixtures/lint/unbounded-growth/pos-request-log.go"),
      "utf8",
    );
    const want = await findingLines(unboundedGrowth, server);
    expect(want.length).toBe(2);
    expect(await linesAt("cmd/server/handler.go", server)).toEqual(want);
  });
});
