import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../test/support/cli.js";
import { expectGolden } from "../../test/support/golden.js";
import { benchstat, type BenchInput, type BenchStat } from "../analyze/benchstat.js";
import { parseBench } from "../formats/bench/index.js";
import { benchJson, benchText } from "./bench.js";
import { commonScale, comparisonText, deltaText, formatScaled, rangeText, scaleValue, signedPercent } from "./bench-format.js"; // prettier-ignore
import { createStyle } from "./style.js";

// Written by scripts/make-benchstat-fixtures.mjs (see bench-csv.test.ts).
const DIR = path.resolve(import.meta.dirname, "../../test/fixtures/benchstat");
const GOLDEN = path.resolve(import.meta.dirname, "../../test/golden/benchstat");
const read = (name: string) => readFileSync(path.join(DIR, name), "utf8");

function input(name: string): BenchInput {
  const r = parseBench(read(name));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return { label: name, run: r.value };
}

const CASES = [
  ["base-head", ["base.txt", "head.txt"]],
  ["synth", ["synth-a.txt", "synth-b.txt"]],
  ["base", ["base.txt"]],
] as const;

/**
 * The printed cells of benchstat's text table, row by row: the label, then
 * "median ± range" per column and "delta (p=… n=…)" per comparison; the
 * geomean row's values and ratios. Footnote marks and rules are dropped.
 */
function benchstatCells(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split("\n")) {
    if (line === "" || /^\s|^[¹²³⁴⁵⁶⁷⁸⁹]|^\w+: /.test(line)) continue;
    const clean = line.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, " ");
    const label = clean.split(/\s+/)[0] ?? "";
    const rest = clean.slice(label.length);
    if (label === "geomean") {
      rows.push([label, ...rest.trim().split(/\s+/)]);
      continue;
    }
    const cells = [...rest.matchAll(/(\S+) ±\s+(\S+)|(\S+) \(((?:p=\S+ )?n=\S+)\)/g)];
    rows.push([label, ...cells.flatMap((m) => (m[1] ? [m[1], m[2] ?? ""] : [m[3] ?? "", m[4] ?? ""]))]); // prettier-ignore
  }
  return rows;
}

/** The same cells from our analysis, formatted by report/bench-format.ts. */
function ourCells(s: BenchStat): string[][] {
  const rows: string[][] = [];
  for (const t of s.tables) {
    for (const r of t.rows) {
      const scaler = commonScale(r.cells.flatMap((c) => (c ? [c.summary.median] : [])), t.unitClass); // prettier-ignore
      const cells = [r.label];
      for (const c of r.cells) {
        if (!c) continue;
        cells.push(formatScaled(c.summary.median, scaler), rangeText(c.summary));
        if (c.comparison) cells.push(deltaText(c.comparison), comparisonText(c.comparison));
      }
      rows.push(cells);
    }
    if (t.rows.length > 1) {
      const cells = ["geomean"];
      t.geomean.forEach((g, i) => {
        if (g.value !== null) cells.push(scaleValue(g.value, t.unitClass));
        if (i > 0) cells.push(g.ratio === null ? "?" : signedPercent((g.ratio - 1) * 100));
      });
      rows.push(cells);
    }
  }
  return rows;
}

describe("bench report", () => {
  it.each(CASES)("%s: every printed number equals benchstat's text output", (name, files) => {
    const want = benchstatCells(read(`${name}.benchstat.txt`));
    expect(want.length).toBeGreaterThan(5);
    expect(ourCells(benchstat(files.map(input)))).toEqual(want);
  });

  it("scales like benchunit: SI for time, IEC for bytes, more digits below the smallest prefix", () => {
    // The median of real runs, 6.9655000000000005e-6, prints 6.966µ; 6.9655e-6 itself is below the tie.
    expect(formatScaled(6.9655000000000005e-6, commonScale([6.9655000000000005e-6], "decimal"))).toBe("6.966µ"); // prettier-ignore
    expect(formatScaled(6.9655e-6, commonScale([6.9655e-6], "decimal"))).toBe("6.965µ");
    expect(formatScaled(1.216e-6, commonScale([1.216e-6, 9.596e-7], "decimal"))).toBe("1216.0n");
    expect(formatScaled(25208, commonScale([25208], "binary"))).toBe("24.62Ki");
    expect(formatScaled(1023 * 1024, commonScale([1023 * 1024], "binary"))).toBe("1023.0Ki");
    expect(formatScaled(5e-10, commonScale([5e-10], "decimal"))).toBe("0.5000n");
    expect(formatScaled(0, commonScale([0], "decimal"))).toBe("0.000");
  });

  it.each(CASES)("%s: text and JSON goldens; the JSON matches its schema", (name, files) => {
    const s = benchstat(files.map(input));
    expectGolden(path.join(GOLDEN, `${name}.txt`), benchText(s, createStyle(false)));
    const json = benchJson(s);
    expect(schemaErrors("bench", json)).toEqual([]);
    // The 131 generated cases make a JSON too large to review: text only.
    if (name !== "synth") expectGolden(path.join(GOLDEN, `${name}.json`), json);
  });

  it("the schema rejects what the report must not write", () => {
    const json = benchJson(benchstat([input("base.txt"), input("head.txt")]));
    expect(schemaErrors("bench", { ...json, schema: "memsnap/bench@2" })).not.toEqual([]);
    const bad = structuredClone(json) as { tables: { rows: { cells: unknown[] }[] }[] };
    (bad.tables[0]?.rows[0]?.cells[0] as { lo: unknown }).lo = "-Inf";
    expect(schemaErrors("bench", bad)).not.toEqual([]);
  });
});
