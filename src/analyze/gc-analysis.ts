import { fail, ok, type Result } from "../base/result.js";
import type { GcTraceSink } from "../formats/gctrace/index.js";
import type { GcCycle, GcTrace } from "../model/gctrace.js";
import { gcFindings, type GcFinding } from "./gc-findings.js";
import { GcSeries } from "./gc-series.js";
import type { GcSettingSpec } from "./gc-settings.js";
import { GcSummaryBuilder, type GcSummary } from "./gc-summary.js";
import { whatIfSeries, type WhatIfOptions, type WhatIfResult } from "./gc-whatif.js";

export interface GcAnalysis {
  readonly summary: GcSummary;
  /** Every cycle, in columns; empty when the analysis was asked not to keep them. */
  readonly points: GcSeries;
  readonly findings: readonly GcFinding[];
  readonly whatIf?: WhatIfResult;
}

/**
 * Everything `memsnap gc` shows for a parsed trace. A trace without cycles is
 * refused ("no gctrace lines found"), never summarized as zeros.
 */
export function analyzeGc(
  trace: Pick<GcTrace, "cycles" | "layouts">,
  specs: readonly GcSettingSpec[] = [],
  opts: WhatIfOptions = {},
): Result<GcAnalysis> {
  const a = new GcAnalyzer(true);
  for (const c of trace.cycles) a.add(c);
  return a.result(trace.layouts, specs, opts);
}

/**
 * analyzeGc fed one cycle at a time, as the parser finds them. The summary
 * and findings need memory independent of the trace's length; the series
 * (`keepSeries`, for `--json` and `--what-if`) takes SERIES_BYTES_PER_CYCLE
 * a cycle.
 */
export class GcAnalyzer {
  private readonly builder = new GcSummaryBuilder();
  private readonly series = new GcSeries(1);

  constructor(private readonly keepSeries: boolean) {}

  add(c: GcCycle): void {
    const p = this.builder.add(c);
    if (this.keepSeries) this.series.push(p);
  }

  /** What the parser should feed: flat records when the series is not kept (no object per cycle). */
  sink(): Pick<GcTraceSink, "cycle" | "fields"> {
    if (this.keepSeries) return { cycle: (c) => this.add(c) };
    return { fields: (f) => this.builder.addFields(f) };
  }

  get cycles(): number {
    return this.builder.cycles;
  }

  result(
    layouts: GcTrace["layouts"],
    specs: readonly GcSettingSpec[] = [],
    opts: WhatIfOptions = {},
  ): Result<GcAnalysis> {
    if (this.builder.cycles === 0) return fail("no gctrace lines found");
    const summary = this.builder.summary();
    const findings = gcFindings(summary);
    const base = { summary, points: this.series, findings };
    if (specs.length === 0) return ok(base);
    if (!this.keepSeries) return fail("the what-if needs the cycles: analyze with keepSeries");
    const w = whatIfSeries({ series: this.series, summary, layouts }, specs, opts);
    if (!w.ok) return w;
    return ok({ ...base, whatIf: w.value });
  }
}
