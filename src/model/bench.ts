/**
 * Results of `go test -bench` (with -benchmem: B/op and allocs/op), read
 * from its text output or from `go test -json`. The text format is Go's
 * benchmark format (golang.org/design/14313-benchmark-format): config lines
 * `key: value`, result lines `BenchmarkName-P  N  v1 unit1  v2 unit2 ...`.
 */
export interface BenchResult {
  /** The name without the GOMAXPROCS suffix: "BenchmarkGrow/size=10". */
  readonly name: string;
  /** The name as printed: "BenchmarkGrow/size=10-2". */
  readonly fullName: string;
  /** GOMAXPROCS from the "-N" suffix; 1 when there is none (Go omits "-1"). */
  readonly procs: number;
  readonly iterations: number;
  /** Value per unit, in printed order: "ns/op", "MB/s", custom units, "B/op", "allocs/op". */
  readonly metrics: Readonly<Record<string, number>>;
  /** Config lines in effect (goos, goarch, pkg, cpu and any other `key: value`). */
  readonly config: Readonly<Record<string, string>>;
  /** The package: the `pkg:` config line, or the -json event's Package. */
  readonly pkg: string;
  /** 1-based line of the input (for -json, the event that started the result line). */
  readonly line: number;
}

export interface BenchFailure {
  /** As printed after "--- FAIL: ". */
  readonly name: string;
  readonly pkg: string;
  readonly line: number;
  /** The benchmark's log lines (b.Log, b.Fatal), without their indentation. */
  readonly log: readonly string[];
}

/** A package's summary line: "ok  \tpkg\t0.228s" or "FAIL\tpkg\t0.041s". */
export interface BenchPackage {
  readonly pkg: string;
  readonly ok: boolean;
  readonly elapsedS: number | null;
  readonly line: number;
}

export interface BenchOther {
  readonly line: number;
  readonly text: string;
}

export interface BenchRun {
  readonly format: "text" | "json";
  readonly results: readonly BenchResult[];
  readonly failures: readonly BenchFailure[];
  readonly packages: readonly BenchPackage[];
  /** Every other line (PASS, exit status, bare benchmark names of -v/-json, program output). */
  readonly other: readonly BenchOther[];
}
