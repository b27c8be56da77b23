import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../test/support/cli.js";
import { expectGolden } from "../../test/support/golden.js";
import { diffMemstats } from "../analyze/memstats-diff.js";
import { parseExpvar } from "../formats/expvar/index.js";
import { memstatsJson, memstatsText } from "./memstats.js";
import { createStyle } from "./style.js";

const FIX = path.resolve(import.meta.dirname, "../../test/fixtures");
const GOLDEN = path.resolve(import.meta.dirname, "../../test/golden/memstats");

function report(a: string, b: string) {
  const read = (f: string) => {
    const r = parseExpvar(readFileSync(path.join(FIX, f), "utf8"));
    if (!r.ok) throw new Error(r.error);
    return r.value.memstats;
  };
  return { a, b, diff: diffMemstats(read(a), read(b)) };
}

describe("memstats report", () => {
  it.each([
    ["unbounded", "memstats/unbounded-a.json", "memstats/unbounded-b.json"],
    ["forced", "memstats/forced-a.json", "memstats/forced-b.json"],
    ["go15-go126", "expvar/go15-memstats.json", "expvar/go126-memstats.json"],
  ])("%s: text and JSON goldens; JSON matches its schema", (name, a, b) => {
    const r = report(a, b);
    const text = memstatsText(r, createStyle(false));
    expect(text).toContain("Mallocs - Frees");
    expectGolden(path.join(GOLDEN, `${name}.txt`), text);
    const json = memstatsJson(r);
    expect(schemaErrors("memstats", json)).toEqual([]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expectGolden(path.join(GOLDEN, `${name}.json`), json);
  });

  it("LastGC stays exact in JSON (a decimal string, not a rounded double)", () => {
    const json = memstatsJson(report("memstats/unbounded-a.json", "memstats/unbounded-b.json"));
    const text = readFileSync(path.join(FIX, "memstats/unbounded-b.json"), "utf8");
    expect(json.lastGc?.b).toMatch(/^\d{19}$/);
    expect(text).toContain(`"LastGC":${json.lastGc?.b ?? "?"},`);
    expect(schemaErrors("memstats", { ...json, lastGc: { ...json.lastGc, a: 1.5 } })).not.toEqual(
      [],
    );
  });
});
