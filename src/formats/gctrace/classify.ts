import type { GcLineKind } from "../../model/gctrace.js";

/**
 * What a line that is not a gctrace line is, from how it starts. The
 * prefixes are the runtime's own print calls:
 * - `pacer: ` — gcpacertrace=1 (runtime/mgcpacer.go; runtime/mgc.go before Go 1.17);
 * - `scvgN: ` — the scavenger under gctrace=1 up to Go 1.12 (runtime/mheap.go,
 *   N = -1 for debug.FreeOSMemory), `scav ` — scavtrace=1 since Go 1.13
 *   (runtime/mgcscavenge.go, printScavTrace);
 * - `GC forced` — forcegchelper under gctrace=1 (runtime/proc.go);
 * - schedtrace `SCHED `, scheddetail `  P0: `/`  M0: `/`  G1: `, inittrace
 *   `init pkg @`, gctrace=2 `scan: ` (Go 1.26), checkfinalizers, allocfreetrace,
 *   and `runtime: ` messages.
 */
export function classifyLine(text: string): Exclude<GcLineKind, "malformed"> {
  if (text.startsWith("pacer: ")) return "pacer";
  if (SCAVENGER.test(text)) return "scavenger";
  if (text === "GC forced") return "gc-forced";
  if (GODEBUG.test(text)) return "godebug";
  return "program";
}

const SCAVENGER = /^(?:scvg-?\d+: |scav \d)/;
const GODEBUG =
  /^(?:SCHED \d| {2}[PMG]\d+: |init \S+ @\d|scan: |checkfinalizers: |trace(?:alloc|free)\(|tracegc\(\)|runtime: )/;
