import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLayout, sniffLayout, type LayoutReport } from "./index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/layout");
const read = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const seeds = readdirSync(FIXTURES)
  .filter((n) => !n.endsWith("-truth.json") && !n.endsWith("-wrong.json"))
  .map((name) => ({ name, text: read(name) }));

/** The fixture program's own numbers (unsafe.Sizeof, reflect offsets) for one toolchain and arch. */
interface Truth {
  goarch: string;
  structs: {
    name: string;
    local: boolean;
    size: number;
    align: number;
    fields: { name: string; offset: number; size: number; align: number }[];
  }[];
}

function parsed(name: string): LayoutReport {
  const r = parseLayout(read(name));
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.value;
}

describe("golayout JSON", () => {
  it.each(seeds.map((s) => [s.name, s.text]))(
    "parses %s (written by tools/golayout)",
    (_, text) => {
      expect(sniffLayout(text)).toBe(true);
      const r = parseLayout(text);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.structs.length).toBeGreaterThan(10);
      expect(r.value.packages.every((p) => p.errors.length === 0)).toBe(true);
    },
  );

  it.each([
    ["go126", "amd64"],
    ["go126", "386"],
    ["go119", "amd64"],
    ["go119", "386"],
  ])("%s %s: every struct equals what the compiled program printed", (tc, arch) => {
    const truth = JSON.parse(read(`${tc}-${arch}-truth.json`)) as Truth;
    const report = parsed(`${tc}-${arch}-fixture.json`);
    expect(report.goarch).toBe(arch);
    expect(truth.goarch).toBe(arch);
    expect(truth.structs.length).toBeGreaterThanOrEqual(26);
    for (const want of truth.structs) {
      const got = report.structs.find((s) => s.name === want.name && s.local === want.local);
      const strip = ({ name, offset, size, align }: (typeof want.fields)[number]) => ({
        name,
        offset,
        size,
        align,
      });
      expect({
        name: got?.name,
        size: got?.size,
        align: got?.align,
        fields: got?.fields.map(strip),
      }).toEqual({
        name: want.name,
        size: want.size,
        align: want.align,
        fields: want.fields,
      });
    }
  });

  it("knows where each struct is, its field types and which hold pointers", () => {
    const report = parsed("go126-amd64-fixture.json");
    const refs = report.structs.find((s) => s.name === "Refs");
    expect(refs).toMatchObject({
      package: "memsnap.dev/test/go/layout",
      file: "test/go/layout/main.go",
      local: false,
    });
    expect(refs?.fields.map((f) => `${f.name} ${f.type} ${f.pointers}`)).toEqual([
      "p *int true",
      "s string true",
      "i interface{} true",
      "e error true",
      "sl []byte true",
      "m map[string]int true",
      "c chan int true",
      "f func() true",
      "u unsafe.Pointer true",
      "up uintptr false",
      "n int false",
    ]);
    const embeds = report.structs.find((s) => s.name === "Embeds");
    expect(embeds?.fields.map((f) => [f.type, f.embedded])).toEqual([
      ["Inner", true],
      ["*BoolInt", true],
      ["sync.Mutex", true],
      ["bool", false],
    ]);
    expect(report.structs.find((s) => s.name === "Local")?.local).toBe(true);
    // Aliases are not new types; generic types have no single layout.
    expect(report.structs.map((s) => s.name)).not.toContain("AliasOfInner");
    expect(report.structs.map((s) => s.name)).not.toContain("Pair");
  });

  it.each([
    ["", /^not JSON/],
    ["[]", /expected a JSON object/],
    ['{"version":2}', /unsupported golayout version 2/],
    [
      '{"version":1,"goVersion":"go1.26","goarch":"amd64","wordSize":8,"maxAlign":8}',
      /must be arrays/,
    ],
    [
      '{"version":1,"goVersion":"go1.26","goarch":"amd64","wordSize":6,"maxAlign":8}',
      /powers of two/,
    ],
  ])("rejects %j", (text, why) => {
    const r = parseLayout(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("rejects a layout the compiler cannot produce, naming the struct and field", () => {
    const doc = JSON.parse(read("go126-amd64-fixture.json")) as {
      structs: { fields: { offset: number }[] }[];
    };
    const field = doc.structs[0]?.fields[1];
    if (field) field.offset = 3;
    expect(parseLayout(JSON.stringify(doc))).toEqual({
      ok: false,
      error: "structs[0] (BoolInt): field b at offset 3 is not a layout gc produces",
    });
  });

  it("refuses Go 1.19's go/types sizes (no tail padding), which no compiler produces", () => {
    expect(parseLayout(read("go119-amd64-gotypes-wrong.json"))).toEqual({
      ok: false,
      error: "structs[0] (BoolInt): size 17 is not a multiple of alignment 8",
    });
  });

  it("never throws on truncated, flipped or random input (fuzz from real seeds)", () => {
    const seed = fc.constantFrom(...seeds.map((s) => s.text));
    const mutated = fc.oneof(
      fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc
        .tuple(seed, fc.nat(), fc.string({ minLength: 1, maxLength: 4 }))
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice((n % t.length) + s.length)),
      fc
        .tuple(
          seed,
          fc.constantFrom('"offset": ', '"size": ', '"align": ', '"fields": '),
          fc.nat(),
          fc.jsonValue(),
        )
        .map(([t, key, n, v]) => {
          const at = t.indexOf(key, n % t.length);
          if (at === -1) return t;
          const end = t.indexOf("\n", at);
          return `${t.slice(0, at)}${key}${JSON.stringify(v)},${t.slice(end)}`;
        }),
      fc.string(),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseLayout(text);
        if (r.ok) {
          for (const s of r.value.structs) {
            expect(s.size % s.align).toBe(0);
            for (const f of s.fields) expect(f.offset + f.size).toBeLessThanOrEqual(s.size);
          }
        } else expect(r.error).toMatch(/^[^\n]+$/);
      }),
      { numRuns: 1500 },
    );
  });
});
