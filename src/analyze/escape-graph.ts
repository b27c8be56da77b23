import type { EscapeFlow, EscapeMessage, EscapePosition, FlowStep } from "../model/escape.js";

export type FlowNodeKind =
  "heap" | "result" | "param" | "variable" | "allocation" | "closure" | "temp" | "other";

/** A location of escape analysis: a variable, a parameter, an allocation, a result, or the heap. */
export interface FlowNode {
  /** Stable within one graph: "n0", "n1"... in order of first appearance. */
  readonly id: string;
  /** The location as the compiler names it ("p", "&Point{...}", "~r0", "{heap}"). */
  readonly name: string;
  /** The function it belongs to; "" for the heap, which all share. */
  readonly func: string;
  readonly kind: FlowNodeKind;
}

/** One `flow: TO ← FROM` of an explanation. */
export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  /** -1: the address flows (&x); 0: the value; n: after n dereferences. */
  readonly derefs: number;
  /** The reasons of its steps, in order ("address-of", "call parameter"). */
  readonly reasons: readonly string[];
  readonly steps: readonly FlowStep[];
  /** The flow's position (JSON) or its first step's (text). */
  readonly pos: EscapePosition | null;
}

export interface FlowGraph {
  readonly title: string;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  /** Messages that went in, and how many of them had an explanation. */
  readonly messages: number;
  readonly explained: number;
}

/**
 * The graph of every explanation of the given messages (one finding, a
 * function's findings): nodes per function and location, one edge per
 * distinct flow. Messages are taken in position order and flows in the
 * compiler's order, so the same input gives the same ids.
 */
export function flowGraph(messages: readonly EscapeMessage[], title: string): FlowGraph {
  const nodes = new Map<string, FlowNode>();
  const edges = new Map<string, FlowEdge>();
  const sorted = [...messages].sort(byPosition);
  let explained = 0;
  for (const m of sorted) {
    if (m.chain.length > 0) explained++;
    const func = m.func ?? "";
    const params = paramsOf(messages, func);
    const node = (name: string): string => {
      const kind = nodeKind(name, params);
      const scope = kind === "heap" ? "" : func;
      const key = `${scope}\0${name}`;
      let n = nodes.get(key);
      if (!n) {
        n = { id: `n${nodes.size}`, name, func: scope, kind };
        nodes.set(key, n);
      }
      return n.id;
    };
    for (const e of m.chain) {
      for (const f of e.flows) {
        const edge = toEdge(f, node(f.from), node(f.to));
        const k = edgeKey(edge);
        if (!edges.has(k)) edges.set(k, edge);
      }
    }
  }
  return {
    title,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    messages: messages.length,
    explained,
  };
}

/** The graph of one function: its messages and its closures' ("F", "F.func1", "F.func1.2"). */
export function functionGraph(messages: readonly EscapeMessage[], func: string): FlowGraph {
  const mine = messages.filter((m) => {
    const f = m.func ?? "";
    return f === func || f.startsWith(func + ".func") || stripTypeArgs(f) === func;
  });
  return flowGraph(mine, func);
}

function stripTypeArgs(name: string): string {
  return name.replace(/\[[^\]]*\]/g, "");
}

function toEdge(f: EscapeFlow, from: string, to: string): FlowEdge {
  return {
    from,
    to,
    derefs: f.derefs,
    reasons: f.steps.map((s) => s.reason),
    steps: f.steps,
    pos: f.pos ?? f.steps[0]?.pos ?? null,
  };
}

function edgeKey(e: FlowEdge): string {
  const p = e.pos ? `${e.pos.path}:${e.pos.line}:${e.pos.column}` : "";
  const steps = e.steps.map((s) => `${s.where}\0${s.reason}`).join("\0");
  return `${e.from}\0${e.to}\0${e.derefs}\0${p}\0${steps}`;
}

/** Parameters the messages name for a function: they draw as parameters, not variables. */
function paramsOf(messages: readonly EscapeMessage[], func: string): Set<string> {
  const out = new Set<string>();
  for (const m of messages) {
    if ((m.func ?? "") !== func) continue;
    if (
      m.kind === "leaking-param" ||
      m.kind === "leaking-param-content" ||
      m.kind === "leaking-param-to-result"
    ) {
      out.add(m.param);
    }
  }
  return out;
}

/**
 * What a location name says about itself (cmd/compile/internal/escape's
 * location String: "{heap}", "{storage for X}", "{temp}", results "~r0",
 * Go <= 1.19's "~R0").
 */
export function nodeKind(name: string, params: ReadonlySet<string> = new Set()): FlowNodeKind {
  if (name === "{heap}") return "heap";
  if (/(^|\.)~[rR]\d+$/.test(name)) return "result";
  if (name.startsWith("{storage for func literal")) return "closure";
  if (name.startsWith("{storage for ")) return "allocation";
  if (name.startsWith("{temp")) return "temp";
  if (name.startsWith("{")) return "other";
  if (params.has(name)) return "param";
  return "variable";
}

/** The label a location gets: allocations by their expression ("&Point{...}"), the rest as named. */
export function nodeLabel(n: FlowNode): string {
  const m = /^\{storage for (.*)\}$/.exec(n.name);
  return m ? (m[1] ?? n.name) : n.name;
}

/** "address-of, call parameter" and the derefs as the compiler writes them (&p, *p). */
export function edgeLabel(e: FlowEdge): string {
  const op = e.derefs < 0 ? "&" : e.derefs > 0 ? "*".repeat(e.derefs) : "";
  const reasons = e.reasons.length ? e.reasons.join(", ") : "flow";
  const at = e.pos ? ` @${e.pos.path}:${e.pos.line}` : "";
  return `${op ? op + " " : ""}${reasons}${at}`;
}

function byPosition(a: EscapeMessage, b: EscapeMessage): number {
  const c = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    c(a.pkg, b.pkg) ||
    c(a.pos.path, b.pos.path) ||
    a.pos.line - b.pos.line ||
    a.pos.column - b.pos.column ||
    c(a.kind, b.kind) ||
    c(a.expr, b.expr) ||
    c(a.func ?? "", b.func ?? "") ||
    c(a.message, b.message) ||
    c(JSON.stringify(a.chain), JSON.stringify(b.chain))
  );
}
