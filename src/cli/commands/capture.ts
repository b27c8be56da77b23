import { InvalidArgumentError, Option, type Command } from "commander";
import { UserError } from "../../base/errors.js";
import { captureJson, captureText, type CaptureResult } from "../../report/capture.js";
import { takeSeries } from "../capture/series.js";
import { targetFromPid, targetFromUrl } from "../capture/target.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import { durationOption, integerOption, sizeOption } from "../options.js";
import { removeIfEmpty } from "../../toolchain/files.js";
import { prepareSnapshotDir } from "../snapshot-dir.js";

interface CaptureOptions {
  url?: string;
  pid?: number;
  gc?: boolean;
  count: number;
  interval: number;
  out?: string;
  timeout: number;
  maxBytes: number;
}

export function registerCapture(program: Command, io: Io): void {
  program
    .command("capture")
    .description("take heap snapshots (profile + memstats) from a running Go program")
    .option("--url <url>", "the program's debug server, e.g. http://127.0.0.1:6060")
    .option("-p, --pid <pid>", "a local process: memsnap finds its pprof port in /proc", pidOption)
    .option("--gc", "run a GC before each profile (?gc=1): the live heap, not garbage")
    .option("--count <n>", "how many snapshots", countOption, 1)
    .addOption(
      new Option("--interval <d>", "time between snapshots")
        .argParser(durationOption)
        .default(10_000, "10s"),
    )
    .option("--out <dir>", "write the series here (default: a new temporary directory)")
    .addOption(
      new Option("--timeout <d>", "per-request timeout")
        .argParser(durationOption)
        .default(30_000, "30s"),
    )
    .addOption(
      new Option(
        "--max-bytes <size>",
        "refuse answers (and profiles once decompressed) beyond this",
      )
        .argParser(sizeOption)
        .default(1024 ** 3, "1GiB"),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap capture --url http://127.0.0.1:6060 --gc
  $ memsnap capture -p 4242 --count 6 --interval 10s --out ./snaps
  $ memsnap diff snaps/heap-0001.pb.gz snaps/heap-0006.pb.gz

Each snapshot is heap-NNNN.pb.gz (the profile as served), heap-NNNN.vars.json
(/debug/vars verbatim, when the program publishes expvar) and heap-NNNN.json
(the sidecar: time, source, memstats, goroutines, Go version when known; see
docs/formats/snapshot-sidecar.md). Every file is written under a temporary
name and renamed, so an interrupted capture leaves no half file.`,
    )
    .action(async (opts: CaptureOptions, cmd: Command) => {
      await runCapture(contextFor(cmd, io), opts);
    });
}

async function runCapture(ctx: CommandContext, opts: CaptureOptions): Promise<void> {
  if ((opts.url === undefined) === (opts.pid === undefined)) {
    throw new UserError("capture: give exactly one of --url URL or -p PID");
  }
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once("SIGINT", onSigint);
  try {
    const target =
      opts.url !== undefined
        ? targetFromUrl(opts.url)
        : await targetFromPid(opts.pid ?? 0, ctx.io.env, interrupt.signal);
    const { dir, created } = prepareSnapshotDir(opts.out, `--out ${opts.out}`, "memsnap-capture-");
    const taken = await takeSeries(ctx, target, dir, opts, interrupt.signal).catch((e: unknown) => {
      if (created) removeIfEmpty(dir);
      throw e;
    });
    const result: CaptureResult = {
      target,
      dir,
      requested: opts.count,
      interrupted: taken.length < opts.count,
      snapshots: taken,
    };
    for (const note of taken.flatMap((t) => t.notes)) ctx.io.stderr.write(`memsnap: ${note}\n`);
    ctx.emit(captureJson(result), () => captureText(result, ctx.style));
  } finally {
    process.off("SIGINT", onSigint);
  }
}

function pidOption(value: string): number {
  const n = integerOption(value);
  if (n <= 0) throw new InvalidArgumentError("want a process id");
  return n;
}

function countOption(value: string): number {
  const n = integerOption(value);
  if (n < 1) throw new InvalidArgumentError("want at least 1");
  return n;
}
