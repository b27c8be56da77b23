import { describe, expect, it } from "vitest";
import {
  checkCorpus,
  findingLines,
  healthyLabs,
  labCulprit,
} from "../../../../test/support/lint-a.js";
import { subsliceRetention } from "./subslice-retention.js";

describe("subslice-retention", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(subsliceRetention)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs())
      expect(await findingLines(subsliceRetention, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("subslice-retention");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(subsliceRetention, text)).toEqual([line]);
  });
});
