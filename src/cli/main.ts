import { Command, CommanderError } from "commander";
import { ChildExit, EXIT, exitCodeOf, oneLine } from "../base/errors.js";
import { processIo, type Io } from "./io.js";
import { VERSION } from "./version.js";

const EXAMPLES = `
Examples:
  $ memsnap lab list
  $ memsnap lab run map-never-shrinks --duration 3s --every 500ms
  $ memsnap top heap.pb.gz --sample-index alloc_space
  $ memsnap capture --url http://127.0.0.1:6060 --count 3 --interval 10s --out ./snaps
  $ memsnap diff heap-0001.pb.gz heap-0009.pb.gz --focus='*http.Request'
  $ memsnap escape ./... --asm
  $ memsnap run --trace-out gc.log -- ./server && memsnap gc gc.log --what-if GOGC=200
  $ memsnap toolchain --go go1.22.12

Exit codes: 0 success, 1 a gate you asked for failed, 2 usage or input error, 3 internal error.
Every command takes --json (schemas in docs/json/). NO_COLOR turns colour off.`;

type Register = (program: Command, io: Io) => void;

/**
 * The commands, in help order, each loaded only when needed: a run of one
 * command loads that command's modules alone, which halves Node's start-up
 * for `memsnap top` (module loading is most of a short run).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  lab: async () => (await import("./commands/lab.js")).registerLab,
  top: async () => (await import("./commands/top.js")).registerTop,
  diff: async () => (await import("./commands/diff.js")).registerDiff,
  capture: async () => (await import("./commands/capture.js")).registerCapture,
  escape: async () => (await import("./commands/escape.js")).registerEscape,
  memstats: async () => (await import("./commands/memstats.js")).registerMemstats,
  bench: async () => (await import("./commands/bench.js")).registerBench,
  layout: async () => (await import("./commands/layout.js")).registerLayout,
  gc: async () => (await import("./commands/gc.js")).registerGc,
  run: async () => (await import("./commands/run.js")).registerRun,
  lint: async () => (await import("./commands/lint.js")).registerLint,
  toolchain: async () => (await import("./commands/toolchain.js")).registerToolchain,
};

/** The command argv names, past the global options; undefined when none (help, a typo: all are loaded). */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") return undefined;
    if (a === "--go") i++;
    else if (!a.startsWith("-")) return Object.hasOwn(COMMANDS, a) ? a : undefined;
  }
  return undefined;
}

/** The program with every command, or with `only` (a command name) alone. */
export async function buildProgram(io: Io, only?: string): Promise<Command> {
  const program = new Command("memsnap")
    .description("Find and explain memory problems in Go programs.")
    .version(VERSION, "-V, --version")
    .option("--json", "print the result as JSON (see docs/json/)")
    .option(
      "--go <path|version,...>",
      "Go toolchain: a go binary, a GOROOT, or a version like go1.22.12",
    )
    .addHelpText("after", EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`memsnap: ${oneLine(s.replace(/^error: /, ""))}\n`),
    });
  const names = only !== undefined ? [only] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => (COMMANDS[n] as () => Promise<Register>)()));
  for (const register of registers) register(program, io);
  // Subcommands inherit the error handling and output streams.
  for (const c of program.commands) inheritSettings(program, c);
  return program;
}

function inheritSettings(parent: Command, cmd: Command): void {
  cmd.copyInheritedSettings(parent);
  for (const c of cmd.commands) inheritSettings(cmd, c);
}

/** Runs the CLI and returns the exit code (for `run`, the program's own); never throws. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const withArgv = { ...io, argv };
  return runProgram(await buildProgram(withArgv, commandName(argv)), argv, withArgv);
}

/** Parses and runs; every failure becomes one line on stderr and an exit code. */
export async function runProgram(
  program: Command,
  argv: readonly string[],
  io: Io,
): Promise<number> {
  try {
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof ChildExit) return err.code;
  if (err instanceof CommanderError) {
    // Commander has already printed its message (through outputError).
    if (err.exitCode === 0) return EXIT.ok;
    return EXIT.usage;
  }
  const code = exitCodeOf(err);
  const msg = err instanceof Error ? err.message : String(err);
  if (code === EXIT.internal) {
    io.stderr.write(`memsnap: internal error: ${oneLine(msg)}\n`);
    if (io.env["MEMSNAP_DEBUG"] && err instanceof Error && err.stack)
      io.stderr.write(err.stack + "\n");
  } else {
    io.stderr.write(`memsnap: ${oneLine(msg)}\n`);
  }
  return code;
}
