import {
  ancestor,
  calleeName,
  enclosingFunction,
  findAll,
  FUNCTION_NODES,
  importsOf,
  selectorPath,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";

/**
 * Syntax helpers shared by the group-B rules (long-lived state, goroutines,
 * pools, contexts, timers, boxing). Without types, every question here is
 * answered from what the file itself declares; the rules stay silent when
 * the answer is not visible.
 */

export type ContainerKind = "map" | "slice";

/** The kind of a type node: `map[K]V`, `[]T`, or null for anything else. */
export function containerOfType(t: SyntaxNode | null): ContainerKind | null {
  if (t?.type === "map_type") return "map";
  if (t?.type === "slice_type") return "slice";
  return null;
}

/** The container a value expression visibly makes: `make(map..)`, `[]T{...}`, `map[K]V{}`, `s[a:b]`. */
export function containerOfValue(v: SyntaxNode | null): ContainerKind | null {
  if (!v) return null;
  if (v.type === "composite_literal") return containerOfType(v.childForFieldName("type"));
  if (v.type === "slice_expression") return "slice";
  if (v.type === "call_expression" && calleeName(v) === "make") {
    return containerOfType(v.childForFieldName("arguments")?.namedChildren[0] ?? null);
  }
  // []byte(s) and []rune(s) conversions.
  if (v.type === "type_conversion_expression") {
    return containerOfType(v.childForFieldName("type"));
  }
  if (v.type === "call_expression") {
    const fn = v.childForFieldName("function");
    if (fn?.type === "parenthesized_expression")
      return containerOfType(fn.namedChildren[0] ?? null);
    if (fn?.type === "slice_type") return "slice";
  }
  return null;
}

/** Package-level variables of this file that are maps or slices, by name. */
export function packageContainers(root: SyntaxNode): Map<string, ContainerKind> {
  const out = new Map<string, ContainerKind>();
  for (const decl of root.namedChildren) {
    if (decl?.type !== "var_declaration") continue;
    for (const spec of findAll(decl, "var_spec")) {
      const names = spec.childrenForFieldName("name").filter((n) => n !== null);
      const values = spec.childForFieldName("value")?.namedChildren ?? [];
      const typed = containerOfType(spec.childForFieldName("type"));
      names.forEach((n, i) => {
        const kind = typed ?? containerOfValue(values[i] ?? null);
        if (kind) out.set(n.text, kind);
      });
    }
  }
  return out;
}

export interface StructField {
  readonly struct: string;
  readonly kind: ContainerKind;
  /** The struct has a sync.Mutex/RWMutex field: state shared by goroutines, i.e. long-lived. */
  readonly guarded: boolean;
}

/** Map and slice fields of the structs this file declares, by field name (ambiguous names dropped). */
export function structContainers(root: SyntaxNode): Map<string, StructField> {
  const out = new Map<string, StructField>();
  const clash = new Set<string>();
  for (const spec of findAll(root, "type_spec")) {
    const st = spec.childForFieldName("type");
    if (st?.type !== "struct_type") continue;
    const fields = findAll(st, "field_declaration").filter((f) =>
      ancestor(f, "struct_type")?.equals(st),
    );
    const guarded = fields.some((f) =>
      /\bsync\.(RW)?Mutex\b/.test(f.childForFieldName("type")?.text ?? ""),
    );
    for (const f of fields) {
      const kind = containerOfType(f.childForFieldName("type"));
      if (!kind) continue;
      for (const n of f.childrenForFieldName("name")) {
        if (!n) continue;
        if (out.has(n.text)) clash.add(n.text);
        out.set(n.text, { struct: spec.childForFieldName("name")?.text ?? "", kind, guarded });
      }
    }
  }
  for (const n of clash) out.delete(n);
  return out;
}

/** Names declared inside a function (parameters, `:=`, `var`, range variables), nested literals included. */
export function localNames(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const add = (n: SyntaxNode | null | undefined): void => {
    if (n?.type === "identifier") names.add(n.text);
  };
  for (const p of findAll(fn, ["parameter_declaration", "variadic_parameter_declaration"])) {
    for (const n of p.childrenForFieldName("name")) add(n);
  }
  for (const d of findAll(fn, ["short_var_declaration", "range_clause"])) {
    for (const n of d.childForFieldName("left")?.namedChildren ?? []) add(n);
  }
  for (const s of findAll(fn, "var_spec")) for (const n of s.childrenForFieldName("name")) add(n);
  return names;
}

/** The dotted text of an expression when it is a plain name path (`m`, `t.m`, `s.c.m`), else null. */
export function pathText(node: SyntaxNode | null | undefined): string | null {
  const p = node ? selectorPath(node) : null;
  return p ? p.join(".") : null;
}

/** Whether `node` lies inside `outer` (or is it). */
export function within(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** The innermost loop around `node` in the same function (null when the nearest is outside it). */
export function enclosingLoop(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "for_statement") return p;
    if (FUNCTION_NODES.includes(p.type)) return null;
  }
  return null;
}

/** The name a file gives to an import path (its last element by default), or null when not imported. */
export function importName(root: SyntaxNode, path: string): string | null {
  const imp = importsOf(root).find((i) => i.path === path);
  if (!imp) return null;
  if (imp.name === "_" || imp.name === ".") return null;
  return imp.name || path.slice(path.lastIndexOf("/") + 1);
}

/** The arguments of a call as nodes. */
export function argsOf(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName("arguments")?.namedChildren ?? []).filter((n) => n !== null);
}

/**
 * The flag a guard depends on, when `node` sits under an `if` whose
 * condition ANDs in a bare name (`if p.drop && b.Cap() > max`): the guarded
 * code does not run when the flag is off, so it is no guarantee. Null when
 * no such flag.
 */
export function gatingFlag(node: SyntaxNode): string | null {
  const fn = enclosingFunction(node);
  for (let p = node.parent; p && !(fn && p.equals(fn)); p = p.parent) {
    if (p.type !== "if_statement") continue;
    const cond = p.childForFieldName("condition");
    if (!cond || within(node, cond)) continue;
    const flag = andedFlag(cond);
    if (flag) return flag;
  }
  return null;
}

/** A bare name operand of a top-level `&&` chain (`flag && x > y`). */
export function andedFlag(cond: SyntaxNode): string | null {
  if (cond.type === "parenthesized_expression") return andedFlag(cond.namedChildren[0] ?? cond);
  if (cond.type !== "binary_expression" || cond.childForFieldName("operator")?.text !== "&&") {
    return null;
  }
  for (const side of [cond.childForFieldName("left"), cond.childForFieldName("right")]) {
    if (!side) continue;
    if (side.type === "identifier" || side.type === "selector_expression") {
      const t = pathText(side);
      if (t && t !== "true" && t !== "false") return t;
    }
    const inner = andedFlag(side);
    if (inner) return inner;
  }
  return null;
}

/** The statement directly inside a block (statement_list) that holds `node`. */
export function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let p: SyntaxNode | null = node; p; p = p.parent) {
    if (p.parent?.type === "statement_list") return p;
  }
  return null;
}
