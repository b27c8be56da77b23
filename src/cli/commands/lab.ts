import path from "node:path";
import { Option, type Command } from "commander";
import { UserError } from "../../base/errors.js";
import { summarizeSeries } from "../../analyze/series.js";
import { parseLabSource } from "../../formats/labsource/index.js";
import { parseSidecar } from "../../formats/sidecar/index.js";
import type { LabProgram } from "../../model/lab.js";
import type { SnapshotWithStats } from "../../model/snapshot.js";
import { labListJson, labListText, labRunJson, labRunText } from "../../report/lab.js";
import { readSidecars } from "../../toolchain/files.js";
import { findGo } from "../../toolchain/go.js";
import { buildLab, labBinDir, readLabSources, runLabBinary } from "../../toolchain/lab.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import { durationOption, integerOption } from "../options.js";
import { prepareSnapshotDir } from "../snapshot-dir.js";

export function registerLab(program: Command, io: Io): void {
  const lab = program
    .command("lab")
    .description("the leak lab: real Go programs, one per memory trap, plus healthy controls")
    .addHelpText(
      "after",
      "\nExample:\n  $ memsnap lab list\n  $ memsnap lab run subslice-retention",
    );

  lab
    .command("list")
    .description("list the lab programs, one per line with what each shows")
    .addHelpText("after", "\nExample:\n  $ memsnap lab list --json")
    .action((_opts, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      const programs = loadPrograms();
      ctx.emit(labListJson(programs), () => labListText(programs, ctx.style));
    });

  lab
    .command("run")
    .description("build and run a lab program and capture a heap snapshot series")
    .argument("<id>", "lab program id (see `memsnap lab list`)")
    .option(
      "--variant <name>",
      "workload variant, e.g. trap or fixed (default: the program's first)",
    )
    .option("--snapshots <dir>", "write the series here (default: a new temporary directory)")
    .addOption(
      new Option("--duration <d>", "how long the workload runs")
        .argParser(durationOption)
        .default(3000, "3s"),
    )
    .addOption(
      new Option("--every <d>", "snapshot interval")
        .argParser(durationOption)
        .default(500, "500ms"),
    )
    .option("--no-gc", "do not run runtime.GC() before each snapshot")
    .option("--seed <n>", "seed of the deterministic workload", integerOption, 1)
    .option(
      "--addr <host:port>",
      "also serve /debug/pprof and /debug/vars (127.0.0.1:0 picks a port)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap lab run map-never-shrinks
  $ memsnap lab run map-never-shrinks --variant fixed --snapshots ./snaps --duration 5s --every 1s
  $ GODEBUG=asynctimerchan=0 memsnap lab run timer-in-loop

The program is built from the lab shipped with memsnap, with the Go memsnap finds
(or --go); nothing is downloaded.`,
    )
    .action(async (id: string, opts: RunOptions, cmd: Command) => {
      await runLab(contextFor(cmd, io), id, opts);
    });
}

interface RunOptions {
  variant?: string;
  snapshots?: string;
  duration: number;
  every: number;
  gc: boolean;
  seed: number;
  addr?: string;
}

function loadPrograms(): LabProgram[] {
  return readLabSources().map((src) => {
    const res = parseLabSource(src.text, src.file);
    if (!res.ok) throw new Error(`lab/${src.file}: ${res.error}`);
    return res.value;
  });
}

function findProgram(id: string): LabProgram {
  const programs = loadPrograms();
  const p = programs.find((x) => x.id === id);
  if (!p) {
    throw new UserError(`lab: no program "${id}"; one of: ${programs.map((x) => x.id).join(", ")}`);
  }
  return p;
}

async function runLab(ctx: CommandContext, id: string, opts: RunOptions): Promise<void> {
  const program = findProgram(id);
  const variant = opts.variant ?? program.variants[0] ?? "";
  if (!program.variants.includes(variant)) {
    throw new UserError(
      `lab run ${id}: no variant "${variant}"; one of: ${program.variants.join(", ")}`,
    );
  }
  const { dir } = prepareSnapshotDir(
    opts.snapshots,
    `--snapshots ${opts.snapshots}`,
    `memsnap-lab-${id}-`,
  );
  const tc = await findGo(ctx.goSpecs[0] ?? "", ctx.io.env);
  const binDir = labBinDir(tc, ctx.io.env);
  ctx.progress(`building lab/${id} with ${tc.version.text}`);
  await buildLab(tc, [id], binDir);

  ctx.progress(`running ${id} (${variant}) for ${opts.duration}ms`);
  const args = [
    `-duration=${opts.duration}ms`,
    `-every=${opts.every}ms`,
    `-snapshots=${dir}`,
    `-variant=${variant}`,
    `-seed=${opts.seed}`,
    ...(opts.gc ? ["-gc"] : []),
    ...(opts.addr ? [`-addr=${opts.addr}`] : []),
  ];
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once("SIGINT", onSigint);
  const res = await runLabBinary(path.join(binDir, id), args, {
    timeoutMs: opts.duration + 120_000,
    interrupt: interrupt.signal,
    onStdoutLine: (line) => {
      if (line.startsWith("listening on ")) ctx.io.stderr.write(`memsnap: ${id} ${line}\n`);
      else if (line.startsWith("snapshot ")) ctx.progress(line);
    },
  }).finally(() => process.off("SIGINT", onSigint));
  if (res.timedOut) throw new Error(`lab program ${id} did not finish within its duration`);
  if (res.code !== 0) {
    throw new Error(
      `lab program ${id} failed (exit ${res.code ?? res.signal}): ${res.stderr.trim()}`,
    );
  }
  const series = readSeries(dir);
  const result = {
    program,
    variant,
    goVersion: tc.version.text,
    snapshotDir: dir,
    durationMs: opts.duration,
    everyMs: opts.every,
    gc: opts.gc,
    series: summarizeSeries(series),
  };
  ctx.emit(labRunJson(result), () => labRunText(result, ctx.style));
}

function readSeries(dir: string): SnapshotWithStats[] {
  return readSidecars(dir).map(({ name, text }) => {
    const res = parseSidecar(text);
    if (!res.ok) throw new Error(`${path.join(dir, name)}: ${res.error}`);
    const { memstats } = res.value;
    if (memstats === null)
      throw new Error(`${path.join(dir, name)}: a lab sidecar without memstats`);
    return { ...res.value, memstats };
  });
}
