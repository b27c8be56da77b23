import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { lintFiles } from "../../src/analyze/lint/engine.js";
import type { LintFinding, LintRule } from "../../src/analyze/lint/rule.js";
import { loadSyntax, ROOT } from "./lint-a.js";

/** Findings of `rule` in one Go text (no go.mod: goVersion null). */
export async function findingsOf(rule: LintRule, text: string): Promise<LintFinding[]> {
  const r = lintFiles(await loadSyntax(), [{ path: "x.go", text, goVersion: null }], [rule]);
  expect(r.notes).toEqual([]);
  return r.findings.filter((f) => f.rule === rule.id);
}

/**
 * lint-a's corpus check with a third kind of file for group B: `pos-*.go`
 * (the `// want` lines, at least one), `neg-*.go` (nothing), and `note-*.go`
 * (the `// want` lines, every one only a note: a pattern that is harmless in
 * its usual use, which syntax cannot rule out). Returns the number of files
 * of each kind.
 */
export async function checkCorpusB(
  rule: LintRule,
): Promise<Record<"pos" | "neg" | "note", number>> {
  const dir = path.join(ROOT, "test/fixtures/lint", rule.id);
  const count = { pos: 0, neg: 0, note: 0 };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".go"))) {
    const kind = name.startsWith("pos-") ? "pos" : name.startsWith("note-") ? "note" : "neg";
    const text = readFileSync(path.join(dir, name), "utf8");
    const want = text.split("\n").flatMap((l, i) => (/\/\/ want\b/.test(l) ? [i + 1] : []));
    if (kind === "neg") expect(want, name).toEqual([]);
    else expect(want.length, name).toBeGreaterThan(0);
    const found = await findingsOf(rule, text);
    expect(
      found.map((f) => f.line),
      name,
    ).toEqual(want);
    if (kind === "note")
      expect(
        found.map((f) => f.severity),
        name,
      ).toEqual(want.map(() => "note"));
    if (kind === "pos") {
      for (const f of found) {
        expect(f.severity, `${name}:${f.line}`).not.toBe("note");
        // Every finding names its subject in the message and gives a concrete fix.
        expect(f.message, `${name}:${f.line}`).toContain(f.subject.split(",")[0] ?? "");
        expect(f.fix.length, `${name}:${f.line}`).toBeGreaterThan(20);
      }
    }
    count[kind]++;
  }
  return count;
}
