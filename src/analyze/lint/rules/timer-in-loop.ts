import { atLeast } from "../../../base/goversion.js";
import { calleeName, findAll, type SyntaxNode } from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import { enclosingLoop, importName, within } from "./group-b-syntax.js";
import { leavesAfter } from "./loop-exit.js";

/**
 * A new timer on every loop iteration: `time.After` as one case of a select
 * that usually leaves through another, `time.NewTimer` never stopped in the
 * loop, `time.Tick` (a ticker nobody can stop). Before Go 1.23's timer
 * semantics the runtime's timer heap keeps each one reachable until it fires
 * (forever for a ticker); since then unreferenced timers are collected and
 * the cost is churn. Which applies depends on the main module's go line,
 * not the toolchain, so the rule reads it: a warning below go 1.23 (or when
 * there is no go.mod), a note from 1.23 on.
 *
 * `time.After` is not reported when the select cannot abandon a timer per
 * iteration: every other case returns, breaks or is a shutdown signal (a
 * `Done()` channel, a channel named quit/stop/closing..., or a case that sets
 * what the loop's condition reads), or a statement after the select always
 * leaves the loop. The service corpus showed those shapes to be 7 of 17
 * findings (bench/RESULTS.md, "service corpus").
 */
export const timerInLoop: LintRule = {
  id: "timer-in-loop",
  title: "A new timer on every loop iteration",
  severity: "warning",
  check(ctx: LintFileContext): LintFinding[] {
    const time = importName(ctx.file.root, "time");
    if (!time) return [];
    const v = ctx.goVersion;
    const newSemantics = v !== null && atLeast(v, 1, 23);
    const semantics = newSemantics
      ? `go.mod says ${v.text.replace(/^go/, "go ")}, so the Go 1.23 timer semantics apply: an unreferenced timer is collected, and what remains is an allocation per iteration`
      : v
        ? `go.mod says ${v.text.replace(/^go/, "go ")} (< 1.23), so the old timer semantics apply even with a newer toolchain: the runtime's timer heap keeps each timer until it fires`
        : "no go.mod go line was found, so the old (pre-1.23) timer semantics are assumed: the runtime's timer heap keeps each timer until it fires";
    const findings: LintFinding[] = [];
    for (const call of findAll(ctx.file.root, "call_expression")) {
      const name = calleeName(call);
      if (name !== `${time}.After` && name !== `${time}.NewTimer` && name !== `${time}.Tick`)
        continue;
      const loop = enclosingLoop(call);
      // `for range time.Tick(d)` evaluates its range expression once.
      const body = loop?.childForFieldName("body");
      if (!loop || !body || !within(call, body)) continue;
      const fn = name.slice(time.length + 1);
      let what: string;
      let subject = `${time}.${fn}(${call.childForFieldName("arguments")?.namedChildren[0]?.text ?? ""})`;
      if (fn === "After") {
        if (!abandonable(call)) continue;
        what = `\`${subject}\` makes a new timer on every iteration of this loop, and each iteration that leaves the select through another case abandons it`;
      } else if (fn === "NewTimer") {
        const t = assignedTo(call);
        // Stored, passed on or stopped: someone may manage it; only a plain local used for .C is reported.
        if (!t || !onlyWaitedOn(loop, t, call)) continue;
        subject = t;
        what = `\`${subject}\` is a new timer made on every iteration of this loop and not stopped in it`;
      } else {
        what = `\`${subject}\` starts a new ticker on every iteration of this loop, which nothing can stop`;
      }
      findings.push({
        rule: "timer-in-loop",
        severity: newSemantics ? "note" : "warning",
        ...span(ctx, call),
        subject,
        message: `${what}; ${semantics}.`,
        why: "Each call allocates a Timer, its channel and a runtime timer (~260 bytes). Under the old semantics a started timer stays in the timer heap, reachable, until it fires (a ticker: forever), so iterations per second × duration of them are live.",
        fix: `Make one timer before the loop and reuse it: \`t := ${time}.NewTimer(d); defer t.Stop()\`, and in the loop \`if !t.Stop() { select { case <-t.C: default: } }; t.Reset(d)\` then \`case <-t.C:\`${fn === "Tick" ? ` (for a ticker: \`tk := ${time}.NewTicker(d); defer tk.Stop()\` outside the loop)` : ""}.`,
      });
    }
    return findings;
  },
};

/**
 * `<-time.After(d)` as a case of a select with another way out that goes on
 * looping (a lone receive waits for it to fire). Not when the select is
 * followed by a statement that always leaves the loop, nor when every other
 * case ends the loop: it returns or breaks, or it is a termination signal
 * (see `terminates`). Then at most one timer is abandoned, once.
 */
function abandonable(operand: SyntaxNode): boolean {
  const recv = operand.parent;
  if (recv?.type !== "unary_expression") return false;
  const comm = recv.parent?.type === "receive_statement" ? recv.parent : recv;
  const kase = comm.parent;
  if (kase?.type !== "communication_case") return false;
  const sel = kase.parent;
  if (sel?.type !== "select_statement") return false;
  const loop = enclosingLoop(sel);
  if (loop && leavesAfter(sel, loop)) return false;
  return sel.namedChildren.some(
    (c) =>
      c !== null &&
      !c.equals(kase) &&
      (c.type === "communication_case" || c.type === "default_case") &&
      !leaves(c) &&
      !(loop && terminates(c, loop)),
  );
}

/** A select case whose last statement returns or breaks out. */
function leaves(kase: SyntaxNode): boolean {
  const stmts = kase.namedChildren.find((n) => n?.type === "statement_list")?.namedChildren ?? [];
  const last = stmts[stmts.length - 1];
  return ["return_statement", "break_statement", "goto_statement"].includes(last?.type ?? "");
}

/** Channel names that, by Go convention, signal shutdown rather than work. */
const STOP_NAME = /quit|stop|shutdown|exit|clos(e|ing)|terminat|die|kill|cancel/i;

/**
 * A case that ends the loop without a return: a receive from `x.Done()` or
 * from a channel named for shutdown (`quit`, `stopCh`, `s.closing`), or one
 * that assigns a variable the loop's condition reads (`case errc = <-q:`
 * under `for errc == nil`, `shouldLoop = false` under `for shouldLoop`).
 * Such a case fires once, so it abandons one timer, once.
 */
function terminates(kase: SyntaxNode, loop: SyntaxNode): boolean {
  const comm = kase.childForFieldName("communication");
  const recv = comm ? findAll(comm, "unary_expression").find((u) => u.text.startsWith("<-")) : null;
  const ch = recv?.childForFieldName("operand");
  if (ch) {
    if (ch.type === "call_expression" && /(^|\.)Done$/.test(calleeName(ch) ?? "")) return true;
    const last = (ch.type === "selector_expression" ? ch.childForFieldName("field") : ch)?.text;
    if (
      (ch.type === "identifier" || ch.type === "selector_expression") &&
      STOP_NAME.test(last ?? "")
    )
      return true;
  }
  const cond = loopCondition(loop);
  if (!cond) return false;
  const read = new Set(findAll(cond, "identifier").map((i) => i.text));
  const assigned = findAll(kase, ["assignment_statement", "receive_statement"]).flatMap(
    (a) => a.childForFieldName("left")?.namedChildren ?? [],
  );
  return assigned.some((n) => n !== null && n.type === "identifier" && read.has(n.text));
}

/** The condition of `for cond {` or `for init; cond; post {` (null for range and endless loops). */
function loopCondition(loop: SyntaxNode): SyntaxNode | null {
  for (const c of loop.namedChildren) {
    if (!c || c.type === "block" || c.type === "range_clause") continue;
    return c.type === "for_clause" ? c.childForFieldName("condition") : c;
  }
  return null;
}

/** The name a NewTimer result is given (`t := time.NewTimer(d)`, `t = ...`). */
function assignedTo(call: SyntaxNode): string | null {
  const list = call.parent;
  const stmt = list?.parent;
  if (list?.type !== "expression_list") return null;
  if (stmt?.type !== "short_var_declaration" && stmt?.type !== "assignment_statement") return null;
  const i = list.namedChildren.findIndex((n) => n?.equals(call));
  return stmt.childForFieldName("left")?.namedChildren[i]?.text ?? null;
}

/**
 * Whether every other use of the local `t` in the loop is `<-t.C` in a select
 * that can leave through another case, or a
 * deferred `t.Stop()` (a defer runs when the function returns, not per
 * iteration). A plain Stop, or `t` passed or stored anywhere, is not reported.
 */
function onlyWaitedOn(loop: SyntaxNode, t: string, call: SyntaxNode): boolean {
  const stmt = call.parent?.parent;
  let waited = false;
  for (const id of findAll(loop, "identifier")) {
    if (id.text !== t || (stmt && within(id, stmt))) continue;
    const sel = id.parent;
    if (sel?.type !== "selector_expression") return false;
    const field = sel.childForFieldName("field")?.text;
    if (field === "C" && abandonable(sel)) {
      waited = true;
      continue;
    }
    if (field === "Stop" && sel.parent?.parent?.type === "defer_statement") continue;
    return false;
  }
  return waited;
}
