import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection on request, for a long stream processed in
 * independent parts. V8 sizes its heap by the largest live set it has seen
 * and collects lazily under it: streaming std's -m=2 log twice over (303 MB,
 * largest package go/types with ~500 MiB live while it is processed, ~15 MiB
 * between packages) peaked at 1.96 GB against 0.85 GB for the log once,
 * although the live heap between packages never grew. A collection after
 * every 16 MB of input kept both at ~0.76 GB for no measurable CPU
 * (bench/RESULTS.md).
 */
export function fullCollector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
