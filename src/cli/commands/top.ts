import type { Command } from "commander";
import { profileTotal } from "../../analyze/top.js";
import { topJson, topText } from "../../report/top.js";
import { contextFor } from "../context.js";
import type { Io } from "../io.js";
import { loadProfile } from "../profiles.js";
import {
  addReportOptions,
  profileTime,
  runReport,
  valueNotes,
  type ReportOptions,
} from "../report-options.js";

export function registerTop(program: Command, io: Io): void {
  const cmd = program
    .command("top")
    .description(
      "the heaviest functions (or lines, files) of a heap profile, as go tool pprof -top counts them",
    )
    .argument("<profile>", "a heap profile: gzipped or raw profile.proto");
  addReportOptions(cmd)
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap top heap.pb.gz
  $ memsnap top heap.pb.gz --sample-index alloc_space --granularity lines --nodecount 20
  $ memsnap top heap.pb.gz --json

Flat, cum, totals, trimming (nodefraction, then nodecount) and row order are
pprof's; the tests compare them with go tool pprof -top on real profiles.
Filters are pprof's (focus, ignore, hide, show, tagfocus), and so is the total:
the whole profile's unless --relative-percentages.`,
    )
    .action((file: string, opts: ReportOptions, c: Command) => {
      const ctx = contextFor(c, io);
      const profile = loadProfile(file, opts.maxDecompressed);
      const result = runReport(profile, opts, profileTotal);
      const report = {
        file,
        time: profileTime(profile),
        units: opts.unit,
        result,
        notes: valueNotes(profile),
      };
      ctx.emit(topJson(report), () => topText(report, ctx.style));
    });
}
