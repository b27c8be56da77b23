import type {
  EscapeFlow,
  EscapeMessage,
  EscapePosition,
  Explanation,
  FlowStep,
} from "../../model/escape.js";
import type { Shape } from "./shapes.js";

type Header = Extract<Shape, { type: "escape-header" | "leak-header" }>;

/** An explanation being read line by line (text) or entry by entry (JSON). */
export class ExplanationBuilder {
  private readonly flows: { flow: Omit<EscapeFlow, "steps">; steps: FlowStep[] }[] = [];
  private truncated = false;

  constructor(
    readonly header: string,
    readonly shape: Header | undefined,
    readonly pos: EscapePosition,
  ) {}

  flow(s: Extract<Shape, { type: "flow" }>, pos: EscapePosition | null): void {
    this.flows.push({
      flow: { to: s.to, from: s.from, derefs: s.derefs, text: s.text, pos },
      steps: [],
    });
  }

  /** A "from" line; one before any flow (never seen from the compiler) gets an empty flow. */
  step(step: FlowStep): void {
    let last = this.flows[this.flows.length - 1];
    if (!last) {
      last = { flow: { to: "", from: "", derefs: 0, text: "", pos: null }, steps: [] };
      this.flows.push(last);
    }
    last.steps.push(step);
  }

  markTruncated(): void {
    this.truncated = true;
  }

  build(): Explanation {
    const flows = this.flows.map((f) => ({ ...f.flow, steps: f.steps }));
    const root =
      this.shape?.type === "leak-header" ? this.shape.to : (flows[flows.length - 1]?.to ?? "");
    return { header: this.header, root, flows, truncated: this.truncated };
  }
}

/** Messages under construction: their chain arrays are still being filled. */
type Final = EscapeMessage;
const addChain = (m: Final, got: ExplanationBuilder[]): void => {
  for (const e of got) (m.chain as Explanation[]).push(e.build());
};

/**
 * Gives each heap message the explanations printed for it (same position, same
 * expression or parameter) and returns the explanations nobody claimed. A
 * parameter's explanations go to its "to result R" message when they end at
 * R, else to its heap message.
 */
export function attachExplanations(
  finals: Final[],
  pending: ExplanationBuilder[],
): ExplanationBuilder[] {
  if (pending.length === 0) return pending; // -m without =2: nothing to attach
  const byPos = new Map<string, ExplanationBuilder[]>();
  for (const e of pending) {
    const k = posKey(e.pos);
    const list = byPos.get(k);
    if (list) list.push(e);
    else byPos.set(k, [e]);
  }
  const claimed = new Set<ExplanationBuilder>();
  // Several finals can share a position, kind and expression: the copies of
  // a generic function's or an inlined body's value, one per instantiation or
  // caller ("&reflect.ValueError{...} escapes to heap" five times at
  // reflect/value.go:1520:9 in encoding/asn1), and -m prints every append as
  // "append". Each explanation names its function ("... in F:"), so a final
  // takes the first unclaimed one that fits and the others of the same
  // function (and, for "append", the same full expression): one copy's
  // explanations each, not all of them on the first copy.
  // Copies in one function (two inlined slices.Clone calls on one line)
  // cannot be told apart: each later copy keeps one explanation.
  const copies = new Map<string, number>();
  for (const m of finals) {
    if (!EXPLAINED.has(m.kind)) continue;
    const k = finalKey(m);
    copies.set(k, (copies.get(k) ?? 0) + 1);
  }
  const take = (m: Final, ok: (e: ExplanationBuilder) => boolean): ExplanationBuilder[] => {
    const at = byPos.get(posKey(m.pos));
    if (at === undefined) return [];
    const fit = at.filter((e) => !claimed.has(e) && ok(e));
    const first = fit[0]?.shape;
    const same = fit.filter((e) => sameValue(e.shape, first));
    const later = (copies.get(finalKey(m)) ?? 1) - 1;
    copies.set(finalKey(m), later);
    const got = same.slice(0, Math.max(1, same.length - later));
    for (const e of got) claimed.add(e);
    return got;
  };
  // Results first, so the heap message keeps only what ends elsewhere.
  for (const m of finals) {
    if (m.kind !== "leaking-param-to-result") continue;
    const { param, result } = m;
    const got = take(
      m,
      (e) => e.shape?.type === "leak-header" && e.shape.param === param && e.shape.to === result,
    );
    addChain(m, got);
    setFunc(m, got);
  }
  for (const m of finals) {
    if (m.kind === "leaking-param" || m.kind === "leaking-param-content") {
      const { param } = m;
      const got = take(m, (e) => e.shape?.type === "leak-header" && e.shape.param === param);
      addChain(m, got);
      setFunc(m, got);
    } else if (m.kind === "moved-to-heap" || m.kind === "escapes-to-heap") {
      const want = m.expr;
      const got = take(
        m,
        (e) =>
          e.shape?.type === "escape-header" &&
          (e.shape.expr === want || (want === "append" && e.shape.expr.startsWith("append("))),
      );
      addChain(m, got);
      setFunc(m, got);
      const full = got[0]?.shape;
      if (want === "append" && full?.type === "escape-header") {
        (m as { expr: string }).expr = full.expr;
      }
    }
  }
  return pending.filter((e) => !claimed.has(e));
}

/** The kinds that explanations belong to. */
const EXPLAINED: ReadonlySet<string> = new Set([
  "leaking-param-to-result",
  "leaking-param",
  "leaking-param-content",
  "moved-to-heap",
  "escapes-to-heap",
]);

/** Finals that only their explanations can tell apart. */
function finalKey(m: Final): string {
  const extra =
    m.kind === "leaking-param-to-result"
      ? `${m.param}\0${m.result}`
      : m.kind === "leaking-param" || m.kind === "leaking-param-content"
        ? m.param
        : "";
  return `${posKey(m.pos)}\0${m.kind}\0${m.expr}\0${extra}`;
}

/** Explanations of one value: the same function and, for values, the same expression. */
function sameValue(a: Header | undefined, b: Header | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.func !== b.func) return false;
  return a.type !== "escape-header" || b.type !== "escape-header" || a.expr === b.expr;
}

function setFunc(m: Final, got: ExplanationBuilder[]): void {
  if (m.func !== undefined) return;
  const f = got.find((e) => e.shape?.func)?.shape?.func;
  if (f) (m as { func?: string }).func = f;
}

export const posKey = (p: EscapePosition): string => `${p.file}\0${p.line}\0${p.column}`;
