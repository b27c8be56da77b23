import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { percentage } from "./top.js";

// Go's own measurement.Percentage logic, run by the installed Go on the same pairs.
const GO = `package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
)

func pct(value, total int64) string {
	var ratio float64
	if total != 0 {
		ratio = math.Abs(float64(value)/float64(total)) * 100
	}
	switch {
	case math.Abs(ratio) >= 99.95 && math.Abs(ratio) <= 100.05:
		return "  100%"
	case math.Abs(ratio) >= 1.0:
		return fmt.Sprintf("%5.2f%%", ratio)
	default:
		return fmt.Sprintf("%5.2g%%", ratio)
	}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var v, t int64
		fmt.Sscan(in.Text(), &v, &t)
		fmt.Fprintln(out, pct(v, t))
	}
}
`;

describe("percentage", () => {
  it("prints what pprof prints, ties and tiny ratios included", () => {
    const pairs: [number, number][] = [
      [0, 0],
      [5, 0],
      [1, 32],
      [1, 8],
      [1, 800],
      [995, 100000],
      [996, 100000],
      [1, 2000000],
      [54, 1000000],
    ];
    for (let t = 1; t <= 4096; t *= 2) for (let v = 0; v <= t; v++) pairs.push([v, t]);
    for (let i = 1; i < 3000; i++) pairs.push([(i * 7919) % 100003, 100003], [i, 1024 * 1024]);
    const dir = mkdtempSync(path.join(tmpdir(), "memsnap-pct-"));
    writeFileSync(path.join(dir, "main.go"), GO);
    const out = execFileSync("go", ["run", "main.go"], {
      cwd: dir,
      input: pairs.map(([v, t]) => `${v} ${t}`).join("\n") + "\n",
      encoding: "utf8",
      env: { ...process.env, GO111MODULE: "off" },
    });
    const want = out.split("\n").slice(0, pairs.length);
    const got = pairs.map(([v, t]) => percentage(v, t));
    const diffs = got.map((g, i) => [pairs[i], g, want[i]]).filter(([, g, w]) => g !== w);
    expect(diffs.slice(0, 5)).toEqual([]);
  });
});
