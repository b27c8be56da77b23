import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { findGo } from "../../src/toolchain/go.js";
import { buildLab, readLabSources } from "../../src/toolchain/lab.js";

declare module "vitest" {
  export interface ProvidedContext {
    labBin: string;
  }
}

/** Builds every lab program once for the whole run, with memsnap's own adapter. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "memsnap-test-lab-"));
  const tc = await findGo();
  await buildLab(
    tc,
    readLabSources().map((s) => s.dir),
    dir,
  );
  project.provide("labBin", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
