import type { EscapeTrapId } from "../analyze/escape-classify.js";
import type { EscapeFinding, EscapeFindings } from "../analyze/escape-findings.js";
import type { EscapeFlow, EscapeMessage, Explanation } from "../model/escape.js";
import type { Style } from "./style.js";

export const ESCAPE_SCHEMA = "memsnap/escape@1";

/** Titles and one-line summaries of the scenarios, as docs/traps/<id>.md has them. */
export const ESCAPE_TRAP_INFO = {
  "esc-return-address": {
    title: "a local's address outlives its frame",
    summary:
      "The address of a local is returned or stored beyond the frame, so it is allocated on the heap.",
  },
  "esc-closure-capture": {
    title: "variables captured by an escaping closure",
    summary:
      "A returned, stored or go closure is heap-allocated, with every variable it captures by reference.",
  },
  "esc-interface-conversion": {
    title: "values boxed into an escaping interface",
    summary: "Converting a non-pointer value to an interface that leaks copies it to the heap.",
  },
  "esc-nonconstant-make": {
    title: "make with a size known only at run time",
    summary: "make([]T, n) with a size known only at run time is allocated with makeslice.",
  },
  "esc-too-large": {
    title: "variables too large for the stack frame",
    summary: "Values over the stack size limits go to the heap regardless of escape.",
  },
  "esc-append-growth": {
    title: "append reallocating the backing array",
    summary: "Growing a slice past its capacity allocates a new heap array and copies.",
  },
  "esc-param-leak": {
    title: "a callee that leaks its pointer parameters",
    summary: "A parameter that leaks makes every caller's argument escape.",
  },
  "esc-global-store": {
    title: "pointers stored where the heap can reach them",
    summary: "Stores into globals, maps, channels or heap objects force the pointee onto the heap.",
  },
  "esc-indirect-call": {
    title: "arguments to calls the compiler cannot see through",
    summary: "Interface, func-value and type-parameter method calls leak every pointer argument.",
  },
  "esc-string-conversion": {
    title: "string and []byte conversions and concatenation",
    summary: "Each conversion or concatenation that escapes copies its bytes to the heap.",
  },
  "esc-map-growth": {
    title: "maps grown without a size hint",
    summary: "A map filled without a size hint allocates every intermediate table.",
  },
  other: {
    title: "heap allocation of another kind",
    summary:
      "A heap allocation whose reason memsnap does not classify; the compiler's reasons are kept.",
  },
} as const satisfies Record<EscapeTrapId, { title: string; summary: string }>;

// ---------------------------------------------------------------- text

export interface EscapeTextOptions {
  /** Explanations to show per finding (the compiler often prints several); default 2. */
  readonly maxExplanations?: number;
}

/**
 * Counts at the top; then per package and function (functions in the
 * order of their first finding), heap findings with their scenario and the
 * compiler's message and, under each, its explanation one flow per line.
 */
export function escapeText(r: EscapeFindings, style: Style, opts: EscapeTextOptions = {}): string {
  return escapeCountsText(r, style) + escapeFindingsText(r.findings, style, opts);
}

/** The counts block: heap findings, packages, scenarios, kinds, unrecognized lines. */
export function escapeCountsText(
  r: Pick<EscapeFindings, "summary" | "unrecognized" | "goVersion">,
  style: Style,
): string {
  const s = r.summary;
  const out: string[] = [];
  const pkgs = s.byPackage.length;
  out.push(
    style.bold(
      `${s.heap} heap finding${s.heap === 1 ? "" : "s"} in ${pkgs} package${pkgs === 1 ? "" : "s"}` +
        (s.total > s.heap
          ? `, ${s.total - s.heap} other message${s.total - s.heap === 1 ? "" : "s"}`
          : "") +
        (r.goVersion ? ` (${r.goVersion})` : ""),
    ),
  );
  if (s.byTrap.length)
    out.push(`  by scenario: ${s.byTrap.map((c) => `${c.key} ${c.count}`).join(", ")}`);
  if (s.byKind.length)
    out.push(`  by kind:     ${s.byKind.map((c) => `${c.key} ${c.count}`).join(", ")}`);
  if (r.unrecognized > 0)
    out.push(
      style.yellow(`  ${r.unrecognized} unrecognized line${r.unrecognized === 1 ? "" : "s"} kept`),
    );
  return out.join("\n") + "\n";
}

/** Each package's block (a blank line, its name, its functions and findings), packages in name order. */
export function escapeFindingsText(
  findings: readonly EscapeFinding[],
  style: Style,
  opts: EscapeTextOptions = {},
): string {
  const out: string[] = [];
  for (const [pkg, funcs] of groups(findings)) {
    out.push("", style.bold(pkg || "(unknown package)"));
    for (const [func, fs] of funcs) {
      out.push(`  ${style.cyan(func || "(no function)")}`);
      for (const f of fs) out.push(...findingLines(f, style, opts.maxExplanations ?? 2));
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}

/** package -> function -> findings; heap findings lead since escapeFindings put them first. */
function groups(findings: readonly EscapeFinding[]): Map<string, Map<string, EscapeFinding[]>> {
  const byPkg = new Map<string, Map<string, EscapeFinding[]>>();
  for (const f of findings) {
    const pkg = f.message.pkg;
    const funcs = byPkg.get(pkg) ?? new Map<string, EscapeFinding[]>();
    byPkg.set(pkg, funcs);
    const fn = f.message.func ?? "";
    const list = funcs.get(fn);
    if (list) list.push(f);
    else funcs.set(fn, [f]);
  }
  return new Map([...byPkg].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const at = (m: EscapeMessage): string =>
  `${m.pos.path}:${m.pos.line}${m.pos.column ? `:${m.pos.column}` : ""}`;

function findingLines(f: EscapeFinding, style: Style, maxExplanations: number): string[] {
  const m = f.message;
  const tag = f.trap ? style.yellow(f.trap.id) : style.dim(m.kind);
  const out = [`    ${at(m)}  ${tag}  ${m.message}`];
  if (!f.heap) return out;
  const shown = m.chain.slice(0, maxExplanations);
  for (const e of shown) out.push(...explanationLines(e, style));
  if (m.chain.length > shown.length) {
    const more = m.chain.length - shown.length;
    out.push(style.dim(`        (${more} more explanation${more === 1 ? "" : "s"})`));
  }
  return out;
}

function explanationLines(e: Explanation, style: Style): string[] {
  const lines = e.flows.map((f) => style.dim(`        ${flowText(f)}`));
  if (e.truncated) lines.push(style.dim("        (explanation truncated: assignment cycle)"));
  return lines;
}

/** "{heap} ← &p: address-of 17:9, return 17:2" */
export function flowText(f: EscapeFlow): string {
  const op = f.derefs < 0 ? "&" : "*".repeat(Math.max(0, f.derefs));
  const steps = f.steps.map((s) =>
    s.pos ? `${s.reason} ${s.pos.line}:${s.pos.column}` : s.reason,
  );
  return `${f.to} ← ${op}${f.from}${steps.length ? ": " + steps.join(", ") : ""}`;
}

// ---------------------------------------------------------------- JSON

/** One message in memsnap/escape@1 (docs/json/escape.schema.json). */
export type EscapeMessageJson = ReturnType<typeof messageJson>;

export function messageJson(f: EscapeFinding) {
  const m = f.message;
  const { kind, pos, pkg, func, expr, message, code, chain, inlinedAt, source, ...detail } = m;
  return {
    file: pos.file,
    path: pos.path,
    line: pos.line,
    column: pos.column,
    kind,
    message,
    heap: f.heap,
    trap: f.trap?.id ?? null,
    trapReason: f.trap?.reason ?? null,
    pkg,
    func: func ?? null,
    expr,
    detail,
    chain,
    source,
    ...(code === undefined ? {} : { code }),
    ...(inlinedAt === undefined ? {} : { inlinedAt }),
  };
}

export interface EscapeJsonOptions {
  /** The toolchain's `go version` text; defaults to the report's own (from the JSON log). */
  readonly goVersion?: string;
}

export function escapeJson(r: EscapeFindings, opts: EscapeJsonOptions = {}) {
  return {
    schema: ESCAPE_SCHEMA,
    goVersion: opts.goVersion ?? r.goVersion ?? null,
    summary: {
      messages: r.summary.total,
      heap: r.summary.heap,
      reportMessages: r.reportMessages,
      unrecognized: r.unrecognized,
      otherLines: r.otherLines,
      byKind: r.summary.byKind,
      byTrap: r.summary.byTrap,
      byPackage: r.summary.byPackage.map(({ pkg, heap, total }) => ({ pkg, heap, total })),
      byFunc: r.summary.byFunc,
    },
    messages: r.findings.map(messageJson),
  };
}
