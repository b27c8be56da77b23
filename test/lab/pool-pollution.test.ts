import { describe, expect, it } from "vitest";
import { heap, MiB, runPair } from "../support/lab.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe("lab pool-pollution", () => {
  it("a pool that takes back huge buffers keeps them and hands them to small requests", async () => {
    const [trap, fixed] = await runPair("pool-pollution");
    const ticks = (r: typeof trap) => r.snapshots.filter((s) => s.label === "tick").map(heap);
    expect(median(ticks(trap))).toBeGreaterThan(5 * median(ticks(fixed)));
    // Pooled buffers survive the snapshot's GC in the pool's victim cache.
    expect(heap(trap.final)).toBeGreaterThan(32 * MiB);
    expect(heap(fixed.final)).toBeLessThan(4 * MiB);
    expect(trap.final.gauges["smallGotBigBuf"]).toBeGreaterThan(0);
    expect(fixed.final.gauges["smallGotBigBuf"]).toBe(0);
    expect(trap.final.gauges["bigOps"]).toBeGreaterThan(0);
  });
});
