import { describe, expect, it } from "vitest";
import { atLeast, compareGoVersions, parseGoVersion } from "./goversion.js";

describe("Go versions", () => {
  const v = (s: string) => {
    const p = parseGoVersion(s);
    if (!p) throw new Error(s);
    return p;
  };
  it("orders releases, pre-releases before their release", () => {
    const sorted = [
      "go1.22.0",
      "go1.9",
      "1.21",
      "go1.21rc2",
      "go1.21beta1",
      "go1.21.13",
      "go1.26.8",
    ]
      .map(v)
      .sort(compareGoVersions)
      .map((x) => x.text);
    expect(sorted).toEqual([
      "go1.9",
      "go1.21beta1",
      "go1.21rc2",
      "go1.21",
      "go1.21.13",
      "go1.22.0",
      "go1.26.8",
    ]);
  });
  it("answers version questions", () => {
    expect(atLeast(v("go1.23.0"), 1, 23)).toBe(true);
    expect(atLeast(v("go1.22.12"), 1, 23)).toBe(false);
    expect(atLeast(v("go2.0"), 1, 23)).toBe(true);
  });
  it.each(["", "go", "go1", "1.x", "devel go1.27-abc", "go1.21.0.1"])("rejects %j", (s) =>
    expect(parseGoVersion(s)).toBeUndefined(),
  );
});
