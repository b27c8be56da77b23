import { describe, expect, it } from "vitest";
import { findingLines, healthyLabs, labCulprit } from "../../../../test/support/lint-a.js";
import { checkCorpusB } from "../../../../test/support/lint-b.js";
import { mapNeverShrinks } from "./map-never-shrinks.js";

describe("map-never-shrinks", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    const n = await checkCorpusB(mapNeverShrinks);
    // A note: what the map's peak costs depends on whether its keys can burst.
    expect(n.note).toBeGreaterThanOrEqual(1);
    expect(n.neg).toBeGreaterThanOrEqual(1);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(mapNeverShrinks, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("map-never-shrinks");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(mapNeverShrinks, text)).toEqual([line]);
  });
});
