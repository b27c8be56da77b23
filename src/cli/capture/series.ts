import { formatBytes } from "../../base/units.js";
import type { CommandContext } from "../context.js";
import { takeSnapshot, type Captured } from "./snapshot.js";
import type { CaptureTarget } from "./target.js";

export interface SeriesOptions {
  readonly count: number;
  readonly interval: number;
  readonly gc?: boolean;
  readonly timeout: number;
  readonly maxBytes: number;
}

/** Snapshot i is due at start + i·interval (no drift); Ctrl-C ends the series early. */
export async function takeSeries(
  ctx: CommandContext,
  target: CaptureTarget,
  dir: string,
  opts: SeriesOptions,
  signal: AbortSignal,
): Promise<Captured[]> {
  const start = Date.now();
  const out: Captured[] = [];
  for (let i = 0; i < opts.count && !signal.aborted; i++) {
    if (i > 0 && !(await sleep(start + i * opts.interval - Date.now(), signal))) break;
    const c = await takeSnapshot(target, dir, i + 1, start, {
      gc: opts.gc === true,
      timeoutMs: opts.timeout,
      maxBytes: opts.maxBytes,
      signal,
    }).catch((e: unknown) => {
      if (signal.aborted && out.length > 0) return null; // keep what is whole
      throw e;
    });
    if (!c) break;
    out.push(c);
    ctx.progress(
      `snapshot ${i + 1}/${opts.count}: ${c.meta.profile}, ${formatBytes(c.inuseSpace)} in use`,
    );
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
