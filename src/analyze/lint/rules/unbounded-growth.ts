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
 * "Only grows" is a leak only in a process that runs for as long as work
 * keeps arriving (a server, a consumer); in a batch program the same table is
 * bounded by the program's input and freed at exit. Syntax cannot see the
 * process, so the rule keeps to the shapes that mean a service and drops the
 * shapes that mean a batch program:
 * - only growth inside methods: a service's request path is a method of its
 *   server/handler type, while growth from plain functions is, in practice, a
 *   tool's set-up (measured on the standard library: without this, 78
 *   findings, all in the compiler and linker);
 * - not in init or a Register-like method (a fixed set of plug-ins, added
 *   once), and not in files that import testing (a test is a short process);
 * - not in a file under a `cmd/` directory, Go's layout for commands, unless
 *   the file imports a network server package (net, net/http, net/rpc, gRPC):
 *   in the Go tree every cmd/ package is a batch tool (cgo, the compiler, the
 *   go command, the linker), and these held all 10 remaining standard-library
 *   findings, every one a table bounded by the tool's input; a service's
 *   main under cmd/ that serves requests itself still imports one of those.
 *   (The path is the one the engine was given: a file linted from inside its
 *   cmd/ directory is not recognised, and is reported.)
 * - not in `//go:build ignore` files: generators that `go generate` runs once;
 * - not map writes with a constant key (`blockStats["total"] += n`, a const
 *   name declared in the file): a fixed set of counters updates entries and
 *   adds none (syncthing's block statistics, the one service-corpus finding).
 * Requiring the added value to derive from the method's parameters (a
 * request's data) was measured too and rejected: the compiler's tables are
 * filled from parameters just as a server's log is.
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
    if (batchProgram(ctx)) return [];
    const consts = new Set(
      findAll(root, "const_spec").flatMap((c) => c.childrenForFieldName("name").map((n) => n.text)),
    );
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
          // `stats["total"] += n`: a fixed key updates an entry, it adds none.
          if (constantKey(l.childForFieldName("index"), consts)) return;
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

/** Network server packages: a file importing one serves requests, wherever it lives. */
const SERVER_IMPORTS = ["net", "net/http", "net/rpc", "google.golang.org/grpc"];

/** A file of a command under cmd/ that serves nothing itself, or a go:generate program. */
function batchProgram(ctx: LintFileContext): boolean {
  const root = ctx.file.root;
  if (/^\/\/go:build ignore\s*$/m.test(headerComments(root))) return true;
  if (!/(^|[\\/])cmd[\\/]/.test(ctx.path)) return false;
  return !SERVER_IMPORTS.some((p) => importName(root, p) !== null);
}

/** The comments before the package clause, where build constraints live. */
function headerComments(root: SyntaxNode): string {
  const out: string[] = [];
  for (const n of root.namedChildren) {
    if (n?.type !== "comment") break;
    out.push(n.text);
  }
  return out.join("\n");
}

/** A literal key or a constant declared in this file. */
function constantKey(key: SyntaxNode | null, consts: Set<string>): boolean {
  if (!key) return false;
  if (
    [
      "interpreted_string_literal",
      "raw_string_literal",
      "int_literal",
      "rune_literal",
      "true",
      "false",
    ].includes(key.type)
  )
    return true;
  return key.type === "identifier" && consts.has(key.text);
}
