import {
  ancestor,
  enclosingFunction,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";
import { bindingsOf, callArgs, callName, sameFunction } from "./a-syntax.js";
import { leavesAfter } from "./loop-exit.js";

const SCOPES = ["for_statement", "func_literal", "function_declaration", "method_declaration"];

/**
 * A defer directly in a loop body (not in a function literal called per
 * iteration). Skipped when it runs at most once per call, which the
 * standard library showed to be most defers in loops (bench/RESULTS.md):
 * - the iteration leaves the loop after the defer (a later return, panic,
 *   goto, loop break, or an if/else whose branches all leave);
 * - a once-guard holds it: `if x == nil { x = ...; defer ... }`, an if whose
 *   body assigns a name its condition reads;
 * - it sits in a select case on a one-shot channel: time.After, the C of a
 *   time.NewTimer, or a channel made in the function with capacity 1;
 * - it is `defer m.Unlock()` (or RUnlock): locking one mutex twice would
 *   deadlock, so each iteration holds a different lock on purpose;
 * - its receiver is kept until the function returns anyway, so the defer
 *   retains nothing more (see `keptAnyway`; 6 of 20 sampled findings in the
 *   service corpus, bench/RESULTS.md).
 */
export const deferInLoop: LintRule = {
  id: "defer-in-loop",
  title: "defer in a loop runs only when the function returns",
  severity: "warning",
  check(ctx) {
    const out: LintFinding[] = [];
    for (const d of findAll(ctx.file.root, "defer_statement")) {
      const loop = ancestor(d, SCOPES);
      if (loop?.type !== "for_statement" || d.parent === null) continue;
      const callee = callName(d.namedChildren[0] ?? null) ?? "";
      if (/(^|\.)R?Unlock$/.test(callee)) continue;
      if (leavesAfter(d, loop) || onceGuarded(d, loop) || oneShotCase(d, loop)) continue;
      if (keptAnyway(d, loop)) continue;
      const call = d.namedChildren[0]?.text ?? "the call";
      out.push({
        rule: "defer-in-loop",
        severity: "warning",
        ...span(ctx, d),
        subject: call,
        message: `defer ${call} runs when the function returns, not at the end of each iteration: every iteration adds one more pending call and keeps what it references`,
        why: "Deferred calls are queued on the function's frame until it returns; in a loop, the resources they would release (files, locks, buffers) and their closures pile up for the whole loop.",
        fix: `Move the loop body into a function so the defer runs per iteration: for ... { func() { ...; defer ${call}; ... }() }, or call it explicitly at the end of the iteration.`,
      });
    }
    return out;
  },
};

/** `if cond { ...; x = ...; ...; defer ... }` where cond reads x: runs once. */
function onceGuarded(d: SyntaxNode, loop: SyntaxNode): boolean {
  for (let p = d.parent; p && !p.equals(loop); p = p.parent) {
    if (p.type !== "if_statement") continue;
    const cond = p.childForFieldName("condition");
    const then = p.childForFieldName("consequence");
    if (!cond || !then) continue;
    const reads = new Set(findAll(cond, "identifier").map((i) => i.text));
    for (const a of findAll(then, "assignment_statement")) {
      const left = a.childForFieldName("left");
      if (left?.namedChildren.some((n) => n !== null && reads.has(n.text))) return true;
    }
  }
  return false;
}

/** The defer is in a select case (inside this loop) receiving from a one-shot channel. */
function oneShotCase(d: SyntaxNode, loop: SyntaxNode): boolean {
  const fn = enclosingFunction(loop);
  for (let p = d.parent; p && !p.equals(loop); p = p.parent) {
    if (p.type !== "communication_case") continue;
    const comm = p.childForFieldName("communication");
    const recv = comm
      ? findAll(comm, "unary_expression").find((u) => u.text.startsWith("<-"))
      : null;
    const ch = recv?.childForFieldName("operand");
    if (ch && fn && oneShot(ch, fn)) return true;
  }
  return false;
}

function oneShot(ch: SyntaxNode, fn: SyntaxNode): boolean {
  if (callName(ch) === "time.After") return true;
  if (ch.type === "selector_expression" && ch.childForFieldName("field")?.text === "C") {
    const t = ch.childForFieldName("operand");
    if (t?.type !== "identifier") return false;
    return bindingsOf(fn, t.text).bindings.some((b) => callName(b.value) === "time.NewTimer");
  }
  if (ch.type !== "identifier") return false;
  return bindingsOf(fn, ch.text).bindings.some((b) => {
    if (callName(b.value) !== "make" || !b.value) return false;
    const args = callArgs(b.value);
    return args[0]?.type === "channel_type" && args[1]?.text === "1";
  });
}

/**
 * The deferred method's receiver outlives the iteration whatever the defer
 * does, so the pending call keeps nothing alive that the function does not:
 * - it is the value of a range over an existing slice or map, not a channel
 *   (`for _, f := range files { f.Ref(); defer f.Unref() }`);
 * - it is an element of a variable declared before the loop (`defer nodes[i].close()`);
 * - it is stored in the loop into a variable declared before the loop
 *   (`readers = append(readers, r)`, `conns = append(conns, conn{c: c})`,
 *   `m[k] = r`, `s.cur = r`): closing it when the function returns is the design;
 * - it is used by a goroutine started in the loop (`go func() { use(conn) }()`).
 */
function keptAnyway(d: SyntaxNode, loop: SyntaxNode): boolean {
  const fn = enclosingFunction(loop);
  const callee = d.namedChildren[0]?.childForFieldName("function");
  if (!fn || callee?.type !== "selector_expression") return false;
  let recv = callee.childForFieldName("operand");
  let indexed = false;
  while (recv && (recv.type === "selector_expression" || recv.type === "index_expression")) {
    if (recv.type === "index_expression") indexed = true;
    recv = recv.childForFieldName("operand");
  }
  if (recv?.type !== "identifier") return false;
  const name = recv.text;
  if (rangedValue(d, name, fn)) return true;
  const inLoop = boundIn(loop, fn);
  if (indexed) return !inLoop.has(name);
  // Handed to a goroutine started in the loop: it is in use beyond the iteration.
  const goUses = findAll(loop, "go_statement").some((g) =>
    findAll(g, "identifier").some((id) => id.text === name),
  );
  if (goUses) return true;
  return storedOutside(loop, fn, name, inLoop);
}

/** Names bound inside the loop: `:=`, `var`, range variables (not in nested function literals). */
function boundIn(loop: SyntaxNode, fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const s of findAll(loop, ["short_var_declaration", "var_spec", "range_clause"])) {
    if (!sameFunction(s, fn)) continue;
    const names =
      s.type === "var_spec"
        ? s.childrenForFieldName("name")
        : (s.childForFieldName("left")?.namedChildren ?? []);
    for (const n of names) if (n?.type === "identifier") out.add(n.text);
  }
  return out;
}

/** `name` is a range variable of an enclosing loop over a named slice or map (a channel yields new values). */
function rangedValue(d: SyntaxNode, name: string, fn: SyntaxNode): boolean {
  for (let p = d.parent; p && !p.equals(fn); p = p.parent) {
    if (p.type !== "for_statement") continue;
    const clause = p.namedChildren.find((c) => c?.type === "range_clause");
    const left = clause?.childForFieldName("left")?.namedChildren ?? [];
    if (!clause || !left.some((n) => n?.text === name)) continue;
    const right = clause.childForFieldName("right");
    if (!right || !["identifier", "selector_expression", "index_expression"].includes(right.type))
      return false;
    return !channelLike(right, fn);
  }
  return false;
}

function channelLike(x: SyntaxNode, fn: SyntaxNode): boolean {
  const last = x.type === "selector_expression" ? x.childForFieldName("field") : x;
  if (/(^c|C|ch|Ch|chan|Chan)$/.test(last?.text ?? "")) return true;
  if (x.type !== "identifier") return false;
  const heads = [fn.childForFieldName("parameters"), fn.childForFieldName("receiver")];
  for (const h of heads) {
    for (const p of h ? findAll(h, "parameter_declaration") : []) {
      if (p.childrenForFieldName("name").some((n) => n?.text === x.text))
        return p.childForFieldName("type")?.type === "channel_type";
    }
  }
  return bindingsOf(fn, x.text).bindings.some(
    (b) =>
      b.statement.childForFieldName("type")?.type === "channel_type" ||
      (b.value !== null &&
        callName(b.value) === "make" &&
        callArgs(b.value)[0]?.type === "channel_type"),
  );
}

/** The loop assigns `name` itself (not a field or method result of it) to a variable declared before the loop. */
function storedOutside(
  loop: SyntaxNode,
  fn: SyntaxNode,
  name: string,
  inLoop: Set<string>,
): boolean {
  for (const a of findAll(loop, "assignment_statement")) {
    if (!sameFunction(a, fn) || a.childForFieldName("operator")?.text !== "=") continue;
    const lefts = a.childForFieldName("left")?.namedChildren ?? [];
    const rights = a.childForFieldName("right")?.namedChildren ?? [];
    for (let i = 0; i < rights.length; i++) {
      const r = rights[i];
      const target = lefts[lefts.length === rights.length ? i : 0];
      if (!r || !target) continue;
      const held = [r, ...findAll(r, "identifier")].some(
        (id) => id.type === "identifier" && id.text === name && storedAs(id, r),
      );
      if (!held) continue;
      let root: SyntaxNode | null = target;
      while (root && (root.type === "selector_expression" || root.type === "index_expression"))
        root = root.childForFieldName("operand");
      if (root?.type === "identifier" && root.text !== "_" && !inLoop.has(root.text)) return true;
    }
  }
  return false;
}

/**
 * The value `id` itself ends up in the assigned value `r`: directly, in a
 * composite literal, behind `&`, or as an element appended. Passed to any
 * other call (`io.Copy(dst, f)`) or used through a selector, it is not.
 */
function storedAs(id: SyntaxNode, r: SyntaxNode): boolean {
  for (let n: SyntaxNode = id; !n.equals(r);) {
    const p = n.parent;
    if (!p) return false;
    switch (p.type) {
      case "literal_element":
      case "keyed_element":
      case "literal_value":
      case "composite_literal":
      case "parenthesized_expression":
        break;
      case "unary_expression":
        if (!p.text.startsWith("&")) return false;
        break;
      case "argument_list":
        if (callName(p.parent) !== "append") return false;
        break;
      case "call_expression":
        if (callName(p) !== "append") return false;
        break;
      default:
        return false;
    }
    n = p;
  }
  return true;
}
