import { LINT_RULE_INFO } from "../analyze/lint/catalogue.js";
import { suppressionSeverity, type LintResult } from "../analyze/lint/engine.js";
import { LINT_RULE_IDS } from "../analyze/lint/rule.js";
import { sarifLog, type SarifLog, type SarifResultInput } from "./sarif.js";

export interface LintSarifOptions {
  readonly toolVersion: string;
  /** The absolute directory the findings' relative paths are under. */
  readonly baseDir?: string;
  /** Absolute URI of docs/traps/, ending in "/" (see EscapeSarifOptions.docsBase). */
  readonly docsBase?: string;
}

/** The pseudo rule that wrong and unused `//memsnap:ignore` comments are reported under. */
export const SUPPRESSION_RULE = "lint-suppression";

/** Rule metadata for every lint rule id (enabled or not), one result per finding. */
export function lintSarif(r: LintResult, opts: LintSarifOptions): SarifLog {
  const rules = [
    ...LINT_RULE_IDS.map((id) => ({
      id,
      name: id,
      shortDescription: LINT_RULE_INFO[id].title,
      fullDescription: LINT_RULE_INFO[id].help,
      ...(opts.docsBase ? { helpUri: `${opts.docsBase}${id}.md` } : {}),
      help: `${LINT_RULE_INFO[id].help} See docs/traps/${id}.md.`,
    })),
    {
      id: SUPPRESSION_RULE,
      name: SUPPRESSION_RULE,
      shortDescription: "a //memsnap:ignore comment that is wrong or unused",
      help: "Write //memsnap:ignore <rule-id> <reason> on the finding's line or the line above; remove suppressions that silence nothing.",
    },
  ];
  const results: SarifResultInput[] = r.findings.map((f) => ({
    ruleId: f.rule,
    level: f.severity,
    message: `${f.message} ${f.why} Fix: ${f.fix}`,
    location: { path: f.path, line: f.line, column: f.column },
    properties: { subject: f.subject, endLine: f.endLine, endColumn: f.endColumn },
  }));
  for (const p of r.suppressionProblems) {
    results.push({
      ruleId: SUPPRESSION_RULE,
      level: suppressionSeverity(p),
      message: p.message,
      location: { path: p.path, line: p.line, column: p.column },
      properties: { kind: p.kind },
    });
  }
  return sarifLog({
    tool: { name: "memsnap", version: opts.toolVersion },
    rules,
    results,
    ...(opts.baseDir === undefined ? {} : { baseDir: opts.baseDir }),
  });
}
