import { fail, ok, type Result } from "../../base/result.js";
import type { LabProgram } from "../../model/lab.js";

/**
 * Reads a lab program's declaration from its Go source: the `labkit.Lab{...}`
 * literal (ID, Summary, Variants) and the `// memsnap:culprit` marker. The
 * source stays the single place a lab program is described.
 */
export function parseLabSource(text: string, file: string): Result<LabProgram> {
  const id = goString(text, "ID");
  const summary = goString(text, "Summary");
  if (id === undefined || summary === undefined) {
    return fail("no labkit.Lab literal with ID and Summary strings");
  }
  const v = /\bVariants:\s*\[\]string\{([^}]*)\}/.exec(text);
  const variants = v ? [...(v[1] ?? "").matchAll(/"([^"\\]*)"/g)].map((m) => m[1] ?? "") : [];
  if (variants.length === 0) return fail("the labkit.Lab literal declares no Variants");
  const lines = text.split("\n");
  const at = lines.findIndex((l) => /\/\/\s*memsnap:culprit\b/.test(l));
  return ok({ id, summary, variants, culprit: at < 0 ? null : { file, line: at + 1 } });
}

function goString(text: string, field: string): string | undefined {
  const m = new RegExp(`\\b${field}:\\s*"((?:[^"\\\\\\n]|\\\\.)*)"`).exec(text);
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return undefined;
  }
}
