import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, readSourceTree } from "./support/layers.js";

describe("layers", () => {
  it("src/ has no import against the layer order", () => {
    const files = readSourceTree(path.resolve(import.meta.dirname, "../src"));
    expect(Object.keys(files).length).toBeGreaterThan(10);
    expect(checkLayers(files)).toEqual([]);
  });

  it("catches an upward import, a side effect outside cli, and a stray layer", () => {
    const v = checkLayers({
      "formats/x/index.ts": 'import { a } from "../../analyze/a.js";',
      "analyze/b.ts": 'import { run } from "../toolchain/go.js";',
      "report/c.ts": 'export { x } from "../cli/main.js";',
      "base/d.ts": 'import type { M } from "../model/m.js";',
      "stray/e.ts": "",
      "cli/ok.ts": 'import { y } from "../toolchain/go.js"; import "node:fs";',
      "formats/x/x.test.ts": 'import { g } from "../../../test/support/golden.js";',
      "formats/y.ts": 'import { g } from "../../test/support/golden.js";',
    });
    expect(v.map((x) => x.reason)).toEqual([
      "formats may not import analyze",
      "analyze may not import toolchain",
      "report may not import cli",
      "base may not import model",
      "stray/e.ts is in no known layer",
      "imports from outside src/",
    ]);
  });
});
