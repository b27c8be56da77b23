import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { expectGolden } from "../../../test/support/golden.js";
import {
  CALL_NODES,
  calleeName,
  enclosingDeclaration,
  enclosingFunction,
  findAll,
  FUNCTION_NODES,
  functionName,
  GoSyntax,
  importsOf,
  packageName,
  selectorPath,
  walk,
  type GoSourceFile,
  type SyntaxNode,
} from "./index.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const FIXTURES = path.join(ROOT, "test/fixtures/gosyntax");
const fixtures = readdirSync(FIXTURES)
  .filter((n) => n.endsWith(".go"))
  .map((name) => ({ name, text: readFileSync(path.join(FIXTURES, name), "utf8") }));
const labSources = readdirSync(path.join(ROOT, "lab"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "internal")
  .map((d) => readFileSync(path.join(ROOT, "lab", d.name, "main.go"), "utf8"));

// The toolchain layer reads these in the product (src/toolchain/grammar.ts).
const require = createRequire(import.meta.url);
const wasm = {
  runtime: readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")),
  grammar: readFileSync(require.resolve("tree-sitter-go/tree-sitter-go.wasm")),
};

let go: GoSyntax;
beforeAll(async () => {
  const r = await GoSyntax.load(wasm);
  if (!r.ok) throw new Error(r.error);
  go = r.value;
});

function parse<T>(text: string, fn: (f: GoSourceFile) => T): T {
  const r = go.withTree(text, fn);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** What the helpers see in a file, as plain data for a golden. */
function facts(f: GoSourceFile) {
  const at = (n: SyntaxNode) => {
    const p = f.position(n);
    return `${p.line}:${p.column}`;
  };
  return {
    package: packageName(f.root),
    imports: importsOf(f.root),
    functions: findAll(f.root, FUNCTION_NODES).map((n) => `${at(n)} ${functionName(n)}`),
    calls: findAll(f.root, CALL_NODES).map(
      (n) =>
        `${at(n)} ${calleeName(n) ?? "(computed)"} in ${functionName(enclosingFunction(n) ?? n) || "(package)"}`,
    ),
    errorCount: f.errorCount,
    syntaxErrors: f.syntaxErrors,
    tree: f.root.toString(),
  };
}

describe("Go syntax trees (tree-sitter-go 0.25.0 on web-tree-sitter 0.27.1)", () => {
  it("loads a grammar whose ABI the runtime supports", () => {
    expect(go.abiVersion).toBe(15);
  });

  it("fails, without throwing, on bytes that are no grammar", async () => {
    const r = await GoSyntax.load({ runtime: wasm.runtime, grammar: wasm.grammar.subarray(0, 64) });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^cannot load the Go grammar: /) });
  });

  it.each(fixtures.map((f) => [f.name, f.text]))("reads %s", (name, text) => {
    expectGolden(path.join(FIXTURES, name.replace(/\.go$/, ".golden.json")), parse(text, facts));
  });

  it("names functions, methods and closures as the compiler does", () => {
    const text = fixtures.find((f) => f.name === "funcs.go")?.text ?? "";
    const names = parse(text, (f) => findAll(f.root, FUNCTION_NODES).map(functionName));
    expect(names).toEqual([
      "glob..func1",
      "T.Value",
      "(*T).Put",
      "(*List[...]).Push",
      "Outer",
      "Outer.func1",
      "Outer.func2",
      "Outer.func2.1",
      "Outer.func3",
      "Generic",
    ]);
  });

  it("gives byte columns, as the Go toolchain does, after non-ASCII text", () => {
    // "é" is 2 bytes and "😀" 4 in UTF-8, 1 and 2 code units in JS.
    const text = 'package p\n\nvar s, t = "é😀", y\n';
    const col = parse(text, (f) => f.position(findAll(f.root, "identifier")[2] as SyntaxNode));
    expect(col).toEqual({ line: 3, column: 'var s, t = "é😀", '.length + 1 + 1 + 2 });
    expect(parse(text, (f) => f.lineText(3))).toBe('var s, t = "é😀", y');
  });

  it("reads selectors and callees as dotted names, and null when computed", () => {
    const text =
      "package p\nfunc f() { a.b.c(); fs[0](); g()(); (h)(); K[int](); K[a.T, int](); x.y().z() }\n";
    const calls = parse(text, (f) => findAll(f.root, "call_expression").map(calleeName));
    expect(calls).toEqual(["a.b.c", null, null, "g", "h", null, "K", null, "x.y"]);
    const sel = parse(text, (f) => findAll(f.root, "selector_expression").map(selectorPath));
    expect(sel).toEqual([["a", "b", "c"], ["a", "b"], null, ["x", "y"]]);
  });

  it("walks every node in source order, skips children on false, stays in a subtree", () => {
    const text = labSources[0] ?? "";
    parse(text, (f) => {
      const all: number[] = [];
      walk(f.root, (n) => void all.push(n.id));
      const expected: number[] = [];
      const visit = (n: SyntaxNode) => {
        expected.push(n.id);
        n.children.forEach((c) => c && visit(c));
      };
      visit(f.root);
      expect(all).toEqual(expected);

      const skipped: string[] = [];
      walk(f.root, (n) => (skipped.push(n.type), n.type !== "function_declaration"));
      expect(skipped).toContain("function_declaration");
      expect(skipped.length).toBeLessThan(all.length);
      const declared = findAll(f.root, "function_declaration").map((d) => d.namedChildren.length);
      expect(declared.every((n) => n > 0)).toBe(true);
      let entered = false;
      walk(f.root, (n) => {
        entered ||= enclosingDeclaration(n)?.type === "function_declaration";
        return n.type !== "function_declaration";
      });
      expect(entered).toBe(false);

      const fn = findAll(f.root, "function_declaration")[0] as SyntaxNode;
      let inside = true;
      walk(fn, (n) => {
        inside &&= n.startIndex >= fn.startIndex && n.endIndex <= fn.endIndex;
      });
      expect(inside).toBe(true);
      const call = findAll(fn, "call_expression")[0] as SyntaxNode;
      expect(enclosingDeclaration(call)?.equals(fn)).toBe(true);
    });
  });

  it("refuses a text over the size cap without parsing it, and goes on", () => {
    const r = go.withTree("package p\n" + "//".repeat(100), () => 1, { maxLength: 100 });
    expect(r).toEqual({ ok: false, error: "210 characters, over the 100 cap" });
    expect(go.withTree("package p\n", () => 1)).toEqual({ ok: true, value: 1 });
  });

  it("survives deep nesting and binary junk", () => {
    const deep = `package p\nvar x = ${"(".repeat(50_000)}1${")".repeat(50_000)}\n`;
    expect(parse(deep, (f) => [f.errorCount, packageName(f.root)])).toEqual([0, "p"]);
    const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65536));
    expect(parse(junk, (f) => f.errorCount)).toBeGreaterThan(0);
  });

  it("deletes the tree even when the callback throws", () => {
    let seen: SyntaxNode | undefined;
    expect(() =>
      go.withTree("package p\n", (f) => {
        seen = f.root;
        throw new Error("rule bug");
      }),
    ).toThrow("rule bug");
    // A deleted tree's nodes read freed memory; a fresh parse still works.
    expect(seen?.type).toBeDefined();
    expect(parse("package q\n", (f) => packageName(f.root))).toBe("q");
  });

  it("never throws on truncated or mutated Go (fuzz from real seeds)", () => {
    const seed = fc.constantFrom(...fixtures.map((f) => f.text), ...labSources);
    const mutated = fc.oneof(
      fc.tuple(seed, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))),
      fc
        .tuple(seed, fc.nat(), fc.string({ unit: "binary", minLength: 1, maxLength: 6 }))
        .map(([t, n, s]) => t.slice(0, n % t.length) + s + t.slice((n % t.length) + s.length)),
      fc.tuple(seed, fc.nat(), fc.nat()).map(([t, a, b]) => {
        const lines = t.split("\n");
        const [i, j] = [a % lines.length, b % lines.length];
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        return lines.join("\n");
      }),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        const r = go.withTree(text, (f) => {
          const lastLine = f.text.split("\n").length;
          for (const e of f.syntaxErrors) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lastLine);
            expect(e.message).toMatch(/^(missing|unexpected) [^\n]+$/);
          }
          findAll(f.root, FUNCTION_NODES).forEach(functionName);
          findAll(f.root, "call_expression").forEach(calleeName);
          return f.errorCount >= f.syntaxErrors.length;
        });
        expect(r).toEqual({ ok: true, value: true });
      }),
      { numRuns: 600 },
    );
  });

  it("parses a sample of the installed standard library without a crash", () => {
    const goroot = execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim();
    const files: string[] = [];
    const list = (dir: string) => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (d.isDirectory() && d.name !== "testdata") list(path.join(dir, d.name));
        else if (d.name.endsWith(".go")) files.push(path.join(dir, d.name));
      }
    };
    list(path.join(goroot, "src"));
    const sample = files.filter((_, i) => i % 13 === 0);
    let withErrors = 0;
    for (const file of sample) {
      const r = go.withTree(readFileSync(file, "utf8"), (f) => f.errorCount);
      expect(r.ok, file).toBe(true);
      if (r.ok && r.value > 0) withErrors++;
    }
    expect(sample.length).toBeGreaterThan(300);
    // Go 1.26's tree has 2 such files in 6,495 (new(expr), a variable named make).
    expect(withErrors).toBeLessThanOrEqual(3);
  });
});
