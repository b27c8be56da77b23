import {
  ancestor,
  enclosingFunction,
  findAll,
  selectorPath,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import {
  bindingsOf,
  bytesText,
  callArgs,
  callName,
  constValue,
  fileConstants,
  unparen,
} from "./a-syntax.js";

/**
 * The analysis behind subslice-retention, substring-retention and
 * channel-subslice: a slice expression `x[i:j]` of a large value that this
 * function made itself (make, io.ReadAll, os.ReadFile, string(b)), whose
 * result — directly or through one local variable — goes where it outlives
 * the call: a field, a map or slice element, a field's append, a method of
 * long-lived state, or a channel. Conservative on purpose: the parent must
 * be made in this function (every binding of it), and, except for channel
 * sends, the part kept must have a constant length.
 */
export interface Retention {
  readonly kind: "slice" | "string";
  readonly node: SyntaxNode;
  /** The sliced variable (`buf`) and its making expression (`make([]byte, reqSize)`). */
  readonly parent: string;
  readonly source: string;
  /** Bytes (or elements) of the parent when constant; kept length when constant. */
  readonly parentSize: number | undefined;
  readonly keptLen: number | undefined;
  readonly sink: { readonly how: "store" | "call" | "send"; readonly where: string };
  /** The local the slice is assigned to first (`hdr`), or "" when used directly. */
  readonly via: string;
}

const READERS = new Set(["io.ReadAll", "ioutil.ReadAll", "os.ReadFile", "ioutil.ReadFile"]);

/** Method names that take a value into their receiver's state. */
const KEEPERS =
  /^(put|add|set|store|insert|push|append|save|keep|remember|record|register|cache|enqueue|index)/i;

/** Below this parent size (bytes, when constant) a kept sub-slice wastes too little to report. */
const MIN_PARENT = 1024;

export function retentions(root: SyntaxNode): Retention[] {
  const consts = fileConstants(root);
  const out: Retention[] = [];
  for (const s of findAll(root, "slice_expression")) {
    const r = candidate(s, consts);
    if (r) out.push(r);
  }
  return out;
}

function candidate(s: SyntaxNode, consts: ReadonlyMap<string, number>): Retention | null {
  const operand = s.childForFieldName("operand");
  const fn = enclosingFunction(s);
  if (operand?.type !== "identifier" || !fn) return null;
  const end = s.childForFieldName("end");
  if (!end || s.childForFieldName("capacity")) return null;
  const origin = parentOrigin(fn, operand.text, consts);
  if (!origin) return null;
  const start = s.childForFieldName("start");
  const endV = constValue(end, consts);
  const startV = start ? constValue(start, consts) : 0;
  const keptLen = endV !== undefined && startV !== undefined ? endV - startV : undefined;
  if (origin.size !== undefined && origin.size < MIN_PARENT) return null;
  if (keptLen !== undefined && origin.size !== undefined && keptLen * 4 > origin.size) return null;
  if (start && carvedByLoop(s, start, fn)) return null;
  const found = sinkOf(s, fn);
  if (!found) return null;
  if (found.sink.how !== "send" && keptLen === undefined) return null;
  return {
    kind: origin.kind,
    node: s,
    parent: operand.text,
    source: origin.text,
    parentSize: origin.size,
    keptLen,
    ...found,
  };
}

interface Origin {
  readonly kind: "slice" | "string";
  readonly text: string;
  readonly size: number | undefined;
}

/** How `name` got its value: every binding in `fn` must make a fresh large value. */
function parentOrigin(
  fn: SyntaxNode,
  name: string,
  consts: ReadonlyMap<string, number>,
): Origin | null {
  const { bindings, param } = bindingsOf(fn, name);
  if (param || bindings.length === 0) return null;
  let origin: Origin | null = null;
  for (const b of bindings) {
    const v = b.value;
    let o: Origin | null = null;
    // `data, err := os.ReadFile(p)`: a two-value call has no paired value.
    const call = v ?? twoValueCall(b.statement);
    const callee = callName(call);
    if (call && callee === "make") {
      const [t, n] = callArgs(call);
      if (t?.type === "slice_type" && n) {
        const size = constValue(n, consts);
        o = {
          kind: "slice",
          text: call.text,
          size: size === undefined ? undefined : size * elemSize(t),
        };
      }
    } else if (call && callee && READERS.has(callee)) {
      o = { kind: "slice", text: call.text, size: undefined };
    } else if (v?.type === "type_conversion_expression" || (v && callee === "string")) {
      const arg = v.type === "call_expression" ? callArgs(v)[0] : v.childForFieldName("operand");
      const t = v.type === "call_expression" ? "string" : v.childForFieldName("type")?.text;
      if (
        t === "string" &&
        arg &&
        arg.type !== "interpreted_string_literal" &&
        arg.type !== "raw_string_literal"
      )
        o = { kind: "string", text: v.text, size: undefined };
    }
    if (!o || (origin && origin.kind !== o.kind)) return null;
    origin = origin ?? o;
  }
  return origin;
}

function twoValueCall(stmt: SyntaxNode): SyntaxNode | null {
  const right = stmt.childForFieldName("right") ?? stmt.childForFieldName("value");
  const values = right?.type === "expression_list" ? right.namedChildren : right ? [right] : [];
  const only = values.length === 1 ? values[0] : null;
  return only?.type === "call_expression" ? only : null;
}

/** Bytes per element of []byte and friends; 1 for others (a lower bound is all the size check needs). */
function elemSize(sliceType: SyntaxNode): number {
  const e = sliceType.childForFieldName("element")?.text ?? "";
  return /^(u?int64|float64|complex64)$/.test(e) ? 8 : /^(u?int32|float32|rune)$/.test(e) ? 4 : 1;
}

/** Where the slice goes: directly, or through the local it is first assigned to. */
function sinkOf(s: SyntaxNode, fn: SyntaxNode): { sink: Retention["sink"]; via: string } | null {
  const direct = sinkAt(unparen(s), fn);
  if (direct) return { sink: direct, via: "" };
  const local = assignedLocal(unparen(s));
  if (!local) return null;
  const body = fn.childForFieldName("body");
  if (!body) return null;
  for (const id of findAll(body, "identifier")) {
    if (id.text !== local || id.startIndex <= s.endIndex) continue;
    if (enclosingFunction(id)?.equals(fn) !== true) continue;
    const sink = sinkAt(id, fn);
    if (sink) return { sink, via: local };
  }
  return null;
}

/** `hdr = buf[:16]` / `hdr := buf[:16]` with a single plain local on the left. */
function assignedLocal(e: SyntaxNode): string | null {
  const list = e.parent;
  const stmt = list?.parent;
  if (list?.type !== "expression_list" || !stmt) return null;
  if (stmt.type !== "assignment_statement" && stmt.type !== "short_var_declaration") return null;
  if (stmt.type === "assignment_statement" && stmt.child(1)?.text !== "=") return null;
  if (list.namedChildCount !== 1 || !stmt.childForFieldName("right")?.equals(list)) return null;
  const left = stmt.childForFieldName("left")?.namedChildren ?? [];
  return left.length === 1 && left[0]?.type === "identifier" ? left[0].text : null;
}

/** A use of the value that outlives the call, or null. */
function sinkAt(e: SyntaxNode, fn: SyntaxNode): Retention["sink"] | null {
  const p = e.parent;
  if (!p) return null;
  if (p.type === "send_statement" && p.childForFieldName("value")?.equals(e)) {
    return { how: "send", where: p.childForFieldName("channel")?.text ?? "a channel" };
  }
  // x.f = v, m[k] = v, x.f[i] = v (a plain `=`, one value).
  if (p.type === "expression_list" && p.parent?.type === "assignment_statement") {
    const stmt = p.parent;
    if (!stmt.childForFieldName("right")?.equals(p) || p.namedChildCount !== 1) return null;
    if (stmt.child(1)?.text !== "=") return null;
    const left = stmt.childForFieldName("left")?.namedChildren[0];
    if (left && isLongLived(left, fn)) return { how: "store", where: left.text };
    return null;
  }
  // m[v] = x: the key is kept by the map.
  if (p.type === "index_expression" && p.childForFieldName("index")?.equals(e)) {
    const list = p.parent;
    const stmt = list?.parent;
    if (
      list?.type === "expression_list" &&
      stmt?.type === "assignment_statement" &&
      stmt.childForFieldName("left")?.equals(list)
    ) {
      const m = p.childForFieldName("operand");
      if (m && isLongLived(m, fn)) return { how: "store", where: `a key of ${m.text}` };
    }
    return null;
  }
  if (p.type !== "argument_list") return null;
  const call = p.parent;
  if (!call || call.type !== "call_expression") return null;
  const callee = callName(call);
  if (callee === "append" && callArgs(call)[0] !== undefined && !callArgs(call)[0]?.equals(e)) {
    if (call.childForFieldName("arguments")?.text.endsWith("...)")) return null;
    const list = unparen(call).parent;
    const stmt = list?.parent;
    if (list?.type === "expression_list" && stmt?.type === "assignment_statement") {
      const left = stmt.childForFieldName("left")?.namedChildren[0];
      if (left && isLongLived(left, fn)) return { how: "store", where: left.text };
    }
    return null;
  }
  // recv.state.put(v): a keeper method of state reached from the receiver.
  const path = callee?.split(".") ?? [];
  const method = path[path.length - 1] ?? "";
  if (path.length >= 3 && KEEPERS.test(method) && isReceiver(fn, path[0] ?? "")) {
    return { how: "call", where: callee ?? "" };
  }
  return null;
}

/** A field of something (`s.cache`, `s.m[k]`) or a package-level variable; not a local. */
function isLongLived(left: SyntaxNode, fn: SyntaxNode): boolean {
  let n = left;
  while (n.type === "index_expression") n = n.childForFieldName("operand") ?? n;
  const path = selectorPath(n);
  if (!path) return false;
  const root = path[0] ?? "";
  if (path.length >= 2) return isReceiver(fn, root) || !declaredIn(fn, root);
  return (
    !declaredIn(fn, root) && ancestor(fn, "func_literal") === null && fn.type !== "func_literal"
  );
}

function isReceiver(fn: SyntaxNode, name: string): boolean {
  const outer = fn.type === "method_declaration" ? fn : ancestor(fn, "method_declaration");
  const recv = outer?.childForFieldName("receiver");
  return recv ? findAll(recv, "identifier").some((i) => i.text === name) : false;
}

/** Declared (a parameter or a local) in `fn` or a function around it: not package state. */
function declaredIn(fn: SyntaxNode, name: string): boolean {
  for (let f: SyntaxNode | null = fn; f; f = enclosingFunction(f)) {
    const b = bindingsOf(f, name);
    if (b.param || b.bindings.some((x) => x.statement.type !== "assignment_statement")) return true;
  }
  return false;
}

/** "1 MiB" when known, else the making expression. */
export function parentText(r: Retention): string {
  return r.parentSize !== undefined ? `${r.source} (${bytesText(r.parentSize)})` : r.source;
}

/**
 * `buf[i*size : (i+1)*size]` in a loop over `i`, with `buf` made before the
 * loop: the loop hands out the parent in parts (a pool carved from one
 * allocation, minio-go's part buffers), so the parts together use all of it
 * and nothing is retained beyond what is in use.
 */
function carvedByLoop(s: SyntaxNode, start: SyntaxNode, fn: SyntaxNode): boolean {
  const used = new Set(findAll(start, "identifier").map((i) => i.text));
  if (start.type === "identifier") used.add(start.text);
  for (let p = s.parent; p && !p.equals(fn); p = p.parent) {
    if (p.type !== "for_statement") continue;
    const head = p.namedChildren.find(
      (c) => c?.type === "for_clause" || c?.type === "range_clause",
    );
    const vars =
      head?.type === "for_clause"
        ? (head.childForFieldName("initializer")?.childForFieldName("left")?.namedChildren ?? [])
        : head?.type === "range_clause"
          ? (head.childForFieldName("left")?.namedChildren.slice(0, 1) ?? [])
          : [];
    if (!vars.some((v) => v !== null && used.has(v.text))) continue;
    const operand = s.childForFieldName("operand")?.text ?? "";
    const made = bindingsOf(fn, operand).bindings;
    return made.length > 0 && made.every((b) => b.statement.endIndex <= p.startIndex);
  }
  return false;
}
