import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab goroutine-retention", () => {
  it("goroutines stuck sending to an abandoned unbuffered channel keep their buffers", async () => {
    const [trap, fixed] = await runPair("goroutine-retention");
    expect(trap.final.numGoroutine).toBeGreaterThanOrEqual(500);
    expect(fixed.final.numGoroutine).toBeLessThanOrEqual(20);
    expect(trap.final.gauges["items"]).toBeGreaterThanOrEqual(500);
    expect(fixed.final.gauges["items"]).toBe(0);
    expect(heap(trap.final)).toBeGreaterThan(30 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(8 * heap(fixed.final));
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*server\)\.handle/);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
