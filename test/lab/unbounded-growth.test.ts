import { describe, expect, it } from "vitest";
import { heap, MiB, runPair, topHolder } from "../support/lab.js";

describe("lab unbounded-growth", () => {
  it("a package-level log grows the live heap snapshot after snapshot; a ring stays flat", async () => {
    const [trap, fixed] = await runPair("unbounded-growth");
    const ticks = trap.snapshots.filter((s) => s.label === "tick").map(heap);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1] as number);
    expect(ticks.at(-1)).toBeGreaterThan(3 * (ticks[0] as number));
    expect(heap(trap.final)).toBeGreaterThan(25 * MiB);
    expect(heap(trap.final)).toBeGreaterThan(10 * heap(fixed.final));
    for (const s of fixed.snapshots) expect(heap(s)).toBeLessThan(4 * MiB);
    const holder = topHolder(trap);
    expect(holder.name).toMatch(/^main\.\(\*service\)\.audit/);
    expect(holder.share).toBeGreaterThan(0.9);
  });
});
