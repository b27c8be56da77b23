import {
  calleeName,
  enclosingFunction,
  findAll,
  selectorPath,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import { argsOf, containerOfValue, gatingFlag, importName, within } from "./group-b-syntax.js";

/**
 * Two ways a sync.Pool costs memory instead of saving it:
 * - `Put` of a growable buffer (bytes.Buffer, strings.Builder, []byte) with
 *   no bound on its capacity: one huge request's buffer goes back into the
 *   pool and circulates for good, because a busy pool's objects never sit
 *   idle through the two GCs it takes to drop them.
 * - `Put` of a non-pointer value (a slice, a struct): converting it to `any`
 *   allocates a copy on every Put (staticcheck's SA6002).
 *
 * A pool is a variable or field this file declares as sync.Pool; its
 * buffers are growable when its New or a `Get().(*T)` in the file says so,
 * or the Put's argument is declared with such a type.
 */
export const poolPollution: LintRule = {
  id: "pool-pollution",
  title: "sync.Pool Put without a size bound, or of a non-pointer",
  severity: "warning",
  check(ctx: LintFileContext): LintFinding[] {
    const root = ctx.file.root;
    const sync = importName(root, "sync");
    if (!sync) return [];
    const pools = poolNames(root, sync);
    if (pools.size === 0) return [];
    const growable = growablePools(root, pools);
    const findings: LintFinding[] = [];
    for (const call of findAll(root, "call_expression")) {
      const name = calleeName(call);
      if (!name?.endsWith(".Put")) continue;
      const parts = name.split(".");
      const pool = parts[parts.length - 2] ?? "";
      if (!pools.has(pool)) continue;
      const arg = argsOf(call)[0];
      const fn = enclosingFunction(call);
      if (!arg || !fn) continue;
      const poolText = parts.slice(0, -1).join(".");
      const decl = arg.type === "identifier" ? declaredType(fn, arg.text, call) : null;
      if (nonPointer(arg, decl)) {
        findings.push({
          rule: "pool-pollution",
          severity: "warning",
          ...span(ctx, call),
          subject: arg.text,
          message: `\`${poolText}.Put(${arg.text})\` puts a non-pointer value (a slice or struct) in the pool: each Put allocates a copy of it.`,
          why: "Put takes an `any`; a slice header or struct is not pointer-shaped, so converting it to an interface copies it to the heap (runtime.convT), the allocation the pool was meant to save (staticcheck SA6002).",
          fix: `Pool pointers: \`${poolText}.Put(&buf)\` with \`New: func() any { b := make([]byte, 0, n); return &b }\` and \`bp := ${poolText}.Get().(*[]byte)\`.`,
        });
        continue;
      }
      const buffer = growable.get(pool) ?? growableType(decl);
      // A *[]byte pool usually holds fixed-size buffers (a page, a frame header): only one whose
      // buffer is grown and stored back (`*bp = append(*bp, ...)`) can be polluted.
      if (!buffer || (buffer === "*[]byte" && !storesAppend(fn, arg.text))) continue;
      const bound = capacityBound(fn);
      if (bound === true) continue;
      const flagNote = bound ? ` (the capacity check only applies when \`${bound}\` is set)` : "";
      findings.push({
        rule: "pool-pollution",
        severity: "warning",
        ...span(ctx, call),
        subject: arg.text,
        message: `\`${arg.text}\` (a ${buffer}) goes back into \`${poolText}\` whatever its capacity${flagNote}: after one large request the pool keeps and hands out a buffer of that size.`,
        why: "Reset keeps the backing array, and a pooled object is only freed when it sits unused through two GCs, which a busy pool's buffers never do: every circulating buffer ends up as large as the largest request, for the life of the process.",
        fix: `Drop oversized buffers instead of pooling them: \`if ${capExpr(buffer, arg.text)} > 64<<10 { return }\` before \`${poolText}.Put(${arg.text})\` (fmt uses 64 KiB for its print buffers).`,
      });
    }
    return findings;
  },
};

const POOL_TYPE = (sync: string): RegExp => new RegExp(`^\\*?${sync}\\.Pool$`);

/** Names of variables and fields declared as sync.Pool / *sync.Pool (or initialised with one). */
function poolNames(root: SyntaxNode, sync: string): Set<string> {
  const re = POOL_TYPE(sync);
  const lit = new RegExp(`^&?${sync}\\.Pool\\{`);
  const out = new Set<string>();
  for (const f of findAll(root, "field_declaration")) {
    if (!re.test(f.childForFieldName("type")?.text ?? "")) continue;
    for (const n of f.childrenForFieldName("name")) out.add(n.text);
  }
  for (const s of findAll(root, "var_spec")) {
    const typed = re.test(s.childForFieldName("type")?.text ?? "");
    const values = s.childForFieldName("value")?.namedChildren ?? [];
    s.childrenForFieldName("name").forEach((n, i) => {
      if (typed || lit.test(values[i]?.text ?? "")) out.add(n.text);
    });
  }
  for (const d of findAll(root, "short_var_declaration")) {
    const values = d.childForFieldName("right")?.namedChildren ?? [];
    (d.childForFieldName("left")?.namedChildren ?? []).forEach((n, i) => {
      if (n && lit.test(values[i]?.text ?? "")) out.add(n.text);
    });
  }
  return out;
}

const GROWABLE_NEW =
  /new\((bytes\.Buffer|strings\.Builder|\[\]byte)\)|&(bytes\.Buffer|strings\.Builder)\{|make\(\[\]byte/;

/** Pools whose New or a `Get().(*T)` shows they hold growable buffers, with the buffer's type. */
function growablePools(root: SyntaxNode, pools: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of findAll(root, "type_assertion_expression")) {
    const call = a.childForFieldName("operand");
    const name = call?.type === "call_expression" ? calleeName(call) : null;
    if (!name?.endsWith(".Get")) continue;
    const pool = name.split(".").slice(-2)[0] ?? "";
    const t = growableType(a.childForFieldName("type")?.text ?? null);
    if (pools.has(pool) && t) out.set(pool, t);
  }
  // New: func() any { return new(bytes.Buffer) }, as a keyed element or `p.New = ...`.
  for (const lit of findAll(root, "func_literal")) {
    const m = GROWABLE_NEW.exec(lit.text);
    if (!m) continue;
    const pool = newOf(lit);
    if (pool && pools.has(pool) && !out.has(pool)) {
      const t = m[1] ?? m[2];
      out.set(pool, t ? `*${t}` : "*[]byte");
    }
  }
  return out;
}

/** The pool a func literal is the New of: `sync.Pool{New: lit}` in `var p = ...`, or `x.p.New = lit`. */
function newOf(lit: SyntaxNode): string | null {
  const elem = lit.parent?.parent;
  if (elem?.type === "keyed_element" && elem.namedChildren[0]?.text === "New") {
    for (let p = elem.parent; p; p = p.parent) {
      if (p.type === "var_spec") return p.childForFieldName("name")?.text ?? null;
      if (p.type === "short_var_declaration" || p.type === "assignment_statement") {
        const path = selectorPath(p.childForFieldName("left")?.namedChildren[0] ?? p);
        return path ? (path[path.length - 1] ?? null) : null;
      }
      if (p.type === "keyed_element") return p.namedChildren[0]?.text ?? null;
    }
    return null;
  }
  const stmt = lit.parent?.parent;
  if (stmt?.type === "assignment_statement") {
    const path = selectorPath(stmt.childForFieldName("left")?.namedChildren[0] ?? stmt);
    if (path && path.length >= 2 && path[path.length - 1] === "New")
      return path[path.length - 2] ?? null;
  }
  return null;
}

/** The growable buffer a type names: `*bytes.Buffer`, `*strings.Builder`, `*[]byte`. */
function growableType(t: string | null): string | null {
  if (!t) return null;
  const bare = t.replace(/\s+/g, "");
  return ["*bytes.Buffer", "*strings.Builder", "*[]byte"].includes(bare) ? bare : null;
}

/**
 * The declared type (or made value) of a name at `use`: a parameter's type,
 * `var x T`, `x := ...`'s value. The nearest declaration in scope wins, so a
 * shadowing `b := (*[n]byte)(b)` in a switch case hides the `b []byte`
 * parameter (nats-server's frame pools).
 */
function declaredType(fn: SyntaxNode, name: string, use: SyntaxNode): string | null {
  let best: { at: number; type: string | null } | null = null;
  const consider = (decl: SyntaxNode, type: string | null): void => {
    if (decl.startIndex > use.startIndex || !within(use, scopeOf(decl, fn))) return;
    if (!best || decl.startIndex >= best.at) best = { at: decl.startIndex, type };
  };
  for (const p of findAll(fn, "parameter_declaration")) {
    if (p.childrenForFieldName("name").some((n) => n.text === name))
      consider(p, p.childForFieldName("type")?.text ?? null);
  }
  for (const s of findAll(fn, "var_spec")) {
    if (s.childrenForFieldName("name").some((n) => n.text === name))
      consider(s, s.childForFieldName("type")?.text ?? null);
  }
  for (const d of findAll(fn, "short_var_declaration")) {
    const lefts = d.childForFieldName("left")?.namedChildren ?? [];
    const rights = d.childForFieldName("right")?.namedChildren ?? [];
    const i = lefts.findIndex((n) => n?.text === name);
    if (i < 0) continue;
    consider(d, lefts.length === rights.length ? valueType(rights[i] ?? null) : null);
  }
  return (best as { type: string | null } | null)?.type ?? null;
}

/** Where a declaration is visible: its statement list, or the if/for/switch it initialises. */
function scopeOf(decl: SyntaxNode, fn: SyntaxNode): SyntaxNode {
  if (decl.type === "parameter_declaration") return fn;
  for (let p = decl.parent; p; p = p.parent) {
    if (
      [
        "statement_list",
        "block",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
      ].includes(p.type)
    )
      return p;
  }
  return fn;
}

/** The type a value visibly has: `x.(T)`, a conversion `(*T)(v)`, a slice made or cut ("[]"). */
function valueType(v: SyntaxNode | null): string | null {
  if (!v) return null;
  if (v.type === "type_assertion_expression") return v.childForFieldName("type")?.text ?? null;
  const f = v.type === "call_expression" ? v.childForFieldName("function") : null;
  if (f?.type === "parenthesized_expression" && f.namedChildren[0]?.type === "pointer_type")
    return f.namedChildren[0].text;
  if (containerOfValue(v) === "slice") return "[]";
  return null;
}

/** A Put argument that is visibly a slice or struct value. */
function nonPointer(arg: SyntaxNode, decl: string | null): boolean {
  if (arg.type === "slice_expression") return true;
  if (arg.type === "composite_literal") return true;
  if (containerOfValue(arg) === "slice") return true;
  return decl !== null && decl.startsWith("[]");
}

/**
 * Whether the function compares a capacity (`cap(b)`, `b.Cap()`): true when
 * some check applies unconditionally, the gating flag's name when every
 * check sits under one, null when there is none.
 */
function capacityBound(fn: SyntaxNode): true | string | null {
  let flag: string | null = null;
  for (const b of findAll(fn, "binary_expression")) {
    const op = b.childForFieldName("operator")?.text ?? "";
    if (!["<", "<=", ">", ">="].includes(op)) continue;
    if (!/\bcap\(|\.Cap\(\)/.test(b.text)) continue;
    const gate = gatingFlag(b);
    if (gate === null) {
      // `if p.drop && b.Cap() > max`: the flag sits in the same condition.
      const cond = b.parent;
      const other =
        cond?.type === "binary_expression" && cond.childForFieldName("operator")?.text === "&&"
          ? [cond.childForFieldName("left"), cond.childForFieldName("right")].find(
              (s) =>
                s && !s.equals(b) && (s.type === "identifier" || s.type === "selector_expression"),
            )
          : null;
      if (!other) return true;
      flag ??= other.text;
      continue;
    }
    flag ??= gate;
  }
  return flag;
}

/** `*name = append(...)` in the function: a pooled *[]byte that grows. */
function storesAppend(fn: SyntaxNode, name: string): boolean {
  return findAll(fn, "assignment_statement").some(
    (a) =>
      a.childForFieldName("left")?.text === `*${name}` &&
      a.childForFieldName("right")?.text.startsWith("append(") === true,
  );
}

function capExpr(buffer: string, name: string): string {
  return buffer === "*[]byte" ? `cap(*${name})` : `${name}.Cap()`;
}
