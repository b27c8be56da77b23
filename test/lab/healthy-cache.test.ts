import { describe, expect, it } from "vitest";
import { byLabel, heap, runLab } from "../support/lab.js";

describe("lab healthy-cache (control)", () => {
  it("an LRU warms up, then plateaus at capacity: growth that is not a leak", async () => {
    const run = await runLab("healthy-cache");
    const lastTick = run.snapshots.filter((s) => s.label === "tick").at(-1) ?? run.final;
    expect(heap(byLabel(run, "half"))).toBeLessThan(0.6 * heap(lastTick));
    const full = byLabel(run, "full");
    const plateau = run.snapshots.filter((s) => s.seq >= full.seq).map(heap);
    expect(plateau.length).toBeGreaterThanOrEqual(3);
    const mid = [...plateau].sort((a, b) => a - b)[Math.floor(plateau.length / 2)] as number;
    for (const h of plateau) expect(Math.abs(h - mid)).toBeLessThan(0.1 * mid);
    expect(run.final.gauges["entries"]).toBe(20000);
    expect(run.final.gauges["evictions"]).toBeGreaterThan(0);
  });
});
