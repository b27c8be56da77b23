import type { EscapeMessage } from "../model/escape.js";
import {
  findingIdentity,
  normalizeExpr,
  normalizeFunc,
  type FindingIdentity,
} from "./escape-baseline.js";
import type { EscapeFinding } from "./escape-findings.js";

/**
 * What changed for one identity between two reports (two commits, two Go
 * releases). `before`/`after` are absent when the finding exists on one side
 * only.
 */
export interface EscapeChange {
  readonly change:
    | "became-heap"
    | "stopped-heap"
    | "heap-kind-changed"
    | "reworded"
    | "inline-changed"
    | "inline-added"
    | "inline-removed"
    | "call-inlined"
    | "call-not-inlined";
  /** The identity on the side that has the finding (after when both do). */
  readonly identity: FindingIdentity;
  readonly before?: EscapeFinding;
  readonly after?: EscapeFinding;
  /** What changed, in a few words: "escapes-to-heap -> does-not-escape", "level 0 -> 1", "cost 61 -> 80". */
  readonly note: string;
}

export interface EscapeDiff {
  /** Heap findings of b that a did not have, or had as a non-heap message (does-not-escape). */
  readonly becameHeap: readonly EscapeChange[];
  /** Heap findings of a that b does not have, or reports as not escaping. */
  readonly stoppedHeap: readonly EscapeChange[];
  /** Heap on both sides, but another kind or leak level ("leaking param" -> "leaking param content"). */
  readonly heapKindChanged: readonly EscapeChange[];
  /** can-inline <-> cannot-inline, cost and reason changes, functions and inlined calls that appear or vanish. */
  readonly inlining: readonly EscapeChange[];
  /**
   * Heap on both sides at the same position with the same kind, but the
   * compiler prints the expression differently (a release changed its
   * wording); counted in unchangedHeap too.
   */
  readonly reworded: readonly EscapeChange[];
  /** Heap findings the same on both sides. */
  readonly unchangedHeap: number;
}

/**
 * Compares two reports by identity (see findingIdentity), not position.
 * Pass every message (escapeFindings with `all`), so that "does not escape"
 * and the inlining decisions are there to compare. Within one identity the
 * messages are multisets: equal ones pair first, then same kind with another
 * level, then heap with heap of another kind, then heap with does-not-escape.
 */
export function diffReports(a: readonly EscapeFinding[], b: readonly EscapeFinding[]): EscapeDiff {
  const out = {
    becameHeap: [] as EscapeChange[],
    stoppedHeap: [] as EscapeChange[],
    heapKindChanged: [] as EscapeChange[],
    inlining: [] as EscapeChange[],
    reworded: [] as EscapeChange[],
    unchangedHeap: 0,
  };
  diffEscapes(a, b, out);
  diffInlining(a, b, out.inlining);
  return out;
}

const ESCAPE_FAMILY = new Set([
  "moved-to-heap",
  "escapes-to-heap",
  "leaking-param",
  "leaking-param-content",
  "leaking-param-to-result",
  "does-not-escape",
]);

/** Where a value is, whatever the compiler decided about it: package, function, subject. */
function siteKey(m: EscapeMessage): string {
  const id = findingIdentity(m);
  const subject =
    m.kind === "leaking-param-to-result" ? normalizeExpr(m.param || m.expr) : id.subject;
  return `${id.pkg}\0${id.func}\0${subject}`;
}

/** Kind plus what a kind carries that matters: a leak's result and level. */
function detailOf(m: EscapeMessage): string {
  return m.kind === "leaking-param-to-result" ? `${m.kind} level=${m.level}` : m.kind;
}

type Out = {
  becameHeap: EscapeChange[];
  stoppedHeap: EscapeChange[];
  heapKindChanged: EscapeChange[];
  reworded: EscapeChange[];
  unchangedHeap: number;
};

function diffEscapes(a: readonly EscapeFinding[], b: readonly EscapeFinding[], out: Out): void {
  const sa = groupBy(
    a.filter((f) => ESCAPE_FAMILY.has(f.message.kind)),
    (f) => siteKey(f.message),
  );
  const sb = groupBy(
    b.filter((f) => ESCAPE_FAMILY.has(f.message.kind)),
    (f) => siteKey(f.message),
  );
  const onlyA: EscapeFinding[] = [];
  const onlyB: EscapeFinding[] = [];
  for (const k of sortedKeys(sa, sb)) {
    const left = [...(sa.get(k) ?? [])];
    const right = [...(sb.get(k) ?? [])];
    const pairs: [EscapeFinding, EscapeFinding][] = [];
    const pairWhere = (ok: (x: EscapeFinding, y: EscapeFinding) => boolean): void => {
      for (let i = 0; i < left.length; i++) {
        const x = left[i];
        if (!x) continue;
        const j = right.findIndex((y) => ok(x, y));
        if (j < 0) continue;
        pairs.push([x, right[j] as EscapeFinding]);
        left.splice(i--, 1);
        right.splice(j, 1);
      }
    };
    pairWhere((x, y) => detailOf(x.message) === detailOf(y.message));
    pairWhere((x, y) => x.message.kind === y.message.kind);
    pairWhere((x, y) => x.heap && y.heap);
    pairWhere((x, y) => x.heap !== y.heap);
    for (const [x, y] of pairs) {
      const note = `${detailOf(x.message)} -> ${detailOf(y.message)}`;
      const identity = findingIdentity(y.message);
      if (x.heap && y.heap) {
        if (detailOf(x.message) === detailOf(y.message)) out.unchangedHeap++;
        else
          out.heapKindChanged.push({
            change: "heap-kind-changed",
            identity,
            before: x,
            after: y,
            note,
          });
      } else if (y.heap)
        out.becameHeap.push({ change: "became-heap", identity, before: x, after: y, note });
      else if (x.heap) {
        out.stoppedHeap.push({
          change: "stopped-heap",
          identity: findingIdentity(x.message),
          before: x,
          after: y,
          note,
        });
      }
    }
    onlyA.push(...left.filter((x) => x.heap));
    onlyB.push(...right.filter((y) => y.heap));
  }
  const at = (f: EscapeFinding): string => {
    const m = f.message;
    return `${m.pkg}\0${m.pos.path}\0${m.pos.line}\0${m.pos.column}\0${m.kind}`;
  };
  const byPos = groupBy(onlyA, at);
  for (const y of onlyB) {
    const x = byPos.get(at(y))?.shift();
    const identity = findingIdentity(y.message);
    if (x) {
      out.unchangedHeap++;
      out.reworded.push({
        change: "reworded",
        identity,
        before: x,
        after: y,
        note: `${x.message.expr} -> ${y.message.expr}`,
      });
    } else
      out.becameHeap.push({
        change: "became-heap",
        identity,
        after: y,
        note: `new ${y.message.kind}`,
      });
  }
  for (const x of [...byPos.values()].flat()) {
    out.stoppedHeap.push({
      change: "stopped-heap",
      identity: findingIdentity(x.message),
      before: x,
      note: `no ${x.message.kind}`,
    });
  }
  const order = (c: EscapeChange): EscapeFinding => (c.after ?? c.before) as EscapeFinding;
  for (const list of [out.becameHeap, out.stoppedHeap])
    list.sort((p, q) => byPlace(order(p), order(q)));
}

function byPlace(a: EscapeFinding, b: EscapeFinding): number {
  const x = a.message;
  const y = b.message;
  return (
    cmp(x.pkg, y.pkg) ||
    cmp(x.pos.path, y.pos.path) ||
    x.pos.line - y.pos.line ||
    x.pos.column - y.pos.column ||
    cmp(x.kind, y.kind) ||
    cmp(x.expr, y.expr)
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Functions by their normalized name; inlined calls by caller and callee. */
function inlineKey(m: EscapeMessage): string | undefined {
  if (m.kind === "can-inline" || m.kind === "cannot-inline") {
    // JSON's entries for inlined standard-library generics name no function: nothing to match them by.
    const name = m.callee || m.func;
    return name ? `fn\0${m.pkg}\0${normalizeFunc(name)}` : undefined;
  }
  if (m.kind === "inlining-call") {
    return `call\0${m.pkg}\0${normalizeFunc(m.func ?? "")}\0${normalizeFunc(m.callee)}`;
  }
  return undefined;
}

function costOf(m: EscapeMessage): number | undefined {
  return m.kind === "can-inline" || m.kind === "cannot-inline" ? m.cost : undefined;
}

/** A cannot-inline reason without its numbers ("function too complex: cost 414 exceeds budget 80"). */
const reasonClass = (m: EscapeMessage): string =>
  m.kind === "cannot-inline" ? m.reason.replace(/\d+/g, "N") : "";

function diffInlining(
  a: readonly EscapeFinding[],
  b: readonly EscapeFinding[],
  out: EscapeChange[],
): void {
  const key = (f: EscapeFinding): string => inlineKey(f.message) ?? "";
  const sa = groupBy(
    a.filter((f) => inlineKey(f.message) !== undefined),
    key,
  );
  const sb = groupBy(
    b.filter((f) => inlineKey(f.message) !== undefined),
    key,
  );
  for (const k of sortedKeys(sa, sb)) {
    const left = sa.get(k) ?? [];
    const right = sb.get(k) ?? [];
    const call = k.startsWith("call\0");
    const n = Math.max(left.length, right.length);
    // Several entries per key are generic instantiations or repeated inlined
    // calls: compare them in order, and report what one side has more of.
    for (let i = 0; i < n; i++) {
      const x = left[i];
      const y = right[i];
      if (x && y) {
        if (call) continue;
        const change = inlineChange(x, y);
        if (change) out.push(change);
      } else if (y) {
        out.push({
          change: call ? "call-inlined" : "inline-added",
          identity: findingIdentity(y.message),
          after: y,
          note: call ? "call now inlined" : `new: ${y.message.message}`,
        });
      } else if (x) {
        out.push({
          change: call ? "call-not-inlined" : "inline-removed",
          identity: findingIdentity(x.message),
          before: x,
          note: call ? "call no longer inlined" : `gone: ${x.message.message}`,
        });
      }
    }
  }
}

function inlineChange(x: EscapeFinding, y: EscapeFinding): EscapeChange | undefined {
  const mx = x.message;
  const my = y.message;
  const base = {
    change: "inline-changed" as const,
    identity: findingIdentity(my),
    before: x,
    after: y,
  };
  if (mx.kind !== my.kind) return { ...base, note: `${mx.kind} -> ${my.kind}` };
  if (reasonClass(mx) !== reasonClass(my)) {
    return {
      ...base,
      note: `reason "${mx.kind === "cannot-inline" ? mx.reason : ""}" -> "${my.kind === "cannot-inline" ? my.reason : ""}"`,
    };
  }
  const cx = costOf(mx);
  const cy = costOf(my);
  if (cx !== undefined && cy !== undefined && cx !== cy)
    return { ...base, note: `cost ${cx} -> ${cy}` };
  return undefined;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function sortedKeys<T>(a: Map<string, T>, b: Map<string, T>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
