import type { Command } from "commander";
import { createStyle, type Style } from "../report/style.js";
import { colorEnabled, progress, type Io } from "./io.js";

/** What every command receives: global flags, styled output, progress. */
export interface CommandContext {
  readonly io: Io;
  readonly json: boolean;
  /** `--go` values, in order (empty: the default toolchain). */
  readonly goSpecs: readonly string[];
  readonly style: Style;
  readonly progress: (message: string) => void;
  /** Prints a result: the JSON document under --json, the text otherwise (a function is called only when needed). */
  emit(json: unknown, text: () => string): void;
}

export function contextFor(cmd: Command, io: Io): CommandContext {
  const opts = cmd.optsWithGlobals<{ json?: boolean; go?: string }>();
  const json = opts.json === true;
  return {
    io,
    json,
    goSpecs: (opts.go ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
    style: createStyle(colorEnabled(io.stdout, io.env)),
    progress: progress(io),
    emit(doc, text) {
      if (!json) {
        io.stdout.write(text());
        return;
      }
      const value: unknown = typeof doc === "function" ? (doc as () => unknown)() : doc;
      io.stdout.write(JSON.stringify(value, null, 2) + "\n");
    },
  };
}
