import { describe, expect, it } from "vitest";
import { lintFiles } from "../engine.js";
import {
  checkCorpus,
  findingLines,
  healthyLabs,
  labCulprit,
  loadSyntax,
} from "../../../../test/support/lint-a.js";
import { preallocMissing } from "./prealloc-missing.js";

describe("prealloc-missing", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(preallocMissing)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(preallocMissing, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("prealloc-missing");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(preallocMissing, text)).toEqual([line]);
  });

  it("names the declaration, also inside a var ( ... ) group", async () => {
    const text = [
      "package p",
      "",
      "func ids(xs []int) ([]int, []string) {",
      "\tvar (",
      "\t\tids   []int",
      "\t\tnames []string",
      "\t)",
      "\tfor _, x := range xs {",
      "\t\tids = append(ids, x)",
      '\t\tnames = append(names, "x")',
      "\t}",
      "\treturn ids, names",
      "}",
      "",
    ].join("\n");
    const r = lintFiles(
      await loadSyntax(),
      [{ path: "x.go", text, goVersion: null }],
      [preallocMissing],
    );
    expect(r.findings.map((f) => f.message.match(/from (.*) without capacity/)?.[1])).toEqual([
      "var ids []int",
      "var names []string",
    ]);
  });
});
