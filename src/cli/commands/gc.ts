import type { Command } from "commander";
import { InputError, UserError } from "../../base/errors.js";
import { GcAnalyzer } from "../../analyze/gc-analysis.js";
import {
  DEFAULT_SETTING,
  parseWhatIf,
  resolveSetting,
  type GcSettingSpec,
} from "../../analyze/gc-settings.js";
import { GcTraceStream } from "../../formats/gctrace/index.js";
import type { WhatIfOptions } from "../../analyze/gc-whatif.js";
import type { GcTrace, GcTraceLayout } from "../../model/gctrace.js";
import { gcText, writeGcJson } from "../../report/gc.js";
import { readByteChunks } from "../../toolchain/files.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";

interface GcOptions {
  whatIf?: string[];
  recorded?: string;
  goVersion?: string;
}

const MAX_BYTES = 4 * 1024 ** 3;

export function registerGc(program: Command, io: Io): void {
  program
    .command("gc")
    .description(
      "summarize a GODEBUG=gctrace=1 log: pauses, GC CPU, live-heap trend, and GOGC/GOMEMLIMIT what-ifs",
    )
    .argument(
      "[file]",
      "the log (the program's stderr; other output mixed in is fine); - or none for stdin",
    )
    .option(
      "--what-if <settings...>",
      "replay under other settings: GOGC=50,200,off  GOMEMLIMIT=256MiB",
    )
    .option("--recorded <setting>", "the settings the log was recorded with (default GOGC=100)")
    .option(
      "--go-version <v>",
      "the Go that ran it, for its pacer rules (default: from the log's format)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ GODEBUG=gctrace=1 ./server 2> gc.log
  $ memsnap gc gc.log
  $ memsnap gc gc.log --what-if GOGC=50,200,off --what-if GOMEMLIMIT=256MiB
  $ memsnap run --trace-out gc.log -- ./server

Every layout since Go 1.5 reads; program output and other GODEBUG traces in
between are kept apart, never errors. The what-if replays the recorded live
heap and allocation under the runtime's pacer rules; its assumptions are printed
with it.`,
    )
    .action(async (file: string | undefined, opts: GcOptions, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      const name = file ?? "-";
      const settings = gcSettings(opts);
      // Only --json and --what-if need every cycle; the summary alone is O(1) in the log.
      const analyzer = new GcAnalyzer(ctx.json || settings.specs.length > 0);
      const read = await readTrace(name, analyzer);
      emitAnalysis(ctx, analyzer, read, settings, { source: name, ...opts });
    });
}

interface TraceRead {
  readonly layouts: readonly GcTraceLayout[];
  /** Lines that began like a trace line but did not parse. */
  readonly malformed: number;
}

/**
 * The log streamed through the parser as bytes, each cycle straight into the
 * analyzer; other lines are only counted (the program's own output can be
 * most of a log), so memory does not grow with the log.
 */
async function readTrace(name: string, analyzer: GcAnalyzer): Promise<TraceRead> {
  let malformed = 0;
  const stream = new GcTraceStream(
    { ...analyzer.sink(), malformed: () => malformed++ },
    { lenient: true },
  );
  await readByteChunks(name, MAX_BYTES, (chunk) => stream.writeBytes(chunk));
  const r = stream.end();
  if (!r.ok) throw new InputError(name, r.error);
  return { layouts: r.value.layouts, malformed };
}

export interface GcReportOptions extends GcOptions {
  readonly source: string;
  readonly extraNotes?: readonly string[];
}

interface GcSettings {
  readonly specs: GcSettingSpec[];
  readonly whatIf: WhatIfOptions;
}

function gcSettings(o: GcOptions): GcSettings {
  const specs: GcSettingSpec[] = [];
  for (const w of o.whatIf ?? []) {
    const p = parseWhatIf(w);
    if (!p.ok) throw new UserError(`--what-if ${w}: ${p.error}`);
    specs.push(...p.value);
  }
  let recorded;
  if (o.recorded !== undefined) {
    const p = parseWhatIf(o.recorded);
    if (!p.ok || p.value.length !== 1)
      throw new UserError(`--recorded ${o.recorded}: want one setting such as GOGC=200`);
    recorded = p.value[0];
  }
  return {
    specs,
    whatIf: {
      ...(recorded ? { recorded: resolveSetting(recorded, DEFAULT_SETTING) } : {}),
      ...(o.goVersion ? { goVersion: o.goVersion } : {}),
    },
  };
}

/** Analyzes a parsed trace and prints the report (the end of `memsnap run`). */
export function emitGcReport(ctx: CommandContext, trace: GcTrace, o: GcReportOptions): void {
  const settings = gcSettings(o);
  const analyzer = new GcAnalyzer(ctx.json || settings.specs.length > 0);
  for (const c of trace.cycles) analyzer.add(c);
  const malformed = trace.other.filter((l) => l.kind === "malformed").length;
  emitAnalysis(ctx, analyzer, { layouts: trace.layouts, malformed }, settings, o);
}

function emitAnalysis(
  ctx: CommandContext,
  analyzer: GcAnalyzer,
  read: TraceRead,
  settings: GcSettings,
  o: GcReportOptions,
): void {
  const a = analyzer.result(read.layouts, settings.specs, settings.whatIf);
  if (!a.ok) throw new InputError(o.source, a.error);
  const { malformed } = read;
  const notes = [
    ...(malformed
      ? [
          `${malformed} line${malformed === 1 ? "" : "s"} began like a trace line but did not parse (a killed process's last line?)`,
        ]
      : []),
    ...(a.value.summary.exact
      ? []
      : [
          `${a.value.summary.cycles} cycles: the quarter floors, the pinned-goal count and percentiles over more than 65536 distinct values are bounded approximations (docs/commands/gc.md)`,
        ]),
    ...(o.extraNotes ?? []),
  ];
  const report = { file: o.source, ...a.value, notes };
  if (ctx.json) writeGcJson(report, (text) => ctx.io.stdout.write(text));
  else ctx.io.stdout.write(gcText(report, ctx.style));
}
