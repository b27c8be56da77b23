import * as TreeSitter from "web-tree-sitter";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import { fail, ok, type Result } from "../../base/result.js";
import type { GoGrammarWasm } from "../../model/gosyntax.js";
import { collectSyntaxErrors, type SyntaxProblem } from "./errors.js";
import { LineIndex, type SourcePosition } from "./lines.js";

/**
 * Go syntax trees from tree-sitter-go 0.25.0 running in web-tree-sitter
 * 0.27.1 (both pinned exactly: the grammar's node types and fields changed
 * between 0.23 and 0.25, and every rule matches on them). The caller reads
 * the two wasm files (src/toolchain/grammar.ts) and passes the bytes in.
 */

export type { Node as SyntaxNode } from "web-tree-sitter";
export type { SourcePosition } from "./lines.js";
export type { SyntaxProblem } from "./errors.js";
export * from "./nodes.js";
export type { GoGrammarWasm } from "../../model/gosyntax.js";

/** One parsed file, valid only inside the `withTree` callback that received it. */
export interface GoSourceFile {
  readonly text: string;
  readonly root: Node;
  /** ERROR and MISSING nodes: tree-sitter recovers and the rest of the tree is usable. */
  readonly errorCount: number;
  /** The first few of them, in source order. */
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** 1-based line and byte column (the Go compiler's convention) of a node's start. */
  position(node: Node): SourcePosition;
  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string;
}

export interface ParseOptions {
  /** Texts longer than this (UTF-16 code units) are refused, not parsed. */
  readonly maxLength?: number;
}

/**
 * Tree-sitter uses ~20 bytes of wasm memory per byte of Go (measured: 64 MiB
 * of Go source took 1.3 GB). Past the wasm heap's limit the module aborts and
 * stays dead for the whole process, so a cap is not optional. The largest
 * file of Go 1.26's source tree is 2.9 MB (ssa/opGen.go).
 */
export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;

export class GoSyntax {
  /** Set when the wasm module aborted: every later parse would abort too. */
  private crashed = "";

  private constructor(
    private readonly parser: Parser,
    readonly abiVersion: number,
  ) {}

  /** Loads the runtime and the grammar. Fails (never throws) on bad or incompatible wasm. */
  static async load(wasm: GoGrammarWasm): Promise<Result<GoSyntax>> {
    try {
      await initRuntime(wasm.runtime);
      const language = await Language.load(wasm.grammar);
      const abi = language.abiVersion;
      // Live bindings that init sets: the ABI range this runtime reads.
      const { MIN_COMPATIBLE_VERSION: min, LANGUAGE_VERSION: max } = TreeSitter;
      if (abi < min || abi > max) {
        return fail(`Go grammar ABI ${abi} is outside web-tree-sitter's ${min}..${max}`);
      }
      const parser = new Parser();
      parser.setLanguage(language);
      return ok(new GoSyntax(parser, abi));
    } catch (e) {
      return fail(`cannot load the Go grammar: ${oneLine(e)}`);
    }
  }

  /**
   * Parses `text`, calls `fn` with the file and deletes the tree whatever
   * happens: tree-sitter's trees live in wasm memory that the JS garbage
   * collector never frees (the standard library without `delete` exhausts the
   * 2 GB wasm heap). Nodes must not escape `fn`; return plain data.
   * Parse problems come back as a failure; an exception from `fn` is re-thrown.
   */
  withTree<T>(text: string, fn: (file: GoSourceFile) => T, opts: ParseOptions = {}): Result<T> {
    if (this.crashed) return fail(`the Go parser is unusable: ${this.crashed}`);
    const max = opts.maxLength ?? DEFAULT_MAX_LENGTH;
    if (text.length > max) return fail(`${text.length} characters, over the ${max} cap`);
    let tree: Tree | null;
    try {
      tree = this.parser.parse(text);
    } catch (e) {
      this.crashed = `it aborted on a ${text.length}-character input (${oneLine(e)})`;
      return fail(`the Go parser aborted: ${oneLine(e)}`);
    }
    if (!tree) return fail("the Go parser returned no tree");
    try {
      return ok(fn(sourceFile(text, tree.rootNode)));
    } finally {
      tree.delete();
    }
  }
}

let runtimeReady: Promise<void> | undefined;

/** web-tree-sitter has one wasm module per process; the first caller's bytes win. */
async function initRuntime(bytes: Uint8Array): Promise<void> {
  runtimeReady ??= Parser.init({ wasmBinary: bytes });
  try {
    await runtimeReady;
  } catch (e) {
    runtimeReady = undefined;
    throw e;
  }
}

function sourceFile(text: string, root: Node): GoSourceFile {
  const lines = new LineIndex(text);
  const errors = root.hasError ? collectSyntaxErrors(root, lines) : { count: 0, first: [] };
  return {
    text,
    root,
    errorCount: errors.count,
    syntaxErrors: errors.first,
    position: (node) => lines.position(node.startPosition),
    lineText: (line) => lines.lineText(line),
  };
}

function oneLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e)
    .replace(/\s+/g, " ")
    .slice(0, 200);
}
