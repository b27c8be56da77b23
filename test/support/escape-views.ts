import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  attachFuncs,
  mergeEscapeReports,
  parseEscapeJson,
  parseEscapeText,
} from "../../src/formats/escape/index.js";
import { scanGoFuncs, scanGoImports } from "../../src/formats/gosource/index.js";
import type { ClassifyContext } from "../../src/analyze/escape-classify.js";
import type { EscapeReport } from "../../src/model/escape.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ESCAPE_FIXTURES = path.join(ROOT, "test/fixtures/escape");
export const ESCAPE_PKG = path.join(ROOT, "test/go/escape");
/** The directory scripts/make-escape-fixtures.mjs puts in place of its temporary one. */
export const FIXTURE_BASE = "/tmp/memsnap-escape/escape";

export const GO126 = "go";
export const GO119 = "/usr/lib/go-1.19/bin/go";

export interface GoSource {
  readonly path: string;
  readonly text: string;
}

/** The .go files of one package directory, by name relative to it. */
export function readSources(dir: string): GoSource[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".go"))
    .sort()
    .map((n) => ({ path: n, text: readFileSync(path.join(dir, n), "utf8") }));
}

/** What the integrator's source reading gives the classifier. */
export function classifyContext(sources: readonly GoSource[]): ClassifyContext {
  return {
    imports: new Set(sources.flatMap((s) => [...scanGoImports(s.text)])),
    funcs: new Set(
      sources.flatMap((s) => {
        const r = scanGoFuncs(s.text);
        return r.ok ? r.value.filter((f) => !f.name.includes(".")).map((f) => f.name) : [];
      }),
    ),
  };
}

/** Reads a -json=0,DIR log directory as {path, text} files. */
export function readJsonDir(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((p) =>
    readdirSync(path.join(dir, p)).map((f) => ({
      path: `${p}/${f}`,
      text: readFileSync(path.join(dir, p, f), "utf8"),
    })),
  );
}

/** The pipeline the CLI runs: JSON log + -m=2 text, merged, functions attached from the sources. */
export function buildReport(
  m2: string,
  jsonFiles: readonly { path: string; text: string }[],
  sources: readonly GoSource[],
  baseDir: string,
  goVersion: "go126" | "go119",
): EscapeReport {
  const j = parseEscapeJson(jsonFiles, { baseDir });
  const t = parseEscapeText(m2, { baseDir });
  if (!j.ok) throw new Error(j.error);
  if (!t.ok) throw new Error(t.error);
  const merged = mergeEscapeReports(j.value, t.value);
  const globalPrefix = goVersion === "go119" ? "glob." : "init";
  return attachFuncs(merged, sources, { globalPrefix }).report;
}

/** The fixture package's report from the committed fixtures of one toolchain. */
export function fixtureReport(tc: "go126" | "go119"): EscapeReport {
  return buildReport(
    readFileSync(path.join(ESCAPE_FIXTURES, `${tc}-m2.txt`), "utf8"),
    readJsonDir(path.join(ESCAPE_FIXTURES, `${tc}-json`)),
    readSources(ESCAPE_PKG),
    FIXTURE_BASE,
    tc,
  );
}

export const fixtureContext = (): ClassifyContext => classifyContext(readSources(ESCAPE_PKG));

/** The environment scripts/make-escape-fixtures.mjs builds with. */
export const GO_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOWORK: "off",
  GOFLAGS: "-mod=readonly",
  GOENV: "off",
};

/** `go build -gcflags='-m=2 -json=0,DIR' .` in dir: the text output and the JSON log directory. */
export function buildEscape(goBin: string, dir: string, jsonDir: string): string {
  const r = spawnSync(goBin, ["build", `-gcflags=-m=2 -json=0,${jsonDir}`, "."], {
    cwd: dir,
    env: GO_ENV,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${goBin} build: exit ${r.status}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

export const haveGo119 = (): boolean => existsSync(GO119);
