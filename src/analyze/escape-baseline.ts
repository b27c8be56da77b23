import { fail, ok, type Result } from "../base/result.js";
import { ESCAPE_KINDS, isHeapKind, type EscapeKind, type EscapeMessage } from "../model/escape.js";
import type { EscapeFinding } from "./escape-findings.js";

/**
 * What a heap finding is, without where it is: line and column move with
 * every edit above them, so a baseline compares these instead.
 *
 * - `func`: the compiler's name with what is positional taken out. Closures
 *   are numbered in source order ("F.func2" becomes "F.func3" when a closure
 *   is added above it), so the numbers become "*": "F.func*", "F.func*.*",
 *   "F.gowrap*", "F-range*". Type arguments are dropped
 *   ("(*List[go.shape.int]).Push" -> "(*List).Push"), and Go <= 1.21's
 *   "glob..funcN" for package-level closures is spelled as newer releases do,
 *   "init.func*". Two closures of one function that leak the same expression
 *   then share an identity; baselines count identities (a multiset), so a
 *   second one still shows up as one new finding.
 * - `subject`: the expression or variable ("&Point{...}", "p") with runs of
 *   white space collapsed and result names "~r0", "~r1", "~R0" (renumbered
 *   across releases) written "~r"; "append(out, x)" is "append", as -m
 *   (without =2) prints it. For a parameter leaking to a result: "p -> ~r".
 * - `kind`: the model kind. The level of a leak to a result is not part of
 *   it (diffReports reports level changes).
 */
export interface FindingIdentity {
  readonly pkg: string;
  readonly func: string;
  readonly subject: string;
  readonly kind: EscapeKind;
}

export function findingIdentity(m: EscapeMessage): FindingIdentity {
  return { pkg: m.pkg, func: normalizeFunc(m.func ?? ""), subject: subjectOf(m), kind: m.kind };
}

export const identityKey = (id: FindingIdentity): string =>
  `${id.pkg}\0${id.func}\0${id.subject}\0${id.kind}`;

/** Identity as one line for people: "pkg F.func*: moved-to-heap p". */
export function identityText(id: FindingIdentity): string {
  const where = [id.pkg, id.func].filter((s) => s !== "").join(" ");
  return `${where ? where + ": " : ""}${id.kind} ${id.subject}`;
}

export function normalizeFunc(name: string): string {
  return stripTypeArgs(name)
    .replace(/^glob\.\./, "init.")
    .replace(/\.(func|gowrap|deferwrap)\d+/g, ".$1*")
    .replace(/-range\d+/g, "-range*")
    .replace(
      /(\*)((?:\.\d+)+)/g,
      (_, star: string, rest: string) => star + rest.replace(/\d+/g, "*"),
    );
}

/** Removes [...] groups (type arguments), brackets balanced. */
function stripTypeArgs(name: string): string {
  let out = "";
  let depth = 0;
  for (const c of name) {
    if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

export function normalizeExpr(expr: string): string {
  const e = unwrapConversion(
    expr
      .replace(/\s+/g, " ")
      .trim()
      .replace(/~[rR]\d+/g, "~r"),
  );
  return e.startsWith("append(") ? "append" : e;
}

/**
 * Go <= 1.19 prints an implicit conversion to an interface as the conversion,
 * and a constant with its type: `(interface {})(string("x"))` where newer
 * releases print `"x"`. Both are the operand.
 */
function unwrapConversion(e: string): string {
  const m = /^\(interface \{\}\)\((.*)\)$/.exec(e);
  if (!m) return e;
  const inner = m[1] ?? "";
  const constant =
    /^[\p{L}_][\p{L}\p{Nd}_.]*\(("(?:[^"\\]|\\.)*"|-?[0-9][0-9a-fA-FxX._]*)\)$/u.exec(inner);
  return constant ? (constant[1] ?? inner) : inner;
}

function subjectOf(m: EscapeMessage): string {
  switch (m.kind) {
    case "can-inline":
    case "cannot-inline":
      return normalizeFunc(m.callee);
    case "inlining-call":
    case "cannot-inline-call":
      return normalizeFunc(m.callee);
    case "leaking-param":
    case "leaking-param-content":
      return normalizeExpr(m.param || m.expr);
    case "leaking-param-to-result":
      return `${normalizeExpr(m.param || m.expr)} -> ${normalizeExpr(m.result)}`;
    default:
      return normalizeExpr(m.expr);
  }
}

export const BASELINE_SCHEMA = "memsnap/escape-baseline@1";

export interface BaselineEntry extends FindingIdentity {
  /** How many heap findings have this identity. */
  readonly count: number;
  /** The scenario of the first of them, for people reading the file; not compared. */
  readonly trap?: string;
}

/** The file --write-baseline writes (docs/json/escape-baseline.schema.json). */
export interface EscapeBaseline {
  readonly schema: typeof BASELINE_SCHEMA;
  readonly goVersion?: string;
  /** In identity order. */
  readonly entries: readonly BaselineEntry[];
}

/** The baseline of the heap findings among `findings`. */
export function makeBaseline(
  findings: readonly EscapeFinding[],
  meta: { goVersion?: string } = {},
): EscapeBaseline {
  const groups = groupHeap(findings);
  const entries = [...groups.values()].map((g) => ({
    ...g.identity,
    count: g.findings.length,
    ...(g.findings[0]?.trap ? { trap: g.findings[0].trap.id } : {}),
  }));
  entries.sort((a, b) => cmpKey(identityKey(a), identityKey(b)));
  return {
    schema: BASELINE_SCHEMA,
    ...(meta.goVersion === undefined ? {} : { goVersion: meta.goVersion }),
    entries,
  };
}

export const baselineText = (b: EscapeBaseline): string => JSON.stringify(b, null, 2) + "\n";

/** Reads a baseline file back; a problem is one line that says where. */
export function parseBaseline(text: string): Result<EscapeBaseline> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(
      `not JSON: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ")}`,
    );
  }
  if (!isObject(doc)) return fail("not a memsnap escape baseline: expected a JSON object");
  if (doc["schema"] !== BASELINE_SCHEMA) {
    return fail(
      `not a memsnap escape baseline: schema is ${JSON.stringify(doc["schema"] ?? null)}, expected "${BASELINE_SCHEMA}"`,
    );
  }
  const goVersion = doc["goVersion"];
  if (goVersion !== undefined && typeof goVersion !== "string") {
    return fail("goVersion: expected a string");
  }
  const raw = doc["entries"];
  if (!Array.isArray(raw)) return fail("entries: expected an array");
  const entries: BaselineEntry[] = [];
  const kinds = new Set<string>(ESCAPE_KINDS);
  for (const [i, e] of raw.entries()) {
    const at = `entries[${i}]`;
    if (!isObject(e)) return fail(`${at}: expected an object`);
    for (const f of ["pkg", "func", "subject", "kind"] as const) {
      if (typeof e[f] !== "string") return fail(`${at}.${f}: expected a string`);
    }
    const kind = e["kind"] as string;
    if (!kinds.has(kind) || !isHeapKind(kind as EscapeKind)) {
      return fail(`${at}.kind: "${kind}" is not a heap finding kind`);
    }
    const count = e["count"];
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
      return fail(`${at}.count: expected a positive integer`);
    }
    const trap = e["trap"];
    if (trap !== undefined && typeof trap !== "string")
      return fail(`${at}.trap: expected a string`);
    entries.push({
      pkg: e["pkg"] as string,
      func: e["func"] as string,
      subject: e["subject"] as string,
      kind: kind as EscapeKind,
      count,
      ...(trap === undefined ? {} : { trap }),
    });
  }
  return ok({
    schema: BASELINE_SCHEMA,
    ...(goVersion === undefined ? {} : { goVersion }),
    entries,
  });
}

export interface BaselineDelta {
  readonly identity: FindingIdentity;
  /** How many in the baseline and now. */
  readonly base: number;
  readonly current: number;
  /** The findings with this identity now (for new ones: where to look; which of them is new is unknowable). */
  readonly findings: readonly EscapeFinding[];
}

export interface BaselineComparison {
  /** Identities with more findings than the baseline has. */
  readonly new: readonly BaselineDelta[];
  /** Identities with fewer. */
  readonly gone: readonly BaselineDelta[];
  /** Identities with as many. */
  readonly unchanged: readonly BaselineDelta[];
  /** Findings, not identities: sums of the count differences and of the unchanged counts. */
  readonly counts: { readonly new: number; readonly gone: number; readonly unchanged: number };
}

/** Compares the heap findings of `current` with a baseline, as multisets of identities. */
export function compareBaseline(
  base: EscapeBaseline,
  current: readonly EscapeFinding[],
): BaselineComparison {
  const now = groupHeap(current);
  const before = new Map<string, BaselineEntry>();
  for (const e of base.entries) {
    const k = identityKey(e);
    const prev = before.get(k);
    before.set(k, prev ? { ...prev, count: prev.count + e.count } : e);
  }
  const keys = [...new Set([...before.keys(), ...now.keys()])].sort(cmpKey);
  const out = {
    new: [] as BaselineDelta[],
    gone: [] as BaselineDelta[],
    unchanged: [] as BaselineDelta[],
  };
  const counts = { new: 0, gone: 0, unchanged: 0 };
  for (const k of keys) {
    const b = before.get(k);
    const c = now.get(k);
    const identity = c?.identity ?? stripEntry(b);
    const d: BaselineDelta = {
      identity,
      base: b?.count ?? 0,
      current: c?.findings.length ?? 0,
      findings: c?.findings ?? [],
    };
    if (d.current > d.base) {
      out.new.push(d);
      counts.new += d.current - d.base;
    } else if (d.current < d.base) {
      out.gone.push(d);
      counts.gone += d.base - d.current;
    } else out.unchanged.push(d);
    counts.unchanged += Math.min(d.base, d.current);
  }
  return { ...out, counts };
}

function stripEntry(e: BaselineEntry | undefined): FindingIdentity {
  if (!e) throw new Error("unreachable: identity in neither side");
  return { pkg: e.pkg, func: e.func, subject: e.subject, kind: e.kind };
}

function groupHeap(
  findings: readonly EscapeFinding[],
): Map<string, { identity: FindingIdentity; findings: EscapeFinding[] }> {
  const out = new Map<string, { identity: FindingIdentity; findings: EscapeFinding[] }>();
  for (const f of findings) {
    if (!f.heap) continue;
    const identity = findingIdentity(f.message);
    const k = identityKey(identity);
    const g = out.get(k);
    if (g) g.findings.push(f);
    else out.set(k, { identity, findings: [f] });
  }
  return out;
}

const cmpKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
