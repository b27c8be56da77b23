import path from "node:path";
import { UserError } from "../base/errors.js";
import { freshTempDir, listDirectory, makeDirectory } from "../toolchain/files.js";

/**
 * The directory a snapshot series goes to: the one asked for (created when
 * missing, refused when it already holds a series, so two series never
 * interleave), or a fresh temporary one.
 */
export function prepareSnapshotDir(
  requested: string | undefined,
  input: string,
  tempPrefix: string,
): { dir: string; created: boolean } {
  if (requested === undefined) return { dir: freshTempDir(tempPrefix), created: true };
  const dir = path.resolve(requested);
  const created = makeDirectory(input, dir);
  if (listDirectory(input, dir).some((n) => /^heap-\d+\.(json|pb\.gz|pb)$/.test(n))) {
    throw new UserError(`${input}: already holds a snapshot series; use an empty directory`);
  }
  return { dir, created };
}
