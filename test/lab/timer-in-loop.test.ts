import { describe, expect, it } from "vitest";
import { heap, MiB, runLab } from "../support/lab.js";

describe("lab timer-in-loop", () => {
  it("time.After per iteration retains every timer under pre-1.23 semantics, none under 1.23's", async () => {
    // The lab's go.mod says go 1.19, so the installed Go keeps the old timers
    // (asynctimerchan=1) unless GODEBUG asks for the new ones.
    const [trap, modern, fixed] = await Promise.all([
      runLab("timer-in-loop", { variant: "trap" }),
      runLab("timer-in-loop", { variant: "trap", env: { GODEBUG: "asynctimerchan=0" } }),
      runLab("timer-in-loop", { variant: "fixed" }),
    ]);
    expect(heap(trap.final)).toBeGreaterThan(10 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(20 * heap(fixed.final));
    const ticks = trap.snapshots.filter((s) => s.label === "tick");
    ticks.slice(1).forEach((s, i) => {
      expect(heap(s)).toBeGreaterThanOrEqual(0.9 * heap(ticks[i] ?? s));
    });
    const first = ticks[0];
    if (!first) throw new Error("no tick snapshots");
    const rate = (heap(trap.final) - heap(first)) / ((trap.final.elapsedMs - first.elapsedMs) / 1000);
    expect(rate).toBeGreaterThan(10 * MiB);
    for (const s of modern.snapshots) expect(heap(s)).toBeLessThan(2 * MiB);
    for (const s of fixed.snapshots) expect(heap(s)).toBeLessThan(2 * MiB);
  });
});
