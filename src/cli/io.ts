/** The streams and environment a command talks to; tests pass their own. */
export interface Stream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface Io {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly env: NodeJS.ProcessEnv;
  /** The command line as given, for commands that read what follows `--` (bench). */
  readonly argv?: readonly string[];
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Color only on a terminal, never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(stream: Stream, env: NodeJS.ProcessEnv): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0") return true;
  return stream.isTTY === true;
}

/** Progress lines go to stderr, and only when stderr is a terminal. */
export function progress(io: Io): (message: string) => void {
  if (io.stderr.isTTY !== true) return () => {};
  return (message) => io.stderr.write(`memsnap: ${message}\n`);
}
