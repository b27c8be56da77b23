import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../base/errors.js";
import { parseGoVersion, type GoVersion } from "../base/goversion.js";
import { runProcess, SpawnError, type RunResult } from "./process.js";

/** A Go toolchain memsnap can run, and how it was found. */
export interface GoToolchain {
  /** What the user asked for (`--go` value), or "" for the default. */
  readonly spec: string;
  /** The `go` binary that is executed. */
  readonly path: string;
  readonly version: GoVersion;
  readonly goos: string;
  readonly goarch: string;
  readonly goroot: string;
  readonly foundBy: "flag" | "PATH" | "GOROOT" | "default-location" | "GOTOOLCHAIN";
  /** Variables added to every run of this toolchain. */
  readonly env: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

const VERSION_SPEC = /^(?:go)?\d+\.\d+(?:\.\d+|rc\d+|beta\d+)?$/;
const PROBE_TIMEOUT_MS = 120_000;

/**
 * Finds a toolchain. `spec` is empty for the default (PATH, then $GOROOT/bin,
 * then /usr/local/go/bin), a path to a `go` binary or a GOROOT, or a version
 * such as `go1.22.12`, which the default go fetches through GOTOOLCHAIN.
 */
export async function findGo(
  spec = "",
  env: NodeJS.ProcessEnv = process.env,
  fallbacks: readonly string[] = ["/usr/local/go/bin/go"],
): Promise<GoToolchain> {
  if (spec !== "" && VERSION_SPEC.test(spec)) {
    const base = await findGo("", env, fallbacks);
    const want = `go${spec.replace(/^go/, "")}`;
    return probe(spec, base.path, "GOTOOLCHAIN", env, { GOTOOLCHAIN: want });
  }
  if (spec !== "") return probe(spec, resolveGoPath(spec), "flag", env, {});
  const onPath = searchPath("go", env["PATH"] ?? "");
  if (onPath) return probe("", onPath, "PATH", env, {});
  const goroot = env["GOROOT"];
  if (goroot && isExecutable(path.join(goroot, "bin", "go"))) {
    return probe("", path.join(goroot, "bin", "go"), "GOROOT", env, {});
  }
  const fallback = fallbacks.find(isExecutable);
  if (fallback) return probe("", fallback, "default-location", env, {});
  throw new UserError(
    "go: no Go toolchain found on PATH, in $GOROOT/bin or /usr/local/go/bin; install Go or pass --go PATH",
  );
}

/** Finds several toolchains (`--go a,b`), in order. */
export async function findToolchains(
  specs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
) {
  const out: GoToolchain[] = [];
  for (const s of specs.length ? specs : [""]) out.push(await findGo(s, env));
  return out;
}

/** Runs `go <args>` with this toolchain's environment. */
export function runGo(
  tc: GoToolchain,
  args: readonly string[],
  opts: {
    cwd?: string;
    timeoutMs: number;
    env?: Readonly<Record<string, string>>;
    maxOutputBytes?: number;
    /** Each line of stdout and stderr (go build prints the compiler's diagnostics on stderr). */
    onLine?: (line: string) => void;
  },
): Promise<RunResult> {
  return runProcess(tc.path, args, {
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    timeoutMs: opts.timeoutMs,
    env: { ...process.env, ...tc.env, ...opts.env },
    ...(opts.maxOutputBytes !== undefined ? { maxOutputBytes: opts.maxOutputBytes } : {}),
    ...(opts.onLine ? { onStdoutLine: opts.onLine, onStderrLine: opts.onLine } : {}),
  });
}

/** Parses `go version` output: "go version go1.26.8 linux/amd64". */
export function parseGoVersionLine(text: string) {
  // Experiments sit between version and platform: "go1.22.0 X:loopvar linux/amd64".
  const m = /^go version (\S+)(?: X:\S+)* ([^\s/]+)\/(\S+)/m.exec(text);
  const version = m ? parseGoVersion(m[1] ?? "") : undefined;
  if (!m || !version) return undefined;
  return { version, goos: m[2] ?? "", goarch: m[3] ?? "" };
}

async function probe(
  spec: string,
  goPath: string,
  foundBy: GoToolchain["foundBy"],
  env: NodeJS.ProcessEnv,
  extra: Record<string, string>,
): Promise<GoToolchain> {
  const notes: string[] = [];
  let added = { ...extra };
  let res = await goCommand(goPath, ["version"], env, added);
  // Go <= 1.17 rejects flags a newer go wrote into the shared go env file
  // (GOFLAGS=-buildvcs=false); such a toolchain runs without that file.
  if (res.code !== 0 && /parsing \$GOFLAGS: unknown flag/.test(res.stderr)) {
    added = { ...added, GOENV: "off" };
    notes.push("runs with GOENV=off: the go env file sets GOFLAGS this release does not know");
    res = await goCommand(goPath, ["version"], env, added);
  }
  const parsed = res.code === 0 ? parseGoVersionLine(res.stdout) : undefined;
  if (!parsed) {
    const why = firstLine(res.stderr) || firstLine(res.stdout) || `exit code ${res.code}`;
    throw new UserError(
      `go: ${goPath}${extra["GOTOOLCHAIN"] ? ` (GOTOOLCHAIN=${extra["GOTOOLCHAIN"]})` : ""} does not work: ${why}`,
    );
  }
  const gorootRes = await goCommand(goPath, ["env", "GOROOT"], env, added);
  if (foundBy === "GOTOOLCHAIN")
    notes.push(
      `${parsed.version.text} selected with GOTOOLCHAIN (fetched through the module proxy on first use)`,
    );
  return {
    spec,
    path: goPath,
    ...parsed,
    goroot: gorootRes.code === 0 ? gorootRes.stdout.trim() : "",
    foundBy,
    env: added,
    notes,
  };
}

async function goCommand(
  goPath: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  extra: Record<string, string>,
) {
  try {
    return await runProcess(goPath, args, {
      env: { ...env, ...extra },
      timeoutMs: PROBE_TIMEOUT_MS,
    });
  } catch (e) {
    if (e instanceof SpawnError) throw new UserError(`go: cannot run ${goPath}: ${e.code}`);
    throw e;
  }
}

function resolveGoPath(spec: string): string {
  let st;
  try {
    st = statSync(spec);
  } catch {
    throw new UserError(`--go ${spec}: no such file, and not a Go version such as go1.22.12`);
  }
  if (st.isDirectory()) {
    for (const cand of [path.join(spec, "bin", "go"), path.join(spec, "go")]) {
      if (isExecutable(cand)) return path.resolve(cand);
    }
    throw new UserError(`--go ${spec}: a directory with no bin/go in it`);
  }
  if (!isExecutable(spec)) throw new UserError(`--go ${spec}: not an executable file`);
  return path.resolve(spec);
}

function searchPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue;
    const cand = path.join(dir, name);
    if (isExecutable(cand)) return cand;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const firstLine = (s: string) => s.trim().split("\n")[0]?.trim() ?? "";

/**
 * The Go release a binary was built with (`go version FILE`), or "" when no
 * go is at hand or the file is not a Go binary. Best effort: callers treat
 * the version as extra information.
 */
export async function binaryGoVersion(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const goPath = searchPath("go", env["PATH"] ?? "") ?? ["/usr/local/go/bin/go"].find(isExecutable);
  if (!goPath) return "";
  try {
    const res = await runProcess(goPath, ["version", file], {
      env: { ...env, GOTOOLCHAIN: "local", GOENV: "off" },
      timeoutMs: 30_000,
    });
    const m = /: (go\d+\.\d+\S*)\s*$/m.exec(res.stdout);
    return res.code === 0 && m ? (m[1] ?? "") : "";
  } catch {
    return "";
  }
}
