import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../base/errors.js";
import { runGo, type GoToolchain } from "./go.js";
import { runProcess, type RunResult } from "./process.js";

/** The lab ships inside the package: <package>/lab, beside dist/ and src/. */
export function labRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "..", "..", "lab");
}

export interface LabSourceFile {
  readonly dir: string;
  /** Path relative to the lab root, e.g. "map-never-shrinks/main.go". */
  readonly file: string;
  readonly text: string;
}

/** Every lab program's main.go, in directory order. */
export function readLabSources(root = labRoot()): LabSourceFile[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, "main.go")))
    .map((d) => d.name)
    .sort()
    .map((dir) => {
      const file = path.join(dir, "main.go");
      return { dir, file, text: readFileSync(path.join(root, file), "utf8") };
    });
}

/** Where built lab binaries live: one folder per toolchain version. */
export function labBinDir(tc: GoToolchain, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env["XDG_CACHE_HOME"] || path.join(homedir(), ".cache");
  return path.join(cache, "memsnap", "lab-bin", `${tc.version.text}-${tc.goos}-${tc.goarch}`);
}

const BUILD_TIMEOUT_MS = 10 * 60_000;

/**
 * Builds lab programs into `outDir` (one binary per id). The lab has no
 * dependencies, and the build is told so: no proxy, no go.work, no switch of
 * toolchain, so it never downloads anything.
 */
export async function buildLab(
  tc: GoToolchain,
  ids: readonly string[],
  outDir: string,
): Promise<void> {
  const res = await runGo(tc, ["build", "-o", outDir + path.sep, ...ids.map((id) => `./${id}`)], {
    cwd: labRoot(),
    timeoutMs: BUILD_TIMEOUT_MS,
    env: {
      GOFLAGS: "-mod=readonly",
      GOPROXY: "off",
      GOWORK: "off",
      ...(tc.env["GOTOOLCHAIN"] ? {} : { GOTOOLCHAIN: "local" }),
    },
  });
  if (res.timedOut)
    throw new Error(`go build of the lab timed out after ${BUILD_TIMEOUT_MS / 1000}s`);
  if (res.code !== 0) throw new Error(`go build of the lab failed: ${res.stderr.trim()}`);
}

/** Runs a built lab binary, streaming its stdout lines. */
export function runLabBinary(
  binary: string,
  args: readonly string[],
  opts: {
    timeoutMs: number;
    env?: Readonly<Record<string, string>>;
    onStdoutLine?: (l: string) => void;
    interrupt?: AbortSignal;
  },
): Promise<RunResult> {
  if (!existsSync(binary)) throw new UserError(`lab: no binary at ${binary}`);
  return runProcess(binary, args, {
    timeoutMs: opts.timeoutMs,
    env: { ...process.env, ...opts.env },
    ...(opts.onStdoutLine ? { onStdoutLine: opts.onStdoutLine } : {}),
    ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
  });
}
