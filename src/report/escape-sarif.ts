import { identityKey, findingIdentity } from "../analyze/escape-baseline.js";
import { ESCAPE_TRAP_IDS } from "../analyze/escape-classify.js";
import type { EscapeFindings } from "../analyze/escape-findings.js";
import type { EscapeMessage } from "../model/escape.js";
import { ESCAPE_TRAP_INFO, flowText } from "./escape.js";
import {
  sarifLog,
  type SarifLocationInput,
  type SarifLog,
  type SarifResultInput,
} from "./sarif.js";

export interface EscapeSarifOptions {
  /** memsnap's version, for tool.driver.version. */
  readonly toolVersion: string;
  /** The absolute directory the findings' paths are relative to (originalUriBaseIds.SRCROOT). */
  readonly baseDir?: string;
  /**
   * An absolute URI of the directory holding the trap pages, ending in "/"
   * (SARIF's helpUri must be absolute): the installed package's docs/traps/
   * as a file: URI (directoryUri), or a web copy. Without it rules carry the
   * page's path in their help text only.
   */
  readonly docsBase?: string;
  readonly goVersion?: string;
}

/** The fingerprint name: a finding's position-independent identity plus its rank among equals. */
export const ESCAPE_FINGERPRINT = "memsnapEscapeIdentity/v1";

/**
 * One result per heap finding (rule = its scenario, level "note": heap
 * allocation is a cost, not a bug); the explanation's steps become related
 * locations, each with the flow and reason it shows.
 */
export function escapeSarif(r: EscapeFindings, opts: EscapeSarifOptions): SarifLog {
  const rules = ESCAPE_TRAP_IDS.map((id) => ({
    id,
    name: id,
    shortDescription: ESCAPE_TRAP_INFO[id].title,
    fullDescription: ESCAPE_TRAP_INFO[id].summary,
    ...(id === "other" || !opts.docsBase ? {} : { helpUri: `${opts.docsBase}${id}.md` }),
    help: `${ESCAPE_TRAP_INFO[id].summary}${id === "other" ? "" : ` See docs/traps/${id}.md.`}`,
    level: "note" as const,
  }));
  const seen = new Map<string, number>();
  const results: SarifResultInput[] = [];
  for (const f of r.findings) {
    if (!f.heap || !f.trap) continue;
    const m = f.message;
    const key = identityKey(findingIdentity(m)).replace(/\0/g, "|");
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    results.push({
      ruleId: f.trap.id,
      message: `${m.message} (${f.trap.id}: ${f.trap.reason})${m.func ? ` in ${m.func}` : ""}`,
      location: { path: m.pos.path, line: m.pos.line, column: m.pos.column },
      related: related(m),
      fingerprints: { [ESCAPE_FINGERPRINT]: `${key}#${n}` },
      properties: { kind: m.kind, pkg: m.pkg, ...(m.func ? { func: m.func } : {}), expr: m.expr },
    });
  }
  return sarifLog({
    tool: { name: "memsnap", version: opts.toolVersion },
    rules,
    results,
    ...(opts.baseDir === undefined ? {} : { baseDir: opts.baseDir }),
    ...(opts.goVersion ? { properties: { goVersion: opts.goVersion } } : {}),
  });
}

/** Each step of each flow that has a position; steps without one point at the flow. */
function related(m: EscapeMessage): SarifLocationInput[] {
  const out: SarifLocationInput[] = [];
  const seen = new Set<string>();
  for (const e of m.chain) {
    for (const f of e.flows) {
      const flow = flowText(f);
      for (const s of f.steps) {
        const p = s.pos ?? f.pos;
        if (!p || p.line === 0) continue;
        const message = `${s.where} (${s.reason}) — ${flow}`;
        const k = `${p.path}:${p.line}:${p.column}:${message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ path: p.path, line: p.line, column: p.column, message });
      }
    }
  }
  return out;
}
