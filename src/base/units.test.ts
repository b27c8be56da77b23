import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBytes, formatGoDuration, parseBytes, parseGoDuration } from "./units.js";

describe("formatBytes", () => {
  it.each([
    [0, "0B"],
    [1023, "1023B"],
    [1024, "1.00KiB"],
    [1536, "1.50KiB"],
    [40 * 1024 * 1024, "40.00MiB"],
    [-2048, "-2.00KiB"],
    [2n ** 62n, "4.00EiB"],
  ])("%s -> %s", (n, want) => expect(formatBytes(n)).toBe(want));

  it("round-trips through parseBytes within the printed precision", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const back = parseBytes(formatBytes(n)) as number;
        expect(Math.abs(back - n)).toBeLessThanOrEqual(Math.max(1, n * 0.005));
      }),
    );
  });
});

describe("parseBytes", () => {
  it.each([
    ["256MiB", 256 * 2 ** 20],
    ["1.5GiB", 1.5 * 2 ** 30],
    ["10MB", 10e6],
    ["4096", 4096],
    ["7 KiB", 7168],
  ])("%s", (text, want) => expect(parseBytes(text)).toBe(want));
  it.each(["", "MiB", "1.2.3MiB", "12 parsecs", "-1MiB"])("rejects %j", (t) =>
    expect(parseBytes(t)).toBeUndefined(),
  );
});

describe("parseGoDuration", () => {
  // Expected values from Go's time.ParseDuration.
  it.each([
    ["0", 0],
    ["3s", 3000],
    ["500ms", 500],
    ["1.5s", 1500],
    ["1h2m3s", 3_723_000],
    ["-2m", -120_000],
    ["250us", 0.25],
    ["1µs", 0.001],
    [".5s", 500],
  ])("%s", (text, want) => expect(parseGoDuration(text)).toBeCloseTo(want, 9));
  it.each(["", "3", "s", "1x", "1s2", "--1s", "1.s.s"])("rejects %j", (t) =>
    expect(parseGoDuration(t)).toBeUndefined(),
  );
  it("parses what formatGoDuration prints", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (ms) => {
        expect(parseGoDuration(formatGoDuration(ms))).toBe(ms);
      }),
    );
  });
  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (s) => void parseGoDuration(s)));
  });
});
