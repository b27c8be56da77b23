import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect } from "vitest";
import { lintFiles } from "../../src/analyze/lint/engine.js";
import type { LintRule } from "../../src/analyze/lint/rule.js";
import { GoSyntax } from "../../src/formats/gosyntax/index.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
let syntax: GoSyntax | undefined;

export async function loadSyntax(): Promise<GoSyntax> {
  if (syntax) return syntax;
  const r = await GoSyntax.load({
    runtime: readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")),
    grammar: readFileSync(require.resolve("tree-sitter-go/tree-sitter-go.wasm")),
  });
  if (!r.ok) throw new Error(r.error);
  syntax = r.value;
  return syntax;
}

/** Lines of findings of `rule` in one Go text. */
export async function findingLines(rule: LintRule, text: string): Promise<number[]> {
  const r = lintFiles(await loadSyntax(), [{ path: "x.go", text, goVersion: null }], [rule]);
  expect(r.notes).toEqual([]);
  return r.findings.filter((f) => f.rule === rule.id).map((f) => f.line);
}

/** Each fixture's `// want` lines are exactly the lines the rule reports (none in neg-*.go). */
export async function checkCorpus(rule: LintRule): Promise<number> {
  const dir = path.join(ROOT, "test/fixtures/lint", rule.id);
  let files = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".go"))) {
    const text = readFileSync(path.join(dir, name), "utf8");
    const want = text.split("\n").flatMap((l, i) => (/\/\/ want\b/.test(l) ? [i + 1] : []));
    if (name.startsWith("pos-")) expect(want.length, name).toBeGreaterThan(0);
    else expect(want, name).toEqual([]);
    expect(await findingLines(rule, text), name).toEqual(want);
    files++;
  }
  return files;
}

/** The lab program's culprit line (trap variant), 1-based. */
export function labCulprit(id: string): { text: string; line: number } {
  const text = readFileSync(path.join(ROOT, "lab", id, "main.go"), "utf8");
  const line = text.split("\n").findIndex((l) => l.includes("// memsnap:culprit")) + 1;
  return { text, line };
}

export function healthyLabs(): string[] {
  return ["healthy-steady", "healthy-cache"].map((d) =>
    readFileSync(path.join(ROOT, "lab", d, "main.go"), "utf8"),
  );
}
