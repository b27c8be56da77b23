import type {
  BenchFailure,
  BenchOther,
  BenchPackage,
  BenchResult,
  BenchRun,
} from "../../model/bench.js";

/**
 * Reads benchmark output one line at a time. The same reader serves the text
 * form and -json (whose Output events are joined back into lines per
 * package), so both give the same results.
 */
export class BenchLines {
  readonly results: BenchResult[] = [];
  readonly failures: BenchFailure[] = [];
  readonly packages: BenchPackage[] = [];
  readonly other: BenchOther[] = [];
  private config: Readonly<Record<string, string>> = {};
  /** Indented lines since the last other line: a failure's log printed before its "--- FAIL" (-json). */
  private indented: string[] = [];
  private failing: { log: string[] } | undefined;
  error: string | undefined;

  constructor(private readonly defaultPkg = "") {}

  line(text: string, line: number): void {
    if (this.error !== undefined) return;
    if (/^\s+\S/.test(text)) return this.logLine(text);
    this.failing = undefined;
    const indented = this.indented;
    this.indented = [];
    if (text.startsWith("Benchmark")) {
      const r = this.result(text, line);
      if (r !== undefined) return;
    }
    const fail = /^--- FAIL: (\S+)/.exec(text);
    if (fail) {
      const log = indented.map((l) => l.trim());
      this.failing = { log };
      this.failures.push({ name: fail[1] ?? "", pkg: this.pkg(), line, log });
      return;
    }
    const summary = /^(ok|FAIL)\s+(\S+)\s+(?:(\d+(?:\.\d+)?)s|\(cached\)|\[[^\]]*\])?/.exec(text);
    if (summary && summary[2] !== undefined) {
      const elapsedS = summary[3] === undefined ? null : Number(summary[3]);
      this.packages.push({ pkg: summary[2], ok: summary[1] === "ok", elapsedS, line });
      return;
    }
    const config = /^([a-z][a-zA-Z0-9_.-]*): (.*)$/.exec(text);
    if (config && config[1] !== undefined) {
      this.config = { ...this.config, [config[1]]: config[2] ?? "" };
      return;
    }
    this.other.push({ line, text });
  }

  private logLine(text: string): void {
    if (this.failing) this.failing.log.push(text.trim());
    else this.indented.push(text);
  }

  /** A result line, or undefined when the line is not one (a bare name, "Benchmarks..."). */
  private result(text: string, line: number): BenchResult | undefined {
    const fields = text.trim().split(/\s+/);
    const [fullName = "", iters, ...pairs] = fields;
    // "Benchmark" then nothing or an upper-case letter, digit, "_" or "/": Go's rule for names.
    if (!/^Benchmark(?:$|[^a-z])/.test(fullName) || iters === undefined) return undefined;
    if (!/^\d+$/.test(iters)) return undefined;
    const iterations = Number(iters);
    if (!Number.isSafeInteger(iterations)) return this.fail(line, `iteration count ${iters} is out of range`); // prettier-ignore
    if (pairs.length % 2 !== 0) return this.fail(line, `${fullName}: a value without a unit`);
    const metrics: Record<string, number> = {};
    for (let i = 0; i < pairs.length; i += 2) {
      const [v = "", unit = ""] = [pairs[i], pairs[i + 1]];
      const x = Number(v);
      if (!VALUE.test(v) || !Number.isFinite(x)) return this.fail(line, `${fullName}: ${JSON.stringify(v)} is not a number`); // prettier-ignore
      metrics[unit] = x;
    }
    const m = /^(.+)-(\d+)$/.exec(fullName);
    const r: BenchResult = {
      name: m?.[1] ?? fullName,
      fullName,
      procs: m ? Number(m[2]) : 1,
      iterations,
      metrics,
      config: this.config,
      pkg: this.pkg(),
      line,
    };
    this.results.push(r);
    return r;
  }

  private fail(line: number, what: string): undefined {
    this.error = `line ${line}: ${what}`;
    return undefined;
  }

  private pkg(): string {
    return this.config["pkg"] ?? this.defaultPkg;
  }

  run(format: BenchRun["format"]): BenchRun {
    return {
      format,
      results: this.results,
      failures: this.failures,
      packages: this.packages,
      other: this.other,
    };
  }
}

// A Go float as fmt prints it: 1043, 0.2500, 5.000, 1.2e+06.
const VALUE = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
