import { isHeapKind, type EscapeMessage, type Explanation } from "../model/escape.js";

/** The escape scenarios of traps.md section A; each has docs/traps/<id>.md. */
export const ESCAPE_TRAP_IDS = [
  "esc-return-address",
  "esc-closure-capture",
  "esc-interface-conversion",
  "esc-nonconstant-make",
  "esc-too-large",
  "esc-append-growth",
  "esc-param-leak",
  "esc-global-store",
  "esc-indirect-call",
  "esc-string-conversion",
  "esc-map-growth",
  "other",
] as const;
export type EscapeTrapId = (typeof ESCAPE_TRAP_IDS)[number];

export interface EscapeClassification {
  readonly id: EscapeTrapId;
  /**
   * What decided it, in the compiler's words: the reason in parentheses
   * ("too large for stack", "return", "call parameter"), or "expression" when
   * the shape of the expression did. For "other": the raw reasons seen, or
   * why there were none.
   */
  readonly reason: string;
}

/** What the source tells about names in calls, when the caller has it (gosource). */
export interface ClassifyContext {
  /** Names the file imports packages under ("fmt", "io", an alias). */
  readonly imports?: ReadonlySet<string>;
  /** Top-level functions of the package. */
  readonly funcs?: ReadonlySet<string>;
}

/**
 * Gives a heap finding (moved-to-heap, escapes-to-heap, leaking params) its
 * scenario; undefined for other kinds. Order: the compiler's explicit
 * reasons for allocation size; parameters; the expression's shape (append,
 * conversions, maps, closures, interface boxing); then how the value leaves
 * the frame, read from the last flow of the first explanation (into a result:
 * return; into the heap through a call: indirect or param leak; through an
 * assignment or send: global store).
 */
export function classifyEscape(
  m: EscapeMessage,
  ctx: ClassifyContext = {},
): EscapeClassification | undefined {
  if (!isHeapKind(m.kind)) return undefined;
  const reasons = allReasons(m.chain);
  if (reasons.has("too large for stack") || reasons.has("too aligned for stack")) {
    return {
      id: "esc-too-large",
      reason: reasons.has("too large for stack") ? "too large for stack" : "too aligned for stack",
    };
  }
  if (reasons.has("non-constant size"))
    return { id: "esc-nonconstant-make", reason: "non-constant size" };
  if (
    m.kind === "leaking-param" ||
    m.kind === "leaking-param-content" ||
    m.kind === "leaking-param-to-result"
  ) {
    return { id: "esc-param-leak", reason: m.kind.replace(/-/g, " ") };
  }
  const shape = byShape(m);
  if (shape) return shape;
  return byExit(m, reasons, ctx);
}

function allReasons(chain: readonly Explanation[]): Set<string> {
  const out = new Set<string>();
  for (const e of chain) for (const f of e.flows) for (const s of f.steps) out.add(s.reason);
  return out;
}

const expression = (id: EscapeTrapId): EscapeClassification => ({ id, reason: "expression" });

/** Allocation expressions the compiler prints by their syntax. */
function byShape(m: EscapeMessage): EscapeClassification | undefined {
  const e = m.expr;
  if (m.kind !== "escapes-to-heap") return undefined;
  if (e === "append" || e.startsWith("append(")) return expression("esc-append-growth");
  if (isStringConversion(e)) return expression("esc-string-conversion");
  if (/^map\[/.test(e) || /^make\(map\[/.test(e)) return expression("esc-map-growth");
  if (e === "func literal") return expression("esc-closure-capture");
  if (isInterfaceConversion(e)) return expression("esc-interface-conversion");
  return undefined;
}

/** string(b), ([]byte)(s), []rune(s), and concatenations "a + b". */
function isStringConversion(e: string): boolean {
  if (/^string\(/.test(e) || /^\(?\[\](byte|rune)\)?\(/.test(e)) return true;
  return topLevel(e, " + ");
}

/**
 * An "escapes to heap" whose expression is no allocation of its own is an
 * implicit conversion to an interface: Go >= 1.20 prints the converted
 * operand ("id", "sort.IntSlice(ages)", "Square{...}", a constant), older
 * releases the conversion ("(interface {})(x)", "error(&T{...})").
 */
function isInterfaceConversion(e: string): boolean {
  if (/^\(interface \{/.test(e) || /^(error|any)\(/.test(e)) return true;
  if (e === "" || e === "... argument") return false;
  if (/^(&|new\(|make\(|\[\]|\[\d*\]|map\[|func literal|struct \{)/.test(e)) return false;
  return true;
}

/** Whether sep occurs outside brackets and string literals. */
function topLevel(s: string, sep: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "`" || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && s.startsWith(sep, i)) return true;
  }
  return false;
}

const isResultName = (loc: string): boolean => /(^|\.)~[rR]\d+$/.test(loc);

function byExit(
  m: EscapeMessage,
  reasons: ReadonlySet<string>,
  ctx: ClassifyContext,
): EscapeClassification {
  const first = m.chain[0];
  if (!first || first.flows.length === 0) {
    return { id: "other", reason: "no explanation (build with -gcflags=-m=2 or -json)" };
  }
  if (m.kind === "moved-to-heap" && reasons.has("captured by a closure")) {
    return { id: "esc-closure-capture", reason: "captured by a closure" };
  }
  const last = first.flows[first.flows.length - 1];
  const steps = last?.steps ?? [];
  const root = first.root;
  if (isResultName(root) || steps.some((s) => s.reason === "return")) {
    return { id: "esc-return-address", reason: "return" };
  }
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (!s) continue;
    switch (s.reason) {
      case "call parameter":
        return isIndirectCall(s.where, ctx)
          ? { id: "esc-indirect-call", reason: "call parameter" }
          : { id: "esc-param-leak", reason: "call parameter" };
      case "assign":
      case "assign-pair":
      case "send":
      case "key of map put":
      case "value of map put":
      case "map literal key":
      case "map literal value":
        return { id: "esc-global-store", reason: s.reason };
      case "captured by a closure":
        return { id: "esc-closure-capture", reason: s.reason };
      case "interface-converted":
        return { id: "esc-interface-conversion", reason: s.reason };
    }
  }
  if (root.startsWith("{storage for func literal}")) {
    return { id: "esc-closure-capture", reason: "captured by a closure" };
  }
  if (reasons.has("interface-converted"))
    return { id: "esc-interface-conversion", reason: "interface-converted" };
  return { id: "other", reason: [...reasons].join(", ") || "no reason given" };
}

/**
 * Whether the call in a "(call parameter)" step has a target escape analysis
 * cannot see. The compiler prints static method calls as method expressions
 * ("(*sync.WaitGroup).Add(wg, 1)"), generic method calls through the
 * dictionary ("(func(...))(&.dict[0])(s, &v)"), and interface method calls
 * and func values as written ("w.Write(b)", "f(&p)"). "x.F(...)" is a
 * package function when x is an import; a bare "f(...)" is a static call
 * when f is a top-level function of the package. Without that context a
 * selector call counts as indirect and a bare call as static.
 */
export function isIndirectCall(where: string, ctx: ClassifyContext = {}): boolean {
  const callee = calleeOf(where);
  if (callee === undefined) return false;
  if (callee.includes(".dict[") || callee.startsWith("(func(")) return true;
  if (callee.startsWith("(")) return false;
  const sel = /^([\p{L}_][\p{L}\p{Nd}_]*)\.([\p{L}_][\p{L}\p{Nd}_]*)$/u.exec(callee);
  if (sel) return ctx.imports ? !ctx.imports.has(sel[1] ?? "") : true;
  if (/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(callee)) {
    if (BUILTINS.has(callee)) return false;
    return ctx.funcs ? !ctx.funcs.has(callee) : false;
  }
  // a[i](x), s.f.g(x), m[k].Do(x): calls through values.
  return true;
}

const BUILTINS = new Set([
  "append",
  "copy",
  "panic",
  "print",
  "println",
  "len",
  "cap",
  "new",
  "make",
  "delete",
  "close",
  "clear",
  "min",
  "max",
  "complex",
  "real",
  "imag",
  "recover",
]);

/** "f(x)" -> "f"; "(*T).M(x)" -> "(*T).M"; undefined when where is not a call. */
function calleeOf(where: string): string | undefined {
  if (!where.endsWith(")")) return undefined;
  let depth = 0;
  for (let i = where.length - 1; i >= 0; i--) {
    const c = where[i];
    if (c === ")") depth++;
    else if (c === "(") {
      depth--;
      if (depth === 0) return i === 0 ? undefined : where.slice(0, i);
    }
  }
  return undefined;
}
