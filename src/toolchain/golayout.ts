import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../base/errors.js";
import { runGo, type GoToolchain } from "./go.js";
import { runProcess } from "./process.js";

/** The helper's module ships inside the package: <package>/tools/golayout. */
export function golayoutSource(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "..", "..", "tools", "golayout");
}

/**
 * Where the built helper lives. It must be built by the same Go that wrote
 * the export data it reads (the gc importer reads only its own release's
 * format), so the key is the toolchain's version and platform, plus a hash of
 * the helper's source so a newer memsnap never runs an older build.
 */
export function golayoutBinary(tc: GoToolchain, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env["XDG_CACHE_HOME"] || path.join(homedir(), ".cache");
  const name = `golayout-${sourceHash()}-${tc.version.text}-${tc.goos}-${tc.goarch}`;
  return path.join(cache, "memsnap", "tools", name);
}

let hash: string | undefined;
function sourceHash(): string {
  if (hash) return hash;
  const dir = golayoutSource();
  const h = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".go") || name === "go.mod")
      h.update(name).update(readFileSync(path.join(dir, name)));
  }
  return (hash = h.digest("hex").slice(0, 12));
}

const BUILD_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

/** Builds the helper once per toolchain (no network: it imports only the standard library). */
export async function buildGoLayout(tc: GoToolchain, env = process.env): Promise<string> {
  const bin = golayoutBinary(tc, env);
  if (existsSync(bin)) return bin;
  mkdirSync(path.dirname(bin), { recursive: true });
  // Build beside the target and rename: two memsnap runs may build at once.
  const tmp = `${bin}.${process.pid}.tmp`;
  const res = await runGo(tc, ["build", "-o", tmp, "."], {
    cwd: golayoutSource(),
    timeoutMs: BUILD_TIMEOUT_MS,
    env: {
      GOFLAGS: "-mod=readonly",
      GOPROXY: "off",
      GOWORK: "off",
      // The helper runs on this machine, whatever GOOS/GOARCH the user set.
      GOOS: tc.goos,
      GOARCH: tc.goarch,
      CGO_ENABLED: "0",
      ...(tc.env["GOTOOLCHAIN"] ? {} : { GOTOOLCHAIN: "local" }),
    },
  });
  if (res.code !== 0 || res.timedOut) {
    rmSync(tmp, { force: true });
    const why = res.timedOut ? `timed out after ${BUILD_TIMEOUT_MS / 1000}s` : res.stderr.trim();
    throw new Error(`go build of tools/golayout with ${tc.version.text} failed: ${why}`);
  }
  renameSync(tmp, bin);
  return bin;
}

export interface LayoutRequest {
  /** Package patterns as `go list` takes them (`./...`, `std`, import paths). */
  readonly patterns: readonly string[];
  /** Directory `go list` runs in (the user's module). */
  readonly dir: string;
  /** Target architecture; `go env GOARCH` when absent. */
  readonly goarch?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs the helper and returns its JSON text (src/formats/layout parses it).
 * `go list -export` compiles the packages and their dependencies for the
 * target GOARCH on first use; later runs hit the build cache.
 */
export async function runGoLayout(tc: GoToolchain, req: LayoutRequest): Promise<string> {
  const bin = await buildGoLayout(tc);
  const timeoutMs = req.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  // Without -arch the helper asks `go env GOARCH`, which honours the user's GOARCH.
  const arch = req.goarch ? ["-arch", req.goarch] : [];
  const res = await runProcess(bin, ["-go", tc.path, ...arch, "-C", req.dir, ...req.patterns], {
    timeoutMs,
    env: { ...process.env, ...tc.env },
  });
  if (res.timedOut) throw new UserError(`layout: timed out after ${timeoutMs / 1000}s`);
  if (res.code !== 0) {
    const why = res.stderr.trim().replace(/^golayout: /, "") || `exit code ${res.code}`;
    throw new UserError(`layout: ${why.split("\n").slice(0, 5).join("; ")}`);
  }
  return res.stdout;
}
