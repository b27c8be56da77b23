import {
  identityText,
  type BaselineComparison,
  type BaselineDelta,
} from "../analyze/escape-baseline.js";
import type { EscapeChange, EscapeDiff } from "../analyze/escape-diff.js";
import type { EscapeFinding } from "../analyze/escape-findings.js";
import { messageJson } from "./escape.js";
import type { Style } from "./style.js";

export const ESCAPE_DIFF_SCHEMA = "memsnap/escape-diff@1";

/** What the two sides are: a file name, a commit, a toolchain. */
export interface DiffSides {
  readonly a: { readonly label: string; readonly goVersion?: string };
  readonly b: { readonly label: string; readonly goVersion?: string };
}

const SECTIONS = [
  ["becameHeap", "became heap", "+"],
  ["stoppedHeap", "no longer heap", "-"],
  ["heapKindChanged", "heap, another kind", "~"],
  ["reworded", "same finding, worded differently", "="],
  ["inlining", "inlining", "~"],
] as const;

export function escapeDiffText(d: EscapeDiff, sides: DiffSides, style: Style): string {
  const out = [
    style.bold(`escape diff ${sideText(sides.a)} -> ${sideText(sides.b)}`),
    `  ${d.becameHeap.length} became heap, ${d.stoppedHeap.length} no longer heap, ` +
      `${d.heapKindChanged.length} changed kind, ${d.inlining.length} inlining change${d.inlining.length === 1 ? "" : "s"}, ` +
      `${d.unchangedHeap} heap finding${d.unchangedHeap === 1 ? "" : "s"} unchanged`,
  ];
  for (const [key, title, mark] of SECTIONS) {
    const list = d[key];
    if (list.length === 0) continue;
    out.push("", style.bold(`${title} (${list.length})`));
    for (const c of list) out.push(changeLine(c, mark, style));
  }
  return out.join("\n") + "\n";
}

const sideText = (s: { label: string; goVersion?: string }): string =>
  s.goVersion && s.goVersion !== s.label ? `${s.label} (${s.goVersion})` : s.label;

const where = (f: EscapeFinding): string => {
  const p = f.message.pos;
  return `${p.path}:${p.line}${p.column ? `:${p.column}` : ""}`;
};

function changeLine(c: EscapeChange, mark: string, style: Style): string {
  const f = c.after ?? c.before;
  const pos = f ? where(f) : "";
  const trap = c.after?.trap ?? c.before?.trap;
  const colour = mark === "+" ? style.red : mark === "-" ? style.green : (s: string) => s;
  return `  ${colour(mark)} ${pos}  ${identityText(c.identity)}${trap ? ` [${trap.id}]` : ""}  ${style.dim(c.note)}`;
}

const changeJson = (c: EscapeChange) => ({
  change: c.change,
  identity: c.identity,
  note: c.note,
  before: c.before ? messageJson(c.before) : null,
  after: c.after ? messageJson(c.after) : null,
});

export function escapeDiffJson(d: EscapeDiff, sides: DiffSides) {
  const side = (s: { label: string; goVersion?: string }) => ({
    label: s.label,
    goVersion: s.goVersion ?? null,
  });
  return {
    schema: ESCAPE_DIFF_SCHEMA,
    a: side(sides.a),
    b: side(sides.b),
    summary: {
      becameHeap: d.becameHeap.length,
      stoppedHeap: d.stoppedHeap.length,
      heapKindChanged: d.heapKindChanged.length,
      reworded: d.reworded.length,
      inlining: d.inlining.length,
      unchangedHeap: d.unchangedHeap,
    },
    becameHeap: d.becameHeap.map(changeJson),
    stoppedHeap: d.stoppedHeap.map(changeJson),
    heapKindChanged: d.heapKindChanged.map(changeJson),
    reworded: d.reworded.map(changeJson),
    inlining: d.inlining.map(changeJson),
  };
}

/**
 * The regression gate's report: new heap findings with where they are now
 * (all findings of an identity that grew: which one is new cannot be told),
 * then a count of the gone ones.
 */
export function baselineComparisonText(cmp: BaselineComparison, style: Style): string {
  const c = cmp.counts;
  const out = [
    c.new > 0
      ? style.red(
          style.bold(`${c.new} new heap finding${c.new === 1 ? "" : "s"} since the baseline`),
        )
      : style.green("no new heap findings since the baseline"),
    `  ${c.gone} gone, ${c.unchanged} unchanged`,
  ];
  for (const d of cmp.new) {
    out.push(`  + ${identityText(d.identity)}${countText(d)}`);
    for (const f of d.findings)
      out.push(`      ${where(f)}  ${f.trap ? f.trap.id + "  " : ""}${f.message.message}`);
  }
  for (const d of cmp.gone) out.push(style.dim(`  - ${identityText(d.identity)}${countText(d)}`));
  return out.join("\n") + "\n";
}

const countText = (d: BaselineDelta): string =>
  d.base > 0 && d.current > 0
    ? ` (${d.base} -> ${d.current})`
    : d.current > 1 || d.base > 1
      ? ` (x${Math.max(d.base, d.current)})`
      : "";

/** The same, for --json: a `baseline` member beside the report. */
export function baselineComparisonJson(cmp: BaselineComparison) {
  const delta = (d: BaselineDelta) => ({
    identity: d.identity,
    base: d.base,
    current: d.current,
    findings: d.findings.map(messageJson),
  });
  return {
    counts: cmp.counts,
    new: cmp.new.map(delta),
    gone: cmp.gone.map(delta),
  };
}
