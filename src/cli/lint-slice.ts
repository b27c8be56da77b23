import {
  lintFiles,
  type LintFileNote,
  type LintInput,
  type LintResult,
} from "../analyze/lint/engine.js";
import type { LintRule } from "../analyze/lint/rule.js";
import type { GoSyntax } from "../formats/gosyntax/index.js";
import { readGoFile, type FoundGoFile, type GoModVersions } from "../toolchain/gofiles.js";

/** Larger files are skipped with a note: generated tables, not code to lint (and tree-sitter's memory). */
export const MAX_LINT_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads and lints some of the found files, one at a time (a file's text is
 * garbage once its tree is deleted, so memory stays at one file's worth).
 * Files that cannot be read, or are over the cap, become notes; a named file
 * that cannot be read throws InputError. The same code runs on the main
 * thread (`--jobs 1`) and in each worker, so both give the same result.
 */
export function lintSlice(
  syntax: GoSyntax,
  files: readonly FoundGoFile[],
  rules: readonly LintRule[],
  versions: GoModVersions,
  maxBytes = MAX_LINT_FILE_BYTES,
): LintResult {
  const readNotes: LintFileNote[] = [];
  function* inputs(): Generator<LintInput> {
    for (const f of files) {
      const r = readGoFile(f, maxBytes);
      if ("note" in r) {
        readNotes.push({ path: f.path, line: 0, column: 0, message: r.note });
        continue;
      }
      if (r.warning) readNotes.push({ path: f.path, ...r.warning });
      yield { path: f.path, text: r.text, goVersion: versions.forFile(f.abs) };
    }
  }
  const result = lintFiles(syntax, inputs(), rules);
  return { ...result, notes: [...readNotes, ...result.notes] };
}
