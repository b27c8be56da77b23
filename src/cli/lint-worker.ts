// Entry of one lint worker thread (started by lint-workers.ts). It loads its
// own copy of the grammar (wasm instances are per thread), then lints each
// slice of files the main thread posts and answers with the slice's result.
import { parentPort, workerData } from "node:worker_threads";
import { UserError } from "../base/errors.js";
import { LINT_RULES } from "../analyze/lint/rules/index.js";
import { GoSyntax } from "../formats/gosyntax/index.js";
import { GoModVersions } from "../toolchain/gofiles.js";
import { readGoGrammarWasm } from "../toolchain/grammar.js";
import { lintSlice } from "./lint-slice.js";
import type { WorkerData, WorkerReply, WorkerTask } from "./lint-workers.js";

const port = parentPort;
if (!port) throw new Error("lint-worker.js runs as a worker thread only");
const data = workerData as WorkerData;
const ids = new Set<string>(data.ruleIds);
const rules = LINT_RULES.filter((r) => ids.has(r.id));
const versions = new GoModVersions();
const loaded = await GoSyntax.load(readGoGrammarWasm());

port.on("message", (task: WorkerTask | null) => {
  if (task === null) {
    port.close();
    return;
  }
  let reply: WorkerReply;
  if (!loaded.ok) reply = { id: task.id, error: loaded.error, user: false };
  else {
    try {
      const result = lintSlice(loaded.value, task.files, rules, versions, data.maxBytes);
      reply = { id: task.id, result };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      reply = { id: task.id, error: message, user: e instanceof UserError };
    }
  }
  port.postMessage(reply);
});
