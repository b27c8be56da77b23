import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { GoGrammarWasm } from "../model/gosyntax.js";

const require = createRequire(import.meta.url);

/**
 * The wasm files of the pinned web-tree-sitter runtime and tree-sitter-go
 * grammar, resolved from node_modules (formats/gosyntax takes bytes, not paths).
 */
export function readGoGrammarWasm(): GoGrammarWasm {
  return {
    runtime: readFileSync(require.resolve("web-tree-sitter/web-tree-sitter.wasm")),
    grammar: readFileSync(require.resolve("tree-sitter-go/tree-sitter-go.wasm")),
  };
}
