import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab channel-subslice", () => {
  it("64-byte sub-slices queued in a channel pin their 512 KiB buffers; copies do not", async () => {
    const [trap, fixed] = await runPair("channel-subslice");
    expect(trap.final.gauges["items"]).toBe(128);
    expect(heap(trap.final)).toBeGreaterThan(40 * MiB);
    expect(heap(fixed.final)).toBeLessThan(4 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(10 * heap(fixed.final));
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*producer\)\.produce/);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
