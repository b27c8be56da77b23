import { enclosingFunction, findAll, selectorPath } from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";
import { bindingsOf, callArgs, callName } from "./a-syntax.js";

/**
 * `x.buf = x.buf[:0]` on a field (or a package variable): the buffer keeps
 * its peak capacity for as long as its owner lives. Locals (`buf = buf[:0]`
 * in a reuse loop) are left alone, and so are functions that bound the
 * buffer: they read cap() of it, reset it to nil or a new make, or clear it.
 */
export const resliceToZero: LintRule = {
  id: "reslice-to-zero",
  title: "s = s[:0] keeps the memory",
  severity: "warning",
  check(ctx) {
    const out: LintFinding[] = [];
    for (const stmt of findAll(ctx.file.root, "assignment_statement")) {
      if (stmt.child(1)?.text !== "=") continue;
      const left = stmt.childForFieldName("left")?.namedChildren ?? [];
      const right = stmt.childForFieldName("right")?.namedChildren ?? [];
      const [l, r] = [left[0], right[0]];
      if (left.length !== 1 || right.length !== 1 || !l || r?.type !== "slice_expression") continue;
      const end = r.childForFieldName("end");
      if (r.childForFieldName("start") || end?.text !== "0") continue;
      if (r.childForFieldName("operand")?.text !== l.text) continue;
      const path = selectorPath(l);
      const fn = enclosingFunction(stmt);
      if (!path || !fn) continue;
      const root = path[0] ?? "";
      if (path.length === 1) {
        // A plain name: only package variables outlive the call.
        let local = false;
        for (let f: typeof fn | null = fn; f; f = enclosingFunction(f)) {
          const b = bindingsOf(f, root);
          if (b.param || b.bindings.some((x) => x.statement.type !== "assignment_statement"))
            local = true;
        }
        if (local) continue;
      }
      if (bounded(fn, l.text)) continue;
      out.push({
        rule: "reslice-to-zero",
        severity: "warning",
        ...span(ctx, stmt),
        subject: l.text,
        message: `${l.text} = ${r.text} empties ${l.text} but keeps its backing array at the largest size it ever grew to, for as long as its owner lives`,
        why: "Reslicing to zero length keeps the pointer and the capacity: nothing is freed, and for pointer elements the stale slots beyond len keep the old elements reachable.",
        fix: `Bound it: if cap(${l.text}) > maxKeep { ${l.text} = nil } else { clear(${l.text}[:cap(${l.text})]); ${l.text} = ${l.text}[:0] } (clear only matters for pointer elements).`,
      });
    }
    return out;
  },
};

/** The function already limits the buffer: cap(x), x = nil, x = make(...), clear(x...). */
function bounded(fn: Parameters<typeof bindingsOf>[0], x: string): boolean {
  for (const call of findAll(fn, "call_expression")) {
    const name = callName(call);
    const arg = callArgs(call)[0]?.text ?? "";
    if ((name === "cap" || name === "clear") && (arg === x || arg.startsWith(`${x}[`))) return true;
  }
  for (const stmt of findAll(fn, "assignment_statement")) {
    const l = stmt.childForFieldName("left")?.text;
    const r = stmt.childForFieldName("right");
    if (l !== x || !r) continue;
    if (r.text === "nil" || callName(r.namedChildren[0] ?? null) === "make") return true;
  }
  return false;
}
