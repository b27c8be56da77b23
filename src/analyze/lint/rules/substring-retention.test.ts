import { describe, expect, it } from "vitest";
import {
  checkCorpus,
  findingLines,
  healthyLabs,
  labCulprit,
} from "../../../../test/support/lint-a.js";
import { substringRetention } from "./substring-retention.js";

describe("substring-retention", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(substringRetention)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs())
      expect(await findingLines(substringRetention, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("substring-retention");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(substringRetention, text)).toEqual([line]);
  });
});
