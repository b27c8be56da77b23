import { describe, expect, it } from "vitest";
import { readLabSources, runLabBinary } from "../../src/toolchain/lab.js";
import { labBinary } from "../support/lab.js";

const ids = readLabSources().map((s) => s.dir);

interface Served {
  heapMagic: string;
  vars: { memstats?: { HeapAlloc?: number }; lab?: { id?: string } };
}

async function fetchEndpoints(addr: string): Promise<Served> {
  const heap = await fetch(`http://${addr}/debug/pprof/heap`, { signal: AbortSignal.timeout(10_000) });
  const body = Buffer.from(await heap.arrayBuffer());
  const vars = await fetch(`http://${addr}/debug/vars`, { signal: AbortSignal.timeout(10_000) });
  return { heapMagic: body.subarray(0, 2).toString("hex"), vars: (await vars.json()) as Served["vars"] };
}

describe("every lab program", () => {
  it("covers every retention trap of the catalogue and both healthy controls", () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        "subslice-retention",
        "substring-retention",
        "map-never-shrinks",
        "unbounded-growth",
        "goroutine-retention",
        "pool-pollution",
        "context-retention",
        "channel-subslice",
        "timer-in-loop",
        "prealloc-missing",
        "interface-boxing",
        "healthy-steady",
        "healthy-cache",
      ]),
    );
  });

  it.each(ids)(
    "%s prints its address first, serves /debug/pprof/heap and /debug/vars, and ends on time",
    async (id) => {
      let first: string | undefined;
      let served: Promise<Served> | undefined;
      const t0 = Date.now();
      const res = await runLabBinary(labBinary(id), ["-addr=127.0.0.1:0", "-duration=1s"], {
        timeoutMs: 30_000,
        onStdoutLine: (line) => {
          if (first !== undefined) return;
          first = line;
          const m = /^listening on (127\.0\.0\.1:\d+)$/.exec(line);
          if (m) served = fetchEndpoints(m[1] as string);
        },
      });
      const elapsed = Date.now() - t0;
      expect(res.code).toBe(0);
      expect(first).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
      const got = await (served as Promise<Served>);
      expect(got.heapMagic).toBe("1f8b"); // a gzipped profile.proto
      expect(got.vars.memstats?.HeapAlloc).toBeGreaterThan(0);
      expect(got.vars.lab?.id).toBe(id);
      expect(elapsed).toBeLessThan(1000 + 8000);
      expect(res.stdout).toMatch(new RegExp(`^done ${id} variant=`, "m"));
    },
  );
});
