import { execFileSync } from "node:child_process";

/** What `go tool pprof -raw` prints of a profile: the ground truth for the decoder. */
export interface RawDump {
  types: string[];
  samples: { values: number[]; locations: number[]; labels: string[] }[];
  locations: Map<number, { address: bigint; mapping: number; lines: string[] }>;
  mappings: Map<number, string>;
}

export function pprofRaw(file: string): RawDump {
  const out = execFileSync("go", ["tool", "pprof", "-raw", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const dump: RawDump = { types: [], samples: [], locations: new Map(), mappings: new Map() };
  let section = "";
  let lastLoc: { address: bigint; mapping: number; lines: string[] } | undefined;
  for (const line of out.split("\n")) {
    if (/^(Samples|Locations|Mappings)/.test(line)) {
      section = line.replace(/:$/, "");
      continue;
    }
    if (section === "Samples") {
      const sample = /^\s*([-\d\s]+): ([\d\s]*)$/.exec(line);
      if (sample) {
        dump.samples.push({
          values: (sample[1] ?? "").trim().split(/\s+/).map(Number),
          locations: (sample[2] ?? "").trim().split(/\s+/).filter(Boolean).map(Number),
          labels: [],
        });
      } else if (dump.types.length === 0 && line.trim()) {
        dump.types = line.trim().split(/\s+/);
      } else if (line.trim()) {
        dump.samples.at(-1)?.labels.push(line.trim());
      }
    } else if (section === "Locations") {
      const loc = /^\s*(\d+): 0x([0-9a-f]+) M=(\d+)\s?(.*)$/.exec(line);
      if (loc) {
        const entry = {
          address: BigInt(`0x${loc[2]}`),
          mapping: Number(loc[3]),
          lines: [] as string[],
        };
        if (loc[4]?.trim()) entry.lines.push((loc[4] ?? "").trim());
        dump.locations.set(Number(loc[1]), entry);
        lastLoc = entry;
      } else if (line.trim() && lastLoc) {
        lastLoc.lines.push(line.trim());
      }
    } else if (section === "Mappings") {
      const m = /^(\d+): (.*)$/.exec(line);
      if (m) dump.mappings.set(Number(m[1]), (m[2] ?? "").trim());
    }
  }
  return dump;
}
