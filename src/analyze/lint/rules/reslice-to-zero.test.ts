import { describe, expect, it } from "vitest";
import { checkCorpus, findingLines, healthyLabs } from "../../../../test/support/lint-a.js";
import { resliceToZero } from "./reslice-to-zero.js";

describe("reslice-to-zero", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(resliceToZero)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(resliceToZero, text)).toEqual([]);
  });
});
