import {
  edgeLabel,
  nodeLabel,
  type FlowGraph,
  type FlowNode,
  type FlowNodeKind,
} from "../analyze/escape-graph.js";

/** How each kind of location draws, in both outputs. */
const SHAPES = {
  heap: { dot: 'shape=doubleoctagon, style=filled, fillcolor="#f4cccc"', open: "{{", close: "}}" },
  result: { dot: "shape=invhouse", open: "[/", close: "\\]" },
  param: { dot: "shape=cds", open: ">", close: "]" },
  variable: { dot: "shape=box", open: "[", close: "]" },
  allocation: { dot: "shape=box, style=rounded", open: "(", close: ")" },
  closure: { dot: "shape=component", open: "[[", close: "]]" },
  temp: { dot: "shape=box, style=dashed", open: "[", close: "]" },
  other: { dot: "shape=ellipse", open: "([", close: "])" },
} as const satisfies Record<FlowNodeKind, { dot: string; open: string; close: string }>;

/** A node's text: the location, and its function when the graph spans several and it is not the title's. */
function nodeText(n: FlowNode, multi: boolean, title: string): string {
  const label = nodeLabel(n);
  return multi && n.func && n.func !== title ? `${label}\n(${n.func})` : label;
}

const spansFunctions = (g: FlowGraph): boolean =>
  new Set(g.nodes.filter((n) => n.func).map((n) => n.func)).size > 1;

/** A DOT double-quoted string: backslash and quote escaped, newlines as \n. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

/** Graphviz DOT (https://graphviz.org/doc/info/lang.html): ids n0..., every string quoted. */
export function flowGraphDot(g: FlowGraph): string {
  const multi = spansFunctions(g);
  const out = [
    `digraph ${dotString(g.title)} {`,
    "  rankdir=LR;",
    `  label=${dotString(g.title)};`,
    '  node [fontname="monospace"];',
    '  edge [fontname="monospace", fontsize=10];',
  ];
  for (const n of g.nodes) {
    out.push(`  ${n.id} [label=${dotString(nodeText(n, multi, g.title))}, ${SHAPES[n.kind].dot}];`);
  }
  for (const e of g.edges) {
    const style = e.derefs < 0 ? "" : ", style=dashed";
    out.push(`  ${e.from} -> ${e.to} [label=${dotString(edgeLabel(e))}${style}];`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

/**
 * A Mermaid label in double quotes. Mermaid reads "#name;" and "#123;" as
 * entity codes inside labels, so every character with a meaning to its
 * parser (", #, <, >, &, |, `, brackets) is written as a numeric entity and
 * newlines as <br>.
 */
export function mermaidString(s: string): string {
  const body = s
    .replace(/["#<>&|`[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`)
    .replace(/\r?\n/g, "<br>");
  return `"${body}"`;
}

/** A Mermaid flowchart (https://mermaid.js.org/syntax/flowchart.html). */
export function flowGraphMermaid(g: FlowGraph): string {
  const multi = spansFunctions(g);
  const out = ["---", `title: ${JSON.stringify(g.title)}`, "---", "flowchart LR"];
  for (const n of g.nodes) {
    const s = SHAPES[n.kind];
    out.push(`  ${n.id}${s.open}${mermaidString(nodeText(n, multi, g.title))}${s.close}`);
  }
  for (const e of g.edges) {
    const arrow = e.derefs < 0 ? "-->" : "-.->";
    out.push(`  ${e.from} ${arrow}|${mermaidString(edgeLabel(e))}| ${e.to}`);
  }
  return out.join("\n") + "\n";
}
