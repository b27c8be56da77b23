import { fileURLToPath } from "node:url";
import { Option, type Command } from "commander";
import { GateError, UserError } from "../../base/errors.js";
import { failsAt } from "../../analyze/lint/engine.js";
import { LINT_RULE_IDS, type LintRuleId, type LintSeverity } from "../../analyze/lint/rule.js";
import { LINT_RULES } from "../../analyze/lint/rules/index.js";
import { lintJson, lintText } from "../../report/lint.js";
import { lintSarif } from "../../report/lint-sarif.js";
import { directoryUri } from "../../report/sarif.js";
import { findGoFiles } from "../../toolchain/gofiles.js";
import { contextFor, type CommandContext } from "../context.js";
import { lintWithJobs } from "../lint-workers.js";
import type { Io } from "../io.js";
import { VERSION } from "../version.js";

interface LintOptions {
  enable?: string[];
  disable?: string[];
  failOn?: LintSeverity;
  sarif?: boolean;
  tests?: boolean;
  includeVendor?: boolean;
  includeTestdata?: boolean;
  jobs?: number;
}

export function registerLint(program: Command, io: Io): void {
  program
    .command("lint")
    .description("find Go memory traps in the source: retention, churn, leaks (no build needed)")
    .argument(
      "[patterns...]",
      "directories (dir/... for the tree below), or .go files; default ./...",
    )
    .option("--enable <rules...>", "run only these rule ids")
    .option("--disable <rules...>", "do not run these rule ids")
    .addOption(
      new Option(
        "--fail-on <level>",
        "exit 1 when a finding at or above this level exists",
      ).choices(["error", "warning", "note"]),
    )
    .option("--sarif", "print SARIF 2.1.0")
    .option("--tests", "also lint _test.go files")
    .option("--include-vendor", "also lint vendor/ directories")
    .option("--include-testdata", "also lint testdata/ directories")
    .option("--jobs <n>", "worker threads (default: the available cores)", jobsFlag)
    .addHelpText(
      "after",
      `
Rules: ${LINT_RULE_IDS.join(", ")}.
Suppress one finding with a comment on its line or the line above:
  //memsnap:ignore <rule-id> <reason>     (the reason is required)

Examples:
  $ memsnap lint
  $ memsnap lint ./internal/... --fail-on warning
  $ memsnap lint --enable subslice-retention substring-retention --sarif > lint.sarif`,
    )
    .action(async (patterns: string[], opts: LintOptions, c: Command) => {
      await runLint(contextFor(c, io), patterns, opts);
    });
}

function jobsFlag(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new UserError(`--jobs: want a whole number from 1 to 256, got "${v}"`);
  }
  return n;
}

function ruleList(flag: string, ids: readonly string[] | undefined): Set<LintRuleId> | undefined {
  if (!ids) return undefined;
  const known = new Set<string>(LINT_RULE_IDS);
  const out = new Set<LintRuleId>();
  for (const id of ids
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!known.has(id))
      throw new UserError(`${flag}: unknown rule "${id}" (rules: ${LINT_RULE_IDS.join(", ")})`);
    out.add(id as LintRuleId);
  }
  return out;
}

async function runLint(ctx: CommandContext, patterns: string[], o: LintOptions): Promise<void> {
  if (o.sarif && ctx.json) throw new UserError("lint: give --json or --sarif, not both");
  const enable = ruleList("--enable", o.enable);
  const disable = ruleList("--disable", o.disable) ?? new Set();
  const rules = LINT_RULES.filter((r) => (!enable || enable.has(r.id)) && !disable.has(r.id));
  const cwd = process.cwd();
  const found = findGoFiles(patterns.length ? patterns : ["./..."], cwd, {
    tests: o.tests === true,
    includeVendor: o.includeVendor === true,
    includeTestdata: o.includeTestdata === true,
  });
  const total = found.files.length;
  let shown = 0;
  const result = await lintWithJobs(found.files, rules, {
    ...(o.jobs !== undefined && { jobs: o.jobs }),
    onProgress: (done) => {
      if (done - shown < 500) return;
      shown = done;
      ctx.progress(`lint: ${done}/${total} files`);
    },
  });
  const walkNotes = found.notes.map((n) => ({ ...n, line: 0, column: 0 }));
  const full = { ...result, notes: [...walkNotes, ...result.notes] };
  if (o.sarif) {
    const log = lintSarif(full, {
      toolVersion: VERSION,
      baseDir: cwd,
      docsBase: directoryUri(fileURLToPath(new URL("../../../docs/traps/", import.meta.url))),
    });
    ctx.io.stdout.write(JSON.stringify(log, null, 2) + "\n");
  } else {
    ctx.emit(lintJson(full), () => lintText(full, ctx.style));
  }
  if (o.failOn && failsAt(full, o.failOn)) {
    throw new GateError(`lint: findings at or above ${o.failOn}`);
  }
}
