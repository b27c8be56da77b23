import { describe, expect, it } from "vitest";
import { parseGoMemLimit, parseGogc, parseWhatIf } from "./gc-settings.js";

describe("GOMEMLIMIT and GOGC as the runtime reads them", () => {
  it.each([
    ["off", null],
    ["0", 0],
    ["4096", 4096],
    ["512B", 512],
    ["256MiB", 256 * 2 ** 20],
    ["1GiB", 2 ** 30],
    ["2TiB", 2 * 2 ** 40],
    ["9223372036854775807", 2 ** 63 - 1],
  ])("GOMEMLIMIT=%s", (text, want) => {
    expect(parseGoMemLimit(text)).toEqual({ ok: true, value: want });
  });

  // runtime/string.go parseByteCount rejects all of these (and readGOMEMLIMIT throws).
  it.each([
    "",
    "1.5GiB",
    "256MB",
    "256mib",
    "256 MiB",
    "-1",
    "1KB",
    "MiB",
    "8EiB",
    "9223372036854775808",
  ])("rejects GOMEMLIMIT=%s", (text) => {
    expect(parseGoMemLimit(text).ok).toBe(false);
  });

  it("GOGC: off, integers, negative means off", () => {
    expect(parseGogc("off")).toEqual({ ok: true, value: null });
    expect(parseGogc("200")).toEqual({ ok: true, value: 200 });
    expect(parseGogc("+50")).toEqual({ ok: true, value: 50 });
    expect(parseGogc("-1")).toEqual({ ok: true, value: null });
    expect(parseGogc("1e3").ok).toBe(false);
    expect(parseGogc("4294967296").ok).toBe(false);
  });

  it("--what-if lists, repeated variables and combinations", () => {
    const r = parseWhatIf("GOGC=50,100,200,off");
    expect(r.ok && r.value.map((s) => s.gogc)).toEqual([50, 100, 200, null]);
    const m = parseWhatIf("GOMEMLIMIT=256MiB");
    expect(m.ok && m.value).toEqual([{ memoryLimit: 256 * 2 ** 20, label: "GOMEMLIMIT=256MiB" }]);
    const c = parseWhatIf("GOGC=off+GOMEMLIMIT=1GiB,GOGC=100");
    expect(c.ok && c.value).toEqual([
      { gogc: null, memoryLimit: 2 ** 30, label: "GOGC=off GOMEMLIMIT=1GiB" },
      { gogc: 100, label: "GOGC=100" },
    ]);
    expect(parseWhatIf("GOGOGC=5")).toMatchObject({ ok: false });
    expect(parseWhatIf("50")).toMatchObject({ ok: false });
    expect(parseWhatIf("GOGC=5+GOGC=6")).toMatchObject({ ok: false });
  });
});
