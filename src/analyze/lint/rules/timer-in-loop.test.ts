import { describe, expect, it } from "vitest";
import { findingLines, healthyLabs, labCulprit } from "../../../../test/support/lint-a.js";
import { checkCorpusB } from "../../../../test/support/lint-b.js";
import { timerInLoop } from "./timer-in-loop.js";

describe("timer-in-loop", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    const n = await checkCorpusB(timerInLoop);
    expect(n.pos).toBeGreaterThanOrEqual(1);
    expect(n.neg).toBeGreaterThanOrEqual(1);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(timerInLoop, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("timer-in-loop");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(timerInLoop, text)).toEqual([line]);
  });
});
