import { fileURLToPath } from "node:url";
import { GateError, InputError, UserError } from "../../base/errors.js";
import {
  compareBaseline,
  makeBaseline,
  baselineText,
  parseBaseline,
} from "../../analyze/escape-baseline.js";
import { escapeFindings, parseKindList, type EscapeFilter } from "../../analyze/escape-findings.js";
import { functionGraph } from "../../analyze/escape-graph.js";
import { hiddenAllocations } from "../../analyze/hidden-allocs.js";
import type { AsmListing } from "../../model/asm.js";
import { baselineComparisonJson, baselineComparisonText } from "../../report/escape-diff.js";
import { flowGraphDot, flowGraphMermaid } from "../../report/escape-graph.js";
import { escapeSarif } from "../../report/escape-sarif.js";
import { escapeJson, escapeText } from "../../report/escape.js";
import { hiddenAllocsJson, hiddenAllocsText } from "../../report/hidden-allocs.js";
import { directoryUri } from "../../report/sarif.js";
import { readInputFile, writeFileAtomic } from "../../toolchain/files.js";
import type { CommandContext } from "../context.js";
import { VERSION } from "../version.js";
import { writeJsonStreamed } from "./json-out.js";
import type { LoadedEscape } from "./load.js";

export interface ViewOptions {
  all?: boolean;
  kind?: string[];
  func?: string;
  file?: string;
  graph?: string;
  graphFormat: "dot" | "mermaid";
  sarif?: boolean;
  writeBaseline?: string;
  baseline?: string;
}

/** The views `--from-log` streams package by package; the others read the whole log. */
export const streamable = (o: ViewOptions): boolean =>
  o.graph === undefined && !o.sarif && !o.baseline && !o.writeBaseline;

/** Filters from the flags; a bad --kind or --func is a usage error. */
export function findingsFilter(o: ViewOptions): EscapeFilter {
  const kinds = o.kind ? parseKindList(o.kind) : undefined;
  if (kinds && !kinds.ok) throw new UserError(`--kind: ${kinds.error}`);
  let func: RegExp | undefined;
  try {
    func = o.func === undefined ? undefined : new RegExp(o.func);
  } catch (e) {
    throw new UserError(`--func ${o.func}: ${(e as Error).message}`);
  }
  return {
    ...(kinds?.ok ? { kinds: kinds.value } : {}),
    ...(func ? { func } : {}),
    ...(o.file ? { file: o.file } : {}),
    ...(o.all ? { all: true } : {}),
  };
}

/** One toolchain's report: the view asked for, the baseline written or checked. */
export function emitEscape(
  ctx: CommandContext,
  loaded: LoadedEscape,
  o: ViewOptions,
  asm: AsmListing | null,
): void {
  const filter = findingsFilter(o); // a bad --kind or --func fails whatever the view
  if (o.graph !== undefined) return emitGraph(ctx, loaded, o);
  const r = escapeFindings(loaded.report, { ctx: loaded.ctx, filter });
  if (o.writeBaseline) {
    const b = makeBaseline(r.findings, loaded.goVersion ? { goVersion: loaded.goVersion } : {});
    writeFileAtomic(o.writeBaseline, Buffer.from(baselineText(b)));
  }
  const cmp = o.baseline ? compareBaseline(readBaseline(o.baseline), r.findings) : null;
  const hidden = asm ? hiddenAllocations(asm, loaded.report, loaded.baseDir) : null;
  if (o.sarif) {
    const log = escapeSarif(r, {
      toolVersion: VERSION,
      baseDir: loaded.baseDir,
      docsBase: directoryUri(fileURLToPath(new URL("../../../docs/traps/", import.meta.url))),
      ...(loaded.goVersion ? { goVersion: loaded.goVersion } : {}),
    });
    ctx.io.stdout.write(JSON.stringify(log, null, 2) + "\n");
  } else if (ctx.json) {
    const doc = {
      ...escapeJson(r, loaded.goVersion ? { goVersion: loaded.goVersion } : {}),
      ...(cmp ? { baseline: baselineComparisonJson(cmp) } : {}),
      ...(hidden ? { hidden: hiddenAllocsJson(hidden) } : {}),
    };
    writeJsonStreamed((s) => ctx.io.stdout.write(s), doc, "messages");
  } else {
    ctx.emit(
      null,
      () =>
        escapeText(r, ctx.style) +
        (hidden ? "\n" + hiddenAllocsText(hidden, ctx.style) : "") +
        (cmp ? "\n" + baselineComparisonText(cmp, ctx.style) : ""),
    );
  }
  for (const note of loaded.notes) ctx.io.stderr.write(`memsnap: note: ${note}\n`);
  if (cmp && cmp.counts.new > 0) {
    throw new GateError(
      `escape: ${cmp.counts.new} new heap allocation${cmp.counts.new === 1 ? "" : "s"} against ${o.baseline}`,
    );
  }
}

function emitGraph(ctx: CommandContext, loaded: LoadedEscape, o: ViewOptions): void {
  const g = functionGraph(loaded.report.messages, o.graph ?? "");
  if (g.nodes.length === 0) {
    throw new UserError(
      `--graph ${o.graph}: no escape flows for that function (need -m=2 or JSON input)`,
    );
  }
  ctx.io.stdout.write(o.graphFormat === "mermaid" ? flowGraphMermaid(g) : flowGraphDot(g));
}

function readBaseline(file: string) {
  const r = parseBaseline(Buffer.from(readInputFile(file, 256 * 1024 ** 2)).toString("utf8"));
  if (!r.ok) throw new InputError(file, r.error);
  return r.value;
}
