import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALLOC_CALLS, allocCallOf, type AllocCall, type AllocCallName } from "./alloc-calls.js";

/**
 * The table's version ranges, checked against the runtime source of every Go
 * release on this machine: the installed Go and Debian's Go 1.19 always, and
 * whatever GOTOOLCHAIN has downloaded into the module cache.
 */
const REQUIRED = ["/usr/local/go", "/usr/lib/go-1.19"];

function toolchainRoots(): string[] {
  const cache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  const dir = path.join(cache, "golang.org");
  const downloaded = existsSync(dir)
    ? readdirSync(dir)
        .filter((d) => d.startsWith("toolchain@"))
        .map((d) => path.join(dir, d))
    : [];
  return [...REQUIRED, ...downloaded];
}

/** "go1.26.8" -> [1, 26]; the first line of $GOROOT/VERSION. */
function versionOf(root: string): [number, number] {
  const m = /^go(\d+)\.(\d+)/.exec(readFileSync(path.join(root, "VERSION"), "utf8"));
  if (!m) throw new Error(`${root}: no version`);
  return [Number(m[1]), Number(m[2])];
}

const minor = (v: string) => Number(v.split(".")[1]);

/** Names of the package-level funcs declared in $GOROOT/src/runtime. */
function runtimeFuncs(root: string): Set<string> {
  const dir = path.join(root, "src", "runtime");
  const out = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".go") || f.endsWith("_test.go")) continue;
    for (const m of readFileSync(path.join(dir, f), "utf8").matchAll(/^func (\w+)[[(]/gm)) {
      out.add(m[1] ?? "");
    }
  }
  return out;
}

function exists(name: AllocCallName, entry: AllocCall, funcs: Set<string>): boolean {
  if (!entry.numbered) return funcs.has(name);
  return [...funcs].some((f) => f.startsWith(name) && /^\d+$/.test(f.slice(name.length)));
}

const entries = Object.entries(ALLOC_CALLS) as [AllocCallName, AllocCall][];
const roots = toolchainRoots().filter((r) => minor(versionOf(r).join(".")) >= 8);

describe("runtime allocation entry points", () => {
  it("finds the required toolchains", () => {
    for (const r of REQUIRED) expect(existsSync(path.join(r, "src", "runtime"))).toBe(true);
    expect(roots.map((r) => versionOf(r)[1])).toEqual(expect.arrayContaining([19, 26]));
  });

  it.each(roots)("%s has exactly the functions the table says it has", (root) => {
    const [, v] = versionOf(root);
    const funcs = runtimeFuncs(root);
    const wrong = entries
      .filter(([name, e]) => {
        const should = minor(e.since) <= v && (e.until === null || v < minor(e.until));
        return exists(name, e, funcs) !== should;
      })
      .map(([name]) => name);
    expect(wrong).toEqual([]);
  });

  it.each(REQUIRED)("%s: the compiler emits every entry that exists", (root) => {
    const [, v] = versionOf(root);
    const c = path.join(root, "src", "cmd", "compile", "internal");
    const builtin = ["typecheck/_builtin/runtime.go", "typecheck/builtin/runtime.go"]
      .map((f) => path.join(c, f))
      .filter(existsSync);
    const walk = readdirSync(path.join(c, "walk")).map((f) => path.join(c, "walk", f));
    const text = [...builtin, path.join(c, "ssagen", "ssa.go"), ...walk]
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const missing = entries
      .filter(([, e]) => minor(e.since) <= v && (e.until === null || v < minor(e.until)))
      .filter(([name, e]) =>
        e.numbered
          ? !text.includes(`"${name}%d"`)
          : !text.includes(`"${name}"`) && !text.includes(`func ${name}(`),
      )
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("maps call targets to entries, numbered families included", () => {
    expect(allocCallOf("runtime.newobject")).toBe("newobject");
    expect(allocCallOf("runtime.mallocgcSmallNoScanSC12")).toBe("mallocgcSmallNoScanSC");
    expect(allocCallOf("runtime.mallocgcTinySize3")).toBe("mallocgcTinySize");
    expect(allocCallOf("runtime.mallocgcTinySize")).toBeNull();
    expect(allocCallOf("runtime.mallocgcTinySizeX")).toBeNull();
    expect(allocCallOf("runtime.morestack_noctxt")).toBeNull();
    expect(allocCallOf("runtime.deferprocStack")).toBeNull();
    expect(allocCallOf("example.com/p.newobject")).toBeNull();
  });
});
