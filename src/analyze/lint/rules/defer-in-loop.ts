import { ancestor, findAll } from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";

const SCOPES = ["for_statement", "func_literal", "function_declaration", "method_declaration"];

/**
 * A defer directly in a loop body (not in a function literal called per
 * iteration). Skipped when the same statement list leaves the loop after the
 * defer (a later return or break): then it runs at most once per call.
 */
export const deferInLoop: LintRule = {
  id: "defer-in-loop",
  title: "defer in a loop runs only when the function returns",
  severity: "warning",
  check(ctx) {
    const out: LintFinding[] = [];
    for (const d of findAll(ctx.file.root, "defer_statement")) {
      const loop = ancestor(d, SCOPES);
      if (loop?.type !== "for_statement") continue;
      const list = d.parent;
      let leaves = false;
      for (let s = d.nextNamedSibling; s; s = s.nextNamedSibling) {
        if (s.type === "return_statement" || s.type === "break_statement") leaves = true;
      }
      if (leaves || list === null) continue;
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
