import {
  calleeName,
  enclosingDeclaration,
  enclosingFunction,
  fieldText,
  findAll,
  type SyntaxNode,
} from "../../../formats/gosyntax/index.js";
import { span, type LintFileContext, type LintFinding, type LintRule } from "../rule.js";
import {
  argsOf,
  importName,
  localNames,
  packageContainers,
  pathText,
  type ContainerKind,
} from "./group-b-syntax.js";

/**
 * A package-level slice or map that code only ever adds to. A package
 * variable is a GC root, so nothing it references is ever garbage; if the
 * file holds no delete, trim, reset or reassignment of it, it can only grow.
 *
 * Conservative: only package variables declared in this file, only growth
 * inside functions (package-scope initialisers are a fixed size), and not in
 * init or in functions whose name says they register something (done once
 * per plug-in, at start-up), and only from methods: growth from plain
 * functions is, in practice, a batch program's tables (measured on the
 * standard library: the compiler and linker). Files that import testing are
 * skipped.
 */
export const unboundedGrowth: LintRule = {
  id: "unbounded-growth",
  title: "A package-level slice or map only ever grows",
  severity: "error",
  check(ctx: LintFileContext): LintFinding[] {
    const root = ctx.file.root;
    const vars = packageContainers(root);
    // Tests are short-lived processes; their package state is set-up, not a service's.
    if (vars.size === 0 || importName(root, "testing")) return [];
    const growth = new Map<string, SyntaxNode>();
    const shrinks = new Set<string>();
    for (const call of findAll(root, "call_expression")) {
      const name = calleeName(call);
      if (name !== "delete" && name !== "clear") continue;
      const t = pathText(argsOf(call)[0]);
      if (t && vars.has(t)) shrinks.add(t);
    }
    for (const a of findAll(root, "assignment_statement")) {
      const fn = enclosingFunction(a);
      const lefts = a.childForFieldName("left")?.namedChildren ?? [];
      const rights = a.childForFieldName("right")?.namedChildren ?? [];
      lefts.forEach((l, i) => {
        if (!l) return;
        if (l.type === "identifier" && vars.has(l.text)) {
          if (fn && localNames(fn).has(l.text)) return;
          if (a.childForFieldName("operator")?.text === "=" && isSelfAppend(rights[i], l.text)) {
            if (fn && !growth.has(l.text)) growth.set(l.text, a);
          } else {
            shrinks.add(l.text); // reset, trim, rebuild: someone manages its size
          }
          return;
        }
        const operand = l.type === "index_expression" ? l.childForFieldName("operand") : null;
        if (operand?.type === "identifier" && vars.get(operand.text) === "map") {
          if (!fn || localNames(fn).has(operand.text)) return;
          if (!growth.has(operand.text)) growth.set(operand.text, a);
        }
      });
    }
    const findings: LintFinding[] = [];
    for (const [name, site] of growth) {
      if (shrinks.has(name) || registration(site)) continue;
      const kind = vars.get(name) as ContainerKind;
      findings.push({
        rule: "unbounded-growth",
        severity: "error",
        ...span(ctx, site),
        subject: name,
        message:
          kind === "slice"
            ? `\`${name}\` is a package-level slice that is appended to and never trimmed or reset in this file: it keeps every element ever added.`
            : `\`${name}\` is a package-level map that gets new keys and never loses any in this file: it keeps every entry ever added.`,
        why: "A package variable is a GC root: everything it references stays reachable for the life of the process, so the live heap grows with every addition and no GC setting helps.",
        fix:
          kind === "slice"
            ? `Bound it: keep the last N in a ring buffer (\`ring[next%N] = x; next++\`), or trim it (\`${name} = ${name}[len(${name})-N:]\` after copying), or move old entries out of the heap (a file, a database).`
            : `Bound it: evict entries (\`delete(${name}, oldest)\` when \`len(${name}) > max\`, an LRU), or give entries a lifetime and delete them when it ends.`,
      });
    }
    return findings;
  },
};

/** `x = append(x, ...)`: the right side grows `x` itself. */
function isSelfAppend(right: SyntaxNode | null | undefined, name: string): boolean {
  if (right?.type !== "call_expression" || calleeName(right) !== "append") return false;
  return argsOf(right)[0]?.text === name;
}

/** Growth in init or a Register-like function: a fixed set of plug-ins, added once. */
function registration(site: SyntaxNode): boolean {
  const decl = enclosingDeclaration(site);
  // Growth from a plain function is mostly a batch tool's set-up (a compiler's tables, a
  // command's flags): only methods, the shape of a service's request path, are reported.
  if (decl?.type !== "method_declaration") return true;
  const name = fieldText(decl, "name");
  return name === "init" || /regist|^must/i.test(name);
}
