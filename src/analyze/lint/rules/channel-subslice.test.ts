import { describe, expect, it } from "vitest";
import {
  checkCorpus,
  findingLines,
  healthyLabs,
  labCulprit,
} from "../../../../test/support/lint-a.js";
import { channelSubslice } from "./channel-subslice.js";

describe("channel-subslice", () => {
  it("reports exactly the // want lines of its fixture corpus", async () => {
    expect(await checkCorpus(channelSubslice)).toBeGreaterThanOrEqual(2);
  });

  it("finds nothing in the healthy lab programs", async () => {
    for (const text of healthyLabs()) expect(await findingLines(channelSubslice, text)).toEqual([]);
  });

  it("finds the lab program's culprit line", async () => {
    const { text, line } = labCulprit("channel-subslice");
    expect(line).toBeGreaterThan(0);
    expect(await findingLines(channelSubslice, text)).toEqual([line]);
  });
});
