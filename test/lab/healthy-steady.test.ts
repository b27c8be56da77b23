import { describe, expect, it } from "vitest";
import { byLabel, heap, runLab } from "../support/lab.js";

describe("lab healthy-steady (control)", () => {
  it("churns heavily around a constant live heap", async () => {
    const run = await runLab("healthy-steady");
    const ticks = run.snapshots.filter((s) => s.label === "tick").map(heap);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const mid = [...ticks].sort((a, b) => a - b)[Math.floor(ticks.length / 2)] as number;
    for (const t of ticks) expect(Math.abs(t - mid)).toBeLessThan(0.2 * mid);
    const warm = heap(byLabel(run, "warm"));
    expect(Math.abs(heap(run.final) - warm)).toBeLessThan(0.05 * warm);
    const first = run.snapshots[0];
    expect(run.final.memstats.NumGC).toBeGreaterThan(first?.memstats.NumGC ?? 0);
    expect(run.final.memstats.TotalAlloc).toBeGreaterThan(5 * heap(run.final));
  });
});
