import { execFileSync } from "node:child_process";

let bin: string | undefined;
/** pprof's own binary (Go >= 1.24 builds it on first use; -n prints its path). */
export function pprofBinary(): string {
  bin ??= execFileSync("go", ["tool", "-n", "pprof"], { encoding: "utf8" }).trim();
  return bin;
}

export interface PprofTop {
  rows: { name: string; flat: number; cum: number; inline: string }[];
  shown: number;
  total: number;
  dropped: number;
  showingTop: string;
}

/** Runs `pprof -top -unit=B` with the given flags and reads its report back. */
export function pprofTop(file: string, flags: string[]): PprofTop {
  const out = execFileSync(pprofBinary(), ["-top", "-unit=B", ...flags, file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const value = (s: string) => Number(s.replace(/B$/, ""));
  const res: PprofTop = { rows: [], shown: 0, total: 0, dropped: 0, showingTop: "" };
  const row =
    /^\s*(-?\d+B?)\s+-?[\d.e+-]+%\s+-?[\d.e+-]+%\s+(-?\d+B?)\s+-?[\d.e+-]+%\s+(.*?)(?: \((inline|partial-inline)\))?$/;
  for (const line of out.split("\n")) {
    const shown = /^Showing nodes accounting for (-?\d+B?), .* of (-?\d+B?) total$/.exec(line);
    const dropped = /^Dropped (\d+) nodes? \(cum <= /.exec(line);
    const m = row.exec(line);
    if (shown) {
      res.shown = value(shown[1] as string);
      res.total = value(shown[2] as string);
    } else if (dropped) res.dropped = Number(dropped[1]);
    else if (line.startsWith("Showing top ")) res.showingTop = line;
    else if (m) {
      res.rows.push({
        name: m[3] as string,
        flat: value(m[1] as string),
        cum: value(m[2] as string),
        inline: m[4] ? `(${m[4]})` : "",
      });
    }
  }
  return res;
}
