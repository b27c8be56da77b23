import { findAll, type GoSourceFile } from "../../formats/gosyntax/index.js";
import { LINT_RULE_IDS, type LintFinding, type LintRuleId } from "./rule.js";

/**
 * `//memsnap:ignore <rule-id> <reason>` comments. A suppression covers a
 * finding of its rule that starts on the comment's own line (a trailing
 * comment) or on the line below (a comment on the line above). The reason is
 * required so that every silenced finding says why in review; a suppression
 * without one, or naming no known rule, is reported and suppresses nothing.
 */
export interface Suppression {
  readonly rule: LintRuleId;
  readonly reason: string;
  /** 1-based position of the comment. */
  readonly line: number;
  readonly column: number;
  /** True when the comment stands alone on its line (it then covers the next line). */
  readonly ownLine: boolean;
}

/** A suppression comment that is wrong or that silenced nothing. */
export interface SuppressionProblem {
  readonly kind: "missing-reason" | "unknown-rule" | "unused";
  readonly line: number;
  readonly column: number;
  /** The rule id as written ("" when none). */
  readonly rule: string;
  readonly message: string;
}

const DIRECTIVE = /^\/\/\s?memsnap:ignore\b(.*)$/s;
const KNOWN = new Set<string>(LINT_RULE_IDS);

/** Reads the file's suppression comments (only real comments, never string contents). */
export function readSuppressions(file: GoSourceFile): {
  suppressions: Suppression[];
  problems: SuppressionProblem[];
} {
  const suppressions: Suppression[] = [];
  const problems: SuppressionProblem[] = [];
  for (const c of findAll(file.root, "comment")) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const at = file.position(c);
    const [rule = "", ...rest] = (m[1] ?? "").trim().split(/\s+/);
    const reason = rest.join(" ").trim();
    const where = { line: at.line, column: at.column, rule };
    if (!KNOWN.has(rule)) {
      problems.push({
        ...where,
        kind: "unknown-rule",
        message: rule
          ? `memsnap:ignore names an unknown rule "${rule}"; it suppresses nothing`
          : "memsnap:ignore needs a rule id and a reason; it suppresses nothing",
      });
      continue;
    }
    if (!reason) {
      problems.push({
        ...where,
        kind: "missing-reason",
        message: `memsnap:ignore ${rule} has no reason; it suppresses nothing (write why after the rule id)`,
      });
      continue;
    }
    const before = file.lineText(at.line).slice(0, at.column - 1);
    suppressions.push({
      rule: rule as LintRuleId,
      reason,
      line: at.line,
      column: at.column,
      ownLine: before.trim() === "",
    });
  }
  return { suppressions, problems };
}

/**
 * Splits findings into kept and suppressed, and reports each suppression
 * that matched no finding as unused.
 */
export function applySuppressions(
  findings: readonly LintFinding[],
  suppressions: readonly Suppression[],
  enabled: ReadonlySet<LintRuleId>,
): { kept: LintFinding[]; suppressed: number; unused: SuppressionProblem[] } {
  const used = new Set<Suppression>();
  const kept: LintFinding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const s = suppressions.find(
      (s) => s.rule === f.rule && (f.line === s.line || (s.ownLine && f.line === s.line + 1)),
    );
    if (s) {
      used.add(s);
      suppressed++;
    } else kept.push(f);
  }
  // A suppression of a rule that did not run cannot be judged unused.
  const unused = suppressions
    .filter((s) => !used.has(s) && enabled.has(s.rule))
    .map((s) => ({
      kind: "unused" as const,
      line: s.line,
      column: s.column,
      rule: s.rule,
      message: `memsnap:ignore ${s.rule} suppresses nothing here; remove it`,
    }));
  return { kept, suppressed, unused };
}
