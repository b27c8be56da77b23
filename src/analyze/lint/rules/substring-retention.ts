import { span, type LintFinding, type LintRule } from "../rule.js";
import { retentions } from "./a-retention.js";

/** A constant-length substring of a string this function built, kept in long-lived state. */
export const substringRetention: LintRule = {
  id: "substring-retention",
  title: "a short substring pins a large string",
  severity: "error",
  check(ctx) {
    return retentions(ctx.file.root)
      .filter((r) => r.kind === "string")
      .map((r): LintFinding => {
        const s = r.node.text;
        const kept = r.via ? `${r.via} (= ${s})` : s;
        const where =
          r.sink.how === "call"
            ? `passed to ${r.sink.where}`
            : r.sink.how === "send"
              ? `sent on ${r.sink.where}`
              : `stored in ${r.sink.where}`;
        return {
          rule: "substring-retention",
          severity: "error",
          ...span(ctx, r.node),
          subject: r.via || s,
          message: `${kept} is ${where} and keeps all of ${r.parent} (${r.source}) alive`,
          why: `Slicing a string does not copy: the substring points into ${r.parent}'s bytes, and the GC keeps the whole allocation while any pointer into it is reachable.`,
          fix: `Keep a copy: strings.Clone(${s}) (Go 1.18+).`,
        };
      });
  },
};
