import { describe, expect, it } from "vitest";
import { checkCorpus, findingLines, healthyLabs } from "../../../../test/support/lint-a.js";
import { deferInLoop } from "./defer-in-loop.js";

describe("defer-in-loop", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(deferInLoop)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(deferInLoop, text)).toEqual([]);
  });
});
