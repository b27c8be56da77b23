import {
  calleeName,
  enclosingFunction,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";

/**
 * Syntax helpers shared by the group-A rules: constant folding over the
 * file's own constants, and the local bindings of a name in one function.
 */

/** Package- and function-level integer constants of the file that fold (no iota). */
export function fileConstants(root: SyntaxNode): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of findAll(root, "const_spec")) {
    const names = spec.childrenForFieldName("name");
    const values = spec.childForFieldName("value")?.namedChildren ?? [];
    names.forEach((n, i) => {
      const v = values[i];
      const folded = n && v ? constValue(v, out) : undefined;
      if (n && folded !== undefined) out.set(n.text, folded);
    });
  }
  return out;
}

/** The integer value of a constant expression, or undefined. */
export function constValue(
  node: SyntaxNode,
  consts: ReadonlyMap<string, number>,
): number | undefined {
  switch (node.type) {
    case "int_literal": {
      const v = Number(node.text.replace(/_/g, ""));
      return Number.isFinite(v) ? v : undefined;
    }
    case "identifier":
      return consts.get(node.text);
    case "parenthesized_expression": {
      const inner = node.namedChildren[0];
      return inner ? constValue(inner, consts) : undefined;
    }
    case "binary_expression": {
      const l = node.childForFieldName("left");
      const r = node.childForFieldName("right");
      const a = l ? constValue(l, consts) : undefined;
      const b = r ? constValue(r, consts) : undefined;
      if (a === undefined || b === undefined) return undefined;
      switch (node.childForFieldName("operator")?.text) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return b === 0 ? undefined : Math.trunc(a / b);
        case "<<":
          return b > 52 ? undefined : a * 2 ** b;
        case ">>":
          return Math.trunc(a / 2 ** b);
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

/** The value assigned to `name` by one binding statement, or null when it is not a plain pairing. */
export interface Binding {
  readonly statement: SyntaxNode;
  /** The value expression, null for `var x T` and for multi-value calls (`a, b := f()`). */
  readonly value: SyntaxNode | null;
  /** True for `var x T` without a value (the zero value). */
  readonly zero: boolean;
}

/**
 * Every statement inside `fn` (not inside nested function literals) that
 * binds or assigns the plain identifier `name`, plus whether `name` is a
 * parameter or receiver of `fn` (its value then comes from the caller).
 */
export function bindingsOf(fn: SyntaxNode, name: string): { bindings: Binding[]; param: boolean } {
  const heads = [fn.childForFieldName("parameters"), fn.childForFieldName("receiver")];
  const param = heads.some(
    (h) => h !== null && findAll(h, "identifier").some((id) => id.text === name),
  );
  const bindings: Binding[] = [];
  const body = fn.childForFieldName("body");
  if (!body) return { bindings, param };
  const stmts = findAll(body, [
    "short_var_declaration",
    "assignment_statement",
    "var_spec",
    "range_clause",
  ]);
  for (const s of stmts) {
    if (!sameFunction(s, fn)) continue;
    if (s.type === "var_spec") {
      const names = s.childrenForFieldName("name");
      const i = names.findIndex((n) => n?.text === name);
      if (i < 0) continue;
      const values = s.childForFieldName("value")?.namedChildren ?? [];
      bindings.push({
        statement: s,
        value: pairValue(names.length, values, i),
        zero: !values.length,
      });
      continue;
    }
    const left = s.childForFieldName("left");
    const lefts = left?.type === "expression_list" ? left.namedChildren : left ? [left] : [];
    const i = lefts.findIndex((n) => n?.type === "identifier" && n.text === name);
    if (i < 0) continue;
    if (s.type === "range_clause") {
      bindings.push({ statement: s, value: null, zero: false });
      continue;
    }
    const right = s.childForFieldName("right");
    const values = right?.type === "expression_list" ? right.namedChildren : right ? [right] : [];
    bindings.push({ statement: s, value: pairValue(lefts.length, values, i), zero: false });
  }
  return { bindings, param };
}

function pairValue(
  names: number,
  values: readonly (SyntaxNode | null)[],
  i: number,
): SyntaxNode | null {
  return values.length === names ? (values[i] ?? null) : null;
}

/** Whether `node` belongs to `fn` itself rather than to a function literal inside it. */
export function sameFunction(node: SyntaxNode, fn: SyntaxNode): boolean {
  const f = enclosingFunction(node);
  return f !== null && f.equals(fn);
}

/** `make`, `io.ReadAll`, ... : the callee of a call expression, null for anything else. */
export function callName(node: SyntaxNode | null): string | null {
  return node?.type === "call_expression" ? calleeName(node) : null;
}

/** The arguments of a call, named children of its argument_list. */
export function callArgs(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName("arguments")?.namedChildren ?? []).filter(
    (n): n is SyntaxNode => n !== null,
  );
}

/** Skips parentheses upward: the node whose parent is not a parenthesized_expression. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  return n;
}

/** The statements of a block (tree-sitter-go 0.25 wraps them in a statement_list). */
export function blockStatements(block: SyntaxNode | null): SyntaxNode[] {
  if (!block) return [];
  const list = block.namedChildren.find((c) => c?.type === "statement_list");
  return (list ?? block).namedChildren.filter((n): n is SyntaxNode => n !== null);
}

/** Formats a byte count the way the findings say it (1 MiB, 512 KiB, 100 B). */
export function bytesText(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} B`;
}
