import { span, type LintFinding, type LintRule } from "../rule.js";
import { parentText, retentions, type Retention } from "./a-retention.js";

/** A constant-length sub-slice of a buffer this function made, kept in long-lived state. */
export const subsliceRetention: LintRule = {
  id: "subslice-retention",
  title: "a small sub-slice pins a large array",
  severity: "error",
  check(ctx) {
    return retentions(ctx.file.root)
      .filter((r) => r.kind === "slice" && r.sink.how !== "send")
      .map((r): LintFinding => finding(r, span(ctx, r.node)));
  },
};

function finding(r: Retention, at: ReturnType<typeof span>): LintFinding {
  const s = r.node.text;
  const kept = r.via ? `${r.via} (= ${s})` : s;
  const where = r.sink.how === "call" ? `passed to ${r.sink.where}` : `stored in ${r.sink.where}`;
  return {
    rule: "subslice-retention",
    severity: "error",
    ...at,
    subject: r.via || s,
    message: `${kept} is ${where} and keeps all of ${r.parent} alive: ${parentText(r)}`,
    why: `A sub-slice points into ${r.parent}'s backing array, and the GC never frees part of an allocation: as long as ${r.via || "the sub-slice"} is reachable the whole array stays live.`,
    fix: `Keep a copy: ${r.via ? `${r.via} = ` : ""}bytes.Clone(${s}) (Go 1.20+; slices.Clone for other element types), or append([]byte(nil), ${s}...).`,
  };
}
