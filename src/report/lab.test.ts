import path from "node:path";
import { describe, it } from "vitest";
import { FIXTURES, loadFixtureSeries } from "../../test/support/fixtures.js";
import { expectGolden } from "../../test/support/golden.js";
import { summarizeSeries } from "../analyze/series.js";
import { labRunJson, labRunText, type LabRunResult } from "./lab.js";
import { createStyle } from "./style.js";

const result = (tc: "go126" | "go119"): LabRunResult => {
  const series = loadFixtureSeries(tc);
  return {
    program: {
      id: "map-never-shrinks",
      summary: "a long-lived map keeps its peak buckets after every entry is deleted",
      variants: ["trap", "fixed"],
      culprit: { file: "map-never-shrinks/main.go", line: 35 },
    },
    variant: "trap",
    goVersion: series[0]?.goVersion ?? "",
    snapshotDir: "/snapshots",
    durationMs: 300,
    everyMs: 1000,
    gc: true,
    series: summarizeSeries(series),
  };
};

describe("lab run report", () => {
  it.each(["go126", "go119"] as const)("renders the %s series as text and JSON", (tc) => {
    const r = result(tc);
    const golden = path.join(FIXTURES, "report");
    expectGolden(path.join(golden, `lab-run-${tc}.txt`), labRunText(r, createStyle(false)));
    expectGolden(path.join(golden, `lab-run-${tc}.json`), labRunJson(r));
  });
});
