import type { GoVersion } from "../../base/goversion.js";
import type { GoSyntax } from "../../formats/gosyntax/index.js";
import type { LintFinding, LintRule, LintRuleId, LintSeverity } from "./rule.js";
import { applySuppressions, readSuppressions, type SuppressionProblem } from "./suppression.js";

/** One Go source file to lint, already read (the toolchain layer reads files). */
export interface LintInput {
  /** The path as shown to the user. */
  readonly path: string;
  readonly text: string;
  readonly goVersion: GoVersion | null;
}

export interface PathFinding extends LintFinding {
  readonly path: string;
  /** The source line the finding starts on, for the text report. */
  readonly source: string;
}

export interface PathSuppressionProblem extends SuppressionProblem {
  readonly path: string;
}

/** A file the linter could not (fully) read; reported as a note, never a crash. */
export interface LintFileNote {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface LintResult {
  readonly files: number;
  readonly rules: readonly LintRuleId[];
  /** Sorted by path, line, column, rule. */
  readonly findings: PathFinding[];
  readonly suppressed: number;
  readonly suppressionProblems: PathSuppressionProblem[];
  /** Syntax errors (the rest of the file is still linted) and files that could not be parsed. */
  readonly notes: LintFileNote[];
}

export const SEVERITY_RANK: Readonly<Record<LintSeverity, number>> = {
  error: 3,
  warning: 2,
  note: 1,
};

/**
 * Runs `rules` over each file, parsing it once. A rule that throws is a bug
 * in memsnap, but one bad rule must not hide the others' findings: it
 * becomes a note naming the rule and the file.
 */
export function lintFiles(
  syntax: GoSyntax,
  inputs: Iterable<LintInput>,
  rules: readonly LintRule[],
  onFile?: (path: string, index: number) => void,
): LintResult {
  const enabled = new Set(rules.map((r) => r.id));
  const findings: PathFinding[] = [];
  const problems: PathSuppressionProblem[] = [];
  const notes: LintFileNote[] = [];
  let suppressed = 0;
  let files = 0;
  for (const input of inputs) {
    onFile?.(input.path, files);
    files++;
    const r = syntax.withTree(input.text, (file) => {
      const ctx = { file, path: input.path, goVersion: input.goVersion };
      const raw: LintFinding[] = [];
      const fileNotes: LintFileNote[] = [];
      for (const rule of rules) {
        try {
          raw.push(...rule.check(ctx));
        } catch (e) {
          fileNotes.push({
            path: input.path,
            line: 0,
            column: 0,
            message: `rule ${rule.id} failed on this file: ${e instanceof Error ? e.message : String(e)}`,
          });
        }
      }
      if (file.errorCount > 0) {
        const first = file.syntaxErrors[0];
        fileNotes.push({
          path: input.path,
          line: first?.line ?? 0,
          column: first?.column ?? 0,
          message: `${file.errorCount} syntax error${file.errorCount === 1 ? "" : "s"}, first: ${first?.message ?? "?"} (the rest of the file was linted)`,
        });
      }
      const s = readSuppressions(file);
      const applied = applySuppressions(raw, s.suppressions, enabled);
      const withSource = applied.kept.map((f) => ({
        ...f,
        path: input.path,
        source: file.lineText(f.line),
      }));
      return {
        findings: withSource,
        suppressed: applied.suppressed,
        problems: [...s.problems, ...applied.unused].map((p) => ({ ...p, path: input.path })),
        notes: fileNotes,
      };
    });
    if (!r.ok) {
      notes.push({ path: input.path, line: 0, column: 0, message: `not linted: ${r.error}` });
      continue;
    }
    findings.push(...r.value.findings);
    problems.push(...r.value.problems);
    notes.push(...r.value.notes);
    suppressed += r.value.suppressed;
  }
  findings.sort(byPosition);
  problems.sort(byPosition);
  return { files, rules: [...enabled], findings, suppressed, suppressionProblems: problems, notes };
}

/**
 * Joins the results of linting consecutive slices of one sorted file list
 * (worker threads each lint a slice). Findings and suppression problems are
 * re-sorted by position; notes are ordered by path, keeping each file's own
 * order, so the output does not depend on how the files were split.
 */
export function mergeLintResults(
  rules: readonly LintRuleId[],
  parts: readonly LintResult[],
): LintResult {
  const findings = parts.flatMap((p) => p.findings).sort(byPosition);
  const problems = parts.flatMap((p) => p.suppressionProblems).sort(byPosition);
  // Array.prototype.sort is stable: a file's notes keep their order.
  const notes = parts
    .flatMap((p) => p.notes)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files: parts.reduce((n, p) => n + p.files, 0),
    rules: [...rules],
    findings,
    suppressed: parts.reduce((n, p) => n + p.suppressed, 0),
    suppressionProblems: problems,
    notes,
  };
}

function byPosition(
  a: { path: string; line: number; column: number; rule: string },
  b: { path: string; line: number; column: number; rule: string },
): number {
  return (
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

/**
 * Whether the result fails `--fail-on`: a finding at or above the level.
 * Suppression problems count as warnings (a wrong suppression hides
 * nothing, so it must not pass silently in CI); unused ones as notes.
 */
export function failsAt(r: LintResult, level: LintSeverity): boolean {
  const min = SEVERITY_RANK[level];
  if (r.findings.some((f) => SEVERITY_RANK[f.severity] >= min)) return true;
  return r.suppressionProblems.some((p) => SEVERITY_RANK[suppressionSeverity(p)] >= min);
}

export function suppressionSeverity(p: SuppressionProblem): LintSeverity {
  return p.kind === "unused" ? "note" : "warning";
}
