import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import { formatSidecar, parseSidecar, sniffSidecar } from "./index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/sidecar");
const seeds = readdirSync(FIXTURES)
  .filter((n) => n.endsWith(".json") && !n.endsWith(".golden.json"))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));

describe("snapshot sidecar", () => {
  it.each(seeds.map((s) => [s.name, s.text]))(
    "parses %s (written by a real lab program)",
    (name, text) => {
      expect(sniffSidecar(text)).toBe(true);
      const r = parseSidecar(text);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.memstats?.HeapAlloc).toBeGreaterThan(0);
      expectGolden(path.join(FIXTURES, name.replace(/\.json$/, ".golden.json")), r.value);
    },
  );

  it.each([
    ["", /^not JSON/],
    ["[]", /expected a JSON object/],
    ['{"profile":"a.pb.gz"}', /"seq" must be/],
    ['{"seq":1,"profile":"x","memstats":{}}', /memstats\.Alloc/],
    ['{"seq":1,"profile":"x","memstats":[]}', /"memstats" must be an object or null/],
    ['{"seq":1,"profile":"x","vars":".."}', /"vars" must be a file name/],
  ])("rejects %j", (text, why) => {
    const r = parseSidecar(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("rejects a profile path that leaves the directory", () => {
    const doc = JSON.parse(seeds[0]?.text ?? "{}") as Record<string, unknown>;
    const r = parseSidecar(JSON.stringify({ ...doc, profile: "../../etc/passwd" }));
    expect(r).toEqual({ ok: false, error: '"profile" must be a file name beside the sidecar' });
  });

  it("reads a capture without memstats and writes what it reads", () => {
    const doc = JSON.parse(seeds[0]?.text ?? "{}") as Record<string, unknown>;
    const r = parseSidecar(
      JSON.stringify({ ...doc, memstats: null, numGoroutine: null, vars: "heap-0001.vars.json" }),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.value.memstats).toBeNull();
    expect(r.value.numGoroutine).toBeNull();
    expect(parseSidecar(formatSidecar(r.value))).toEqual(r);
  });

  it("never throws on truncated, flipped or random input (fuzz from real seeds)", () => {
    const seed = fc.constantFrom(...seeds.map((s) => s.text));
    const mutated = fc.oneof(
      fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc
        .tuple(seed, fc.nat(), fc.string({ minLength: 1, maxLength: 4 }))
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice((n % t.length) + s.length)),
      fc
        .tuple(seed, fc.constantFrom('"HeapAlloc": ', '"seq": ', '"gauges": '), fc.jsonValue())
        .map(([t, key, v]) =>
          t.replace(new RegExp(`${key}[^,\\n]*`), `${key}${JSON.stringify(v)}`),
        ),
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseSidecar(text);
        if (r.ok) expect(Number.isFinite(r.value.memstats?.HeapAlloc ?? 0)).toBe(true);
        else expect(r.error).toMatch(/^[^\n]+$/);
      }),
      { numRuns: 2000 },
    );
  });
});
