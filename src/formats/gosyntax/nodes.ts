import type { Node } from "web-tree-sitter";

/**
 * Helpers over tree-sitter-go 0.25 nodes for the lint rules. Node type and
 * field names are the grammar's (node_modules/tree-sitter-go/src/node-types.json);
 * the golden trees in test/fixtures/gosyntax fail when a new grammar renames one.
 */

export const FUNCTION_NODES: readonly string[] = [
  "function_declaration",
  "method_declaration",
  "func_literal",
];

/**
 * Visits `root` and its descendants in source order. `visit` returns false to
 * skip a node's children. Iterative (a tree cursor), so nesting depth is not
 * bounded by the JS stack.
 */
export function walk(root: Node, visit: (node: Node) => unknown): void {
  const cursor = root.walk();
  try {
    let descend = visit(cursor.currentNode) !== false;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        descend = visit(cursor.currentNode) !== false;
        continue;
      }
      // A cursor made from `root` cannot leave it: no sibling or parent of root.
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
      descend = visit(cursor.currentNode) !== false;
    }
  } finally {
    cursor.delete();
  }
}

/** Every descendant of one of these types, in source order (the search runs inside wasm). */
export function findAll(root: Node, types: string | readonly string[]): Node[] {
  return root.descendantsOfType(typeof types === "string" ? types : [...types]);
}

/** The nearest ancestor of one of these types, or null. */
export function ancestor(node: Node, types: string | readonly string[]): Node | null {
  const want = typeof types === "string" ? [types] : types;
  for (let p = node.parent; p; p = p.parent) if (want.includes(p.type)) return p;
  return null;
}

/** The function, method or function literal whose body holds `node` (not `node` itself). */
export function enclosingFunction(node: Node): Node | null {
  return ancestor(node, FUNCTION_NODES);
}

/** The top-level function or method declaration that holds `node`, through any literals. */
export function enclosingDeclaration(node: Node): Node | null {
  return ancestor(node, ["function_declaration", "method_declaration"]);
}

/**
 * The compiler's name for a function node, without the package: `F`, `T.M`,
 * `(*T).M`, and for literals `F.func1`, `F.func1.2`, `glob..func1` (as
 * cmd/compile/internal/ir's closureName numbers them: per enclosing
 * function, in source order). Package-level literals are numbered within
 * this file only; the compiler counts across the package's files.
 */
export function functionName(fn: Node): string {
  if (fn.type === "function_declaration") return fieldText(fn, "name");
  if (fn.type === "method_declaration") {
    const recv = receiverType(fn);
    return recv.startsWith("*")
      ? `(${recv}).${fieldText(fn, "name")}`
      : `${recv}.${fieldText(fn, "name")}`;
  }
  if (fn.type !== "func_literal") return "";
  const outer = enclosingFunction(fn);
  const scope = outer ?? rootOf(fn);
  const siblings = findAll(scope, "func_literal").filter((lit) => {
    const o = enclosingFunction(lit);
    return o === null ? outer === null : outer !== null && o.equals(outer);
  });
  const n = 1 + siblings.findIndex((lit) => lit.equals(fn));
  if (!outer) return `glob..func${n}`;
  return `${functionName(outer)}${outer.type === "func_literal" ? "." : ".func"}${n}`;
}

/** A method's receiver type as Go spells it in symbol names: `T`, `*T`, `*List[...]`. */
export function receiverType(method: Node): string {
  const param = method.childForFieldName("receiver")?.namedChildren.find(isParameter);
  let t = param?.childForFieldName("type") ?? null;
  let star = "";
  if (t?.type === "pointer_type") {
    star = "*";
    t = t.namedChildren[0] ?? null;
  }
  if (t?.type === "generic_type") return `${star}${fieldText(t, "type")}[...]`;
  return `${star}${t?.text ?? ""}`;
}

/**
 * Node types that can be a call. Without types, `F[string](x)` is also a
 * conversion to a generic type, and the grammar may parse it as one.
 */
export const CALL_NODES: readonly string[] = ["call_expression", "type_conversion_expression"];

/**
 * The callee of a call as a dotted name: `append`, `strings.Clone`,
 * `s.pool.Put`, `F` for `F[K, V](x)` and for `F[string](x)` parsed as a
 * conversion; null when the callee is computed (`fs[i](x)`, `f()(x)`) and
 * for other conversions. `F[T](x)` parsed as a call is null too: without
 * types it is the same syntax as `fs[i](x)` (an index expression).
 */
export function calleeName(call: Node): string | null {
  if (call.type === "type_conversion_expression") {
    const t = call.childForFieldName("type");
    return t?.type === "generic_type" ? fieldText(t, "type") : null;
  }
  let fn = call.childForFieldName("function");
  while (fn?.type === "parenthesized_expression") fn = fn.namedChildren[0] ?? null;
  const path = fn ? selectorPath(fn) : null;
  return path ? path.join(".") : null;
}

/**
 * `a.b.c` as ["a", "b", "c"] when every part is a plain name; an identifier
 * alone as [name]; null for anything else (`f().x`, `a[i].b`).
 */
export function selectorPath(node: Node): string[] | null {
  const parts: string[] = [];
  let cur: Node | null = node;
  while (cur?.type === "selector_expression") {
    parts.push(fieldText(cur, "field"));
    cur = cur.childForFieldName("operand");
  }
  if (!cur || !NAME_NODES.has(cur.type)) return null;
  parts.push(cur.text);
  return parts.reverse();
}

const NAME_NODES = new Set([
  "identifier",
  "field_identifier",
  "package_identifier",
  "type_identifier",
]);

/** Whether a node is a plain name (identifier, field, package or type name). */
export const isName = (node: Node): boolean => NAME_NODES.has(node.type);

/** Every identifier under `node` (not field names of selectors), in source order. */
export function identifiersIn(node: Node): Node[] {
  return node.type === "identifier" ? [node] : findAll(node, "identifier");
}

/** The file's package name, "" when the package clause is missing. */
export function packageName(root: Node): string {
  const clause = root.namedChildren.find((c) => c?.type === "package_clause");
  return clause?.namedChildren[0]?.text ?? "";
}

export interface GoImport {
  /** The import path, unquoted. */
  readonly path: string;
  /** The name given in the file (`_`, `.`, an alias), or "" for the default. */
  readonly name: string;
  /** The 1-based line of the spec. */
  readonly line: number;
}

/** The file's imports, in source order. */
export function importsOf(root: Node): GoImport[] {
  return findAll(root, "import_spec").map((spec) => ({
    path: unquote(spec.childForFieldName("path")?.text ?? ""),
    name: spec.childForFieldName("name")?.text ?? "",
    line: spec.startPosition.row + 1,
  }));
}

/** The text of a node's field, "" when absent. */
export function fieldText(node: Node, field: string): string {
  return node.childForFieldName(field)?.text ?? "";
}

function unquote(lit: string): string {
  return lit.length >= 2 ? lit.slice(1, -1) : lit;
}

function rootOf(node: Node): Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

const isParameter = (n: Node | null): n is Node =>
  n?.type === "parameter_declaration" || n?.type === "variadic_parameter_declaration";
