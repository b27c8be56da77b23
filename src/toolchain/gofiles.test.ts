import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8 } from "./gofiles.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
// A real Go file, with 2-, 3- and 4-byte sequences added for the mutations to break.
const seed = Buffer.concat([
  readFileSync(path.join(ROOT, "lab", "healthy-steady", "main.go")),
  Buffer.from('var s = "héllo € 𝄞"\n'),
]);

describe("firstInvalidUtf8", () => {
  it("finds the exact bad byte of hand-picked sequences", () => {
    const at = (bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
    expect(at([0x61, 0xe2, 0x82, 0xac])).toBe(4); // "a€": valid
    expect(at([0x61, 0xff])).toBe(1);
    expect(at([0xc0, 0x80])).toBe(0); // overlong NUL
    expect(at([0x61, 0xe0, 0x80, 0x80])).toBe(1); // overlong
    expect(at([0xed, 0xa0, 0x80])).toBe(0); // a surrogate
    expect(at([0xf4, 0x90, 0x80, 0x80])).toBe(0); // above U+10FFFF
    expect(at([0x61, 0x62, 0xe2, 0x82])).toBe(2); // truncated at the end
  });

  it("agrees with node:buffer's isUtf8 on mutated real Go source", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        (edits, cut) => {
          const b = Buffer.from(seed.subarray(0, cut % (seed.length + 1)));
          for (const [i, v] of edits) if (b.length > 0) b[i % b.length] = v;
          const at = firstInvalidUtf8(b);
          expect(at === b.length).toBe(isUtf8(b));
          expect(isUtf8(b.subarray(0, at))).toBe(true);
        },
      ),
      { numRuns: 1000, seed: 6 },
    );
  });
});
