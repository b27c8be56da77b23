import { SEVERITY_RANK, suppressionSeverity, type LintResult } from "../analyze/lint/engine.js";
import type { LintSeverity } from "../analyze/lint/rule.js";
import type { Style } from "./style.js";

export const LINT_SCHEMA = "memsnap/lint@1";

/** The `--json` document (docs/json/lint.schema.json); arrays are always present. */
export function lintJson(r: LintResult, extra: { goVersion?: string } = {}) {
  return {
    schema: LINT_SCHEMA,
    ...(extra.goVersion ? { goVersion: extra.goVersion } : {}),
    files: r.files,
    rules: [...r.rules],
    counts: counts(r),
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      subject: f.subject,
      message: f.message,
      why: f.why,
      fix: f.fix,
    })),
    suppressed: r.suppressed,
    suppressionProblems: r.suppressionProblems.map((p) => ({
      kind: p.kind,
      severity: suppressionSeverity(p),
      path: p.path,
      line: p.line,
      column: p.column,
      rule: p.rule,
      message: p.message,
    })),
    notes: r.notes.map((n) => ({ ...n })),
  };
}

function counts(r: LintResult): Record<LintSeverity, number> {
  const c = { error: 0, warning: 0, note: 0 };
  for (const f of r.findings) c[f.severity]++;
  return c;
}

/**
 * Findings grouped by file: the position, severity and rule, the message,
 * the source line with a caret under the column, then why and the fix.
 */
export function lintText(r: LintResult, s: Style): string {
  const out: string[] = [];
  let file = "";
  for (const f of r.findings) {
    if (f.path !== file) {
      file = f.path;
      out.push(s.bold(file));
    }
    out.push(`  ${f.line}:${f.column} ${sev(f.severity, s)} ${f.message} ${s.dim(`[${f.rule}]`)}`);
    out.push(...caret(f.source, f.column, s));
    out.push(`      why: ${f.why}`);
    out.push(`      fix: ${f.fix.replace(/\n/g, "\n           ")}`);
  }
  if (r.suppressionProblems.length > 0) {
    out.push(s.bold("suppressions"));
    for (const p of r.suppressionProblems) {
      const level = suppressionSeverity(p);
      out.push(`  ${p.path}:${p.line}:${p.column} ${sev(level, s)} ${p.message}`);
    }
  }
  if (r.notes.length > 0) {
    out.push(s.bold("notes"));
    for (const n of r.notes)
      out.push(`  ${n.path}${n.line ? `:${n.line}:${n.column}` : ""}: ${n.message}`);
  }
  out.push(summary(r));
  return out.join("\n") + "\n";
}

function summary(r: LintResult): string {
  const c = counts(r);
  const parts = (["error", "warning", "note"] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}${c[k] === 1 ? "" : "s"}`);
  const found = parts.length ? parts.join(", ") : "no findings";
  const sup = r.suppressed ? `, ${r.suppressed} suppressed` : "";
  return `${found} in ${r.files} file${r.files === 1 ? "" : "s"}${sup}`;
}

function sev(level: LintSeverity, s: Style): string {
  return SEVERITY_RANK[level] >= 3
    ? s.red(level)
    : level === "warning"
      ? s.yellow(level)
      : s.cyan(level);
}

/** The line (tabs kept so the caret lines up under them) and a caret under the byte column. */
function caret(line: string, column: number, s: Style): string[] {
  const bytes = Buffer.from(line, "utf8");
  const before = bytes.subarray(0, Math.max(0, column - 1)).toString("utf8");
  const pad = before.replace(/[^\t]/g, " ");
  return [`    ${line}`, `    ${pad}${s.green("^")}`];
}
