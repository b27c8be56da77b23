import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab substring-retention", () => {
  it("an 8-byte id sliced from each 1 MiB body pins the bodies; strings.Clone does not", async () => {
    const [trap, fixed] = await runPair("substring-retention");
    expect(trap.final.gauges["items"]).toBe(64);
    expect(heap(trap.final)).toBeGreaterThan(40 * MiB);
    expect(heap(fixed.final)).toBeLessThan(8 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(5 * heap(fixed.final));
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*handler\)\.handle/);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
