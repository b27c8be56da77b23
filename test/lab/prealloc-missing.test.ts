import { describe, expect, it } from "vitest";
import { heap, perOp, runPair } from "../support/lab.js";

describe("lab prealloc-missing", () => {
  it("append without capacity reallocates per op: churn, not retention", async () => {
    const [trap, fixed] = await runPair("prealloc-missing");
    expect(perOp(trap, "Mallocs")).toBeGreaterThan(5 * perOp(fixed, "Mallocs"));
    expect(perOp(trap, "TotalAlloc")).toBeGreaterThan(2.5 * perOp(fixed, "TotalAlloc"));
    // The live heap at the end is the same: nothing is retained.
    const ratio = heap(trap.final) / heap(fixed.final);
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });
});
