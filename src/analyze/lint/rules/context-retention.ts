import {
  calleeName,
  enclosingFunction,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import {
  argsOf,
  containerOfType,
  containerOfValue,
  enclosingLoop,
  importName,
  localNames,
  pathText,
  type ContainerKind,
} from "./group-b-syntax.js";

/**
 * `context.WithValue` holding a slice or map the source visibly makes (a
 * literal, make, a sub-slice, a []byte conversion, or a local or parameter
 * declared as one): it lives as long as any context derived from that one.
 * Worst when the call reassigns its own parent, `x.ctx = context.WithValue(x.ctx, ...)`
 * on a field or package variable, or `ctx = context.WithValue(ctx, ...)` in
 * a loop: every call adds a link and the chain keeps every value ever attached.
 * That form is an error; a plain WithValue of a slice is a note, as it is
 * harmless while the context stays request-scoped (which syntax cannot tell).
 *
 * The service corpus (bench/RESULTS.md) narrowed both: the note is only for
 * byte payloads (a `[]byte`, a conversion to one, a sub-slice), not maps or
 * other slices (request variables, auth scopes, callback lists: all 5 notes
 * sampled were those), and a field of a value parameter or value receiver is the
 * callee's own copy, so reassigning it chains nothing across calls (caddy's
 * `ctx caddy.Context`).
 */
export const contextRetention: LintRule = {
  id: "context-retention",
  title: "context.WithValue holds a slice or map",
  severity: "warning",
  check(ctx: LintFileContext): LintFinding[] {
    const root = ctx.file.root;
    const pkg = importName(root, "context");
    if (!pkg) return [];
    const findings: LintFinding[] = [];
    for (const call of findAll(root, "call_expression")) {
      if (calleeName(call) !== `${pkg}.WithValue`) continue;
      const [parent, , value] = argsOf(call);
      const fn = enclosingFunction(call);
      if (!parent || !value || !fn) continue;
      const kind =
        containerOfValue(value) ??
        (value.type === "identifier" ? declaredContainer(fn, value.text) : null);
      const chain = selfChain(call, parent, fn);
      // The plain form is a note about payloads: a byte buffer or a part of
      // one, not a map or a slice of names, scopes or callbacks (request-scoped
      // variables: small by construction).
      const payload = kind === "slice" && bytePayload(fn, value);
      if (!payload && !chain) continue;
      const held = kind ? `the ${kind} \`${value.text}\`` : `\`${value.text}\``;
      const message = chain
        ? `\`${chain.target}\` = ${pkg}.WithValue(\`${chain.target}\`, ...) ${chain.where}: each call adds a link to the chain, which keeps ${held} and every value attached before it.`
        : `${pkg}.WithValue stores ${held} in a context: it stays reachable as long as any context derived from this one (a goroutine, a stored context, a long-lived stream).`;
      findings.push({
        rule: "context-retention",
        severity: chain ? "error" : "note",
        ...span(ctx, call),
        subject: chain ? chain.target : value.text,
        message,
        why: "WithValue returns a new node that points at its parent and holds the value; nothing is replaced, so a value lives as long as the longest-lived descendant context, and a reassigned context holds every earlier node.",
        fix: chain
          ? `Derive each request's context from a base that is never reassigned: \`reqCtx := ${pkg}.WithValue(base, key, ${value.text})\`, used for the request only.`
          : `Pass ${value.text} as an ordinary argument and keep only small request-scoped identifiers (an ID, a principal) in the context.`,
      });
    }
    return findings;
  },
};

/** The slice/map kind of a local or parameter, from its declaration in the function. */
function declaredContainer(fn: SyntaxNode, name: string): ContainerKind | null {
  for (const p of findAll(fn, ["parameter_declaration", "var_spec"])) {
    if (p.childrenForFieldName("name").some((n) => n.text === name)) {
      const t = containerOfType(p.childForFieldName("type"));
      if (t) return t;
      const values = p.childForFieldName("value")?.namedChildren ?? [];
      const i = p.childrenForFieldName("name").findIndex((n) => n.text === name);
      return containerOfValue(values[i] ?? null);
    }
  }
  for (const d of findAll(fn, "short_var_declaration")) {
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const rights = d.childForFieldName("right")?.namedChildren ?? [];
    const i = lefts.findIndex((n) => n?.text === name);
    if (i >= 0 && lefts.length === rights.length) return containerOfValue(rights[i] ?? null);
  }
  return null;
}

/** `X = WithValue(X, ...)` where X is a field or package variable, or a local reassigned in a loop. */
function selfChain(
  call: SyntaxNode,
  parent: SyntaxNode,
  fn: SyntaxNode,
): { target: string; where: string } | null {
  const list = call.parent;
  const stmt = list?.parent;
  if (list?.type !== "expression_list" || stmt?.type !== "assignment_statement") return null;
  if (stmt.childForFieldName("operator")?.text !== "=") return null;
  const i = list.namedChildren.findIndex((n) => n?.equals(call));
  const target = pathText(stmt.childForFieldName("left")?.namedChildren[i]);
  if (!target || target !== pathText(parent)) return null;
  if (target.includes(".")) {
    // A field of a value parameter or receiver is a field of the callee's own copy.
    if (valueParam(fn, target.split(".")[0] ?? "")) return null;
    return { target, where: "reassigns a field" };
  }
  if (!localNames(fn).has(target)) return { target, where: "reassigns a package variable" };
  // A local only chains without bound in an endless loop (a worker's); a bounded loop adds a few links.
  const loop = enclosingLoop(stmt);
  if (loop && loop.namedChildren.length === 1 && loop.namedChildren[0]?.type === "block") {
    return { target, where: "runs once per iteration of an endless loop" };
  }
  return null;
}

/** `name` is a parameter or receiver of fn passed by value (not a pointer): its fields are a copy. */
function valueParam(fn: SyntaxNode, name: string): boolean {
  for (const head of [fn.childForFieldName("receiver"), fn.childForFieldName("parameters")]) {
    for (const p of head ? findAll(head, "parameter_declaration") : []) {
      if (!p.childrenForFieldName("name").some((n) => n.text === name)) continue;
      const t = p.childForFieldName("type");
      return t !== null && t.type !== "pointer_type";
    }
  }
  return false;
}

/** A byte buffer: a sub-slice, `[]byte(...)`, `make([]byte, ...)`, or a name declared `[]byte` or bound to one. */
function bytePayload(fn: SyntaxNode, v: SyntaxNode): boolean {
  const BYTES = /^(\[\]byte\b|make\(\s*\[\]byte\b|io\.ReadAll\(|os\.ReadFile\()/;
  if (v.type === "slice_expression" || BYTES.test(v.text)) return true;
  if (v.type !== "identifier") return false;
  for (const p of findAll(fn, ["parameter_declaration", "var_spec"])) {
    if (!p.childrenForFieldName("name").some((n) => n.text === v.text)) continue;
    const t = p.childForFieldName("type")?.text ?? "";
    const i = p.childrenForFieldName("name").findIndex((n) => n.text === v.text);
    const value = p.childForFieldName("value")?.namedChildren[i];
    return (
      /^\[\]byte$/.test(t) || (value !== undefined && value !== null && BYTES.test(value.text))
    );
  }
  for (const d of findAll(fn, "short_var_declaration")) {
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const rights = d.childForFieldName("right")?.namedChildren ?? [];
    const i = lefts.findIndex((n) => n?.text === v.text);
    if (i < 0) continue;
    const r = lefts.length === rights.length ? rights[i] : rights[0];
    return r !== null && r !== undefined && (r.type === "slice_expression" || BYTES.test(r.text));
  }
  return false;
}
