import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readLabSources } from "../src/toolchain/lab.js";
import { ROOT } from "./support/cli.js";

describe("the published package", () => {
  it("ships the CLI, the whole lab and the docs, and no tests", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    const files = new Set((pack?.files ?? []).map((f) => f.path));
    for (const f of ["bin/memsnap.js", "dist/cli/main.js", "lab/go.mod", "docs/traps/README.md"]) {
      expect(files).toContain(f);
    }
    expect([...files].filter((f) => f.startsWith("lab/internal/labkit/")).length).toBeGreaterThan(
      0,
    );
    for (const src of readLabSources()) expect(files).toContain(`lab/${src.file}`);
    expect([...files].filter((f) => /\.test\.|^test\/|^src\//.test(f))).toEqual([]);
  });
});
