import {
  ancestor,
  enclosingFunction,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";
import { bindingsOf, callArgs, callName } from "./a-syntax.js";
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
 *   deadlock, so each iteration holds a different lock on purpose.
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
