import { spawn } from "node:child_process";
import { UserError } from "../base/errors.js";

export interface PassthroughOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Each stdout chunk, after it has been written through unchanged. */
  readonly onStdout: (chunk: string) => void;
  /** Each stderr chunk; the caller decides what reaches the user's stderr. */
  readonly onStderr: (chunk: string) => void;
}

export interface PassthroughResult {
  /** The exit code to pass on: the program's, or 128 + the signal number that ended it. */
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

/**
 * Runs a program the user asked for, in the foreground: stdin is shared,
 * stdout is copied through unchanged as it arrives, stderr goes to the
 * caller. Ctrl-C reaches the program (same process group) and memsnap waits
 * for it to exit, so the summary still prints.
 */
export function runPassthrough(
  command: string,
  args: readonly string[],
  opts: PassthroughOptions,
): Promise<PassthroughResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env, stdio: ["inherit", "pipe", "pipe"] });
    const ignore = () => {};
    const forwarded: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const s of forwarded) process.on(s, ignore);
    const done = () => {
      for (const s of forwarded) process.off(s, ignore);
    };
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      process.stdout.write(chunk);
      opts.onStdout(chunk);
    });
    child.stderr.on("data", opts.onStderr);
    child.on("error", (e: NodeJS.ErrnoException) => {
      done();
      reject(
        new UserError(
          e.code === "ENOENT"
            ? `run: ${command}: command not found`
            : `run: cannot start ${command}: ${e.code ?? e.message}`,
        ),
      );
    });
    child.on("close", (code, signal) => {
      done();
      resolve({ exitCode: code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0), signal });
    });
  });
}

/** GODEBUG with gctrace=1 added, keeping the user's settings (and their own gctrace value). */
export function withGcTrace(godebug: string | undefined): string {
  const parts = (godebug ?? "").split(",").filter((p) => p.trim() !== "");
  if (parts.some((p) => p.trim().startsWith("gctrace="))) return parts.join(",");
  return [...parts, "gctrace=1"].join(",");
}
