import {
  ancestor,
  calleeName,
  enclosingFunction,
  findAll,
  identifiersIn,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import { argsOf, containerOfValue, localNames, within } from "./group-b-syntax.js";

/**
 * The classic abandoned sender: `ch := make(chan T)`, `go func() { ch <- v }()`,
 * and the only receive is one case of a select that can leave through another
 * (a timeout, ctx.Done()). When it does, the goroutine blocks on its send
 * forever, and the runtime never collects a blocked goroutine: its stack, the
 * channel and everything the closure captured stay reachable.
 *
 * Conservative: the channel must be a local of the function, made unbuffered
 * there, sent to by a `go func` literal outside any select, and used in the
 * function for nothing but that (passing it on, closing it or a plain
 * receive means someone else may drain it).
 */
export const goroutineRetention: LintRule = {
  id: "goroutine-retention",
  title: "A goroutine can block forever sending on an unbuffered channel",
  severity: "error",
  check(ctx: LintFileContext): LintFinding[] {
    const findings: LintFinding[] = [];
    for (const make of findAll(ctx.file.root, "call_expression")) {
      if (calleeName(make) !== "make") continue;
      const args = argsOf(make);
      if (args[0]?.type !== "channel_type") continue;
      if (args.length > 1 && args[1]?.text !== "0") continue;
      const ch = assignedName(make);
      const fn = enclosingFunction(make);
      if (!ch || !fn) continue;
      const hit = abandonedSend(fn, ch);
      if (!hit) continue;
      const captured = capturedBuffers(fn, hit.literal);
      const pins = captured.length
        ? `, pinning the channel and the buffer${captured.length > 1 ? "s" : ""} it captured (${captured.map((c) => `\`${c}\``).join(", ")})`
        : ", pinning the channel and everything its closure captured";
      findings.push({
        rule: "goroutine-retention",
        severity: "error",
        ...span(ctx, make),
        subject: ch,
        message: `\`${ch}\` is unbuffered and its only receive is one case of a select that can give up (line ${hit.selectLine}): the goroutine sending on it (line ${hit.sendLine}) then blocks forever${pins}.`,
        why: "A send on an unbuffered channel waits for a receiver, and the runtime never collects a blocked goroutine: its stack and everything it references stay live, one set per abandoned call.",
        fix: `Give the channel room for the sends so the goroutine always finishes: \`${ch} := make(${args[0]?.text ?? "chan T"}, 1)\`; or make the sender select on \`ctx.Done()\` too.`,
      });
    }
    return findings;
  },
};

/** The local name a `make` result is given (`ch := make(...)`, `ch = make(...)`). */
function assignedName(make: SyntaxNode): string | null {
  const list = make.parent;
  const stmt = list?.parent;
  if (list?.type !== "expression_list" || !stmt) return null;
  if (stmt.type !== "short_var_declaration" && stmt.type !== "assignment_statement") return null;
  if (!stmt.childForFieldName("right")?.equals(list)) return null;
  const i = list.namedChildren.findIndex((n) => n?.equals(make));
  const left = stmt.childForFieldName("left")?.namedChildren[i];
  return left?.type === "identifier" ? left.text : null;
}

interface AbandonedSend {
  readonly literal: SyntaxNode;
  readonly sendLine: number;
  readonly selectLine: number;
}

function abandonedSend(fn: SyntaxNode, ch: string): AbandonedSend | null {
  if (!localNames(fn).has(ch)) return null;
  let literal: SyntaxNode | null = null;
  let sendLine = 0;
  for (const go of findAll(fn, "go_statement")) {
    const lit = go.namedChildren[0]?.childForFieldName("function");
    if (lit?.type !== "func_literal") continue;
    const send = findAll(lit, "send_statement").find(
      (s) => s.childForFieldName("channel")?.text === ch && !ancestor(s, "select_statement"),
    );
    if (send && !literal) {
      literal = lit;
      sendLine = send.startPosition.row + 1;
    }
  }
  if (!literal) return null;
  let selectLine = 0;
  for (const id of identifiersIn(fn)) {
    if (id.text !== ch || within(id, literal)) continue;
    const p = id.parent;
    if (!p) return null;
    if (p.type === "var_spec") continue;
    if (p.type === "expression_list" && p.parent?.childForFieldName("left")?.equals(p)) {
      // ch = make(...): the other makes of the same variable are fine.
      continue;
    }
    // A receive `<-ch` that is one case of a select with a way out.
    if (p.type === "unary_expression" && p.childForFieldName("operator")?.text === "<-") {
      const sel = selectWithAlternative(p);
      if (!sel) return null;
      selectLine ||= sel.startPosition.row + 1;
      continue;
    }
    return null; // passed on, closed, ranged over, received plainly: not provably abandoned
  }
  return selectLine ? { literal, sendLine, selectLine } : null;
}

/** The select whose case receives `recv`, when it has another case to leave through. */
function selectWithAlternative(recv: SyntaxNode): SyntaxNode | null {
  const comm = recv.parent?.type === "receive_statement" ? recv.parent : recv;
  const kase = comm.parent;
  if (
    kase?.type !== "communication_case" ||
    !kase.childForFieldName("communication")?.equals(comm)
  ) {
    return null;
  }
  const sel = kase.parent;
  if (sel?.type !== "select_statement") return null;
  const cases = sel.namedChildren.filter(
    (c) => c?.type === "communication_case" || c?.type === "default_case",
  );
  return cases.length > 1 ? sel : null;
}

/** Locals of `fn` made as slices or maps (`buf := make([]byte, n)`) that the goroutine literal uses. */
function capturedBuffers(fn: SyntaxNode, literal: SyntaxNode): string[] {
  const made = new Set<string>();
  for (const d of findAll(fn, ["short_var_declaration", "assignment_statement"])) {
    if (within(d, literal)) continue;
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const rights = d.childForFieldName("right")?.namedChildren ?? [];
    lefts.forEach((l, i) => {
      if (l?.type === "identifier" && containerOfValue(rights[i] ?? null)) made.add(l.text);
    });
  }
  const inner = localNames(literal);
  const used = identifiersIn(literal.childForFieldName("body") ?? literal)
    .map((n) => n.text)
    .filter((n) => made.has(n) && !inner.has(n));
  return [...new Set(used)];
}
