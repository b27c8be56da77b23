import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findGo } from "../../src/toolchain/go.js";
import { buildLab } from "../../src/toolchain/lab.js";
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

  it("before Go 1.23 no GODEBUG setting helps: Go 1.19 leaks with asynctimerchan=0 too", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "memsnap-timer119-"));
    await buildLab(await findGo("/usr/lib/go-1.19"), ["timer-in-loop"], out);
    const old = await runLab("timer-in-loop", {
      variant: "trap",
      binary: path.join(out, "timer-in-loop"),
      env: { GODEBUG: "asynctimerchan=0" },
    });
    expect(old.final.goVersion).toMatch(/^go1\.19\./);
    expect(heap(old.final)).toBeGreaterThan(10 * MiB);
  });
});
