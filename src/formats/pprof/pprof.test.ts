import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Profile } from "../../model/profile.js";
import { FIXTURES } from "../../../test/support/fixtures.js";
import { pprofRaw } from "../../../test/support/pprof-raw.js";
import { encodePprof } from "./encode.js";
import { parsePprof } from "./index.js";
import { field, varint } from "../../../test/support/protobuf.js";

const DIR = path.join(FIXTURES, "pprof");
const files = readdirSync(DIR).filter((f) => /\.pb(\.gz)?$|-debug1\.txt$/.test(f));

function parse(bytes: Uint8Array, opts = {}): Profile {
  const r = parsePprof(bytes, opts);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The decoded profile printed the way `go tool pprof -raw` prints it. */
function asRaw(p: Profile) {
  const fnLine = (l: Profile["locations"][number]["lines"][number]) => {
    const f = p.functions[l.function];
    return `${f?.name} ${f?.filename}:${l.line}:${l.column} s=${f?.startLine}`;
  };
  const labelText = (i: number) =>
    (p.labels[i] ?? []).map((l) => (l.str ? `${l.key}:[${l.str}]` : `${l.key}:[${l.num}]`));
  return {
    types: p.sampleTypes.map((t) => `${t.type}/${t.unit}`),
    samples: Array.from({ length: p.sampleCount }, (_, i) => ({
      values: Array.from(
        p.values.subarray(i * p.sampleTypes.length, (i + 1) * p.sampleTypes.length),
      ),
      locations: Array.from(p.stackLocations.subarray(p.stackStart[i], p.stackStart[i + 1])).map(
        (x) => p.locations[x]?.id,
      ),
      labels: labelText(i),
    })),
    locations: new Map(
      p.locations.map((l) => [
        l.id,
        { address: l.address, mapping: p.mappings[l.mapping]?.id ?? 0, lines: l.lines.map(fnLine) },
      ]),
    ),
  };
}

describe("pprof reader", () => {
  it.each(files)("decodes %s exactly as go tool pprof -raw reads it", (file) => {
    const p = parse(readFileSync(path.join(DIR, file)));
    const truth = pprofRaw(path.join(DIR, file));
    const mine = asRaw(p);
    expect(mine.types).toEqual(truth.types);
    expect(mine.samples).toEqual(truth.samples);
    expect(mine.locations).toEqual(truth.locations);
    expect(p.mappings.map((m) => m.id)).toEqual([...truth.mappings.keys()]);
    for (const m of p.mappings) {
      expect(truth.mappings.get(m.id)).toContain(
        `0x${m.start.toString(16)}/0x${m.limit.toString(16)}/0x${m.offset.toString(16)} ${m.filename}`.trim(),
      );
    }
    expect(p.periodType).toEqual({ type: "space", unit: "bytes" });
    expect(p.period).toBe(524288);
    expect(p.exactValues.size).toBe(0);
    if (file.endsWith(".txt")) expect(p.sampleCount).toBeGreaterThan(0);
  });

  it.each(files)("%s round-trips: encoded again, go tool pprof -raw reads the same", (file) => {
    const p = parse(readFileSync(path.join(DIR, file)));
    const out = path.join(mkdtempSync(path.join(tmpdir(), "memsnap-enc-")), "again.pb.gz");
    writeFileSync(out, encodePprof(p));
    const again = pprofRaw(out);
    const truth = pprofRaw(path.join(DIR, file));
    expect(again.types).toEqual(truth.types);
    expect(again.samples).toEqual(truth.samples);
    expect(again.locations).toEqual(truth.locations);
    expect(asRaw(parse(readFileSync(out)))).toEqual(asRaw(p));
  });

  it("keeps every inlined frame of a location, innermost first", () => {
    const p = parse(readFileSync(path.join(DIR, "go126-subslice-final.pb.gz")));
    const inlined = p.locations.filter((l) => l.lines.length > 1);
    expect(inlined.length).toBeGreaterThan(0);
  });

  it("reads the same profile gzipped and raw", () => {
    const gz = parse(readFileSync(path.join(DIR, "go126-subslice-final.pb.gz")));
    const raw = parse(readFileSync(path.join(DIR, "go126-subslice-final.pb")));
    expect(asRaw(raw)).toEqual(asRaw(gz));
  });

  it.each([
    ["empty", new Uint8Array(0), /^empty file$/],
    ["text", Buffer.from("hello, world\n"), /^not a pprof profile/],
    ["gzip of text", gzipSync("hello, world\n"), /^(not a valid profile\.proto|invalid profile)/],
    ["gzip of nothing", gzipSync(Buffer.alloc(0)), /^invalid profile: string table/],
  ])("rejects %s with one line", (_name, bytes, why) => {
    const r = parsePprof(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(why);
      expect(r.error).not.toContain("\n");
    }
  });

  it("rejects truncated gzip, concatenated members and output past the cap", () => {
    const gz = readFileSync(path.join(DIR, "go126-subslice-final.pb.gz"));
    const err = (b: Uint8Array, opts = {}) => {
      const r = parsePprof(b, opts);
      return r.ok ? "" : r.error;
    };
    expect(err(gz.subarray(0, gz.length - 20))).toMatch(/^truncated gzip/);
    expect(err(gz.subarray(0, gz.length - 4))).toMatch(/^truncated gzip/);
    expect(err(Buffer.concat([gz, gz]))).toMatch(/concatenated gzip/);
    expect(
      err(gzipSync(Buffer.alloc(10 * 1024 * 1024)), { maxDecompressedBytes: 1024 * 1024 }),
    ).toBe("decompresses to more than 1048576 bytes (the limit)");
    const flipped = Buffer.from(gz);
    flipped[gz.length - 6] = (flipped[gz.length - 6] as number) ^ 0xff;
    expect(err(flipped)).toMatch(/checksum|corrupt/);
  });
});

const str = (s: string) => [...Buffer.from(s)];

describe("pprof reader edge cases", () => {
  it("keeps int64 values beyond 2^53 exactly, and negative ones", () => {
    const big = 2n ** 60n + 1n;
    const bytes = Uint8Array.from([
      ...field(1, [8, 1, 16, 2]), // sample_type {type: "x", unit: "y"}
      ...field(1, [8, 1, 16, 2]),
      ...field(2, field(2, [...varint(big), ...varint(-5n)])), // sample {value: [big, -5]}
      ...field(6, []),
      ...field(6, str("x")),
      ...field(6, str("y")),
    ]);
    const p = parse(bytes);
    expect(p.exactValues.get(0)).toBe(big);
    expect(p.values[0]).toBe(Number(big));
    expect(p.values[1]).toBe(-5);
    expect(p.exactValues.has(1)).toBe(false);
  });

  it.each([
    [
      "a string index out of range",
      [...field(1, [8, 9, 16, 2]), ...field(6, [])],
      /string index 9 out of range/,
    ],
    [
      "a label's string index out of range (checked though labels are built lazily)",
      [...field(1, [8, 0, 16, 0]), ...field(2, [16, 1, ...field(3, [8, 9])]), ...field(6, [])],
      /string index 9 out of range/,
    ],
    [
      "a sample with the wrong number of values",
      [...field(1, [8, 0, 16, 0]), ...field(2, field(2, [1, 2])), ...field(6, [])],
      /sample 0 has 2 values, want 1/,
    ],
    [
      "an unknown location id",
      [...field(1, [8, 0]), ...field(2, [8, 7, 16, 1]), ...field(6, [])],
      /unknown location id 7/,
    ],
    ["a location with id 0", [...field(4, [16, 0]), ...field(6, [])], /location with id 0/],
    [
      "duplicate function ids",
      [...field(5, [8, 3]), ...field(5, [8, 3]), ...field(6, [])],
      /duplicate function id 3/,
    ],
    ["an overlong varint", [96, ...Array(11).fill(0xff), 1], /varint longer than 10 bytes/],
  ])("rejects %s", (_name, bytes, why) => {
    const r = parsePprof(Uint8Array.from(bytes as number[]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it("never throws or hangs on mutated real profiles (fuzz)", () => {
    const seeds = files.map((f) => readFileSync(path.join(DIR, f)));
    const raw = seeds.filter((s) => s[0] !== 0x1f);
    const mutation = fc.oneof(
      fc
        .tuple(fc.constantFrom(...seeds), fc.nat())
        .map(([s, n]) => s.subarray(0, n % (s.length + 1))),
      fc
        .tuple(
          fc.constantFrom(...seeds, ...raw),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          }),
        )
        .map(([s, flips]) => {
          const b = Uint8Array.from(s);
          for (const [at, v] of flips) b[at % b.length] = v;
          return b;
        }),
      fc
        .tuple(fc.constantFrom(...raw), fc.nat(), fc.integer({ min: 1, max: 12 }))
        .map(([s, at, n]) => {
          const i = at % s.length;
          return Uint8Array.from([...s.subarray(0, i), ...Array(n).fill(0xff), ...s.subarray(i)]);
        }),
      fc.uint8Array({ maxLength: 512 }),
    );
    fc.assert(
      fc.property(mutation, (b) => {
        const r = parsePprof(b, { maxDecompressedBytes: 1 << 20 });
        if (!r.ok) expect(r.error).not.toContain("\n");
        // Labels are built on first read; that must not fail either.
        else expect(r.value.labels.length).toBe(r.value.sampleCount);
      }),
      { numRuns: 3000 },
    );
  });
});
