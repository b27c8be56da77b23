import { ancestor, type SyntaxNode } from "../../../formats/gosyntax/index.js";
import { blockStatements, callName } from "./a-syntax.js";

/**
 * Whether some statement after `node`, at any block level inside `loop`,
 * always leaves the loop: then whatever `node` does (a defer, a timer in a
 * select) happens at most once per call, not once per iteration.
 */
export function leavesAfter(node: SyntaxNode, loop: SyntaxNode): boolean {
  for (let s: SyntaxNode | null = node; s && !s.equals(loop); s = s.parent) {
    for (let n = s.nextNamedSibling; n; n = n.nextNamedSibling) {
      if (leaves(n, loop)) return true;
    }
  }
  return false;
}

const EXITS = new Set(["panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic"]);

/** Whether the statement always leaves the loop (conservative: false when unsure). */
export function leaves(s: SyntaxNode, loop: SyntaxNode): boolean {
  switch (s.type) {
    case "return_statement":
    case "goto_statement":
      return true;
    case "break_statement":
      // A labeled break leaves at least the innermost loop; an unlabeled one
      // only when the loop is the nearest breakable statement.
      return s.namedChildCount > 0 || breakTarget(s)?.equals(loop) === true;
    case "expression_statement": {
      const name = callName(s.namedChildren[0] ?? null);
      return name !== null && EXITS.has(name);
    }
    case "block":
      return blockStatements(s).some((x) => leaves(x, loop));
    case "if_statement": {
      const then = s.childForFieldName("consequence");
      const alt = s.childForFieldName("alternative");
      return then !== null && alt !== null && leaves(then, loop) && leaves(alt, loop);
    }
    default:
      return false;
  }
}

function breakTarget(s: SyntaxNode): SyntaxNode | null {
  return ancestor(s, [
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
    "func_literal",
  ]);
}
