import type { GoVersion } from "../../base/goversion.js";
import type { GoSourceFile, SyntaxNode } from "../../formats/gosyntax/index.js";

/**
 * The contract between memsnap lint's engine and its rules. A rule is one
 * module under rules/, registered in rules/index.ts; it reads one parsed file
 * (syntax only, plus the module's Go version) and returns findings as plain
 * data: nodes must not escape (the tree is deleted after the file).
 */
export const LINT_RULE_IDS = [
  "subslice-retention",
  "substring-retention",
  "map-never-shrinks",
  "unbounded-growth",
  "goroutine-retention",
  "pool-pollution",
  "context-retention",
  "channel-subslice",
  "timer-in-loop",
  "prealloc-missing",
  "defer-in-loop",
  "interface-boxing",
  "reslice-to-zero",
] as const;

export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** error: a leak or unbounded retention; warning: waste or churn; note: informational (e.g. fixed by the Go version). */
export type LintSeverity = "error" | "warning" | "note";

export interface LintFinding {
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  /** 1-based line and byte column of the offending expression (Go's convention). */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The variable or expression concerned, as written (`buf`, `s.cache`). */
  readonly subject: string;
  /** What it retains or does, in one sentence naming the subject. */
  readonly message: string;
  /** Why that costs memory (the runtime fact). */
  readonly why: string;
  /** A concrete change, ideally as Go code. */
  readonly fix: string;
}

export interface LintFileContext {
  readonly file: GoSourceFile;
  /** The file's path as shown to the user. */
  readonly path: string;
  /** The `go` line of the nearest go.mod (null when none): version-dependent rules read it. */
  readonly goVersion: GoVersion | null;
}

export interface LintRule {
  readonly id: LintRuleId;
  readonly title: string;
  /** Default severity (a rule may lower it per finding, e.g. timer-in-loop on Go >= 1.23). */
  readonly severity: LintSeverity;
  check(ctx: LintFileContext): LintFinding[];
}

/** Position fields of a finding from a node (start and end, 1-based, byte columns). */
export function span(
  ctx: LintFileContext,
  node: SyntaxNode,
): Pick<LintFinding, "line" | "column" | "endLine" | "endColumn"> {
  const start = ctx.file.position(node);
  return {
    line: start.line,
    column: start.column,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}
