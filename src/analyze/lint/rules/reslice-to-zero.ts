import { enclosingFunction, findAll, selectorPath } from "../../../formats/gosyntax/index.js";
import { span, type LintFinding, type LintRule } from "../rule.js";
import { bindingsOf, callArgs, callName } from "./a-syntax.js";

type Node = NonNullable<ReturnType<typeof enclosingFunction>>;

/**
 * `x.buf = x.buf[:0]` on a field of the receiver or a parameter, or on a
 * package variable: the buffer keeps its peak capacity for as long as its
 * owner lives. Reported only when it matters (docs/traps/reslice-to-zero.md):
 * a package variable (lives for the whole process), or a field whose element
 * type, as declared in the same file, holds pointers (the stale slots keep
 * old elements reachable). Left alone: locals and fields of locals, fields
 * whose type is declared elsewhere or holds no pointers (scratch reuse), and
 * functions that bound or refill the buffer: they read cap() of it, reset it
 * to nil or a new make, clear it or zero its slots, or append to it again
 * after the reslice (the slots are being rewritten, not left stale). On the
 * Go standard library the broader first version was 10% true positives
 * (bench/RESULTS.md): nearly all were per-call scratch buffers.
 *
 * The service corpus (bench/RESULTS.md) added three more shapes left alone:
 * test-support packages (`teststorage`, `testutil`: a test double's reset);
 * a release loop just before (`for _, t := range s.tables { t.DecrRef() }`:
 * the elements' resources were handed back, only their shells stay); and a
 * refill through a method of the same receiver called after the reslice
 * (`c.rts = c.rts[:0]` then `c.addTarget(...)`, which appends to `c.rts`).
 * And a field of bare strings, channels or funcs: a stale slot keeps a name,
 * a URL or a waiter's channel, not a burst's worth of data (3 of the 4
 * corpus false positives left; this also drops the one standard-library
 * finding, expvar's `v.keys`, counted a minor true positive there).
 */
export const resliceToZero: LintRule = {
  id: "reslice-to-zero",
  title: "s = s[:0] keeps the memory",
  severity: "warning",
  check(ctx) {
    const out: LintFinding[] = [];
    if (TEST_PACKAGE.test(packageName(ctx.file.root))) return out;
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
      // Inside a loop it is per-iteration scratch, refilled by the next round.
      if (inLoop(stmt, fn)) continue;
      let elem: string | null;
      if (path.length === 1) {
        // A plain name: only package variables outlive the call.
        if (declaredIn(fn, root)) continue;
        elem = packageVarElem(ctx.file.root, root) ?? "";
        if (!locks(fn)) continue;
      } else {
        elem = fieldElem(ctx.file.root, fn, path);
        if (elem === null || !holdsPointers(ctx.file.root, elem, 0)) continue;
        // Names, URLs, waiters' channels: each stale slot keeps a small referent.
        if (SMALL_REFERENT.test(elem)) continue;
        if (!locks(fn) && !guardedOwner(ctx.file.root, fn, path)) continue;
      }
      if (bounded(fn, l.text, stmt)) continue;
      if (released(fn, l.text, stmt) || refilledByMethod(ctx.file.root, fn, path, stmt)) continue;
      const pointers = elem !== "" && holdsPointers(ctx.file.root, elem, 0);
      out.push({
        rule: "reslice-to-zero",
        severity: "warning",
        ...span(ctx, stmt),
        subject: l.text,
        message: pointers
          ? `${l.text} = ${r.text} empties ${l.text} but its backing array keeps the old ${elem} elements reachable beyond len, at the largest size it ever grew to, for as long as its owner lives`
          : `${l.text} = ${r.text} empties the package variable ${l.text} but keeps its backing array at the largest size it ever grew to, for the life of the process`,
        why: "Reslicing to zero length keeps the pointer and the capacity: nothing is freed, and for pointer elements the stale slots beyond len keep the old elements reachable.",
        fix: pointers
          ? `Clear the slots and bound the size: clear(${l.text}[:cap(${l.text})]); if cap(${l.text}) > maxKeep { ${l.text} = nil } else { ${l.text} = ${l.text}[:0] }.`
          : `Bound it: if cap(${l.text}) > maxKeep { ${l.text} = nil } else { ${l.text} = ${l.text}[:0] }.`,
      });
    }
    return out;
  },
};

function inLoop(stmt: Node, fn: Node): boolean {
  for (let p = stmt.parent; p && !p.equals(fn); p = p.parent) {
    if (p.type === "for_statement") return true;
  }
  return false;
}

/**
 * The sign that the buffer is long-lived shared state rather than one
 * task's scratch: the function takes a lock (x.Lock(), x.RLock()).
 */
function locks(fn: Node): boolean {
  return findAll(fn, "call_expression").some((c) => /(^|\.)R?Lock$/.test(callName(c) ?? ""));
}

/** The owner's struct type, declared in this file, has a sync.Mutex or sync.RWMutex field. */
function guardedOwner(file: Node, fn: Node, path: string[]): boolean {
  let type = paramType(fn, path[0] ?? "");
  for (const field of path.slice(1, -1)) {
    if (!type) return false;
    type = structField(file, type, field);
  }
  const struct = type?.type === "struct_type" ? type : type ? typeDecl(file, type.text) : null;
  if (struct?.type !== "struct_type") return false;
  return findAll(struct, "field_declaration").some((f) =>
    /^\*?sync\.(RW)?Mutex$/.test(f.childForFieldName("type")?.text ?? ""),
  );
}

/** Whether `name` is a parameter or a local of fn or of a function around it. */
function declaredIn(fn: Node, name: string): boolean {
  for (let f: Node | null = fn; f; f = enclosingFunction(f)) {
    const b = bindingsOf(f, name);
    if (b.param || b.bindings.some((x) => x.statement.type !== "assignment_statement")) return true;
  }
  return false;
}

/**
 * The function already limits or refills the buffer: cap(x), clear(x...),
 * x = nil, x = make(...), x[i] = zero, or x = append(x, ...) after `at`.
 */
function bounded(fn: Node, x: string, at: Node): boolean {
  for (const call of findAll(fn, "call_expression")) {
    const name = callName(call);
    const arg = callArgs(call)[0]?.text ?? "";
    if ((name === "cap" || name === "clear") && (arg === x || arg.startsWith(`${x}[`))) return true;
    if (name === "append" && arg === x && call.startIndex > at.endIndex) return true;
  }
  for (const stmt of findAll(fn, "assignment_statement")) {
    const l = stmt.childForFieldName("left")?.text ?? "";
    const r = stmt.childForFieldName("right");
    if (!r) continue;
    if (l === x && (r.text === "nil" || callName(r.namedChildren[0] ?? null) === "make"))
      return true;
    if (l.startsWith(`${x}[`) && isZero(r.namedChildren[0] ?? null)) return true;
  }
  return false;
}

function isZero(v: Node | null): boolean {
  if (!v) return false;
  if (["nil", "0", '""', "false"].includes(v.text)) return true;
  return v.type === "composite_literal" && v.childForFieldName("body")?.namedChildCount === 0;
}

/** The element type (as written) of a package-level `var name []T`, null if not found. */
function packageVarElem(file: Node, name: string): string | null {
  for (const spec of findAll(file, "var_spec")) {
    if (enclosingFunction(spec)) continue;
    if (!spec.childrenForFieldName("name").some((n) => n?.text === name)) continue;
    const t = spec.childForFieldName("type");
    if (t?.type === "slice_type") return t.childForFieldName("element")?.text ?? null;
    return null;
  }
  return null;
}

/**
 * The element type of the slice field `root.f1.f2...`, following struct
 * types declared in this file from the receiver's or a parameter's type;
 * null when the root is a local or any step is not declared here.
 */
function fieldElem(file: Node, fn: Node, path: string[]): string | null {
  let type = paramType(fn, path[0] ?? "");
  for (const field of path.slice(1)) {
    if (!type) return null;
    type = structField(file, type, field);
  }
  if (type?.type !== "slice_type") return null;
  return type.childForFieldName("element")?.text ?? null;
}

/** The type node of a receiver or parameter named `name` of fn (pointer stripped). */
function paramType(fn: Node, name: string): Node | null {
  for (const head of [fn.childForFieldName("receiver"), fn.childForFieldName("parameters")]) {
    for (const p of head ? findAll(head, "parameter_declaration") : []) {
      if (!p.childrenForFieldName("name").some((n) => n?.text === name)) continue;
      return stripPointer(p.childForFieldName("type"));
    }
  }
  return null;
}

function stripPointer(t: Node | null): Node | null {
  if (t?.type === "pointer_type") return t.namedChildren[0] ?? null;
  return t;
}

/** The declared type of `field` in struct type `t` (a name declared in this file, or a literal struct). */
function structField(file: Node, t: Node, field: string): Node | null {
  const struct = t.type === "struct_type" ? t : typeDecl(file, t.text);
  if (struct?.type !== "struct_type") return null;
  for (const f of findAll(struct, "field_declaration")) {
    if (!f.parent?.parent?.equals(struct)) continue;
    if (f.childrenForFieldName("name").some((n) => n?.text === field))
      return stripPointer(f.childForFieldName("type"));
  }
  return null;
}

/** The type of `type name ...` declared at package level in this file. */
function typeDecl(file: Node, name: string): Node | null {
  for (const spec of findAll(file, "type_spec")) {
    if (enclosingFunction(spec)) continue;
    if (spec.childForFieldName("name")?.text === name) return spec.childForFieldName("type");
  }
  return null;
}

const POINTER_NAMES = new Set(["string", "any", "error"]);
const POINTER_TYPES = new Set([
  "pointer_type",
  "slice_type",
  "map_type",
  "channel_type",
  "function_type",
  "interface_type",
]);

/**
 * Whether values of the element type `elem` (as written) hold pointers:
 * pointers, strings, slices, maps, channels, funcs, interfaces, and structs
 * and arrays of them declared in this file. Types declared elsewhere count
 * as pointer-free: without type information, stay quiet.
 */
function holdsPointers(file: Node, elem: string, depth: number): boolean {
  if (/^(\*|\[\]|map\[|chan\b|<-chan|func\b|interface\b)/.test(elem)) return true;
  if (POINTER_NAMES.has(elem)) return true;
  if (depth > 3 || !/^\w+$/.test(elem)) return false;
  const t = typeDecl(file, elem);
  if (!t) return false;
  if (POINTER_TYPES.has(t.type)) return true;
  if (t.type === "struct_type") {
    return findAll(t, "field_declaration").some((f) => {
      const ft = f.childForFieldName("type");
      return (
        ft !== null &&
        f.parent?.parent?.equals(t) === true &&
        holdsPointers(file, ft.text, depth + 1)
      );
    });
  }
  if (t.type === "array_type") {
    const e = t.childForFieldName("element");
    return e !== null && holdsPointers(file, e.text, depth + 1);
  }
  return holdsPointers(file, t.text, depth + 1);
}

/** Package names of test support code: a test double's reset is not a production leak. */
const TEST_PACKAGE = /^test|test(s|ing|util|utils|helpers?)?$/;

function packageName(file: Node): string {
  const clause = file.namedChildren.find((n) => n?.type === "package_clause");
  return clause?.namedChildren[0]?.text ?? "";
}

/** A release method: the element hands its memory back (Close, Release, DecrRef, Unref, Free, ...). */
const RELEASE = /^(close|release|decr?ref|unref|free|recycle|dispose|put)/i;

/**
 * Before `at`, the function ranges over `x` and calls a release method on
 * each element (`for _, mt := range db.imm { mt.DecrRef() }`): what the
 * stale slots keep is the released shells, not the memory behind them.
 */
function released(fn: Node, x: string, at: Node): boolean {
  for (const clause of findAll(fn, "range_clause")) {
    if (clause.startIndex > at.startIndex || clause.childForFieldName("right")?.text !== x)
      continue;
    const names = clause.childForFieldName("left")?.namedChildren ?? [];
    const v = names[names.length - 1]?.text;
    const body = clause.parent?.childForFieldName("body");
    if (!v || !body) continue;
    const calls = findAll(body, "call_expression").map((c) => callName(c) ?? "");
    if (calls.some((n) => n.startsWith(`${v}.`) && RELEASE.test(n.slice(v.length + 1))))
      return true;
  }
  return false;
}

/**
 * After `at`, the function calls a method on the same receiver whose body,
 * declared in this file, appends to the same field: the buffer is refilled
 * at once, one call deep (nats-server's per-message route targets).
 */
function refilledByMethod(file: Node, fn: Node, path: string[], at: Node): boolean {
  const [root, ...rest] = path;
  if (!root || rest.length === 0) return false;
  const called = new Set<string>();
  for (const c of findAll(fn, "call_expression")) {
    const name = callName(c) ?? "";
    if (c.startIndex > at.endIndex && name.startsWith(`${root}.`) && name.split(".").length === 2)
      called.add(name.slice(root.length + 1));
  }
  for (const m of findAll(file, "method_declaration")) {
    if (!called.has(m.childForFieldName("name")?.text ?? "")) continue;
    const recv = findAll(
      m.childForFieldName("receiver") ?? m,
      "parameter_declaration",
    )[0]?.childrenForFieldName("name")[0]?.text;
    if (!recv) continue;
    const field = [recv, ...rest].join(".");
    const appends = findAll(m, "call_expression").some(
      (c) => callName(c) === "append" && callArgs(c)[0]?.text === field,
    );
    if (appends) return true;
  }
  return false;
}

/** Element types whose stale slots keep little: a string header's bytes, a channel, a func. */
const SMALL_REFERENT = /^(string|chan\b|<-\s*chan\b|func\b)/;
