import { readFileSync } from "node:fs";
import path from "node:path";
import { InputError, UserError } from "../../base/errors.js";
import { atLeast, parseGoVersion } from "../../base/goversion.js";
import {
  attachFuncs,
  EscapeTextParser,
  parseEscapeJson,
  parseEscapeText,
  type GoSourceFile,
} from "../../formats/escape/index.js";
import { AsmReader } from "../../formats/asm/index.js";
import type { AsmListing } from "../../model/asm.js";
import type { EscapeReport } from "../../model/escape.js";
import type { ClassifyContext } from "../../analyze/escape-classify.js";
import { scanGoImports, type GoFunc } from "../../formats/gosource/index.js";
import { compileWithFlags, listPackageFiles } from "../../toolchain/compile.js";
import { listDirectory, readInputFile } from "../../toolchain/files.js";
import type { GoToolchain } from "../../toolchain/go.js";

/** An escape report and where it came from. */
export interface LoadedEscape {
  readonly report: EscapeReport;
  /** The directory paths were made relative to. */
  readonly baseDir: string;
  /** The toolchain that produced it ("" for a pasted log whose compiler is unknown). */
  readonly goVersion: string;
  readonly source: string;
  /** What the classifier reads from the sources: import names and top-level functions. */
  readonly ctx: ClassifyContext;
  /** Source files that could not be scanned for function names, and other caveats. */
  readonly notes: readonly string[];
}

const BUILD_TIMEOUT_MS = 30 * 60_000;
const MAX_LOG_BYTES = 2 * 1024 ** 3;

/**
 * Builds the packages with `-m=2` and reads its text as the compiler prints
 * it: every heap finding with its explanations ("flow:" and "from ... at"
 * lines, with positions and reasons), does-not-escape and inlining. No
 * `-json=0,DIR` log: on 35 std packages it gave the same heap findings,
 * functions, scenarios and explanations (bench/RESULTS.md) and cost the
 * compiler ~5% CPU and memsnap ~1.1 s to parse and merge. What only the log
 * has (per-flow positions, inlining positions, diagnostic codes) stays with
 * `--from-json`. Function names come from the packages' sources.
 */
export async function buildEscapeReport(
  tc: GoToolchain,
  packages: readonly string[],
  cwd: string,
  progress: (m: string) => void,
): Promise<LoadedEscape> {
  const pkgs = await listPackageFiles(tc, packages, cwd);
  if (pkgs.length === 0) throw new UserError(`escape: no Go packages match ${packages.join(" ")}`);
  progress(
    `compiling ${pkgs.length} package${pkgs.length === 1 ? "" : "s"} with ${tc.version.text}`,
  );
  const parser = new EscapeTextParser({ baseDir: cwd });
  const res = await compileWithFlags(tc, {
    packages,
    cwd,
    gcflags: ["-m=2"],
    jsonLog: false,
    // As when the JSON log forced it: the report is of a real compile.
    fresh: true,
    onLine: (l) => parser.push(l),
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  const text = parser.finish();
  if (res.exitCode !== 0) {
    const err = text.messages.find((m) => m.kind === "compile-error");
    const why = err ? `${err.pos.file}:${err.pos.line}: ${err.message}` : lastLine(res.tail);
    throw new UserError(`go build ${packages.join(" ")} failed: ${why}`);
  }
  const sources = pkgs.flatMap((p) =>
    p.files.map((f) => readSource(path.join(p.dir, f))).filter((s) => s !== null),
  );
  const report = { messages: text.messages, other: text.other, otherLines: text.otherLines };
  return withFuncs(report, sources, cwd, tc.version.text, `go build ${packages.join(" ")}`);
}

/** `--from-log FILE|-`: go build -m output or bare go tool compile output, as pasted. */
export function escapeFromLog(file: string, text: string, cwd: string): LoadedEscape {
  const r = parseEscapeText(text, { baseDir: cwd });
  if (!r.ok) throw new InputError(file, r.error);
  if (r.value.messages.length === 0) {
    throw new InputError(file, "no compiler diagnostics in it (want go build -gcflags=-m output)");
  }
  return withFuncs(r.value, referencedSources(r.value, cwd), cwd, "", file);
}

/** `--from-json DIR`: a -json=0,DIR log directory (DIR/<escaped import path>/<file>.json). */
export function escapeFromJsonDir(dir: string, cwd: string): LoadedEscape {
  const files = listDirectory(dir, dir).flatMap((pkg) => {
    const sub = path.join(dir, pkg);
    return listDirectory(dir, sub)
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({
        path: path.join(sub, f),
        text: Buffer.from(readInputFile(path.join(sub, f), MAX_LOG_BYTES)).toString("utf8"),
      }));
  });
  if (files.length === 0) throw new InputError(dir, "no <package>/<file>.json log files in it");
  const r = parseEscapeJson(files, { baseDir: cwd });
  if (!r.ok) throw new InputError(dir, r.error);
  return withFuncs(r.value, referencedSources(r.value, cwd), cwd, r.value.goVersion ?? "", dir);
}

/** The sources a pasted log points at, where they can still be read from here. */
function referencedSources(report: EscapeReport, cwd: string): GoSourceFile[] {
  const paths = new Set(report.messages.map((m) => m.pos.path).filter((p) => p.endsWith(".go")));
  return [...paths]
    .map((p) => readSource(path.resolve(cwd, p)))
    .filter((s): s is GoSourceFile => s !== null);
}

function withFuncs(
  report: EscapeReport,
  sources: GoSourceFile[],
  cwd: string,
  goVersion: string,
  source: string,
): LoadedEscape {
  // Package-level closures are init.funcN since Go 1.22, glob..funcN before
  // (an unknown compiler: the current naming).
  const v = parseGoVersion(goVersion);
  const globalPrefix = v && !atLeast(v, 1, 22) ? "glob." : "init";
  const named = attachFuncs(report, sources, { baseDir: cwd, globalPrefix });
  return {
    report: named.report,
    baseDir: cwd,
    goVersion,
    source,
    ctx: classifyContext(sources, named.funcs),
    notes: named.problems,
  };
}

/**
 * Import names and top-level functions over all sources (what the classifier
 * tells calls apart by). The functions come from attachFuncs' scan: scanning
 * again took a quarter of --from-log's time on std (bench/RESULTS.md).
 */
function classifyContext(
  sources: readonly GoSourceFile[],
  scanned: ReadonlyMap<string, readonly GoFunc[]>,
): ClassifyContext {
  const imports = new Set<string>();
  const funcs = new Set<string>();
  for (const s of sources) for (const name of scanGoImports(s.text)) imports.add(name);
  // Literals ("F.func1", "init.func1") and methods ("T.M") all have a dot.
  for (const fs of scanned.values())
    for (const f of fs) if (!f.name.includes(".")) funcs.add(f.name);
  return { imports, funcs };
}

export function readSource(file: string): GoSourceFile | null {
  try {
    return { path: file, text: readFileSync(file, "utf8") };
  } catch {
    return null; // generated or removed since go list: its messages keep no function name
  }
}

/**
 * The assembly listing of the packages (-S=2: inlined calls at their call
 * site, where escape findings are placed), streamed into the parser: a
 * large package's listing is tens of megabytes.
 */
export async function buildAsmListing(
  tc: GoToolchain,
  packages: readonly string[],
  cwd: string,
): Promise<AsmListing> {
  const reader = new AsmReader();
  const res = await compileWithFlags(tc, {
    packages,
    cwd,
    gcflags: ["-S=2"],
    jsonLog: false,
    onLine: (l) => reader.line(l),
    timeoutMs: BUILD_TIMEOUT_MS,
  });
  if (res.exitCode !== 0) {
    throw new UserError(
      `go build -gcflags=-S=2 ${packages.join(" ")} failed: ${lastLine(res.tail)}`,
    );
  }
  const r = reader.finish();
  if (!r.ok) throw new Error(`the compiler's -S listing: ${r.error}`);
  return r.value;
}

const lastLine = (s: string) => s.trim().split("\n").at(-1) ?? "";
