import { Option, type Command } from "commander";
import { InputError, UserError } from "../../base/errors.js";
import { escapeFindings } from "../../analyze/escape-findings.js";
import { diffReports } from "../../analyze/escape-diff.js";
import { escapeDiffJson, escapeDiffText } from "../../report/escape-diff.js";
import { readEscapeJson } from "../../report/escape-read.js";
import { readInputFile, readStdin } from "../../toolchain/files.js";
import { findToolchains } from "../../toolchain/go.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import {
  buildAsmListing,
  buildEscapeReport,
  escapeFromJsonDir,
  escapeFromLog,
  type LoadedEscape,
} from "../escape/load.js";
import { emitEscape, streamable, type ViewOptions } from "../escape/views.js";
import { streamEscapeLog } from "../escape/stream.js";

interface EscapeOptions extends ViewOptions {
  fromLog?: string;
  fromJson?: string;
  asm?: boolean;
}

const MAX_LOG_BYTES = 2 * 1024 ** 3;

export function registerEscape(program: Command, io: Io): void {
  const cmd = program
    .command("escape")
    .description("why values live on the heap: the compiler's escape analysis, explained and gated")
    .argument("[packages...]", "go build patterns (default ./...; std packages work too)")
    .option(
      "--from-log <file>",
      "read go build -gcflags=-m[=2] output (or go tool compile -m) instead; - for stdin",
    )
    .option("--from-json <dir>", "read a -gcflags=-json=0,DIR log directory instead")
    .option("--asm", "also list the runtime allocation calls in the compiled code (-S=2), per line")
    .option("--all", "also show does-not-escape and inlining decisions")
    .option(
      "--kind <kinds...>",
      "only these kinds or trap ids (moved-to-heap, esc-closure-capture, ...)",
    )
    .option("--func <regex>", "only functions whose name matches")
    .option("--file <pattern>", "only files ending in this path, or matching this glob")
    .option("--graph <func>", "print the escape flow graph of a function instead")
    .addOption(
      new Option("--graph-format <f>", "graph syntax").choices(["dot", "mermaid"]).default("dot"),
    )
    .option("--sarif", "print SARIF 2.1.0 (one result per heap allocation)")
    .option("--write-baseline <file>", "save the heap findings as a baseline")
    .option("--baseline <file>", "exit 1 when heap allocations appear that the baseline lacks")
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap escape ./...
  $ memsnap escape ./internal/cache --func 'Get$' --asm
  $ memsnap escape --write-baseline escape.json ./... && memsnap escape --baseline escape.json ./...
  $ memsnap escape --go go1.22.12,go1.26.8 ./internal/cache
  $ go build -gcflags=-m=2 ./... 2>&1 | memsnap escape --from-log -
  $ memsnap escape diff before.json after.json

With two or more --go toolchains, prints what changed between them. A
baseline compares by package, function, expression and kind: moving code
does not count as new.`,
    )
    .action(async (packages: string[], opts: EscapeOptions, c: Command) => {
      await runEscape(contextFor(c, io), packages, opts);
    });
  cmd
    .command("diff")
    .description("what changed between two saved memsnap escape --json reports")
    .argument("<a>", "the earlier report (memsnap escape --all --json)")
    .argument("<b>", "the later report")
    .addHelpText("after", "\nExample:\n  $ memsnap escape diff main.json branch.json")
    .action((a: string, b: string, _o: unknown, c: Command) => {
      const ctx = contextFor(c, io);
      const [ra, rb] = [readReport(a), readReport(b)];
      const d = diffReports(ra.findings, rb.findings);
      const sides = {
        a: { label: a, ...(ra.goVersion ? { goVersion: ra.goVersion } : {}) },
        b: { label: b, ...(rb.goVersion ? { goVersion: rb.goVersion } : {}) },
      };
      ctx.emit(escapeDiffJson(d, sides), () => escapeDiffText(d, sides, ctx.style));
    });
}

async function runEscape(ctx: CommandContext, packages: string[], o: EscapeOptions): Promise<void> {
  const pkgs = packages.length ? packages : ["./..."];
  const cwd = process.cwd();
  if (o.fromLog !== undefined || o.fromJson !== undefined) {
    if (o.asm) throw new UserError("escape: --asm needs a build, not --from-log/--from-json");
    if (o.fromLog !== undefined && o.fromJson !== undefined) {
      throw new UserError("escape: give --from-log or --from-json, not both");
    }
    if (o.fromLog !== undefined && streamable(o)) {
      return streamEscapeLog(ctx, o.fromLog, cwd, o);
    }
    const loaded =
      o.fromLog !== undefined
        ? escapeFromLog(o.fromLog, readLog(o.fromLog), cwd)
        : escapeFromJsonDir(o.fromJson ?? "", cwd);
    emitEscape(ctx, loaded, o, null);
    return;
  }
  const toolchains = await findToolchains(ctx.goSpecs, ctx.io.env);
  if (toolchains.length > 1) return crossVersion(ctx, toolchains, pkgs, cwd);
  const tc = toolchains[0];
  if (!tc) throw new Error("no toolchain");
  const loaded = await buildEscapeReport(tc, pkgs, cwd, ctx.progress);
  const asm = o.asm ? await buildAsmListing(tc, pkgs, cwd) : null;
  emitEscape(ctx, loaded, o, asm);
}

/** The same analysis with each toolchain, then what changed from each to the next. */
async function crossVersion(
  ctx: CommandContext,
  toolchains: Awaited<ReturnType<typeof findToolchains>>,
  pkgs: string[],
  cwd: string,
): Promise<void> {
  const loaded: LoadedEscape[] = [];
  for (const tc of toolchains) loaded.push(await buildEscapeReport(tc, pkgs, cwd, ctx.progress));
  const docs: unknown[] = [];
  let text = "";
  for (let i = 1; i < loaded.length; i++) {
    const [a, b] = [loaded[i - 1], loaded[i]] as [LoadedEscape, LoadedEscape];
    const all = (l: LoadedEscape) =>
      escapeFindings(l.report, { ctx: l.ctx, filter: { all: true } }).findings;
    const d = diffReports(all(a), all(b));
    const sides = {
      a: { label: a.goVersion, goVersion: a.goVersion },
      b: { label: b.goVersion, goVersion: b.goVersion },
    };
    docs.push(escapeDiffJson(d, sides));
    text += escapeDiffText(d, sides, ctx.style);
  }
  ctx.emit(docs.length === 1 ? docs[0] : docs, () => text);
}

function readLog(file: string): string {
  if (file === "-") return Buffer.from(readStdin(MAX_LOG_BYTES)).toString("utf8");
  return Buffer.from(readInputFile(file, MAX_LOG_BYTES)).toString("utf8");
}

function readReport(file: string) {
  const r = readEscapeJson(Buffer.from(readInputFile(file, MAX_LOG_BYTES)).toString("utf8"));
  if (!r.ok) throw new InputError(file, r.error);
  return r.value;
}
