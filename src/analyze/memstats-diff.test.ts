import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExpvar } from "../formats/expvar/index.js";
import { parseSidecar } from "../formats/sidecar/index.js";
import type { ExpvarMemStats } from "../model/expvar.js";
import { diffMemstats, type MemstatsDiff } from "./memstats-diff.js";

// test/fixtures/memstats: two /debug/vars readings of one lab process each
// (scripts/make-memstats-fixtures.mjs); test/fixtures/expvar and sidecar:
// single readings from other Go releases and lab snapshots.
const FIX = path.resolve(import.meta.dirname, "../../test/fixtures");

function memstats(file: string): ExpvarMemStats {
  const r = parseExpvar(readFileSync(path.join(FIX, file), "utf8"));
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  return r.value.memstats;
}
const change = (d: MemstatsDiff, id: string) => d.changes.find((c) => c.id === id);

describe("diffMemstats", () => {
  it("unbounded-growth: live objects and in-use heap rise between two readings of one process", () => {
    const [a, b] = [memstats("memstats/unbounded-a.json"), memstats("memstats/unbounded-b.json")];
    const d = diffMemstats(a, b);
    const live = change(d, "liveObjects");
    expect(live?.a).toBe(a.Mallocs - a.Frees);
    expect(live?.delta).toBe(b.Mallocs - b.Frees - (a.Mallocs - a.Frees));
    expect(live?.delta).toBeGreaterThan(10_000);
    expect(change(d, "HeapInuse")?.relative).toBeCloseTo(b.HeapInuse / a.HeapInuse - 1, 12);
    expect(change(d, "retainedIdle")?.b).toBe(b.HeapIdle - b.HeapReleased);
    // LastGC is beyond 2^53: the difference is exact in bigint.
    expect(d.lastGc?.betweenNs).toBe(b.LastGC - a.LastGC);
    expect(d.lastGc?.betweenNs).toBeGreaterThan(0n);
    expect(d.notes).toEqual([]);
    // Size classes: sorted by growth, and the growth adds up to the live-object change
    // minus objects above 32 KiB, which no class counts.
    const deltas = d.sizeClasses.map((c) => c.delta);
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    expect(d.sizeClasses.length).toBe(10);
    const all = diffMemstats(a, b, { topClasses: 1000 }).sizeClasses;
    expect(all.length).toBe(d.sizeClassesChanged);
    // The lab's growing entries are one size class: it holds nearly all the growth.
    expect(d.sizeClasses[0]?.delta).toBeGreaterThan(0.9 * (live?.delta ?? Infinity));
    expect(all.every((c) => c.bytes === c.delta * c.size)).toBe(true);
  });

  it("map-never-shrinks -gc: the forced GCs between the readings are counted", () => {
    const [a, b] = [memstats("memstats/forced-a.json"), memstats("memstats/forced-b.json")];
    const d = diffMemstats(a, b);
    expect(change(d, "NumForcedGC")?.delta).toBe((b.NumForcedGC ?? 0) - (a.NumForcedGC ?? 0));
    expect(change(d, "NumForcedGC")?.delta).toBeGreaterThan(0);
    expect(change(d, "NumGC")?.delta).toBeGreaterThanOrEqual(change(d, "NumForcedGC")?.delta ?? 0);
    expect(change(d, "PauseTotalNs")?.delta).toBeGreaterThan(0);
  });

  it("Go 1.5 has no NumForcedGC: n/a, never a made-up zero", () => {
    const d = diffMemstats(
      memstats("expvar/go15-memstats.json"),
      memstats("expvar/go126-memstats.json"),
    );
    expect(change(d, "NumForcedGC")).toMatchObject({ a: null, delta: null, relative: null });
    expect(change(d, "NumForcedGC")?.b).not.toBeNull();
    // Two different processes: their cumulative counters are not comparable.
    expect(d.notes.join("\n")).toMatch(
      /cumulative counters went down \(TotalAlloc, Mallocs, NumGC, PauseTotalNs\)/,
    );
  });

  it("a sidecar's memstats subset: the fields it has, no LastGC or size classes", () => {
    const side = (f: string) => {
      const r = parseSidecar(readFileSync(path.join(FIX, "sidecar", f), "utf8"));
      if (!r.ok || r.value.memstats === null) throw new Error(f);
      return r.value.memstats;
    };
    const [a, b] = [side("go126-peak.json"), side("go126-final.json")];
    const d = diffMemstats(a, b);
    expect(d.lastGc).toBeNull();
    expect(d.sizeClasses).toEqual([]);
    expect(change(d, "HeapAlloc")?.delta).toBe(b.HeapAlloc - a.HeapAlloc);
  });

  it("no GC yet on a side: LastGC 0 reads as none", () => {
    const a = memstats("expvar/go126-memstats.json");
    const d = diffMemstats({ ...a, LastGC: 0n }, a);
    expect(d.lastGc).toEqual({ a: null, b: a.LastGC, betweenNs: null });
    expect(change(d, "HeapInuse")).toMatchObject({ delta: 0, relative: 0 });
  });
});
