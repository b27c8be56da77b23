import type { Command } from "commander";
import { InputError } from "../../base/errors.js";
import { diffMemstats } from "../../analyze/memstats-diff.js";
import { parseExpvar, sniffExpvar } from "../../formats/expvar/index.js";
import { parseSidecar, sniffSidecar } from "../../formats/sidecar/index.js";
import type { ExpvarMemStats } from "../../model/expvar.js";
import type { MemStats } from "../../model/memstats.js";
import { memstatsJson, memstatsText } from "../../report/memstats.js";
import { readInputFile } from "../../toolchain/files.js";
import { contextFor } from "../context.js";
import type { Io } from "../io.js";

const MAX_BYTES = 64 * 1024 ** 2;

export function registerMemstats(program: Command, io: Io): void {
  program
    .command("memstats")
    .description(
      "what changed between two runtime.MemStats readings (/debug/vars or snapshot sidecars)",
    )
    .argument(
      "<a>",
      "the earlier reading: a /debug/vars body, a MemStats object, or a heap-NNNN.json sidecar",
    )
    .argument("<b>", "the later reading")
    .addHelpText(
      "after",
      `
Examples:
  $ curl -s localhost:6060/debug/vars > a.json; sleep 60; curl -s localhost:6060/debug/vars > b.json
  $ memsnap memstats a.json b.json
  $ memsnap memstats snaps/heap-0001.vars.json snaps/heap-0006.vars.json --json

Live objects (Mallocs - Frees), HeapInuse, retained idle heap (HeapIdle -
HeapReleased), HeapAlloc, TotalAlloc, Sys, GC counts and pauses, the exact
time between the last GCs (LastGC is read as an integer beyond 2^53), and the
size classes that grew most.`,
    )
    .action((a: string, b: string, _o: unknown, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      const diff = diffMemstats(readStats(a), readStats(b));
      const report = { a, b, diff };
      ctx.emit(memstatsJson(report), () => memstatsText(report, ctx.style));
    });
}

function readStats(file: string): ExpvarMemStats | MemStats {
  const text = Buffer.from(readInputFile(file, MAX_BYTES)).toString("utf8");
  if (sniffSidecar(text) && !sniffExpvar(text)) {
    const r = parseSidecar(text);
    if (!r.ok) throw new InputError(file, r.error);
    if (!r.value.memstats) throw new InputError(file, "a snapshot sidecar without memstats");
    return r.value.memstats;
  }
  const r = parseExpvar(text);
  if (!r.ok) throw new InputError(file, r.error);
  return r.value.memstats;
}
