import type { EscapeDetail } from "../../model/escape.js";

/**
 * The shapes of the compiler's -m messages, after the position. Sources (Go
 * 1.26): cmd/compile/internal/escape/escape.go (finish, paramTag,
 * reportLeaks: "moved to heap", "escapes to heap", "does not escape",
 * "leaking param..."), escape/solve.go and graph.go (the -m=2 explanation
 * headers, "flow:" and "from ... (why) at pos" lines), inline/inl.go ("can
 * inline", "cannot inline", "inlining call to"), devirtualize/*.go. Older
 * releases differ in details handled here: "escapes to heap:" headers without
 * "in F", "parameter p leaks to L with derefs=N:" without "for F", flows
 * written "to = from" instead of "to ← from", "~R0" results.
 */
export type Shape =
  | {
      readonly type: "final";
      readonly detail: EscapeDetail;
      readonly expr: string;
      readonly func?: string;
    }
  | { readonly type: "escape-header"; readonly expr: string; readonly func?: string }
  | {
      readonly type: "leak-header";
      readonly param: string;
      readonly to: string;
      readonly derefs: number;
      readonly func?: string;
    }
  | {
      readonly type: "flow";
      readonly to: string;
      readonly from: string;
      readonly derefs: number;
      readonly text: string;
    }
  | { readonly type: "from"; readonly where: string; readonly reason: string; readonly at?: string }
  | { readonly type: "truncated" };

/** Explanation lines are indented under their header: "  flow:", "    from", "  warning:". */
export function parseExplanationLine(body: string): Shape | undefined {
  const t = body.trimStart();
  if (t === body) return undefined;
  if (t.startsWith("flow: ")) return parseFlow(t);
  if (t.startsWith("from ")) return parseFrom(t);
  if (t.startsWith("warning: truncated explanation")) return { type: "truncated" };
  return undefined;
}

/** "flow: {heap} ← &x:" (Go >= 1.20) or "flow: {heap} = &x:" (older). */
export function parseFlow(text: string): Shape | undefined {
  if (!text.startsWith("flow: ") || !text.endsWith(":")) return undefined;
  const inner = text.slice("flow: ".length, -1);
  const sep = topLevelIndex(inner, " ← ") ?? topLevelIndex(inner, " = ");
  if (sep === undefined) return undefined;
  const to = inner.slice(0, sep.at);
  let from = inner.slice(sep.at + sep.len);
  let derefs = 0;
  if (from.startsWith("&")) {
    derefs = -1;
    from = from.slice(1);
  } else {
    while (from.startsWith("*")) {
      derefs++;
      from = from.slice(1);
    }
  }
  return { type: "flow", to, from, derefs, text };
}

/** "from WHERE (REASON) at POS" (text) or "from WHERE (REASON)" (JSON). */
export function parseFrom(text: string): Shape | undefined {
  const m = /^from (.*) \(([^()]*)\)(?: at (\S.*))?$/.exec(text);
  if (!m) return undefined;
  const at = m[3];
  return at === undefined
    ? { type: "from", where: m[1] ?? "", reason: m[2] ?? "" }
    : { type: "from", where: m[1] ?? "", reason: m[2] ?? "", at };
}

/** The first index of sep outside {...}, (...) and [...]. */
function topLevelIndex(s: string, sep: string): { at: number; len: number } | undefined {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) return { at: i, len: sep.length };
  }
  return undefined;
}

/** Parses an -m=2 header ("X escapes to heap in F:", "parameter p leaks to L for F with derefs=N:"). */
export function parseHeader(body: string): Shape | undefined {
  if (!body.endsWith(":")) return undefined;
  let m = /^(.*) escapes to heap in (.+):$/.exec(body);
  if (m) return { type: "escape-header", expr: m[1] ?? "", func: m[2] ?? "" };
  m = /^(.*) escapes to heap:$/.exec(body);
  if (m) return { type: "escape-header", expr: m[1] ?? "" };
  return parseLeakHeader(body.slice(0, -1));
}

/** "parameter p leaks to {storage for f(x)} for F with derefs=1" (the " for F" is Go >= 1.20). */
export function parseLeakHeader(s: string): Shape | undefined {
  const m = /^parameter (\S+) leaks to (.*)$/.exec(s);
  if (!m) return undefined;
  const param = m[1] ?? "";
  const rest = m[2] ?? "";
  const toEnd = rest.startsWith("{") ? closingBrace(rest) + 1 : rest.indexOf(" ");
  if (toEnd <= 0) return undefined;
  const to = rest.slice(0, toEnd);
  const tail = /^(?: for (.+))? with derefs=(-?\d+)$/.exec(rest.slice(toEnd));
  if (!tail) return undefined;
  const derefs = Number(tail[2]);
  const func = tail[1];
  return func === undefined
    ? { type: "leak-header", param, to, derefs }
    : { type: "leak-header", param, to, derefs, func };
}

function closingBrace(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

type Final = Extract<Shape, { type: "final" }>;
const final = (detail: EscapeDetail, expr = "", func?: string): Final =>
  func === undefined ? { type: "final", detail, expr } : { type: "final", detail, expr, func };

type Rule = readonly [RegExp, (m: RegExpExecArray) => Final | undefined];
const g = (m: RegExpExecArray, i: number): string => m[i] ?? "";

/** Final (-m and -m=2) message shapes, tried in order. */
const RULES: readonly Rule[] = [
  [/^moved to heap: (.+)$/, (m) => final({ kind: "moved-to-heap" }, g(m, 1))],
  [
    /^(.+) escapes to heap, not allowed in runtime$/,
    (m) => final({ kind: "compile-error" }, g(m, 1)),
  ],
  [/^(.+) escapes to heap$/, (m) => final({ kind: "escapes-to-heap" }, g(m, 1))],
  [
    /^(.+) does not escape, mutate, or call$/,
    (m) => final({ kind: "param-use", param: g(m, 1) }, g(m, 1)),
  ],
  [/^(.+) does not escape$/, (m) => final({ kind: "does-not-escape" }, g(m, 1))],
  [
    /^leaking param content: (.+)$/,
    (m) => final({ kind: "leaking-param-content", param: g(m, 1) }, g(m, 1)),
  ],
  [
    /^leaking param: (.+) to result (\S+) level=(-?\d+)$/,
    (m) =>
      final(
        { kind: "leaking-param-to-result", param: g(m, 1), result: g(m, 2), level: Number(m[3]) },
        g(m, 1),
      ),
  ],
  [/^leaking param: (.+)$/, (m) => final({ kind: "leaking-param", param: g(m, 1) }, g(m, 1))],
  [
    /^(mutates|calls) param: (.+) derefs=(-?\d+)$/,
    (m) => final({ kind: "param-use", param: g(m, 2), derefs: Number(m[3]) }, g(m, 2)),
  ],
  [
    /^assuming (.+) is unsafe uintptr$/,
    (m) => final({ kind: "uintptr-param", param: g(m, 1) }, g(m, 1)),
  ],
  [
    /^marking (.+) as escaping (?:\.\.\.)?uintptr$/,
    (m) => final({ kind: "uintptr-param", param: g(m, 1) }, g(m, 1)),
  ],
  [
    /^(.+) capturing by (ref|value): (.+) \(addr=(true|false) assign=(true|false) width=(\d+)\)$/,
    (m) =>
      final(
        {
          kind: "capture",
          variable: g(m, 3),
          byRef: m[2] === "ref",
          addr: m[4] === "true",
          assign: m[5] === "true",
          width: Number(m[6]),
        },
        g(m, 3),
        g(m, 1),
      ),
  ],
  [/^can inline (.+?)(?: with cost (-?\d+))?(?: as: (.*))?$/, canInline],
  [/^cannot inline (.+?): (.*)$/, cannotInline],
  [
    /^inlining call to (.+?)(?: with score (-?\d+))?$/,
    (m) =>
      final(
        m[2] === undefined
          ? { kind: "inlining-call", callee: g(m, 1) }
          : { kind: "inlining-call", callee: g(m, 1), score: Number(m[2]) },
      ),
  ],
  [
    /^(partially )?devirtualizing (.+) to (.+)$/,
    (m) =>
      final(
        m[1]
          ? { kind: "devirtualized", call: g(m, 2), to: g(m, 3), how: "partial" }
          : { kind: "devirtualized", call: g(m, 2), to: g(m, 3) },
        g(m, 2),
      ),
  ],
  [
    /^PGO devirtualizing (?:interface|function) call (.+) to (.+)$/,
    (m) => final({ kind: "devirtualized", call: g(m, 1), to: g(m, 2), how: "pgo" }, g(m, 1)),
  ],
  [
    /^cannot devirtualize (.+): (shaped (?:receiver|interface) .+)$/,
    (m) => final({ kind: "cannot-devirtualize", call: g(m, 1), reason: g(m, 2) }, g(m, 1)),
  ],
  [/^index bounds check elided$/, () => final({ kind: "bounds-check" })],
];

function canInline(m: RegExpExecArray): Final {
  const callee = g(m, 1);
  const cost = m[2] === undefined ? undefined : Number(m[2]);
  const body = m[3];
  return final({
    kind: "can-inline",
    callee,
    ...(cost === undefined ? {} : { cost }),
    ...(body === undefined ? {} : { body }),
  });
}

function cannotInline(m: RegExpExecArray): Final {
  const who = g(m, 1);
  const reason = g(m, 2);
  const into = who.indexOf(" into ");
  if (into >= 0) {
    return final({
      kind: "cannot-inline-call",
      callee: who.slice(0, into),
      caller: who.slice(into + " into ".length),
      reason,
    });
  }
  const c = /cost (-?\d+) exceeds budget (-?\d+)/.exec(reason);
  return final(
    c
      ? { kind: "cannot-inline", callee: who, reason, cost: Number(c[1]), budget: Number(c[2]) }
      : { kind: "cannot-inline", callee: who, reason },
  );
}

/**
 * Messages printed only under -m=2 or debug flags (-d=closure, -d=defer,
 * -d=append, -d=typeassert, -d=ssa/check_bce...): recognized, named, kept
 * raw as kind "other".
 */
const NOTES: readonly (readonly [RegExp, string])[] = [
  [/^function .+ considered 'big'; reducing max cost of inlinees$/, "big-function"],
  [/ ignoring self-assignment in /, "self-assignment"],
  [/^zero-copy string->\[\]byte conversion$/, "zero-copy"],
  [/^imprecise interface call$/, "imprecise-interface-call"],
  [/^closure converted to global$/, "closure-to-global"],
  [/^(heap|stack) closure, captured vars = /, "closure-vars"],
  [/^(open-coded|stack-allocated|heap-allocated) defer$/, "defer"],
  [/^append: len-only update/, "append-len-only"],
  [/^intrinsic substitution for /, "intrinsic"],
  [/^type assertion (not )?inlined$/, "type-assertion"],
  [/^write barrier$/, "write-barrier"],
  [/^slice: omit slice operation$/, "slice-omitted"],
  [/^convert: /, "convert"],
  [/^rewriting OCONVIFACE value from /, "literal-conversion"],
  [/^alias analysis: /, "alias-analysis"],
  [/^reshaping .+ to /, "reshaping"],
  [/^skipping shaping of recursive type /, "shaping"],
  [/^tail call emitted for the method .+ wrapper$/, "tail-call"],
  [/^(Proved|Disproved|Induction variable) /, "prove"],
  [/^Found (Is|IsSlice)InBounds$/, "bounds-check"],
];

/**
 * Phrases of cmd/compile and go/types errors, so that a build that fails
 * shows up as compile errors and not as unknown diagnostics. Not every error
 * is listed; an unlisted one is "unrecognized", still kept raw.
 */
const ERRORS =
  /^(syntax error|undefined: |declared and not used|.* declared and not used|"[^"]+" imported and not used|imported and not used|cannot use |cannot assign|invalid operation|too many errors|missing return|not enough arguments|too many arguments|assignment mismatch|no new variables|.* redeclared in this block|.* is not used|cannot convert |non-boolean condition|missing function body|unexpected |expected |could not import |package .* is not in std|invalid |.* has no field or method |.* \(type\) is not an expression|cannot infer |.* does not implement |.* undefined \(type )/;

/** Parses a final message body: a diagnostic, a named note, a compile error, or unrecognized. */
export function parseFinal(body: string): Final {
  for (const [re, make] of RULES) {
    const m = re.exec(body);
    if (m) {
      const f = make(m);
      if (f) return f;
    }
  }
  for (const [re, note] of NOTES) if (re.test(body)) return final({ kind: "other", note });
  if (ERRORS.test(body)) return final({ kind: "compile-error" });
  return final({ kind: "unrecognized" });
}
