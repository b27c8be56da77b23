import { fileURLToPath } from "node:url";
import { Option, type Command } from "commander";
import { GateError, UserError } from "../../base/errors.js";
import { failsAt, lintFiles, type LintInput } from "../../analyze/lint/engine.js";
import { LINT_RULE_IDS, type LintRuleId, type LintSeverity } from "../../analyze/lint/rule.js";
import { LINT_RULES } from "../../analyze/lint/rules/index.js";
import { GoSyntax } from "../../formats/gosyntax/index.js";
import { lintJson, lintText } from "../../report/lint.js";
import { lintSarif } from "../../report/lint-sarif.js";
import { directoryUri } from "../../report/sarif.js";
import { findGoFiles, GoModVersions, readGoFile } from "../../toolchain/gofiles.js";
import { readGoGrammarWasm } from "../../toolchain/grammar.js";
import { contextFor, type CommandContext } from "../context.js";
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
}

/** Larger files are skipped with a note: generated tables, not code to lint (and tree-sitter's memory). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

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
  const loaded = await GoSyntax.load(readGoGrammarWasm());
  if (!loaded.ok) throw new Error(loaded.error);
  const versions = new GoModVersions();
  const readNotes: { path: string; line: number; column: number; message: string }[] = [];
  for (const n of found.notes) readNotes.push({ ...n, line: 0, column: 0 });
  function* inputs(): Generator<LintInput> {
    for (const f of found.files) {
      const r = readGoFile(f, MAX_FILE_BYTES);
      if ("note" in r) readNotes.push({ path: f.path, line: 0, column: 0, message: r.note });
      else yield { path: f.path, text: r.text, goVersion: versions.forFile(f.abs) };
    }
  }
  const total = found.files.length;
  const result = lintFiles(loaded.value, inputs(), rules, (p, i) => {
    if (i % 500 === 0) ctx.progress(`lint: ${i}/${total} files (${p})`);
  });
  const full = { ...result, notes: [...readNotes, ...result.notes] };
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
