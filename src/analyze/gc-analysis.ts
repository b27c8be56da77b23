import { fail, ok, type Result } from "../base/result.js";
import type { GcTrace } from "../model/gctrace.js";
import { gcFindings, type GcFinding } from "./gc-findings.js";
import type { GcSettingSpec } from "./gc-settings.js";
import { GcSummaryBuilder, type GcPoint, type GcSummary } from "./gc-summary.js";
import { whatIf, type WhatIfOptions, type WhatIfResult } from "./gc-whatif.js";

export interface GcAnalysis {
  readonly summary: GcSummary;
  readonly points: readonly GcPoint[];
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
  if (trace.cycles.length === 0) return fail("no gctrace lines found");
  const b = new GcSummaryBuilder();
  const points = trace.cycles.map((c) => b.add(c));
  const summary = b.summary();
  const findings = gcFindings(summary);
  if (specs.length === 0) return ok({ summary, points, findings });
  const w = whatIf(trace, specs, opts);
  if (!w.ok) return w;
  return ok({ summary, points, findings, whatIf: w.value });
}
