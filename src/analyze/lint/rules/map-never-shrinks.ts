import {
  calleeName,
  enclosingDeclaration,
  enclosingFunction,
  fieldText,
  FUNCTION_NODES,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import {
  argsOf,
  gatingFlag,
  localNames,
  packageContainers,
  pathText,
  structContainers,
} from "./group-b-syntax.js";

/**
 * A long-lived map that entries are deleted from and that is never rebuilt:
 * the runtime never shrinks a map, so its buckets stay sized for the peak.
 *
 * Long-lived, without types, means: a package variable, a field of a struct
 * that has a mutex (state shared by goroutines), or any map field drained
 * with `for k := range x.m { delete(x.m, k) }` (emptying a map only matters
 * when it lives on). Not reported: a map reassigned anywhere in the file (a
 * rebuild, unless only under a flag), and deletes in a function that also
 * inserts into the same map (eviction: a bounded cache churns, it does not
 * drain from a peak); deletes in init, and deletes that undo a failed
 * insert (`if err != nil`), which are one-off corrections.
 */
export const mapNeverShrinks: LintRule = {
  id: "map-never-shrinks",
  title: "A long-lived map is deleted from but never rebuilt",
  // A note, not a warning: the memory kept is the map's peak, and whether
  // that peak is a load-driven burst or a size fixed by configuration is not
  // in the syntax. On the service corpus 16/20 findings were such maps, but
  // only 6/20 could hold a burst (bench/RESULTS.md).
  severity: "note",
  check(ctx: LintFileContext): LintFinding[] {
    const root = ctx.file.root;
    const pkgMaps = new Set(
      [...packageContainers(root)].filter(([, k]) => k === "map").map(([n]) => n),
    );
    const fields = structContainers(root);
    const findings: LintFinding[] = [];
    const reported = new Set<string>();
    for (const call of findAll(root, "call_expression")) {
      if (calleeName(call) !== "delete") continue;
      const target = argsOf(call)[0];
      const subject = pathText(target);
      if (!target || !subject || reported.has(subject)) continue;
      const fn = enclosingFunction(call);
      if (oneOff(call)) continue;
      const parts = subject.split(".");
      const last = parts[parts.length - 1] ?? "";
      let where: string;
      if (parts.length === 1) {
        if (!pkgMaps.has(subject) || (fn && localNames(fn).has(subject))) continue;
        where = "package variable";
      } else {
        const field = fields.get(last);
        if (field?.kind !== "map") continue;
        if (!field.guarded && !drainsAll(call, subject)) continue;
        where = `field of ${field.struct}`;
      }
      if (fn && insertsInto(fn, subject)) continue;
      const rebuild = rebuilds(root, parts.length === 1 ? subject : `.${last}`);
      if (rebuild === "always") continue;
      reported.add(subject);
      const flagNote =
        rebuild === null ? "" : ` (the rebuild only runs when \`${rebuild}\` is set)`;
      findings.push({
        rule: "map-never-shrinks",
        severity: "note",
        ...span(ctx, call),
        subject,
        message: `\`${subject}\` (${where}) has entries deleted but is never rebuilt${flagNote}: it keeps the buckets of its largest size for as long as it is reachable. That matters when its keys can burst with load (requests, peers, sessions); a map sized by configuration costs only its steady size.`,
        why: "Go never shrinks a map: delete frees the entry's slot, not the bucket array (or the Swiss tables since Go 1.24), and clear keeps them too. Only a new map frees them.",
        fix: `When the map has shrunk well below its peak, copy the survivors into a new map: \`if len(${subject}) < peak/4 { m2 := make(map[K]V, len(${subject})); for k, v := range ${subject} { m2[k] = v }; ${subject} = m2 }\` (or \`${subject} = make(map[K]V)\` when it is emptied).`,
      });
    }
    return findings;
  },
};

/** A delete in init (a fixed adjustment) or undoing a failed insert (`if err != nil { delete(...) }`). */
function oneOff(call: SyntaxNode): boolean {
  const decl = enclosingDeclaration(call);
  if (decl?.type === "function_declaration" && fieldText(decl, "name") === "init") return true;
  for (let p = call.parent; p && p !== decl; p = p.parent) {
    if (p.type === "if_statement" && /\berr\b/.test(p.childForFieldName("condition")?.text ?? "")) {
      return true;
    }
    if (FUNCTION_NODES.includes(p.type)) break;
  }
  return false;
}

/** `for k := range X { ... delete(X, k) ... }`: the delete empties X. */
function drainsAll(call: SyntaxNode, subject: string): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === "func_literal" || p.type === "function_declaration") return false;
    if (p.type !== "for_statement") continue;
    const range = p.namedChildren.find((c) => c?.type === "range_clause");
    if (pathText(range?.childForFieldName("right")) === subject) return true;
  }
  return false;
}

/** Whether the function also stores into `subject[k]` (eviction keeps the size bounded). */
function insertsInto(fn: SyntaxNode, subject: string): boolean {
  return findAll(fn, "assignment_statement").some((a) =>
    (a.childForFieldName("left")?.namedChildren ?? []).some(
      (l) => l?.type === "index_expression" && pathText(l.childForFieldName("operand")) === subject,
    ),
  );
}

/**
 * How the map is rebuilt: "always" when some assignment replaces it outside
 * a flag, the flag's name when every rebuild is gated by one, null when
 * never. `key` is the package variable's name or `.field`.
 */
function rebuilds(root: SyntaxNode, key: string): "always" | string | null {
  let flag: string | null = null;
  for (const a of findAll(root, "assignment_statement")) {
    if (a.childForFieldName("operator")?.text !== "=") continue;
    const hit = (a.childForFieldName("left")?.namedChildren ?? []).some((l) => {
      const t = pathText(l);
      return (
        t !== null && (key.startsWith(".") ? t.endsWith(key) && t !== key.slice(1) : t === key)
      );
    });
    if (!hit) continue;
    // A package variable's first fill at package scope is not a rebuild; any assignment in code is.
    const fn = enclosingFunction(a);
    if (!fn) continue;
    const gate = gatingFlag(a);
    if (gate === null) return "always";
    flag ??= gate;
  }
  return flag;
}
