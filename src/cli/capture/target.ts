import { existsSync } from "node:fs";
import { InputError, UserError } from "../../base/errors.js";
import { loopbackReachable, parseProcNetTcp } from "../../formats/procnet/index.js";
import { parsePprofIndex } from "../../formats/pprofindex/index.js";
import type { TcpSocket } from "../../formats/procnet/index.js";
import { binaryGoVersion } from "../../toolchain/go.js";
import { httpGet } from "../../toolchain/http.js";
import { processSockets, type ProcessSockets } from "../../toolchain/proc.js";

/** Where snapshots come from: the server's base URL, and the process when known. */
export interface CaptureTarget {
  /** e.g. http://127.0.0.1:6060 (no trailing slash); endpoints are /debug/... under it. */
  readonly base: string;
  readonly pid: number | null;
  readonly goVersion: string;
}

const PROBE_TIMEOUT_MS = 2000;

/** `--url`: the server's base, from a base URL or any /debug/pprof/... URL under it. */
export function targetFromUrl(text: string): CaptureTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--url ${text}: not a URL (want e.g. http://127.0.0.1:6060)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`--url ${text}: want an http:// or https:// URL`);
  }
  const at = url.pathname.indexOf("/debug/");
  const path = (at >= 0 ? url.pathname.slice(0, at) : url.pathname).replace(/\/+$/, "");
  return { base: `${url.origin}${path}`, pid: null, goVersion: "" };
}

/**
 * `-p PID`: that process's own listening TCP ports (from /proc), probed for
 * the net/http/pprof index page; the first that serves it wins.
 */
export async function targetFromPid(
  pid: number,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<CaptureTarget> {
  if (!existsSync("/proc/self/fd")) {
    throw new UserError(`-p ${pid}: finding a process's ports needs Linux /proc; use --url`);
  }
  const input = `pid ${pid}`;
  const listeners = listenersOf(input, processSockets(pid));
  if (listeners.length === 0) {
    throw new InputError(
      input,
      'listens on no TCP port; serve net/http/pprof (import _ "net/http/pprof") or use --url',
    );
  }
  const tried: string[] = [];
  for (const s of sortedListeners(listeners)) {
    const base = `http://${hostFor(s)}:${s.port}`;
    tried.push(`${s.address.includes(":") ? `[${s.address}]` : s.address}:${s.port}`);
    if (await servesPprof(base, signal)) {
      return { base, pid, goVersion: await binaryGoVersion(`/proc/${pid}/exe`, env) };
    }
  }
  throw new InputError(
    input,
    `none of its listening ports (${tried.join(", ")}) serves /debug/pprof/; ` +
      'import _ "net/http/pprof" on the served mux, or use --url',
  );
}

function listenersOf(input: string, p: ProcessSockets): TcpSocket[] {
  return p.tables.flatMap(({ file, text }) => {
    const r = parseProcNetTcp(text);
    if (!r.ok) throw new InputError(input, `${file}: ${r.error}`);
    return r.value.filter((s) => s.listening && p.inodes.has(s.inode));
  });
}

/** Loopback listeners first (the usual debug port), then by port. */
function sortedListeners(ls: readonly TcpSocket[]): TcpSocket[] {
  const seen = new Set<string>();
  return [...ls]
    .sort(
      (a, b) =>
        Number(loopbackReachable(b.address)) - Number(loopbackReachable(a.address)) ||
        a.port - b.port,
    )
    .filter((s) => {
      const key = `${hostFor(s)}:${s.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The address to connect to for a listener of this process's. */
function hostFor(s: TcpSocket): string {
  if (s.address === "0.0.0.0" || s.address === "::") return "127.0.0.1";
  if (s.address.startsWith("::ffff:")) return s.address.slice(7);
  return s.address.includes(":") ? `[${s.address}]` : s.address;
}

async function servesPprof(base: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await httpGet(`${base}/debug/pprof/`, {
      timeoutMs: PROBE_TIMEOUT_MS,
      maxBytes: 1 << 20,
      ...(signal ? { signal } : {}),
    });
    return res.status === 200 && parsePprofIndex(Buffer.from(res.body).toString("utf8")) !== null;
  } catch (e) {
    if (signal?.aborted) throw e;
    return false; // not HTTP, or not answering: try the next port
  }
}
