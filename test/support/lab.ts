import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { parseSidecar } from "../../src/formats/sidecar/index.js";
import type { SnapshotWithStats as SnapshotMeta } from "../../src/model/snapshot.js";
import { readSidecars } from "../../src/toolchain/files.js";
import { runLabBinary } from "../../src/toolchain/lab.js";

export interface LabRun {
  readonly dir: string;
  readonly stdout: string;
  readonly snapshots: SnapshotMeta[];
  /** The last snapshot, taken when the workload ended, with its state alive. */
  readonly final: SnapshotMeta;
}

export interface LabRunOptions {
  variant?: string;
  durationMs?: number;
  everyMs?: number;
  gc?: boolean;
  env?: Record<string, string>;
  extraArgs?: string[];
  /** Another build of the program (another toolchain's); default: the shared build. */
  binary?: string;
}

export function labBinary(id: string): string {
  return path.join(inject("labBin"), id);
}

/** Runs a built lab program and reads its snapshot series back. */
export async function runLab(id: string, o: LabRunOptions = {}): Promise<LabRun> {
  const dir = mkdtempSync(path.join(tmpdir(), `memsnap-${id}-`));
  const args = [
    `-duration=${o.durationMs ?? 1500}ms`,
    `-every=${o.everyMs ?? 300}ms`,
    `-snapshots=${dir}`,
    ...(o.gc === false ? [] : ["-gc"]),
    ...(o.variant ? [`-variant=${o.variant}`] : []),
    ...(o.extraArgs ?? []),
  ];
  const res = await runLabBinary(o.binary ?? labBinary(id), args, {
    timeoutMs: (o.durationMs ?? 1500) + 60_000,
    ...(o.env ? { env: o.env } : {}),
  });
  if (res.code !== 0) throw new Error(`${id} exited ${res.code}: ${res.stderr}`);
  const snapshots = readSidecars(dir).map(({ name, text }) => {
    const r = parseSidecar(text);
    if (!r.ok) throw new Error(`${name}: ${r.error}`);
    const { memstats } = r.value;
    if (!memstats) throw new Error(`${name}: no memstats`);
    return { ...r.value, memstats };
  });
  const final = snapshots.at(-1);
  if (!final || final.label !== "final") throw new Error(`${id}: no final snapshot in ${dir}`);
  return { dir, stdout: res.stdout, snapshots, final };
}

export const MiB = 1024 * 1024;
export const heap = (s: SnapshotMeta) => s.memstats.HeapAlloc;
export const byLabel = (run: LabRun, label: string) => {
  const s = run.snapshots.find((x) => x.label === label);
  if (!s) throw new Error(`no snapshot labelled ${label} in ${run.dir}`);
  return s;
};
/** Per-op cost between the first and the final snapshot. */
export function perOp(run: LabRun, field: "Mallocs" | "TotalAlloc"): number {
  const a = run.snapshots[0];
  const ops = (run.final.gauges["ops"] ?? 0) - (a?.gauges["ops"] ?? 0);
  if (!a || ops <= 0) throw new Error(`no ops counted in ${run.dir}`);
  return (run.final.memstats[field] - a.memstats[field]) / ops;
}

/**
 * What `go tool pprof -top` says each function holds in a profile: the ground
 * truth for "the culprit keeps these bytes".
 */
export function pprofTop(
  profile: string,
  sampleIndex: string,
): Map<string, { flat: number; cum: number }> {
  const out = execFileSync(
    "go",
    [
      "tool",
      "pprof",
      "-top",
      "-unit=B",
      "-nodefraction=0",
      `-sample_index=${sampleIndex}`,
      profile,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const rows = new Map<string, { flat: number; cum: number }>();
  const value = String.raw`(-?\d+)B?`;
  const pct = String.raw`-?[\d.]+%`;
  const row = new RegExp(String.raw`^\s*${value}\s+${pct}\s+${pct}\s+${value}\s+${pct}\s+(.+)$`);
  for (const line of out.split("\n")) {
    const m = row.exec(line);
    if (m) rows.set(m[3] as string, { flat: Number(m[1]), cum: Number(m[2]) });
  }
  if (rows.size === 0) throw new Error(`go tool pprof printed no rows for ${profile}:\n${out}`);
  return rows;
}

export function profilePath(run: LabRun, s: SnapshotMeta): string {
  return path.join(run.dir, s.profile);
}

export function culpritLine(id: string): number {
  const text = readFileSync(path.resolve(import.meta.dirname, "../../lab", id, "main.go"), "utf8");
  const i = text.split("\n").findIndex((l) => l.includes("// memsnap:culprit"));
  if (i < 0) throw new Error(`${id}: no culprit marker`);
  return i + 1;
}

/** Runs the trap and the fixed variant of a program side by side. */
export function runPair(id: string, o: Omit<LabRunOptions, "variant"> = {}) {
  return Promise.all([
    runLab(id, { ...o, variant: "trap" }),
    runLab(id, { ...o, variant: "fixed" }),
  ]);
}

/** The function with the most flat inuse_space in a snapshot, and its share of the total. */
export function topHolder(run: LabRun, s: SnapshotMeta = run.final) {
  const top = pprofTop(profilePath(run, s), "inuse_space");
  let total = 0;
  let best = { name: "", flat: 0 };
  for (const [name, v] of top) {
    total += v.flat;
    if (v.flat > best.flat) best = { name, flat: v.flat };
  }
  return { ...best, share: total > 0 ? best.flat / total : 0 };
}
