import { appendFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { markdown, validate, type Case } from "./validate.js";

/**
 * The what-if against reality: each program is recorded at GOGC=100, its
 * other settings are predicted from that trace alone, and then run for real.
 * Durations keep every setting's cycles away from the end of the run, where a
 * cycle a few ms early or late would change the count.
 * GC_WHATIF_REPORT=file appends the measured table (bench/RESULTS.md's).
 */
const CASES: Case[] = [
  { id: "healthy-steady", durationS: 3, settings: ["GOGC=50", "GOGC=200", "GOMEMLIMIT=30MiB"] },
  { id: "healthy-cache", durationS: 2.7, settings: ["GOGC=50", "GOGC=200", "GOMEMLIMIT=36MiB"] },
  // The trap variant: a flat 66 MiB live heap of pinned backing arrays.
  {
    id: "subslice-retention",
    durationS: 3,
    settings: ["GOGC=50", "GOGC=200", "GOMEMLIMIT=110MiB"],
  },
];

const GCS_TOLERANCE = 0.25;
const PEAK_TOLERANCE = 0.2;

describe("GOGC/GOMEMLIMIT what-if predicts real reruns", () => {
  it.each(CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const rows = await validate(c);
    const report = process.env["GC_WHATIF_REPORT"];
    if (report) appendFileSync(report, markdown(rows));
    for (const r of rows) {
      const where = `${r.program} ${r.setting}: predicted ${r.predictedGcs} GCs / ${r.predictedPeakMiB.toFixed(1)} MiB, real ${r.realGcs} / ${r.realPeakMiB.toFixed(1)} MiB`;
      expect(Math.abs(r.gcsError), where).toBeLessThanOrEqual(GCS_TOLERANCE);
      expect(Math.abs(r.peakError), where).toBeLessThanOrEqual(PEAK_TOLERANCE);
    }
  });
});
