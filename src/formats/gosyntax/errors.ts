import type { Node } from "web-tree-sitter";
import type { LineIndex, SourcePosition } from "./lines.js";

/** Where tree-sitter gave up on the Go grammar and recovered. */
export interface SyntaxProblem extends SourcePosition {
  /** ERROR: text the grammar could not place; MISSING: a token it inserted. */
  readonly kind: "ERROR" | "MISSING";
  /** One line: `unexpected "make(n - 1)"` or `missing ")"`. */
  readonly message: string;
}

const MAX_LISTED = 20;
const MAX_QUOTED = 40;

/**
 * Counts ERROR and MISSING nodes and lists the first ones. Only subtrees
 * that contain an error are entered (tree-sitter keeps `hasError` on every
 * ancestor), and the walk is iterative: a deeply nested file cannot overflow
 * the JS stack.
 */
export function collectSyntaxErrors(
  root: Node,
  lines: LineIndex,
): { count: number; first: SyntaxProblem[] } {
  const first: SyntaxProblem[] = [];
  let count = 0;
  const stack: Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const problem = node.isMissing ? "MISSING" : node.isError ? "ERROR" : undefined;
    if (problem) {
      count++;
      if (first.length < MAX_LISTED) first.push(describe(node, problem, lines));
      if (problem === "MISSING") continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c && (c.hasError || c.isMissing)) stack.push(c);
    }
  }
  return { count, first };
}

function describe(node: Node, kind: "ERROR" | "MISSING", lines: LineIndex): SyntaxProblem {
  const at = lines.position(node.startPosition);
  if (kind === "MISSING") return { ...at, kind, message: `missing ${JSON.stringify(node.type)}` };
  const text = node.text.replace(/\s+/g, " ").trim();
  const quoted = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return { ...at, kind, message: `unexpected ${JSON.stringify(quoted)}` };
}
