import { parseGcTrace } from "../../src/formats/gctrace/index.js";
import { parseWhatIf } from "../../src/analyze/gc-settings.js";
import { whatIf, type Prediction } from "../../src/analyze/gc-whatif.js";
import type { GcTrace } from "../../src/model/gctrace.js";
import { runLabBinary } from "../../src/toolchain/lab.js";
import { labBinary } from "../support/lab.js";

const MiB = 1 << 20;

/** One lab program, its run length, and the settings predicted from its GOGC=100 run. */
export interface Case {
  readonly id: string;
  readonly durationS: number;
  readonly settings: readonly string[];
}

export interface Row {
  readonly program: string;
  readonly setting: string;
  readonly predictedGcs: number;
  readonly realGcs: number;
  readonly gcsError: number;
  readonly predictedPeakMiB: number;
  readonly realPeakMiB: number;
  readonly peakError: number;
  readonly predictedCpu: number;
  readonly realCpu: number;
}

/**
 * Runs a lab program with GODEBUG=gctrace=1 under one setting, GOMAXPROCS=2
 * and a fixed seed, and parses its trace (stderr).
 */
export async function record(
  id: string,
  durationS: number,
  env: Record<string, string>,
): Promise<GcTrace> {
  const res = await runLabBinary(labBinary(id), [`-duration=${durationS * 1000}ms`, "-seed=1"], {
    timeoutMs: durationS * 1000 + 60_000,
    env: { GODEBUG: "gctrace=1", GOMAXPROCS: "2", GOGC: "100", GOMEMLIMIT: "off", ...env },
  });
  if (res.code !== 0)
    throw new Error(`${id} ${JSON.stringify(env)} exited ${res.code}: ${res.stderr}`);
  const r = parseGcTrace(res.stderr);
  if (!r.ok) throw new Error(`${id} ${JSON.stringify(env)}: ${r.error}`);
  return r.value;
}

/** "GOGC=50" → { GOGC: "50" }; "GOGC=off+GOMEMLIMIT=1GiB" → both. */
function envOf(setting: string): Record<string, string> {
  return Object.fromEntries(setting.split("+").map((kv) => kv.split("=") as [string, string]));
}

/**
 * The peak a trace shows: its largest heap at the end of a mark phase, at the
 * middle of the printed MiB (the prediction is not rounded down).
 */
function realPeak(t: GcTrace): number {
  return t.cycles.reduce((m, c) => Math.max(m, c.bytes.end, c.bytes.start), 0) + MiB / 2;
}

function realCpu(t: GcTrace, windowS: number): number {
  const ms = t.cycles.reduce(
    (s, c) => s + c.cpu.sweepTermMs + c.cpu.assistMs + c.cpu.backgroundMs + c.cpu.markTermMs,
    0,
  );
  return (ms / 1000 / (2 * windowS)) * 100;
}

/** Records at GOGC=100 and every setting at once (the runs are light), then predicts and compares. */
export async function validate(c: Case): Promise<Row[]> {
  const [base, ...reruns] = await Promise.all([
    record(c.id, c.durationS, {}),
    ...c.settings.map((s) => record(c.id, c.durationS, envOf(s))),
  ]);
  const specs = c.settings.map((s) => {
    const r = parseWhatIf(s);
    if (!r.ok || r.value.length !== 1) throw new Error(`bad setting ${s}`);
    return r.value[0] as NonNullable<(typeof r.value)[0]>;
  });
  const w = whatIf(base as GcTrace, specs, { durationS: c.durationS });
  if (!w.ok) throw new Error(w.error);
  return w.value.predictions.map((p: Prediction, i) => {
    const real = reruns[i] as GcTrace;
    const rp = realPeak(real) / MiB;
    const pp = p.peakHeapBytes / MiB;
    return {
      program: c.id,
      setting: c.settings[i] as string,
      predictedGcs: p.gcs,
      realGcs: real.cycles.length,
      gcsError: (p.gcs - real.cycles.length) / real.cycles.length,
      predictedPeakMiB: pp,
      realPeakMiB: rp,
      peakError: (pp - rp) / rp,
      predictedCpu: p.cpuPercent,
      realCpu: realCpu(real, c.durationS),
    };
  });
}

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;

/** The rows as the Markdown table of bench/RESULTS.md. */
export function markdown(rows: readonly Row[]): string {
  const out = [
    "| program | setting | GCs predicted | GCs real | error | peak predicted | peak real | error | GC CPU predicted | GC CPU real |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows)
    out.push(
      `| ${r.program} | ${r.setting} | ${r.predictedGcs} | ${r.realGcs} | ${pct(r.gcsError)} | ${r.predictedPeakMiB.toFixed(1)} MiB | ${r.realPeakMiB.toFixed(1)} MiB | ${pct(r.peakError)} | ${r.predictedCpu.toFixed(2)}% | ${r.realCpu.toFixed(2)}% |`,
    );
  return out.join("\n") + "\n";
}
