import type { Command } from "commander";
import { InputError, UserError } from "../../base/errors.js";
import { analyzeGc } from "../../analyze/gc-analysis.js";
import {
  DEFAULT_SETTING,
  parseWhatIf,
  resolveSetting,
  type GcSettingSpec,
} from "../../analyze/gc-settings.js";
import { GcTraceStream } from "../../formats/gctrace/index.js";
import type { GcCycle, GcOtherLine, GcTrace } from "../../model/gctrace.js";
import { gcJson, gcText } from "../../report/gc.js";
import { readTextChunks } from "../../toolchain/files.js";
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
      emitGcReport(ctx, await readTrace(name), { source: name, ...opts });
    });
}

/**
 * The log streamed through the parser: cycles are kept, other lines only
 * counted (the program's own output can be most of a log), so memory grows
 * with the number of GC cycles, not with the log.
 */
async function readTrace(name: string): Promise<GcTrace> {
  const cycles: GcCycle[] = [];
  const malformed: GcOtherLine[] = [];
  const stream = new GcTraceStream(
    {
      cycle: (c) => cycles.push(c),
      other: (o) => {
        if (o.kind === "malformed" && malformed.length < 100) malformed.push(o);
      },
    },
    { lenient: true },
  );
  await readTextChunks(name, MAX_BYTES, (chunk) => stream.write(chunk));
  const r = stream.end();
  if (!r.ok) throw new InputError(name, r.error);
  return { cycles, other: malformed, lines: r.value.lines, layouts: r.value.layouts };
}

export interface GcReportOptions extends GcOptions {
  readonly source: string;
  readonly extraNotes?: readonly string[];
}

/** Analyzes a trace and prints the report (also the end of `memsnap run`). */
export function emitGcReport(ctx: CommandContext, trace: GcTrace, o: GcReportOptions): void {
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
  const a = analyzeGc(trace, specs, {
    ...(recorded ? { recorded: resolveSetting(recorded, DEFAULT_SETTING) } : {}),
    ...(o.goVersion ? { goVersion: o.goVersion } : {}),
  });
  if (!a.ok) throw new InputError(o.source, a.error);
  const malformed = trace.other.filter((l) => l.kind === "malformed").length;
  const notes = [
    ...(malformed
      ? [
          `${malformed} line${malformed === 1 ? "" : "s"} began like a trace line but did not parse (a killed process's last line?)`,
        ]
      : []),
    ...(o.extraNotes ?? []),
  ];
  const report = { file: o.source, ...a.value, notes };
  ctx.emit(
    () => gcJson(report),
    () => gcText(report, ctx.style),
  );
}
