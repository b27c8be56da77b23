import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Which src/ layers each layer may import (docs/architecture.md). base and
 * model are leaves; formats -> analyze -> report -> cli point one way;
 * toolchain (all side effects) is used by cli only.
 */
export const ALLOWED: Record<string, readonly string[]> = {
  base: [],
  model: ["base"],
  formats: ["base", "model"],
  analyze: ["base", "model", "formats"],
  report: ["base", "model", "formats", "analyze"],
  toolchain: ["base", "model"],
  cli: ["base", "model", "formats", "analyze", "report", "toolchain"],
};

export interface Violation {
  readonly file: string;
  readonly imports: string;
  readonly reason: string;
}

/** Checks files given as {path relative to src: text}. */
export function checkLayers(files: Readonly<Record<string, string>>): Violation[] {
  const out: Violation[] = [];
  for (const [file, text] of Object.entries(files)) {
    const from = layerOf(file);
    if (from === undefined) {
      out.push({ file, imports: "", reason: `${file} is in no known layer` });
      continue;
    }
    for (const spec of importsOf(text)) {
      if (!spec.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      // Co-located tests may use the shared test helpers; nothing else leaves src/.
      if (file.endsWith(".test.ts") && target.startsWith("../test/")) continue;
      if (target.startsWith("..")) {
        out.push({ file, imports: spec, reason: "imports from outside src/" });
        continue;
      }
      const to = layerOf(target);
      if (to === undefined || to === from) continue;
      if (!(ALLOWED[from] ?? []).includes(to)) {
        out.push({ file, imports: spec, reason: `${from} may not import ${to}` });
      }
    }
  }
  return out;
}

function layerOf(file: string): string | undefined {
  const top = file.split("/")[0] ?? "";
  return top in ALLOWED ? top : undefined;
}

function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Every .ts file under src/, keyed by its path relative to src/. */
export function readSourceTree(srcDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith(".ts")) {
        out[path.relative(srcDir, p).split(path.sep).join("/")] = readFileSync(p, "utf8");
      }
    }
  };
  walk(srcDir);
  return out;
}
