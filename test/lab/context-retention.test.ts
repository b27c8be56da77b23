import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab context-retention", () => {
  it("reassigning ctx = WithValue(ctx, payload) chains every payload; per-request contexts do not", async () => {
    const [trap, fixed] = await runPair("context-retention");
    expect(trap.final.gauges["chainDepth"]).toBe(1000);
    expect(fixed.final.gauges["chainDepth"]).toBe(0);
    expect(heap(trap.final)).toBeGreaterThan(40 * MiB);
    expect(heap(fixed.final)).toBeLessThan(4 * MiB);
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*worker\)\.serve/);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
