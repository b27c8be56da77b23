import type { Command } from "commander";
import { GateError, InputError, UserError } from "../../base/errors.js";
import { benchstat, failOnIncrease, summarizeBench } from "../../analyze/benchstat.js";
import { parseBench } from "../../formats/bench/index.js";
import type { BenchRun } from "../../model/bench.js";
import { benchJson, benchText } from "../../report/bench.js";
import { readInputFile, writeFileAtomic } from "../../toolchain/files.js";
import { findGo, runGo } from "../../toolchain/go.js";
import { contextFor, type CommandContext } from "../context.js";
import type { Io } from "../io.js";
import { integerOption } from "../options.js";

interface BenchOptions {
  count: number;
  save?: string;
  memprofile?: string;
  failOnIncrease?: string;
}

const MAX_BYTES = 256 * 1024 ** 2;
const RUN_TIMEOUT_MS = 6 * 3600_000;

export function registerBench(program: Command, io: Io): void {
  program
    .command("bench")
    .description("run go test -bench -benchmem, or compare saved runs, the way benchstat does")
    .argument("[files...]", "saved go test -bench outputs (text or -json) to compare, oldest first")
    .option("--count <n>", "go test -count for a run (benchstat wants 6 or more)", integerOption, 6)
    .option("--save <file>", "save this run's raw output (to compare later)")
    .option("--memprofile <file>", "also write a heap profile of the run (one package only)")
    .option(
      "--fail-on-increase <unit>",
      "exit 1 when this unit rose significantly (e.g. allocs/op)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap bench --save old.txt -- ./internal/codec
  $ memsnap bench old.txt -- ./internal/codec                  # this run against old.txt
  $ memsnap bench old.txt new.txt --fail-on-increase allocs/op
  $ memsnap bench --memprofile mem.pb.gz -- ./internal/codec -bench Decode

After --, arguments go to go test, which memsnap runs as
go test -run '^$' -bench . -benchmem -count N <your args> (yours win).
Medians with 95% confidence intervals, and between runs the change with a
Mann-Whitney U test (p < 0.05), as benchstat computes them. A change needs at
least 4 samples on each side to be significant.`,
    )
    .action(async (files: string[], opts: BenchOptions, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      const raw = io.argv ?? [];
      const dash = raw.indexOf("--");
      const goArgs = dash >= 0 ? raw.slice(dash + 1) : [];
      const saved = dash >= 0 ? files.slice(0, files.length - goArgs.length) : files;
      await runBench(ctx, saved, dash >= 0 ? goArgs : null, opts);
    });
}

async function runBench(
  ctx: CommandContext,
  files: string[],
  goArgs: string[] | null,
  o: BenchOptions,
): Promise<void> {
  const inputs = files.map((f) => ({ label: f, run: readRun(f) }));
  if (goArgs !== null) inputs.push({ label: "this run", run: await runGoTest(ctx, goArgs, o) });
  if (inputs.length === 0) {
    throw new UserError("bench: give saved outputs to compare, or go test arguments after --");
  }
  if (o.count < 1) throw new UserError("bench: --count wants at least 1");
  const [first] = inputs;
  const stat = inputs.length === 1 && first ? summarizeBench(first) : benchstat(inputs);
  ctx.emit(benchJson(stat), () => benchText(stat, ctx.style));
  if (o.failOnIncrease !== undefined) {
    if (inputs.length < 2)
      throw new UserError("bench: --fail-on-increase needs two runs to compare");
    const rows = failOnIncrease(stat, o.failOnIncrease);
    if (rows.length > 0) {
      const names = rows.map((r) => r.name).join(", ");
      throw new GateError(`bench: ${o.failOnIncrease} rose significantly in ${names}`);
    }
  }
}

async function runGoTest(ctx: CommandContext, args: string[], o: BenchOptions): Promise<BenchRun> {
  const tc = await findGo(ctx.goSpecs[0] ?? "", ctx.io.env);
  const flags = ["test", "-run", "^$", "-bench", ".", "-benchmem", "-count", String(o.count)];
  if (o.memprofile) flags.push(`-memprofile=${o.memprofile}`);
  ctx.progress(`go ${[...flags, ...args].join(" ")}`);
  const res = await runGo(tc, [...flags, ...args], {
    cwd: process.cwd(),
    timeoutMs: RUN_TIMEOUT_MS,
    onLine: (l) => {
      if (/^Benchmark/.test(l)) ctx.progress(l);
    },
  });
  const output = res.stdout + res.stderr;
  if (o.save) writeFileAtomic(o.save, Buffer.from(output));
  const r = parseBench(output);
  if (!r.ok || r.value.results.length === 0) {
    const tail = output.trim().split("\n").slice(-1)[0] ?? "";
    throw new UserError(`bench: go test ran no benchmark (exit ${res.code}): ${tail}`);
  }
  if (res.code !== 0) {
    ctx.io.stderr.write(
      `memsnap: note: go test exited ${res.code}; results of the benchmarks that ran\n`,
    );
  }
  return r.value;
}

function readRun(file: string): BenchRun {
  const r = parseBench(Buffer.from(readInputFile(file, MAX_BYTES)).toString("utf8"));
  if (!r.ok) throw new InputError(file, r.error);
  return r.value;
}
