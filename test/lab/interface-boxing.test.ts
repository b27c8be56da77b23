import { describe, expect, it } from "vitest";
import { perOp, runPair } from "../support/lab.js";

describe("lab interface-boxing", () => {
  it("boxing values into interface{} on a hot path allocates per op; the typed path does not", async () => {
    const [trap, fixed] = await runPair("interface-boxing");
    expect(perOp(trap, "Mallocs")).toBeGreaterThanOrEqual(3);
    expect(perOp(fixed, "Mallocs")).toBeLessThanOrEqual(0.1);
  });
});
