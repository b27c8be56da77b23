import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/support/golden.js";
import { fixtureReport, ROOT } from "../../test/support/escape-views.js";
import { flowGraph, functionGraph, nodeKind, type FlowGraph } from "../analyze/escape-graph.js";
import { dotString, flowGraphDot, flowGraphMermaid, mermaidString } from "./escape-graph.js";

const GOLDEN = path.join(ROOT, "test/golden/escape-views");
const messages = fixtureReport("go126").messages;
const haveDot = spawnSync("dot", ["-V"]).status === 0;

/** Graphviz's own parser: exit 0 and no warnings on stderr. */
function dotErrors(text: string): string {
  const r = spawnSync("dot", ["-Tsvg", "-o", "/dev/null"], { input: text, encoding: "utf8" });
  return r.status === 0 ? r.stderr : `exit ${r.status}: ${r.stderr}`;
}

/**
 * The subset of Mermaid's flowchart grammar flowGraphMermaid writes: every
 * line is the header, a node with a quoted label in a known shape, or an
 * edge between declared ids with a quoted label; labels contain no raw
 * quote, and ids are n0, n1...
 */
function mermaidProblems(text: string): string[] {
  const lines = text.trimEnd().split("\n");
  const out: string[] = [];
  if (lines[0] !== "---" || !/^title: ".*"$/.test(lines[1] ?? "") || lines[2] !== "---")
    out.push("front matter");
  if (lines[3] !== "flowchart LR") out.push("header");
  const ids = new Set<string>();
  const label = '"[^"]*"';
  const node = new RegExp(
    `^  (n\\d+)(\\{\\{${label}\\}\\}|\\[/${label}\\\\\\]|>${label}\\]|\\[${label}\\]|\\(${label}\\)|\\[\\[${label}\\]\\]|\\(\\[${label}\\]\\))$`,
  );
  const edge = new RegExp(`^  (n\\d+) (-->|-\\.->)\\|${label}\\| (n\\d+)$`);
  for (const l of lines.slice(4)) {
    const n = node.exec(l);
    const e = edge.exec(l);
    if (n) ids.add(n[1] ?? "");
    else if (e) {
      if (!ids.has(e[1] ?? "") || !ids.has(e[3] ?? "")) out.push(`undeclared id: ${l}`);
    } else out.push(`not a node or edge: ${l}`);
  }
  return out;
}

describe("escape flow graph", () => {
  it("draws ReturnAddress's p flowing by address to the result", () => {
    const g = functionGraph(messages, "ReturnAddress");
    expect(g.nodes.map((n) => [n.name, n.kind])).toEqual([
      ["p", "variable"],
      ["~r0", "result"],
    ]);
    expect(g.edges.map((e) => [e.from, e.to, e.derefs, e.reasons])).toEqual([
      ["n0", "n1", -1, ["address-of", "return"]],
    ]);
  });

  it("tells parameters, allocations, closures, results and the heap apart", () => {
    expect(nodeKind("{heap}")).toBe("heap");
    expect(nodeKind("~r0")).toBe("result");
    expect(nodeKind("~R1")).toBe("result");
    expect(nodeKind("{storage for &Point{...}}")).toBe("allocation");
    expect(nodeKind("{storage for func literal}")).toBe("closure");
    expect(nodeKind("{temp}")).toBe("temp");
    expect(nodeKind("p", new Set(["p"]))).toBe("param");
    expect(nodeKind("p")).toBe("variable");
    const g = functionGraph(messages, "(*Counter).Observe");
    const kinds = new Set(g.nodes.map((n) => n.kind));
    expect(kinds).toEqual(new Set(["heap", "param", "variable", "closure", "temp"]));
    expect(g.nodes.filter((n) => n.kind === "heap")).toHaveLength(1);
    // A closure's messages belong to its function's graph.
    expect(new Set(g.nodes.map((n) => n.func))).toEqual(
      new Set(["", "(*Counter).Observe", "(*Counter).Observe.func1"]),
    );
  });

  it("is the same graph whatever order the messages come in", () => {
    const a = flowGraph(messages, "all");
    const b = flowGraph([...messages].reverse(), "all");
    expect(b).toEqual(a);
    expect(a.explained).toBeGreaterThan(40);
  });

  it("writes the fixture package as DOT and Mermaid (goldens)", () => {
    const g = flowGraph(messages, "memsnap.dev/test/escape");
    const dot = flowGraphDot(g);
    const mmd = flowGraphMermaid(g);
    expectGolden(path.join(GOLDEN, "go126-graph.dot"), dot);
    expectGolden(path.join(GOLDEN, "go126-graph.mmd"), mmd);
    expect(mermaidProblems(mmd)).toEqual([]);
    const one = functionGraph(messages, "(*Counter).Observe");
    expectGolden(path.join(GOLDEN, "go126-observe.dot"), flowGraphDot(one));
    expectGolden(path.join(GOLDEN, "go126-observe.mmd"), flowGraphMermaid(one));
    if (haveDot) expect(dotErrors(dot)).toBe("");
  });

  it("escapes labels for both languages", () => {
    expect(dotString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c\\nd"');
    expect(mermaidString('x["a" | #b <c> & `d`]')).toBe(
      '"x#91;#34;a#34; #124; #35;b #60;c#62; #38; #96;d#96;#93;"',
    );
    const nasty: FlowGraph = {
      title: 'F "quoted" \\ {x}',
      nodes: [
        { id: "n0", name: '{storage for &T{s: "a\\"}|<b>"}}', func: "F", kind: "allocation" },
        { id: "n1", name: "{heap}", func: "", kind: "heap" },
      ],
      edges: [
        { from: "n0", to: "n1", derefs: -1, reasons: ['call "x" | y'], steps: [], pos: null },
      ],
      messages: 1,
      explained: 1,
    };
    expect(mermaidProblems(flowGraphMermaid(nasty))).toEqual([]);
    const dot = flowGraphDot(nasty);
    expect(dot).toContain('n0 [label="&T{s: \\"a\\\\\\"}|<b>\\"}"');
    if (haveDot) expect(dotErrors(dot)).toBe("");
  });

  it.runIf(haveDot)("is valid Graphviz for every function of the fixture", () => {
    const funcs = new Set(messages.map((m) => m.func ?? ""));
    for (const f of funcs)
      expect({ f, err: dotErrors(flowGraphDot(functionGraph(messages, f))) }).toEqual({
        f,
        err: "",
      });
  });
});
