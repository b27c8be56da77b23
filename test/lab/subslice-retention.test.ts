import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab subslice-retention", () => {
  it("a 16-byte header kept from each 1 MiB buffer pins the whole buffers; a copy does not", async () => {
    const [trap, fixed] = await runPair("subslice-retention");
    expect(trap.final.gauges["items"]).toBe(64);
    // 64 headers of 16 bytes are 1 KiB of data, yet the heap holds the 64 MiB behind them.
    expect(heap(trap.final)).toBeGreaterThan(40 * MiB);
    expect(heap(fixed.final)).toBeLessThan(8 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(5 * heap(fixed.final));
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*parser\)\.parse/);
    expect(holder.flat).toBeGreaterThan(40 * MiB);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
