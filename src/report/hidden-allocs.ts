import { formatBytes } from "../base/units.js";
import type { HiddenAllocs } from "../analyze/hidden-allocs.js";
import type { Style } from "./style.js";

/** The `hidden` part of `memsnap escape --asm --json` (docs/json/escape.schema.json). */
export function hiddenAllocsJson(h: HiddenAllocs) {
  return {
    lines: h.lines.map((l) => ({
      file: l.path,
      line: l.line,
      pkg: l.pkg,
      func: l.func,
      calls: l.calls,
      findings: l.findings.map((f) => ({ kind: f.kind, column: f.pos.column, message: f.message })),
    })),
    functions: h.functions,
  };
}

/**
 * Per function with allocation calls: its frame, then each line with the
 * runtime calls compiled there and what escape analysis said about it.
 */
export function hiddenAllocsText(h: HiddenAllocs, style: Style): string {
  const out: string[] = [style.bold("Hidden allocations (runtime calls in the compiled code)")];
  if (h.lines.length === 0) return out.concat("  none", "").join("\n");
  const frames = new Map(h.functions.map((f) => [`${f.pkg}.${f.func}`, f]));
  let current = "";
  for (const l of h.lines) {
    const fn = `${l.pkg}.${l.func}`;
    if (fn !== current) {
      current = fn;
      const f = frames.get(fn);
      out.push(`  ${style.bold(fn)}${f ? style.dim(`  frame ${formatBytes(f.frame)}`) : ""}`);
    }
    const calls = l.calls
      .map((c) => `${c.callee.replace(/^runtime\./, "")}${c.conditional ? "?" : ""}`)
      .join(", ");
    const why =
      l.findings.length > 0
        ? l.findings.map((f) => f.message).join("; ")
        : style.dim("(no escape finding on this line)");
    out.push(`    ${l.path}:${l.line}  ${calls}  ${why}`);
  }
  out.push(
    style.dim("  ? = allocates only sometimes (growth, or a result too big for a stack buffer)"),
  );
  return out.join("\n") + "\n";
}
