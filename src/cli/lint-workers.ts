import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { UserError } from "../base/errors.js";
import { mergeLintResults, type LintResult } from "../analyze/lint/engine.js";
import type { LintRule } from "../analyze/lint/rule.js";
import { GoSyntax } from "../formats/gosyntax/index.js";
import { GoModVersions, type FoundGoFile } from "../toolchain/gofiles.js";
import { readGoGrammarWasm } from "../toolchain/grammar.js";
import { lintSlice, MAX_LINT_FILE_BYTES } from "./lint-slice.js";

/**
 * Lints files on worker threads. Parsing is CPU-bound wasm (~2 ms per
 * file of the standard library), so threads scale with cores; each thread
 * holds its own grammar and wasm heap (~150 MiB peak each on the standard
 * library). Slices are handed out as workers finish the previous one, so a
 * huge generated file does not leave the other threads idle, and the results
 * are merged in file order: the output is the same for any `jobs`.
 */
export interface LintJobsOptions {
  /** Threads; 1 lints on the main thread. Default: the available cores. */
  readonly jobs?: number;
  readonly maxBytes?: number;
  /** Called after each slice with the number of files done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Files per slice: big enough that messaging is noise, small enough to balance. */
const SLICE = 32;

export interface WorkerData {
  readonly ruleIds: readonly string[];
  readonly maxBytes: number;
}
export interface WorkerTask {
  readonly id: number;
  readonly files: readonly FoundGoFile[];
}
export type WorkerReply =
  | { readonly id: number; readonly result: LintResult }
  | { readonly id: number; readonly error: string; readonly user: boolean };

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export async function lintWithJobs(
  files: readonly FoundGoFile[],
  rules: readonly LintRule[],
  o: LintJobsOptions = {},
): Promise<LintResult> {
  const maxBytes = o.maxBytes ?? MAX_LINT_FILE_BYTES;
  const slices: FoundGoFile[][] = [];
  for (let i = 0; i < files.length; i += SLICE) slices.push(files.slice(i, i + SLICE));
  // No more threads than slices: one file is linted without starting any.
  const jobs = Math.min(Math.max(1, Math.floor(o.jobs ?? defaultJobs())), slices.length);
  const ids = rules.map((r) => r.id);
  const parts =
    jobs <= 1
      ? await onMainThread(slices, rules, maxBytes, files.length, o.onProgress)
      : await onWorkers(slices, jobs, { ruleIds: ids, maxBytes }, files.length, o.onProgress);
  return mergeLintResults(ids, parts);
}

async function onMainThread(
  slices: readonly FoundGoFile[][],
  rules: readonly LintRule[],
  maxBytes: number,
  total: number,
  onProgress: LintJobsOptions["onProgress"],
): Promise<LintResult[]> {
  const loaded = await GoSyntax.load(readGoGrammarWasm());
  if (!loaded.ok) throw new Error(loaded.error);
  const versions = new GoModVersions();
  const parts: LintResult[] = [];
  let done = 0;
  for (const s of slices) {
    parts.push(lintSlice(loaded.value, s, rules, versions, maxBytes));
    done += s.length;
    onProgress?.(done, total);
  }
  return parts;
}

function onWorkers(
  slices: readonly FoundGoFile[][],
  jobs: number,
  data: WorkerData,
  total: number,
  onProgress: LintJobsOptions["onProgress"],
): Promise<LintResult[]> {
  const entry = new URL("./lint-worker.js", import.meta.url);
  const parts: LintResult[] = new Array<LintResult>(slices.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  let files = 0;
  return new Promise<LintResult[]>((resolve, reject) => {
    let failed = false;
    const stop = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(err);
    };
    const feed = (w: Worker) => {
      const id = next++;
      const slice = slices[id];
      w.postMessage(slice ? ({ id, files: slice } satisfies WorkerTask) : null);
    };
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(entry, { workerData: data });
      workers.push(w);
      w.on("message", (m: WorkerReply) => {
        if ("error" in m) {
          stop(m.user ? new UserError(m.error) : new Error(`lint worker: ${m.error}`));
          return;
        }
        parts[m.id] = m.result;
        files += slices[m.id]?.length ?? 0;
        onProgress?.(files, total);
        if (++done === slices.length) resolve(parts);
        else feed(w);
      });
      w.on("error", (e) => stop(e));
      w.on("exit", (code) => {
        if (code !== 0 && done < slices.length) stop(new Error(`lint worker exited with ${code}`));
      });
      feed(w);
    }
  }).finally(() => {
    // Workers that were handed `null` exit by themselves; this ends the rest.
    for (const w of workers) void w.terminate();
  });
}
