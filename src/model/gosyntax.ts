/**
 * The two wasm modules behind Go syntax trees: read by src/toolchain/grammar.ts,
 * loaded by src/formats/gosyntax.
 */
export interface GoGrammarWasm {
  /** web-tree-sitter's own module (web-tree-sitter.wasm). */
  readonly runtime: Uint8Array;
  /** The Go grammar (tree-sitter-go.wasm). */
  readonly grammar: Uint8Array;
}
