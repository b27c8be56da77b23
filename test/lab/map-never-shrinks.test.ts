import { describe, expect, it } from "vitest";
import { byLabel, heap, MiB, pprofTop, profilePath, runLab } from "../support/lab.js";

describe("lab map-never-shrinks", () => {
  it("keeps its peak heap after every entry is deleted; a rebuilt map gives it back", async () => {
    const [trap, fixed] = await Promise.all([
      runLab("map-never-shrinks", { variant: "trap" }),
      runLab("map-never-shrinks", { variant: "fixed" }),
    ]);
    const peak = heap(byLabel(trap, "peak"));
    expect(peak).toBeGreaterThan(20 * MiB);
    const deleted = byLabel(trap, "deleted");
    expect(deleted.gauges["entries"]).toBe(0);
    expect(heap(deleted)).toBeGreaterThan(0.8 * peak);
    expect(heap(trap.final)).toBeGreaterThan(0.8 * peak);
    expect(trap.final.memstats.HeapInuse).toBeGreaterThan(0.8 * byLabel(trap, "peak").memstats.HeapInuse);

    const fixedPeak = heap(byLabel(fixed, "peak"));
    expect(fixedPeak).toBeGreaterThan(20 * MiB);
    expect(heap(byLabel(fixed, "deleted"))).toBeLessThan(0.2 * fixedPeak);
    expect(heap(fixed.final)).toBeLessThan(0.2 * fixedPeak);

    // The profile agrees: the workload function still holds the peak tables.
    const top = pprofTop(profilePath(trap, trap.final), "inuse_space");
    expect(top.get("main.run")?.cum ?? 0).toBeGreaterThan(0.7 * peak);
  });
});
