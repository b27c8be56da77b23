// Every failure memsnap reports maps to one exit code (DEVELOPERS.md):
// 0 success, 1 a gate the user asked for failed, 2 usage or input error, 3 internal error.
export const EXIT = { ok: 0, gate: 1, usage: 2, internal: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the user can fix: bad flags, bad or missing input, missing Go. */
export class UserError extends Error {
  readonly exitCode: ExitCode = EXIT.usage;
  override readonly name = "UserError";
}

/** Input that is not what it claims to be; the message names the input. */
export class InputError extends UserError {
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`${input}: ${problem}`);
  }
}

/** Findings failed a gate the user asked for (a baseline, a threshold). */
export class GateError extends Error {
  readonly exitCode: ExitCode = EXIT.gate;
  override readonly name = "GateError";
}

export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof UserError || err instanceof GateError) return err.exitCode;
  return EXIT.internal;
}

/** One line, whatever the error carries. */
export function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, "; ");
}

/**
 * `memsnap run` passes on the exit code of the program it ran (after its own
 * report). Not a failure of memsnap: nothing more is printed.
 */
export class ChildExit extends Error {
  override readonly name = "ChildExit";
  constructor(readonly code: number) {
    super(`the program exited with code ${code}`);
  }
}
