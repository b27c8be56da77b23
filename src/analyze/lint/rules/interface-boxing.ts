import {
  calleeName,
  enclosingFunction,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import { argsOf, enclosingLoop, importName, localNames, statementOf } from "./group-b-syntax.js";

/**
 * Values boxed into interfaces on every iteration of a loop: arguments in
 * the `...any` position of a function (or func variable) this file declares
 * with `...any`/`...interface{}`, and appends to a local `[]any`. fmt and log
 * calls are left out: printing allocates anyway and is rarely the hot path
 * (measured on the standard library: debug output and tests). Only arguments that are visibly non-constant and not
 * pointer-shaped count: arithmetic, numeric or string conversions, struct
 * literals, and locals assigned one of those. Calls on a one-shot path (a
 * return, a panic, a block that returns or breaks after them) are not a hot
 * path and are skipped. Few findings, each one an allocation per iteration.
 */
export const interfaceBoxing: LintRule = {
  id: "interface-boxing",
  title: "Non-pointer values boxed into interfaces in a loop",
  severity: "warning",
  check(ctx: LintFileContext): LintFinding[] {
    const root = ctx.file.root;
    // Test helpers (`check(t, msg, args ...any)` in table loops) are not a hot path.
    if (importName(root, "testing")) return [];
    const variadic = variadicAnyFuncs(root);
    const findings: LintFinding[] = [];
    for (const call of findAll(root, "call_expression")) {
      const name = calleeName(call);
      if (!name) continue;
      const fn = enclosingFunction(call);
      if (!fn || !enclosingLoop(call) || oneShot(call)) continue;
      let from = variadic.get(name);
      const args = argsOf(call);
      if (from === undefined && name === "append" && args[0]?.type === "identifier") {
        if (anySlice(fn, args[0].text)) from = 1;
      }
      if (from === undefined) continue;
      if (call.childForFieldName("arguments")?.text.trimEnd().endsWith("...)")) continue;
      const boxed = args.slice(from).filter((a) => nonPointerValue(a, fn));
      if (boxed.length === 0) continue;
      const list = boxed.map((b) => `\`${b.text}\``).join(", ");
      findings.push({
        rule: "interface-boxing",
        severity: "warning",
        ...span(ctx, call),
        subject: boxed.map((b) => b.text).join(", "),
        message: `${list} ${boxed.length > 1 ? "are" : "is a"} non-pointer value${boxed.length > 1 ? "s" : ""} converted to an interface by \`${name}\` on every iteration of this loop: each conversion allocates a copy.`,
        why: "An interface holds a type word and a pointer; a value that is not pointer-shaped (an integer over 255, a float, a string, a struct) is copied to the heap (runtime.convT64, convTstring, convT) when the interface escapes, which it does through a ...any call the compiler cannot see through.",
        fix: `Keep the hot path typed: pass concrete types (a struct with typed fields, strconv.AppendInt into a reused buffer) instead of ...any, or box once outside the loop.`,
      });
    }
    return findings;
  },
};

const EMPTY_INTERFACE = /^(any|interface\s*\{\s*\})$/;

/** Functions and func-typed package variables of this file with a final ...any parameter. */
function variadicAnyFuncs(root: SyntaxNode): Map<string, number> {
  const out = new Map<string, number>();
  const index = (params: SyntaxNode | null): number | null => {
    const list = params?.namedChildren ?? [];
    const last = list[list.length - 1];
    if (last?.type !== "variadic_parameter_declaration") return null;
    if (!EMPTY_INTERFACE.test(last.childForFieldName("type")?.text ?? "")) return null;
    let n = 0;
    for (const p of list.slice(0, -1))
      n += Math.max(1, p?.childrenForFieldName("name").length ?? 1);
    return n;
  };
  for (const d of root.namedChildren) {
    if (d?.type === "function_declaration") {
      const i = index(d.childForFieldName("parameters"));
      if (i !== null) out.set(d.childForFieldName("name")?.text ?? "", i);
    }
    if (d?.type === "var_declaration") {
      for (const s of findAll(d, "var_spec")) {
        const t = s.childForFieldName("type");
        if (t?.type !== "function_type") continue;
        const i = index(t.childForFieldName("parameters"));
        if (i !== null) for (const n of s.childrenForFieldName("name")) out.set(n.text, i);
      }
    }
  }
  return out;
}

/** A local declared `var x []any`, `x := make([]any, ...)` or `x := []any{...}`. */
function anySlice(fn: SyntaxNode, name: string): boolean {
  const isAny = (t: SyntaxNode | null | undefined): boolean =>
    t?.type === "slice_type" && EMPTY_INTERFACE.test(t.childForFieldName("element")?.text ?? "");
  for (const s of findAll(fn, "var_spec")) {
    if (s.childrenForFieldName("name").some((n) => n.text === name))
      return isAny(s.childForFieldName("type"));
  }
  for (const d of findAll(fn, "short_var_declaration")) {
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const i = lefts.findIndex((n) => n?.text === name);
    const v = d.childForFieldName("right")?.namedChildren[i];
    if (i < 0 || !v) continue;
    if (v.type === "composite_literal") return isAny(v.childForFieldName("type"));
    if (v.type === "call_expression" && calleeName(v) === "make") return isAny(argsOf(v)[0]);
    return false;
  }
  return false;
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&^"]);
const VALUE_TYPES = new Set([
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "string",
]);

/** Visibly a non-constant value that is not pointer-shaped (the conversion allocates). */
function nonPointerValue(arg: SyntaxNode, fn: SyntaxNode, depth = 0): boolean {
  if (arg.type === "parenthesized_expression") {
    return nonPointerValue(arg.namedChildren[0] ?? arg, fn, depth);
  }
  if (arg.type === "binary_expression") {
    if (!ARITHMETIC.has(arg.childForFieldName("operator")?.text ?? "")) return false;
    // Constant operands fold at compile time and are not boxed at run time.
    return findAll(arg, [
      "call_expression",
      "identifier",
      "index_expression",
      "selector_expression",
    ]).some((n) => n.type !== "identifier" || localNames(fn).has(n.text));
  }
  if (arg.type === "call_expression") {
    const callee = calleeName(arg);
    const inner = argsOf(arg)[0];
    return (
      callee !== null &&
      VALUE_TYPES.has(callee) &&
      argsOf(arg).length === 1 &&
      inner !== undefined &&
      !/literal$/.test(inner.type)
    );
  }
  if (arg.type === "composite_literal") {
    const t = arg.childForFieldName("type");
    const body = arg.childForFieldName("body");
    return (
      (t?.type === "type_identifier" || t?.type === "qualified_type") &&
      (body?.namedChildren.length ?? 0) > 0 &&
      arg.parent?.type !== "unary_expression"
    );
  }
  if (arg.type === "identifier" && depth === 0) {
    // One assignment `x := <value>` in the function, and no other.
    const decls = findAll(fn, "short_var_declaration").filter((d) =>
      (d.childForFieldName("left")?.namedChildren ?? []).some((n) => n?.text === arg.text),
    );
    if (decls.length !== 1) return false;
    const d = decls[0] as SyntaxNode;
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const rights = d.childForFieldName("right")?.namedChildren ?? [];
    if (lefts.length !== rights.length) return false;
    const v = rights[lefts.findIndex((n) => n?.text === arg.text)];
    return v ? nonPointerValue(v, fn, 1) : false;
  }
  return false;
}

/** On a one-shot path: returned, panicked, or followed by return/break/panic in its block. */
function oneShot(call: SyntaxNode): boolean {
  const loop = enclosingLoop(call);
  for (let p: SyntaxNode | null = call; p && !(loop && p.equals(loop)); p = p.parent) {
    if (p.type === "return_statement") return true;
    if (p.type === "call_expression" && calleeName(p) === "panic") return true;
    const stmt = statementOf(p);
    if (!stmt || !stmt.equals(p)) continue;
    for (let s = stmt.nextNamedSibling; s; s = s.nextNamedSibling) {
      if (["return_statement", "break_statement", "goto_statement"].includes(s.type)) return true;
      if (s.type === "expression_statement" && /^(panic|log\.Fatal|os\.Exit)/.test(s.text))
        return true;
    }
  }
  return false;
}
