import path from "node:path";
import { InputError } from "../../base/errors.js";
import { profileTotal } from "../../analyze/top.js";
import { parsePprof } from "../../formats/pprof/index.js";
import { parsePprofIndex } from "../../formats/pprofindex/index.js";
import { parseExpvar } from "../../formats/expvar/index.js";
import { formatSidecar, memStatsOf } from "../../formats/sidecar/index.js";
import type { SnapshotMeta } from "../../model/snapshot.js";
import { writeFileAtomic } from "../../toolchain/files.js";
import { httpGet, type HttpResponse } from "../../toolchain/http.js";
import type { CaptureTarget } from "./target.js";

export interface SnapshotOptions {
  readonly gc: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** One captured snapshot: what was written, and the numbers a reader wants at once. */
export interface Captured {
  readonly meta: SnapshotMeta;
  readonly sidecar: string;
  readonly inuseSpace: number;
  readonly inuseObjects: number;
  /** What the server did not offer as expected (a catch-all route answering /debug/vars). */
  readonly notes: readonly string[];
}

/**
 * Fetches the heap profile, then /debug/vars and the pprof index when the
 * server has them, checks the profile is a heap profile, and writes the
 * profile, the verbatim vars and the sidecar (last: a sidecar on disk means
 * the snapshot is whole). Each file is written atomically.
 */
export async function takeSnapshot(
  target: CaptureTarget,
  dir: string,
  seq: number,
  startedMs: number,
  o: SnapshotOptions,
): Promise<Captured> {
  const time = new Date();
  const heapUrl = `${target.base}/debug/pprof/heap${o.gc ? "?gc=1" : ""}`;
  const heap = await fetchOk(heapUrl, o);
  const parsed = parsePprof(heap.body, { maxDecompressedBytes: o.maxBytes });
  if (!parsed.ok) throw new InputError(heapUrl, `not a heap profile: ${parsed.error}`);
  const profile = parsed.value;
  const types = profile.sampleTypes.map((t) => t.type);
  const space = types.indexOf("inuse_space");
  const objects = types.indexOf("inuse_objects");
  if (space < 0 || objects < 0) {
    throw new InputError(
      heapUrl,
      `a profile, but not a heap profile (sample types: ${types.join(", ")})`,
    );
  }
  const notes: string[] = [];
  let vars = await fetchOptional(`${target.base}/debug/vars`, o);
  const expvar = vars ? parseExpvar(Buffer.from(vars.body).toString("utf8")) : null;
  const stats = expvar?.ok ? memStatsOf(expvar.value.memstats) : expvar;
  if (vars && stats && !stats.ok) {
    notes.push(`${vars.url} is not expvar (${stats.error}); memstats not recorded`);
    vars = null;
  }
  const memstats = stats?.ok ? stats.value : null;
  const index = await fetchOptional(`${target.base}/debug/pprof/`, o);
  const counts = index
    ? parsePprofIndex(Buffer.from(index.body).toString("utf8"))?.counts
    : undefined;

  const name = `heap-${String(seq).padStart(4, "0")}`;
  const profileFile = `${name}${heap.body[0] === 0x1f ? ".pb.gz" : ".pb"}`;
  writeFileAtomic(path.join(dir, profileFile), heap.body);
  if (vars) writeFileAtomic(path.join(dir, `${name}.vars.json`), vars.body);
  const meta: SnapshotMeta = {
    seq,
    label: "capture",
    time: time.toISOString(),
    elapsedMs: time.getTime() - startedMs,
    gc: o.gc,
    goVersion: target.goVersion,
    numGoroutine: counts?.["goroutine"] ?? null,
    profile: profileFile,
    source: heapUrl + (target.pid === null ? "" : ` (pid ${target.pid})`),
    gauges: {},
    memstats,
    ...(vars ? { vars: `${name}.vars.json` } : {}),
  };
  const sidecar = `${name}.json`;
  writeFileAtomic(path.join(dir, sidecar), Buffer.from(formatSidecar(meta)));
  return {
    meta,
    sidecar,
    inuseSpace: profileTotal(profile, space),
    inuseObjects: profileTotal(profile, objects),
    notes,
  };
}

async function fetchOk(url: string, o: SnapshotOptions): Promise<HttpResponse> {
  const res = await httpGet(url, request(o));
  if (res.status !== 200) throw new InputError(url, `HTTP ${res.status}${bodyHint(res)}`);
  return res;
}

/** A 404 means the server does not offer it (no expvar); any other failure is an error. */
async function fetchOptional(url: string, o: SnapshotOptions): Promise<HttpResponse | null> {
  const res = await httpGet(url, request(o));
  if (res.status === 404) return null;
  if (res.status !== 200) throw new InputError(url, `HTTP ${res.status}${bodyHint(res)}`);
  return res;
}

const request = (o: SnapshotOptions) => ({
  timeoutMs: o.timeoutMs,
  maxBytes: o.maxBytes,
  ...(o.signal ? { signal: o.signal } : {}),
});

/** The first line of a short text answer says why (Go's http.Error writes one). */
function bodyHint(res: HttpResponse): string {
  if (!/^text\//.test(res.contentType)) return "";
  const line = Buffer.from(res.body.subarray(0, 200)).toString("utf8").split("\n")[0]?.trim();
  return line ? `: ${line}` : "";
}
