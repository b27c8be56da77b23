import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { UserError } from "../base/errors.js";
import { freshTempDir } from "./files.js";
import { runGo, type GoToolchain } from "./go.js";

const DEV_NULL = "/dev/null";

export interface CompileRequest {
  /** go build patterns: ./..., a package path, std packages. */
  readonly packages: readonly string[];
  readonly cwd: string;
  /** Compiler flags for the named packages, e.g. ["-m=2"] or ["-S"]. */
  readonly gcflags: readonly string[];
  /** Also write the compiler's JSON optimization log (-json=0,DIR) and return it. */
  readonly jsonLog: boolean;
  /**
   * Compile the named packages even when the build cache has them (a fresh
   * -D directory, the compiler's prefix for "./x" imports, which module
   * packages cannot have, changes their cache key). Without it the go
   * command replays a cached compile's output. A JSON log implies it.
   */
  readonly fresh?: boolean;
  /** Each line of the build's output (the compiler prints its diagnostics there). */
  readonly onLine: (line: string) => void;
  readonly timeoutMs: number;
}

export interface CompileResult {
  readonly exitCode: number | null;
  /** The JSON log files, by path (DIR/<escaped import path>/<file>.json). */
  readonly jsonFiles: readonly { readonly path: string; readonly text: string }[];
  /** The end of the build's output, for the error message when it failed. */
  readonly tail: string;
}

/**
 * Builds packages with compiler flags and streams the compiler's output.
 * The JSON log goes to a fresh directory per run: a cached build writes no
 * log, and a new directory in the flags makes the named packages compile
 * again (dependencies stay cached). `-o /dev/null` discards what is built,
 * main packages or not, one package or many (a directory would refuse
 * non-main packages).
 */
export async function compileWithFlags(
  tc: GoToolchain,
  req: CompileRequest,
): Promise<CompileResult> {
  const work = freshTempDir("memsnap-compile-");
  const logDir = path.join(work, "json");
  const flags = [
    ...req.gcflags,
    ...(req.jsonLog ? [`-json=0,${logDir}`] : req.fresh ? [`-D=${path.join(work, "d")}`] : []),
  ];
  const lines: string[] = [];
  try {
    const res = await runGo(
      tc,
      ["build", "-o", DEV_NULL, `-gcflags=${flags.join(" ")}`, ...req.packages],
      {
        cwd: req.cwd,
        timeoutMs: req.timeoutMs,
        maxOutputBytes: 1 << 20,
        onLine: (line) => {
          lines.push(line);
          if (lines.length > 40) lines.shift();
          req.onLine(line);
        },
      },
    );
    if (res.timedOut) throw new UserError(`go build did not finish within ${req.timeoutMs} ms`);
    return {
      exitCode: res.code,
      jsonFiles: req.jsonLog ? readLog(logDir) : [],
      tail: lines.join("\n"),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readLog(dir: string): { path: string; text: string }[] {
  let pkgs: string[];
  try {
    pkgs = readdirSync(dir).sort();
  } catch {
    return []; // nothing compiled (everything up to date is impossible here, but a failed build is not)
  }
  return pkgs.flatMap((p) =>
    readdirSync(path.join(dir, p))
      .sort()
      .map((f) => ({
        path: path.join(dir, p, f),
        text: readFileSync(path.join(dir, p, f), "utf8"),
      })),
  );
}

export interface PackageFiles {
  readonly importPath: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/** The Go files of the packages a pattern names (`go list`), for function extents. */
export async function listPackageFiles(
  tc: GoToolchain,
  packages: readonly string[],
  cwd: string,
): Promise<PackageFiles[]> {
  const res = await runGo(
    tc,
    [
      "list",
      "-e",
      "-f",
      '{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles " "}} {{join .CgoFiles " "}}',
      ...packages,
    ],
    { cwd, timeoutMs: 120_000 },
  );
  if (res.code !== 0) {
    const first = res.stderr.trim().split("\n")[0] ?? "";
    throw new UserError(`go list ${packages.join(" ")}: ${first || `exit ${res.code}`}`);
  }
  return res.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [importPath = "", dir = "", files = ""] = l.split("\t");
      return { importPath, dir, files: files.split(" ").filter((f) => f !== "") };
    });
}
