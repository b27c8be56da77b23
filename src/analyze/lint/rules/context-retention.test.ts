import { describe, expect, it } from "vitest";
import { findingLines, healthyLabs, labCulprit } from "../../../../test/support/lint-a.js";
import { checkCorpusB, findingsOf } from "../../../../test/support/lint-b.js";
import { contextRetention } from "./context-retention.js";

describe("context-retention", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    const n = await checkCorpusB(contextRetention);
    expect(n.pos).toBeGreaterThanOrEqual(1);
    expect(n.neg).toBeGreaterThanOrEqual(1);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs())
      expect(await findingLines(contextRetention, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("context-retention");
    expect(line).toBeGreaterThan(0);
    const found = await findingsOf(contextRetention, text);
    // The fixed variant's request-scoped WithValue of the payload is a note, no more.
    expect(found.filter((f) => f.severity !== "note").map((f) => f.line)).toEqual([line]);
    expect(found.filter((f) => f.line !== line).map((f) => f.severity)).toEqual(["note"]);
  });
});
