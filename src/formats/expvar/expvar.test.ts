import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExpvarVars } from "../../model/expvar.js";
import { expectGolden } from "../../../test/support/golden.js";
import { JsonNumber, JsonObject, parseExpvar, parseJson, sniffExpvar, type Json } from "./index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/expvar");
const GOLDEN = path.resolve(import.meta.dirname, "../../../test/golden/expvar");
const seeds = readdirSync(FIXTURES)
  .filter((n) => n.endsWith(".json"))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));

function parse(text: string): ExpvarVars {
  const r = parseExpvar(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Golden text: bigints written as "123n", so an exact value is visible as such. */
const show = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x), 2) + "\n";

describe("expvar /debug/vars and MemStats JSON from real runs", () => {
  it.each(seeds.map((s) => [s.name, s.text]))("%s", (name, text) => {
    expect(sniffExpvar(text)).toBe(true);
    const v = parse(text);
    const m = v.memstats;
    expect(m.PauseNs).toHaveLength(256);
    expect(m.PauseEnd).toHaveLength(256);
    expect(m.BySize).toHaveLength(61);
    expect(m.NumGC).toBeGreaterThan(0);
    expect(m.HeapAlloc).toBeGreaterThan(0);
    expect(m.extra).toEqual({});
    // LastGC and PauseEnd exactly as printed: the digits of the file, not a double's.
    const lastGC = /"LastGC":\s*(\d+)/.exec(text)?.[1] ?? "";
    expect(m.LastGC).toBe(BigInt(lastGC));
    expect(m.LastGC > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const ends = /"PauseEnd":\s*\[([\d,\s]+)\]/.exec(text)?.[1]?.split(",") ?? [];
    expect(m.PauseEnd).toEqual(ends.map((s) => BigInt(s.trim())));
    // The most recent pause ended when the last GC did.
    expect(m.PauseEnd[(m.NumGC + 255) % 256]).toBe(m.LastGC);
    expect(m.NumForcedGC === null).toBe(name.startsWith("go15-"));
    if (name.includes("debug-vars")) {
      expect(v.cmdline?.[0]).toMatch(/map-never-shrinks$/);
      expect(Object.keys(v.vars)).toEqual(["lab"]);
      expect(JSON.parse(v.vars["lab"] ?? "")).toMatchObject({ id: "map-never-shrinks" });
    } else {
      expect(v.cmdline).toBeNull();
      expect(v.vars).toEqual({});
    }
    expectGolden(path.join(GOLDEN, name), show(v));
  });

  it("shows why: JSON.parse would round LastGC", () => {
    const text = seeds.find((s) => s.name === "go126-debug-vars.json")?.text ?? "";
    const digits = /"LastGC":\s*(\d+)/.exec(text)?.[1] ?? "";
    const viaDouble = BigInt((JSON.parse(text) as { memstats: { LastGC: number } }).memstats.LastGC); // prettier-ignore
    expect(parse(text).memstats.LastGC.toString()).toBe(digits);
    // 1.8e18 has 11 bits below the double's 53: exact only when they are all zero.
    expect(viaDouble === BigInt(digits)).toBe(BigInt(digits) % 2048n === 0n);
  });

  const base = seeds.find((s) => s.name === "go126-memstats.json")?.text ?? "{}";
  it.each([
    ["", /^JSON: unexpected end of input at line 1 column 1$/],
    ["[]", /^expvar: expected a JSON object$/],
    ['{"cmdline":[],"memstats":3}', /"memstats" is not an object/],
    ['{"a":1}', /neither \/debug\/vars/],
    [
      base.replace(/"HeapAlloc":\d+/, '"HeapAlloc":-1'),
      /memstats\.HeapAlloc must be an unsigned integer/,
    ],
    [base.replace(/"NumGC":\d+/, '"NumGC":1.5'), /memstats\.NumGC must be an unsigned integer/],
    [
      base.replace(/"LastGC":\d+/, '"LastGC":18446744073709551616'),
      /memstats\.LastGC must be an unsigned 64-bit/,
    ],
    [base.replace(/"Sys":\d+,/, ""), /memstats\.Sys is missing/],
    [base.replace(/"BySize":\[\{/, '"BySize":[7,{'), /memstats\.BySize\[0\] must be an object/],
    [base.slice(0, 200), /^JSON: .* at line 1 column 201$/],
  ])("rejects %j", (text, why) => {
    const r = parseExpvar(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("keeps a MemStats field it does not know as JSON text", () => {
    const v = parse(base.replace('"Alloc":', '"FutureField":{"x":[1,2]},"Alloc":'));
    expect(v.memstats.extra).toEqual({ FutureField: '{"x":[1,2]}' });
  });

  it("accepts the largest uint64", () => {
    const v = parse(base.replace(/"LastGC":\d+/, '"LastGC":18446744073709551615'));
    expect(v.memstats.LastGC).toBe(2n ** 64n - 1n);
  });

  it("never throws on truncated or mutated input (fuzz from real seeds)", () => {
    const seed = fc.constantFrom(...seeds.map((s) => s.text));
    const mutated = fc.oneof(
      seed.chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
      fc
        .tuple(seed, fc.nat(), fc.string({ minLength: 1, maxLength: 4 }))
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice((n % t.length) + s.length)),
      fc
        .tuple(seed, fc.constantFrom("LastGC", "NumGC", "BySize", "PauseEnd", "cmdline"), fc.jsonValue()) // prettier-ignore
        .map(([t, key, v]) => t.replace(new RegExp(`"${key}":\\s*[^,\\n]*`), `"${key}": ${JSON.stringify(v)}`)), // prettier-ignore
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseExpvar(text);
        if (r.ok) expect(typeof r.value.memstats.LastGC).toBe("bigint");
        else expect(r.error).toMatch(/^[^\n]+$/);
      }),
      { numRuns: 1500 },
    );
  });
});

describe("the JSON reader", () => {
  const plain = (v: Json): unknown => {
    if (v instanceof JsonNumber) return Number(v.text);
    if (v instanceof JsonObject) return Object.fromEntries([...v.members].map(([k, m]) => [k, plain(m.value)])); // prettier-ignore
    if (Array.isArray(v)) return v.map(plain);
    return v;
  };

  it("reads what JSON.parse reads, and keeps each member's source text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : 0);
        const r = parseJson(text);
        if (!r.ok) throw new Error(r.error);
        expect(plain(r.value)).toEqual(JSON.parse(text));
        if (r.value instanceof JsonObject) {
          for (const m of r.value.members.values()) {
            expect(JSON.parse(text.slice(m.start, m.end))).toEqual(plain(m.value));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("rejects what JSON.parse rejects", () => {
    for (const bad of ["{", "[1,]", '{"a" 1}', "01", "1.", '"\\x"', '"a\nb"', "tru", "1 2", "-"]) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(parseJson(bad).ok).toBe(false);
    }
  });

  it("refuses nesting deeper than 128", () => {
    const r = parseJson("[".repeat(200) + "]".repeat(200));
    expect(r).toEqual({ ok: false, error: "JSON: nested too deeply at line 1 column 130" });
  });
});

describe("sniffers of the GC formats", () => {
  const dir = (kind: string): string[] => {
    const d = path.resolve(import.meta.dirname, "../../../test/fixtures", kind);
    return readdirSync(d).map((n) => readFileSync(path.join(d, n), "utf8"));
  };
  it("each claims its own fixtures only (sidecars hold memstats too)", async () => {
    const { sniffGcTrace } = await import("../gctrace/index.js");
    const { sniffBench } = await import("../bench/index.js");
    const sniffers = { gctrace: sniffGcTrace, expvar: sniffExpvar, bench: sniffBench };
    for (const kind of ["gctrace", "expvar", "bench", "sidecar"]) {
      for (const text of dir(kind)) {
        for (const [name, sniff] of Object.entries(sniffers))
          expect(sniff(text)).toBe(name === kind);
      }
    }
  });
});
