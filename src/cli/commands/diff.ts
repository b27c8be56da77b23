import { Option, type Command } from "commander";
import { InputError } from "../../base/errors.js";
import { baseTotal, mergeForDiff, sameSampleTypes } from "../../analyze/merge.js";
import { profileTotal, type TopResult } from "../../analyze/top.js";
import { encodePprof } from "../../formats/pprof/encode.js";
import { topJson, topText } from "../../report/top.js";
import { writeFileAtomic } from "../../toolchain/files.js";
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

interface DiffOptions extends ReportOptions {
  subtract?: boolean;
  out?: string;
  order: "growth" | "pprof";
}

export function registerDiff(program: Command, io: Io): void {
  const cmd = program
    .command("diff")
    .description(
      "what grew between two heap profiles, as go tool pprof -diff_base (or -base) counts it",
    )
    .argument("<base>", "the earlier profile")
    .argument("<new>", "the later profile");
  addReportOptions(cmd)
    .option(
      "--subtract",
      "subtract the base (pprof -base): totals of the difference, not of the base",
    )
    .option(
      "--out <file>",
      "also write the difference as a gzipped pprof profile (go tool pprof reads it the same)",
    )
    .addOption(
      new Option("--order <o>", "growth: biggest growth first; pprof: pprof's |flat| order")
        .choices(["growth", "pprof"])
        .default("growth"),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap diff heap-0001.pb.gz heap-0009.pb.gz
  $ memsnap diff a.pb.gz b.pb.gz --focus='*http.Request' --sample-index inuse_objects
  $ memsnap diff a.pb.gz b.pb.gz --subtract --json

Rows and numbers are pprof's -diff_base (the base's total is the denominator,
"total" in --json) or, with --subtract, -base; the tests compare them with go
tool pprof. --out writes the merged difference (before filters); go tool pprof
-top on it reports what -diff_base (or -base) reports.`,
    )
    .action((baseFile: string, newFile: string, opts: DiffOptions, c: Command) => {
      const ctx = contextFor(c, io);
      const base = loadProfile(baseFile, opts.maxDecompressed);
      const next = loadProfile(newFile, opts.maxDecompressed);
      if (!sameSampleTypes(base, next)) {
        const types = (p: typeof base) =>
          p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(", ");
        throw new InputError(
          newFile,
          `sample types (${types(next)}) differ from the base's (${types(base)})`,
        );
      }
      const mode = opts.subtract ? "subtract" : "diff-base";
      const merged = mergeForDiff(next, base, mode);
      if (opts.out) writeFileAtomic(opts.out, encodePprof(merged));
      const result = runReport(merged, opts, mode === "diff-base" ? baseTotal : profileTotal);
      const report = {
        file: newFile,
        time: profileTime(next),
        units: opts.unit,
        result: opts.order === "growth" ? byGrowth(result, opts.cum === true) : result,
        notes: valueNotes(base, next),
        diff: { base: baseFile, mode } as const,
      };
      ctx.emit(topJson(report), () => topText(report, ctx.style));
    });
}

/** The same rows (pprof chose them), biggest growth first. */
function byGrowth(r: TopResult, cum: boolean): TopResult {
  const rows = [...r.rows].sort((a, b) => (cum ? b.cum - a.cum : b.flat - a.flat));
  return { ...r, rows };
}
