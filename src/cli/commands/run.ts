import { Option, type Command } from "commander";
import { ChildExit, UserError } from "../../base/errors.js";
import { GcTraceStream } from "../../formats/gctrace/index.js";
import type { GcCycle, GcOtherLine, GcTrace, GcTraceLayout } from "../../model/gctrace.js";
import { writeFileAtomic } from "../../toolchain/files.js";
import { runPassthrough, withGcTrace } from "../../toolchain/passthrough.js";
import { takeSeries } from "../capture/series.js";
import type { Captured } from "../capture/snapshot.js";
import { targetFromUrl } from "../capture/target.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import { durationOption, integerOption } from "../options.js";
import { prepareSnapshotDir } from "../snapshot-dir.js";
import { emitGcReport } from "./gc.js";

interface RunOptions {
  snapshots?: number;
  every: number;
  gc?: boolean;
  out?: string;
  pprofUrl?: string;
  traceOut?: string;
}

export function registerRun(program: Command, io: Io): void {
  program
    .command("run")
    .description("run a Go program with GODEBUG=gctrace=1 and summarize its GC when it ends")
    .argument("<command...>", "the program and its arguments (after --)")
    .option("--snapshots <n>", "also capture N heap snapshots while it runs", integerOption)
    .addOption(
      new Option("--every <d>", "time between snapshots")
        .argParser(durationOption)
        .default(10_000, "10s"),
    )
    .option("--gc", "snapshots with ?gc=1 (live heap)")
    .option("--out <dir>", "where snapshots go (default: a new temporary directory)")
    .option(
      "--pprof-url <url>",
      "the program's debug server (default: its `listening on ADDR` line)",
    )
    .option("--trace-out <file>", "also save the GC trace lines, for memsnap gc --what-if")
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap run -- ./server -addr :8080
  $ memsnap run --snapshots 6 --every 10s --trace-out gc.log -- go run ./cmd/worker
  $ memsnap gc gc.log --what-if GOGC=50,200

The program's stdout and stderr pass through; only the gctrace lines memsnap
adds are taken out (a GODEBUG you set is kept; a gctrace you set wins). The
summary goes to stderr (with --json, as JSON), and memsnap exits with the
program's exit code.`,
    )
    .action(async (command: string[], opts: RunOptions, cmd: Command) => {
      // The program owns stdout; memsnap's summary goes to stderr.
      const summary = contextFor(cmd, { ...io, stdout: io.stderr });
      await runCommand(contextFor(cmd, io), summary, command, opts);
    });
}

async function runCommand(
  ctx: CommandContext,
  summary: CommandContext,
  command: string[],
  opts: RunOptions,
): Promise<void> {
  const [prog, ...args] = command;
  if (prog === undefined) throw new UserError("run: give the program to run after --");
  if (opts.snapshots !== undefined && opts.snapshots < 1) {
    throw new UserError("run: --snapshots wants at least 1");
  }
  const cycles: GcCycle[] = [];
  const other: GcOtherLine[] = [];
  const traceLines: string[] = [];
  const stream = new GcTraceStream(
    {
      cycle: (c) => cycles.push(c),
      other: (o) => {
        // Everything that is not a trace line is the program's (or another
        // GODEBUG trace it asked for): it goes back to stderr.
        process.stderr.write(o.text + "\n");
        if (o.kind !== "program") other.push(o);
      },
    },
    { lenient: true },
  );
  const snaps = snapshotter(ctx, opts);
  const res = await runPassthrough(prog, args, {
    env: { ...ctx.io.env, GODEBUG: withGcTrace(ctx.io.env["GODEBUG"]) },
    onStdout: snaps.onStdout,
    onStderr: (chunk) => {
      if (opts.traceOut) traceLines.push(chunk);
      stream.write(chunk);
    },
  });
  snaps.stop();
  const counts = stream.end();
  const layouts: GcTraceLayout[] = counts.ok ? [...counts.value.layouts] : [];
  const trace: GcTrace = { cycles, other, lines: counts.ok ? counts.value.lines : 0, layouts };
  if (opts.traceOut) writeFileAtomic(opts.traceOut, Buffer.from(traceLines.join("")));
  const taken = await snaps.done;
  const gogc = ctx.io.env["GOGC"];
  const limit = ctx.io.env["GOMEMLIMIT"];
  const recorded = [gogc ? `GOGC=${gogc}` : "", limit ? `GOMEMLIMIT=${limit}` : ""]
    .filter((x) => x !== "")
    .join("+");
  if (cycles.length === 0) {
    ctx.io.stderr.write(
      "memsnap: no GC cycle ran (not a Go program, or it ended before its first GC): no summary\n",
    );
  } else
    emitGcReport(summary, trace, {
      source: command.join(" "),
      ...(recorded ? { recorded } : {}),
      extraNotes:
        taken.length > 0
          ? [`${taken.length} heap snapshot${taken.length === 1 ? "" : "s"} in ${snaps.dir()}`]
          : [],
    });
  if (res.exitCode !== 0) throw new ChildExit(res.exitCode);
}

/**
 * Starts a snapshot series once the program's debug server is known: from
 * --pprof-url at once, or from its first `listening on ADDR` line.
 */
function snapshotter(ctx: CommandContext, opts: RunOptions) {
  const stop = new AbortController();
  let dir = "";
  let started: Promise<Captured[]> | null = null;
  let seen = "";
  const start = (url: string) => {
    if (started || opts.snapshots === undefined) return;
    const prepared = prepareSnapshotDir(opts.out, `--out ${opts.out}`, "memsnap-run-");
    dir = prepared.dir;
    const series = {
      count: opts.snapshots,
      interval: opts.every,
      timeout: 30_000,
      maxBytes: 1024 ** 3,
    };
    started = takeSeries(
      ctx,
      targetFromUrl(url),
      dir,
      { ...series, gc: opts.gc === true },
      stop.signal,
    ).catch((e: unknown) => {
      ctx.io.stderr.write(`memsnap: snapshots stopped: ${(e as Error).message}\n`);
      return [];
    });
  };
  if (opts.pprofUrl) start(opts.pprofUrl);
  return {
    onStdout(chunk: string) {
      if (started || opts.snapshots === undefined) return;
      seen = (seen + chunk).slice(-4096);
      const m = /listening on (\S+)/.exec(seen);
      if (m) start(m[1]?.startsWith("http") ? (m[1] ?? "") : `http://${loopback(m[1] ?? "")}`);
    },
    stop: () => stop.abort(),
    get done(): Promise<Captured[]> {
      return started ?? Promise.resolve([]);
    },
    dir: () => dir,
  };
}

/** A wildcard listen address (":8080", "[::]:8080", "0.0.0.0:8080") is reached on loopback. */
function loopback(addr: string): string {
  return addr.replace(/^(?:\[::\]|0\.0\.0\.0|)(?=:\d+$)/, "127.0.0.1");
}
