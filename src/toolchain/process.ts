import { spawn } from "node:child_process";

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Output beyond this many bytes per stream is dropped (the run goes on). */
  readonly maxOutputBytes?: number;
  /** Called with each complete stdout line as it arrives. */
  readonly onStdoutLine?: (line: string) => void;
  readonly onStderrLine?: (line: string) => void;
  /** When aborted, the child's process group gets SIGINT (a Ctrl-C passed on). */
  readonly interrupt?: AbortSignal;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly truncated: boolean;
}

/** Thrown when the program itself cannot be started (missing, not executable). */
export class SpawnError extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs a program to completion with a deadline. The child leads its own
 * process group so a timeout also ends what it started (`go build` runs the
 * compiler and linker as children).
 */
export function runProcess(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const out = collector(max, opts.onStdoutLine);
    const err = collector(max, opts.onStderrLine);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, "SIGKILL");
    }, opts.timeoutMs);
    const onInterrupt = () => signalGroup(child.pid, "SIGINT");
    opts.interrupt?.addEventListener("abort", onInterrupt, { once: true });
    child.stdout.on("data", out.push);
    child.stderr.on("data", err.push);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SpawnError(command, e.code ?? "EUNKNOWN", e.message));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      opts.interrupt?.removeEventListener("abort", onInterrupt);
      resolve({
        code,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        timedOut,
        truncated: out.truncated() || err.truncated(),
      });
    });
  });
}

function signalGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // Already gone.
  }
}

function collector(max: number, onLine?: (line: string) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  let partial = "";
  return {
    push(chunk: Buffer): void {
      if (size + chunk.length <= max) {
        chunks.push(chunk);
        size += chunk.length;
      } else {
        cut = true;
      }
      if (onLine) {
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const l of lines) onLine(l);
      }
    },
    text(): string {
      if (onLine && partial) onLine(partial);
      partial = "";
      return Buffer.concat(chunks).toString("utf8");
    },
    truncated: () => cut,
  };
}
