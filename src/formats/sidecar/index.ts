import { fail, ok, type Result } from "../../base/result.js";
import { MEMSTATS_FIELDS, type MemStats, type MemStatsField } from "../../model/memstats.js";
import type { ExpvarMemStats } from "../../model/expvar.js";
import type { SnapshotMeta } from "../../model/snapshot.js";

/**
 * The JSON written beside each heap profile of a snapshot series
 * (`heap-0001.json` beside `heap-0001.pb.gz`). Documented in
 * docs/formats/snapshot-sidecar.md.
 */

/** True when the text looks like a sidecar at all, before any validation. */
export function sniffSidecar(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"seq"') && text.includes('"profile"');
}

type Json = Record<string, unknown>;

export function parseSidecar(text: string): Result<SnapshotMeta> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // V8 quotes the offending input in its message, newlines included.
    return fail(`not JSON: ${(e as Error).message.replace(/\s+/g, " ").slice(0, 160)}`);
  }
  if (!isObject(raw)) return fail("not a snapshot sidecar: expected a JSON object");
  const fields = readFields(raw);
  if (!fields.ok) return fields;
  // A capture from a program without expvar has no memstats; null says so.
  const memstats = raw["memstats"] ?? null;
  if (memstats === null) return ok({ ...fields.value, memstats: null });
  if (!isObject(memstats)) return fail('"memstats" must be an object or null');
  const stats = readMemStats(memstats);
  if (!stats.ok) return stats;
  return ok({ ...fields.value, memstats: stats.value });
}

/** The sidecar text for a snapshot: the fields of docs/formats/snapshot-sidecar.md. */
export function formatSidecar(meta: SnapshotMeta): string {
  return JSON.stringify(meta, null, 2) + "\n";
}

/**
 * The memstats subset a sidecar stores, from /debug/vars as the expvar
 * reader parsed it; fails when a field is absent (NumForcedGC before Go 1.8).
 */
export function memStatsOf(m: ExpvarMemStats): Result<MemStats> {
  const out = {} as Record<MemStatsField, number>;
  for (const f of MEMSTATS_FIELDS) {
    const v = m[f];
    if (v === null) return fail(`memstats.${f} is missing (a Go release without it)`);
    out[f] = v;
  }
  return ok(out);
}

function readFields(raw: Json): Result<Omit<SnapshotMeta, "memstats">> {
  const seq = raw["seq"];
  const profile = raw["profile"];
  if (!isCount(seq)) return fail('"seq" must be a non-negative integer');
  if (typeof profile !== "string" || !isFileName(profile)) {
    return fail('"profile" must be a file name beside the sidecar');
  }
  const gauges = raw["gauges"] ?? {};
  if (!isObject(gauges) || !Object.values(gauges).every((v) => typeof v === "number")) {
    return fail('"gauges" must map names to numbers');
  }
  const lab = str(raw["lab"]);
  const vars = raw["vars"];
  if (vars !== undefined && (typeof vars !== "string" || !isFileName(vars))) {
    return fail('"vars" must be a file name beside the sidecar');
  }
  const goroutines = raw["numGoroutine"];
  return ok({
    seq,
    label: str(raw["label"]),
    time: str(raw["time"]),
    elapsedMs: num(raw["elapsedMs"]),
    gc: raw["gc"] === true,
    goVersion: str(raw["goVersion"]),
    numGoroutine: isCount(goroutines) ? goroutines : null,
    profile,
    source: str(raw["source"]) || (lab ? `lab:${lab}/${str(raw["variant"])}` : ""),
    gauges: gauges as Record<string, number>,
    ...(vars === undefined ? {} : { vars }),
  });
}

function readMemStats(m: Json): Result<MemStats> {
  const out = {} as Record<MemStatsField, number>;
  for (const f of MEMSTATS_FIELDS) {
    const v = m[f];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      return fail(`memstats.${f} must be a non-negative number`);
    }
    out[f] = v;
  }
  return ok(out);
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isFileName = (v: string): boolean => v !== "" && v !== "." && v !== ".." && !/[/\\]/.test(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
