import {
  ancestor,
  enclosingFunction,
  findAll,
  identifiersIn,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";
import { bindingsOf, callArgs, callName } from "./a-syntax.js";

/**
 * `out = append(out, v)` as a top-level statement of a loop whose trip count
 * is known before it starts (`for i := 0; i < n; i++`, `for range n`,
 * `for ... range xs` over a slice, array or map parameter or local), where
 * `out` starts empty without capacity (`var out []T`, `[]T{}`,
 * `make([]T, 0)`). Not reported when the loop may skip the append
 * (continue, break, goto), when the append sits under a condition, or when
 * out is given a capacity on every path (an unconditional make, or one
 * under a condition about the bound itself), or when out is appended to
 * before the loop (it is no longer empty there).
 */
export const preallocMissing: LintRule = {
  id: "prealloc-missing",
  title: "appending in a loop without capacity",
  severity: "warning",
  check(ctx) {
    const out: LintFinding[] = [];
    for (const call of findAll(ctx.file.root, "call_expression")) {
      const f = candidate(call);
      if (!f) continue;
      const { node, ...rest } = f;
      out.push({ ...rest, ...span(ctx, node) });
    }
    return out;
  },
};

type Draft = Omit<LintFinding, "line" | "column" | "endLine" | "endColumn"> & { node: SyntaxNode };

function candidate(call: SyntaxNode): Draft | null {
  if (callName(call) !== "append") return null;
  const args = callArgs(call);
  if (args.length !== 2 || call.childForFieldName("arguments")?.text.endsWith("...)")) return null;
  const x = args[0];
  const stmt = call.parent?.parent;
  if (x?.type !== "identifier" || stmt?.type !== "assignment_statement") return null;
  if (stmt.childForFieldName("left")?.text !== x.text || stmt.child(1)?.text !== "=") return null;
  if (stmt.childForFieldName("right")?.namedChildCount !== 1) return null;
  // Directly in the loop body, not under an if/switch/inner loop.
  const body = stmt.parent?.parent;
  const loop = body?.parent;
  if (body?.type !== "block" || loop?.type !== "for_statement") return null;
  const fn = enclosingFunction(loop);
  if (!fn || exitsEarly(loop)) return null;
  const bound = tripCount(loop, fn);
  if (!bound) return null;
  if (assignedInLoop(loop, x.text, stmt)) return null;
  const decl = emptyDeclaration(fn, x.text, loop, bound.names);
  if (!decl) return null;
  return {
    node: stmt,
    rule: "prealloc-missing",
    severity: "warning",
    subject: x.text,
    message: `${x.text} grows by append once per iteration of a loop that runs ${bound.text} times, from ${decl} without capacity: it is reallocated and copied about log2(${bound.text}) times`,
    why: "When append runs out of capacity the runtime (growslice) allocates a larger array and copies every element; all but the last array are garbage, so the loop allocates several times the final size.",
    fix: `Give it the capacity before the loop: ${x.text} := make(${sliceType(fn, x.text)}, 0, ${bound.text}) in place of ${decl}.`,
  };
}

function exitsEarly(loop: SyntaxNode): boolean {
  for (const s of findAll(loop, ["continue_statement", "break_statement", "goto_statement"])) {
    const owner = ancestor(s, [
      "for_statement",
      "func_literal",
      "switch_statement",
      "select_statement",
      "type_switch_statement",
      "expression_switch_statement",
    ]);
    if (
      s.type === "break_statement" &&
      s.namedChildCount === 0 &&
      owner &&
      owner.type !== "for_statement" &&
      owner.type !== "func_literal"
    )
      continue;
    if (owner?.type === "func_literal") continue;
    if (s.type === "goto_statement" || s.namedChildCount > 0 || owner?.equals(loop)) return true;
  }
  return false;
}

/** The trip count as written (`n`, `len(xs)`), and the names it reads. */
function tripCount(loop: SyntaxNode, fn: SyntaxNode): { text: string; names: string[] } | null {
  const clause = loop.namedChildren.find(
    (c) => c?.type === "for_clause" || c?.type === "range_clause",
  );
  if (!clause) return null;
  const names = (n: SyntaxNode) => identifiersIn(n).map((i) => i.text);
  if (clause.type === "for_clause") {
    const init = clause.childForFieldName("initializer");
    const cond = clause.childForFieldName("condition");
    const update = clause.childForFieldName("update");
    const i = init?.childForFieldName("left")?.namedChildren[0]?.text;
    if (!i || cond?.type !== "binary_expression" || update?.type !== "inc_statement") return null;
    if (cond.childForFieldName("left")?.text !== i || update.namedChildren[0]?.text !== i)
      return null;
    const op = cond.childForFieldName("operator")?.text;
    const b = cond.childForFieldName("right");
    if ((op !== "<" && op !== "<=") || !b || !stableBound(b, loop)) return null;
    if (init?.childForFieldName("right")?.text !== "0") return null;
    if (assignedInLoop(loop, i, null)) return null;
    return { text: op === "<=" ? `${b.text}+1` : b.text, names: names(b) };
  }
  const r = clause.childForFieldName("right");
  if (!r) return null;
  if (r.type === "int_literal" || (r.type === "call_expression" && callName(r) === "len")) {
    return { text: r.text, names: names(r) };
  }
  if (r.type !== "identifier" || !isCollection(fn, r.text)) return null;
  return { text: `len(${r.text})`, names: [r.text] };
}

/** A bound the loop cannot change: len(...), a name not assigned in the loop, a literal. */
function stableBound(b: SyntaxNode, loop: SyntaxNode): boolean {
  if (b.type === "int_literal") return true;
  if (b.type === "call_expression" && callName(b) === "len") {
    const a = callArgs(b)[0];
    return (
      a?.type === "identifier" && !assignedInLoop(loop, a.text, null) && !appendsTo(loop, a.text)
    );
  }
  return b.type === "identifier" && !assignedInLoop(loop, b.text, null);
}

/** A parameter or local of slice, array or map type (not a channel, string or func). */
function isCollection(fn: SyntaxNode, name: string): boolean {
  const params = fn.childForFieldName("parameters");
  for (const p of params ? findAll(params, "parameter_declaration") : []) {
    if (p.childrenForFieldName("name").some((n) => n?.text === name)) {
      return ["slice_type", "array_type", "map_type"].includes(
        p.childForFieldName("type")?.type ?? "",
      );
    }
  }
  const { bindings } = bindingsOf(fn, name);
  if (bindings.length !== 1) return false;
  const v = bindings[0]?.value;
  if (v?.type === "composite_literal") {
    return ["slice_type", "array_type", "map_type"].includes(
      v.childForFieldName("type")?.type ?? "",
    );
  }
  if (v && callName(v) === "make") {
    return ["slice_type", "map_type"].includes(callArgs(v)[0]?.type ?? "");
  }
  return false;
}

/** Whether the loop body (not its header) assigns `name` or takes its address. */
function assignedInLoop(loop: SyntaxNode, name: string, except: SyntaxNode | null): boolean {
  const body = loop.childForFieldName("body");
  if (!body) return false;
  const kinds = ["assignment_statement", "inc_statement", "dec_statement"];
  for (const s of findAll(body, kinds)) {
    if (except?.equals(s)) continue;
    const left =
      s.type === "assignment_statement" ? s.childForFieldName("left") : s.namedChildren[0];
    if (left?.text === name || left?.namedChildren.some((n) => n?.text === name)) return true;
  }
  // Passing &x lets a callee change it.
  return findAll(body, "unary_expression").some((u) => u.text === `&${name}`);
}

function appendsTo(loop: SyntaxNode, name: string): boolean {
  return findAll(loop, "call_expression").some(
    (c) => callName(c) === "append" && callArgs(c)[0]?.text === name,
  );
}

/**
 * The declaration of `x` as an empty slice without capacity, in a block
 * around the loop and before it, with no capacity given on the way; null
 * otherwise. The text is the declaration as written.
 */
function emptyDeclaration(
  fn: SyntaxNode,
  x: string,
  loop: SyntaxNode,
  boundNames: string[],
): string | null {
  const { bindings, param } = bindingsOf(fn, x);
  if (param) return null;
  const before = bindings.filter((b) => b.statement.endIndex <= loop.startIndex);
  const decls = before.filter((b) => b.statement.type !== "assignment_statement");
  if (decls.length !== 1) return null;
  const d = decls[0];
  if (!d || !emptyValue(d)) return null;
  // The declaration's block must hold the loop, with no loop in between.
  const declBlock =
    d.statement.type === "var_spec" ? ancestor(d.statement, "block") : d.statement.parent?.parent;
  if (!declBlock) return null;
  for (let p = loop.parent; p && !p.equals(declBlock); p = p.parent) {
    if (p.type === "for_statement" || p.type === "func_literal") return null;
    if (!p.parent) return null;
  }
  for (const b of before) {
    if (b === d) continue;
    if (b.statement.startIndex < d.statement.startIndex) continue;
    // Filled before this loop (an earlier loop appended to it): not empty
    // here, and `make` in place of the declaration would be wrong.
    if (callName(b.value) === "append") return null;
    // An assignment between the declaration and the loop: capacity on this path.
    const cond = ancestor(b.statement, "if_statement");
    const inside =
      cond && declBlock.startIndex <= cond.startIndex && cond.endIndex <= loop.startIndex;
    if (!inside) return null;
    const condition = cond.childForFieldName("condition");
    const reads = condition ? identifiersIn(condition).map((i) => i.text) : [];
    if (reads.some((r) => boundNames.includes(r))) return null;
  }
  const firstLine = (t: string): string => t.split("\n")[0] ?? x;
  // In a `var ( ... )` group the statement's first line is `var (`: show the spec.
  if (d.statement.type === "var_spec" && d.statement.parent?.type !== "var_declaration")
    return `var ${firstLine(d.statement.text).replace(/\s+/g, " ")}`;
  const stmt = d.statement.type === "var_spec" ? d.statement.parent : d.statement;
  return firstLine(stmt?.text ?? x);
}

function emptyValue(b: ReturnType<typeof bindingsOf>["bindings"][number]): boolean {
  if (b.zero) return b.statement.childForFieldName("type")?.type === "slice_type";
  const v = b.value;
  if (!v) return false;
  if (v.type === "composite_literal") {
    const body = v.childForFieldName("body");
    return v.childForFieldName("type")?.type === "slice_type" && (body?.namedChildCount ?? 1) === 0;
  }
  if (callName(v) === "make") {
    const a = callArgs(v);
    return a.length === 2 && a[0]?.type === "slice_type" && a[1]?.text === "0";
  }
  return false;
}

/** The declared slice type of x (`[]record`), "[]T" when it cannot be read. */
function sliceType(fn: SyntaxNode, x: string): string {
  for (const b of bindingsOf(fn, x).bindings) {
    if (b.zero) return b.statement.childForFieldName("type")?.text ?? "[]T";
    const v = b.value;
    if (v?.type === "composite_literal") return v.childForFieldName("type")?.text ?? "[]T";
    if (v && callName(v) === "make") return callArgs(v)[0]?.text ?? "[]T";
  }
  return "[]T";
}
