import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLabSource } from "./index.js";

const LAB = path.resolve(import.meta.dirname, "../../../lab");
const programs = readdirSync(LAB).filter((d) => {
  try {
    return readFileSync(path.join(LAB, d, "main.go")).length > 0;
  } catch {
    return false;
  }
});

describe("lab source", () => {
  it.each(programs)("declares %s with its directory name, variants and a culprit", (dir) => {
    const text = readFileSync(path.join(LAB, dir, "main.go"), "utf8");
    const r = parseLabSource(text, `${dir}/main.go`);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.id).toBe(dir);
    expect(r.value.summary.length).toBeGreaterThan(20);
    expect(r.value.variants.length).toBeGreaterThan(0);
    if (!dir.startsWith("healthy-")) {
      expect(r.value.variants).toEqual(["trap", "fixed"]);
      const line = text.split("\n")[(r.value.culprit?.line ?? 0) - 1];
      expect(line).toContain("// memsnap:culprit");
    }
  });

  it("reads escapes in Go strings and reports what is missing", () => {
    const ok = parseLabSource(
      'labkit.Lab{ID: "x", Summary: "a \\"quoted\\" word", Variants: []string{"a"}}',
      "f",
    );
    expect(ok).toEqual({
      ok: true,
      value: { id: "x", summary: 'a "quoted" word', variants: ["a"], culprit: null },
    });
    expect(parseLabSource("package main", "f")).toEqual({
      ok: false,
      error: "no labkit.Lab literal with ID and Summary strings",
    });
  });

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseLabSource(s, "f")));
  });
});
