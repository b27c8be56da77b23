import { describe, expect, it } from "vitest";
import {
  checkCorpus,
  findingLines,
  healthyLabs,
  labCulprit,
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
});
