import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

/**
 * Compares a value with its golden file. `npm run golden` (UPDATE_GOLDEN=1)
 * rewrites the goldens from the code; they are never edited by hand.
 */
export function expectGolden(file: string, value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n";
  if (process.env["UPDATE_GOLDEN"]) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  let want: string;
  try {
    want = readFileSync(file, "utf8");
  } catch {
    throw new Error(`no golden file ${file}: run npm run golden`);
  }
  expect(text).toBe(want);
}
