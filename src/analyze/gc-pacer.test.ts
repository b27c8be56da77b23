import { describe, expect, it } from "vitest";
import { heapGoal, memoryLimitGoal, pacerRulesFor, triggerBounds } from "./gc-pacer.js";

const MiB = 2 ** 20;
const noNonHeap = () => 0;

describe("pacer rules (runtime/mgcpacer.go)", () => {
  it("goal = live + (live + stacks + globals)·GOGC/100, at least 4 MiB·GOGC/100", () => {
    expect(
      heapGoal("go1.21", { gogc: 100, memoryLimit: null }, 16 * MiB, MiB, noNonHeap).goal,
    ).toBe(33 * MiB);
    expect(heapGoal("go1.21", { gogc: 50, memoryLimit: null }, MiB, 0, noNonHeap).goal).toBe(
      2 * MiB,
    );
    expect(heapGoal("go1.5", { gogc: 100, memoryLimit: null }, 16 * MiB, MiB, noNonHeap).goal).toBe(
      32 * MiB,
    );
    expect(heapGoal("go1.21", { gogc: null, memoryLimit: null }, 16 * MiB, 0, noNonHeap).goal).toBe(
      Infinity,
    );
  });

  it("the first trigger is 61/64 of the heap minimum (gc 1 of every trace: 3 MB at a 4 MB goal)", () => {
    const s = { gogc: 100, memoryLimit: null };
    const b = triggerBounds("go1.21", s, heapGoal("go1.21", s, 0, 0, noNonHeap), 0, true);
    expect(b.hi).toBe((4 * MiB * 61) / 64);
    expect(b.lo).toBe((4 * MiB * 45) / 64);
  });

  it("large heaps may trigger as late as goal − 4 MiB", () => {
    const s = { gogc: 100, memoryLimit: null };
    const b = triggerBounds(
      "go1.21",
      s,
      heapGoal("go1.21", s, 200 * MiB, 0, noNonHeap),
      200 * MiB,
      true,
    );
    expect(b.hi).toBe(396 * MiB);
  });

  it("memory-limit goal: limit − non-heap − 3% (Go ≥ 1.21) or − 1 MiB (1.19, 1.20), never below live", () => {
    expect(memoryLimitGoal("go1.21", 100 * MiB, 10 * MiB, () => 0)).toBe(
      100 * MiB - Math.floor((100 * MiB) / 100) * 3,
    );
    expect(memoryLimitGoal("go1.19", 100 * MiB, 10 * MiB, () => 0)).toBe(99 * MiB);
    expect(memoryLimitGoal("go1.21", 10 * MiB, 40 * MiB, () => 0)).toBe(40 * MiB);
    const g = heapGoal("go1.21", { gogc: 100, memoryLimit: 30 * MiB }, 16 * MiB, 0, () => 5 * MiB);
    expect(g).toEqual({ goal: 24 * MiB, limited: true });
  });

  it("chooses rules from the Go version, else the trace layout", () => {
    expect(pacerRulesFor("go1.26.8", "go1.18")).toBe("go1.21");
    expect(pacerRulesFor("go1.20.14", "go1.18")).toBe("go1.19");
    expect(pacerRulesFor("1.18", "go1.18")).toBe("go1.18");
    expect(pacerRulesFor(undefined, "go1.6")).toBe("go1.5");
    expect(pacerRulesFor(undefined, "go1.18")).toBe("go1.21");
  });
});
