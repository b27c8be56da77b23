import { fail, ok, type Result } from "../../base/result.js";
import type { ExpvarMemStats, ExpvarSizeClass, ExpvarVars } from "../../model/expvar.js";
import { JsonNumber, JsonObject, parseJson, type Json } from "./json.js";

export { parseJson, JsonNumber, JsonObject, type Json, type JsonMember } from "./json.js";

/**
 * The JSON of expvar's /debug/vars (`{"cmdline": [...], "memstats": {...},
 * ...}`), or a runtime.MemStats object alone (json.Marshal of it, as expvar
 * writes it).
 */
export function sniffExpvar(text: string): boolean {
  // json.Marshal writes MemStats' fields in declaration order: Alloc first.
  if (/^\s*\{\s*"Alloc"\s*:/.test(text)) return true;
  return /^\s*\{/.test(text) && text.slice(0, 4096).includes('"cmdline"') && text.includes('"memstats"'); // prettier-ignore
}

export function parseExpvar(text: string): Result<ExpvarVars> {
  const doc = parseJson(text);
  if (!doc.ok) return doc;
  const root = doc.value;
  if (!(root instanceof JsonObject)) return fail("expvar: expected a JSON object");
  const wrapped = root.members.has("memstats");
  const m = wrapped ? root.get("memstats") : root;
  if (!(m instanceof JsonObject)) return fail('expvar: "memstats" is not an object');
  if (!wrapped && !root.members.has("HeapAlloc")) {
    return fail('expvar: neither /debug/vars (no "memstats") nor a MemStats object (no "HeapAlloc")'); // prettier-ignore
  }
  const memstats = readMemStats(m, text);
  if (!memstats.ok) return memstats;
  if (!wrapped) return ok({ cmdline: null, memstats: memstats.value, vars: {} });
  const cmdline = root.get("cmdline") ?? null;
  if (cmdline !== null && !isStrings(cmdline)) return fail('expvar: "cmdline" must be an array of strings'); // prettier-ignore
  const vars: Record<string, string> = {};
  for (const [k, v] of root.members) {
    if (k !== "cmdline" && k !== "memstats") vars[k] = text.slice(v.start, v.end);
  }
  return ok({ cmdline, memstats: memstats.value, vars });
}

// runtime.MemStats' uint64/uint32 fields read as numbers (see model/expvar.ts).
const COUNTS = [
  "Alloc", "TotalAlloc", "Sys", "Lookups", "Mallocs", "Frees", "HeapAlloc", "HeapSys",
  "HeapIdle", "HeapInuse", "HeapReleased", "HeapObjects", "StackInuse", "StackSys",
  "MSpanInuse", "MSpanSys", "MCacheInuse", "MCacheSys", "BuckHashSys", "GCSys", "OtherSys",
  "NextGC", "PauseTotalNs", "NumGC",
] as const; // prettier-ignore
const KNOWN = new Set<string>([
  ...COUNTS,
  "LastGC",
  "PauseNs",
  "PauseEnd",
  "NumForcedGC",
  "GCCPUFraction",
  "EnableGC",
  "DebugGC",
  "BySize",
]);

class FieldError extends Error {}

function readMemStats(m: JsonObject, text: string): Result<ExpvarMemStats> {
  try {
    const field = (k: string): Json => {
      const v = m.get(k);
      if (v === undefined) throw new FieldError(`memstats.${k} is missing`);
      return v;
    };
    const counts = {} as Record<(typeof COUNTS)[number], number>;
    for (const k of COUNTS) counts[k] = count(field(k), k);
    const forced = m.get("NumForcedGC");
    const extra: Record<string, string> = {};
    for (const [k, v] of m.members) if (!KNOWN.has(k)) extra[k] = text.slice(v.start, v.end);
    return ok({
      ...counts,
      LastGC: big(field("LastGC"), "LastGC"),
      PauseNs: list(field("PauseNs"), "PauseNs").map((v, i) => count(v, `PauseNs[${i}]`)),
      PauseEnd: list(field("PauseEnd"), "PauseEnd").map((v, i) => big(v, `PauseEnd[${i}]`)),
      NumForcedGC: forced === undefined ? null : count(forced, "NumForcedGC"),
      GCCPUFraction: fraction(field("GCCPUFraction")),
      EnableGC: bool(field("EnableGC"), "EnableGC"),
      DebugGC: bool(field("DebugGC"), "DebugGC"),
      BySize: list(field("BySize"), "BySize").map(sizeClass),
      extra,
    });
  } catch (e) {
    if (e instanceof FieldError) return fail(`expvar: ${e.message}`);
    throw e;
  }
}

const UINT = /^(?:0|[1-9]\d*)$/;

function count(v: Json, name: string): number {
  if (!(v instanceof JsonNumber) || !UINT.test(v.text)) {
    throw new FieldError(`memstats.${name} must be an unsigned integer`);
  }
  return Number(v.text);
}

function big(v: Json, name: string): bigint {
  if (!(v instanceof JsonNumber) || !UINT.test(v.text) || v.text.length > 20) {
    throw new FieldError(`memstats.${name} must be an unsigned 64-bit integer`);
  }
  const b = BigInt(v.text);
  if (b >= 1n << 64n) throw new FieldError(`memstats.${name} must be an unsigned 64-bit integer`);
  return b;
}

function fraction(v: Json): number {
  const x = v instanceof JsonNumber ? Number(v.text) : NaN;
  if (!Number.isFinite(x) || x < 0) throw new FieldError("memstats.GCCPUFraction must be a number ≥ 0"); // prettier-ignore
  return x;
}

function bool(v: Json, name: string): boolean {
  if (typeof v !== "boolean") throw new FieldError(`memstats.${name} must be true or false`);
  return v;
}

function list(v: Json, name: string): Json[] {
  if (!Array.isArray(v)) throw new FieldError(`memstats.${name} must be an array`);
  return v;
}

function sizeClass(v: Json, i: number): ExpvarSizeClass {
  if (!(v instanceof JsonObject)) throw new FieldError(`memstats.BySize[${i}] must be an object`);
  const get = (k: string): number => count(v.get(k) ?? null, `BySize[${i}].${k}`);
  return { Size: get("Size"), Mallocs: get("Mallocs"), Frees: get("Frees") };
}

const isStrings = (v: Json): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");
