import { InvalidArgumentError, Option, type Command } from "commander";
import { UserError } from "../base/errors.js";
import { filterProfile, hasFilters, type SampleFilters } from "../analyze/filter.js";
import { compilePattern, compileTagFilter } from "../analyze/patterns.js";
import {
  defaultSampleIndex,
  GRANULARITIES,
  top,
  type Granularity,
  type TopResult,
} from "../analyze/top.js";
import type { Profile } from "../model/profile.js";
import { isPprofUnit } from "../report/pprof-units.js";
import { integerOption, sizeOption } from "./options.js";

/** The flags `top` and `diff` share: pprof's report options and filters. */
export interface ReportOptions {
  sampleIndex?: string;
  granularity: Granularity;
  nodecount: number;
  nodefraction: number;
  cum?: boolean;
  unit: string;
  maxDecompressed: number;
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  tagfocus?: string;
  relativePercentages?: boolean;
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .option(
      "--sample-index <name|n>",
      "sample type by name or index (default: the profile's default, else the last)",
    )
    .addOption(
      new Option("--granularity <g>", "aggregate by")
        .choices([...GRANULARITIES])
        .default("functions"),
    )
    .option("--nodecount <n>", "show at most this many rows (0: all)", integerOption, 0)
    .option(
      "--nodefraction <f>",
      "hide nodes whose cum is below this fraction of the total",
      fractionOption,
      0.005,
    )
    .option("--cum", "sort by cum instead of flat")
    .option(
      "--focus <regex>",
      "keep samples with a frame matching (function, file or binary; `*glob` too)",
    )
    .option("--ignore <regex>", "drop samples with a frame matching")
    .option("--hide <regex>", "remove matching frames from every stack")
    .option("--show <regex>", "keep only matching frames in every stack")
    .option(
      "--tagfocus <range|regex>",
      "keep samples by label: 1mb, 64kb:1mb, bytes=:300b, or regexps",
    )
    .option(
      "--relative-percentages",
      "percentages of what the filters kept, not of the whole profile",
    )
    .addOption(
      new Option(
        "--unit <u>",
        "iec (KiB, MiB), raw integers, or pprof's -unit: minimum, B, kB, MB, GB, ...",
      )
        .argParser(unitOption)
        .default("iec"),
    )
    .addOption(
      new Option("--max-decompressed <size>", "refuse profiles that decompress beyond this")
        .argParser(sizeOption)
        .default(1024 ** 3, "1GiB"),
    );
}

/**
 * pprof's pipeline: filters, then the report. `totalOf` gives the
 * percentages' denominator, from the unfiltered profile (pprof's default) or,
 * with --relative-percentages, from what the filters kept.
 */
export function runReport(
  profile: Profile,
  opts: ReportOptions,
  totalOf: (p: Profile, index: number) => number,
): TopResult {
  const index = sampleIndex(profile, opts.sampleIndex);
  const filters = sampleFilters(opts);
  const filtered = hasFilters(filters) ? filterProfile(profile, filters) : profile;
  return top(filtered, {
    sampleIndex: index,
    total: totalOf(opts.relativePercentages ? filtered : profile, index),
    granularity: opts.granularity,
    nodeCount: opts.nodecount,
    nodeFraction: opts.nodefraction,
    cum: opts.cum === true,
  });
}

export function valueNotes(...profiles: Profile[]): string[] {
  return profiles.some((p) => p.exactValues.size > 0)
    ? ["some sample values exceed 2^53; sums here are doubles and may be off in the last digits"]
    : [];
}

export function profileTime(p: Profile): string {
  return p.timeNanos ? new Date(Number(p.timeNanos / 1_000_000n)).toISOString() : "";
}

function sampleIndex(p: Profile, wanted: string | undefined): number {
  if (wanted === undefined) return defaultSampleIndex(p);
  const names = p.sampleTypes.map((t) => t.type);
  const byName = names.indexOf(wanted);
  if (byName >= 0) return byName;
  const n = Number(wanted);
  if (Number.isInteger(n) && n >= 0 && n < names.length) return n;
  throw new UserError(
    `--sample-index ${wanted}: the profile has ${names.join(", ")} (or 0..${names.length - 1})`,
  );
}

function sampleFilters(opts: ReportOptions): SampleFilters {
  const out: { -readonly [K in keyof SampleFilters]: SampleFilters[K] } = {};
  for (const name of ["focus", "ignore", "hide", "show"] as const) {
    const pattern = opts[name];
    if (pattern === undefined) continue;
    const re = compilePattern(pattern);
    if (typeof re === "string") throw new UserError(`--${name} ${pattern}: ${re}`);
    out[name] = re;
  }
  if (opts.tagfocus !== undefined) {
    const f = compileTagFilter(opts.tagfocus);
    if (typeof f === "string") throw new UserError(`--tagfocus ${opts.tagfocus}: ${f}`);
    out.tagfocus = f;
  }
  return out;
}

function fractionOption(value: string): number {
  const f = Number(value);
  if (!Number.isFinite(f) || f < 0 || f > 1)
    throw new InvalidArgumentError("want a fraction between 0 and 1");
  return f;
}

function unitOption(value: string): string {
  if (value === "iec" || value === "raw" || isPprofUnit(value)) return value;
  throw new InvalidArgumentError("want iec, raw, or a pprof unit such as minimum, B, kB, MB, GB");
}
