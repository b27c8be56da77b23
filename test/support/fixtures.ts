import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSidecar } from "../../src/formats/sidecar/index.js";
import type { SnapshotMeta } from "../../src/model/snapshot.js";

export const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures");

/** The two sidecars (peak, final) a real lab run wrote with the given toolchain. */
export function loadFixtureSeries(toolchain: "go126" | "go119"): SnapshotMeta[] {
  return ["peak", "final"].map((label) => {
    const text = readFileSync(path.join(FIXTURES, "sidecar", `${toolchain}-${label}.json`), "utf8");
    const r = parseSidecar(text);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  });
}
