import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gcFindings } from "../../src/analyze/gc-findings.js";
import { summarizeGc } from "../../src/analyze/gc-summary.js";
import { parseGcTrace } from "../../src/formats/gctrace/index.js";

// Real traces from scripts/make-gc-whatif-traces.mjs (Go 1.26 and 1.19 builds of the lab).
const DIR = path.resolve(import.meta.dirname, "traces");
const traces = readdirSync(DIR).filter((n) => n.endsWith(".txt"));

describe("live-heap-rising on real lab traces", () => {
  it("covers both toolchains, the healthy programs and the traps", () => {
    for (const want of [
      "go126-healthy-cache",
      "go119-healthy-steady",
      "go119-timer-in-loop",
      "go126-map-never-shrinks",
      "go119-unbounded-growth",
    ])
      expect(traces.some((n) => n.startsWith(want))).toBe(true);
  });

  it.each(traces)("%s", (name) => {
    const r = parseGcTrace(readFileSync(path.join(DIR, name), "utf8"));
    if (!r.ok) throw new Error(r.error);
    const s = summarizeGc(r.value);
    const rising = gcFindings(s).some((f) => f.id === "live-heap-rising");
    // Healthy programs never trip it; the traps always do.
    expect(rising).toBe(!name.includes("healthy"));
    expect(s.live.rising).toBe(rising);
  });
});
