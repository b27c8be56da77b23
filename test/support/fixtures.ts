import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSidecar } from "../../src/formats/sidecar/index.js";
import type { SnapshotWithStats } from "../../src/model/snapshot.js";

export const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures");

/** The two sidecars (peak, final) a real lab run wrote with the given toolchain. */
export function loadFixtureSeries(toolchain: "go126" | "go119"): SnapshotWithStats[] {
  return ["peak", "final"].map((label) => {
    const text = readFileSync(path.join(FIXTURES, "sidecar", `${toolchain}-${label}.json`), "utf8");
    const r = parseSidecar(text);
    if (!r.ok) throw new Error(r.error);
    const { memstats } = r.value;
    if (!memstats) throw new Error(`${toolchain}-${label}.json has no memstats`);
    return { ...r.value, memstats };
  });
}
