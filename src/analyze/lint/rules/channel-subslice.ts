import { span, type LintFinding, type LintRule } from "../rule.js";
import { parentText, retentions } from "./a-retention.js";

/** A sub-slice of a buffer this function made, sent on a channel. */
export const channelSubslice: LintRule = {
  id: "channel-subslice",
  title: "queued sub-slices pin their buffers",
  severity: "warning",
  check(ctx) {
    return retentions(ctx.file.root)
      .filter((r) => r.kind === "slice" && r.sink.how === "send")
      .map((r): LintFinding => {
        const s = r.node.text;
        const kept = r.via ? `${r.via} (= ${s})` : s;
        return {
          rule: "channel-subslice",
          severity: "warning",
          ...span(ctx, r.node),
          subject: r.via || s,
          message: `${kept} is sent on ${r.sink.where} and keeps all of ${r.parent} alive while it is queued: ${parentText(r)}`,
          why: `A channel's buffer holds slice headers that point into their parents' arrays; each queued sub-slice pins its whole buffer until the receiver drops it.`,
          fix: `Send a copy of the part the receiver needs: ${r.sink.where} <- bytes.Clone(${s}) (or append([]byte(nil), ${s}...)).`,
        };
      });
  },
};
