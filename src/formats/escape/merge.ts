import type { EscapeMessage, EscapeReport } from "../../model/escape.js";

/**
 * One report from the JSON log and the -m text of the same build. The text is
 * the base (it has does-not-escape and inlined calls, and -m=2 names each
 * heap finding's function); a JSON message at the same position, kind and
 * expression is the same diagnostic and adds what the text lacks (its
 * explanation with per-flow positions when the text had none, inlining
 * positions, cost, code, package). JSON's leaks of wrappers and generic
 * instantiations, which -m leaves out, match the text's leak-flow entries
 * for the same parameter. The rest of the JSON is appended.
 */
export function mergeEscapeReports(json: EscapeReport, text: EscapeReport): EscapeReport {
  const index = new Map<string, number[]>();
  const out: EscapeMessage[] = text.messages.map((m) => m);
  out.forEach((m, i) => {
    for (const k of keys(m)) index.set(k, [...(index.get(k) ?? []), i]);
  });
  const used = new Set<number>();
  for (const j of json.messages) {
    const candidates = keys(j).flatMap((k) => index.get(k) ?? []);
    const i = candidates.find((c) => !used.has(c)) ?? candidates[0];
    if (i === undefined) {
      out.push(j);
      continue;
    }
    used.add(i);
    const t = out[i];
    if (t) out[i] = combine(t, j);
  }
  const goVersion = json.goVersion ?? text.goVersion;
  return {
    messages: out,
    other: text.other,
    otherLines: text.otherLines,
    ...(goVersion === undefined ? {} : { goVersion }),
  };
}

const LEAKS = new Set([
  "leaking-param",
  "leaking-param-content",
  "leaking-param-to-result",
  "leak-flow",
]);

/** Identities a message can be matched by: position, kind and expression. */
function keys(m: EscapeMessage): string[] {
  const at = `${m.pos.path}\0${m.pos.line}\0${m.pos.column}`;
  // JSON's can-inline and cannot-inline name no function and no expression.
  if (
    m.kind === "can-inline" ||
    m.kind === "cannot-inline" ||
    m.kind === "bounds-check" ||
    m.kind === "nil-check"
  ) {
    return [`${at}\0${m.kind}`];
  }
  const own = `${at}\0${m.kind}\0${m.expr}`;
  return LEAKS.has(m.kind) ? [own, `${at}\0leak\0${m.expr}`] : [own];
}

function combine(t: EscapeMessage, j: EscapeMessage): EscapeMessage {
  const extra: Record<string, unknown> = { source: "both" };
  if (t.chain.length === 0 && j.chain.length > 0) extra["chain"] = j.chain;
  if (j.inlinedAt) extra["inlinedAt"] = j.inlinedAt;
  if (j.code !== undefined) extra["code"] = j.code;
  if (!t.pkg && j.pkg) extra["pkg"] = j.pkg;
  if (
    t.kind === "can-inline" &&
    j.kind === "can-inline" &&
    t.cost === undefined &&
    j.cost !== undefined
  ) {
    extra["cost"] = j.cost;
  }
  return { ...t, ...extra } as EscapeMessage;
}
