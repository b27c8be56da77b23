import { fail, ok, type Result } from "../base/result.js";
import { ESCAPE_TRAP_IDS, type EscapeTrapId } from "../analyze/escape-classify.js";
import type { EscapeFinding } from "../analyze/escape-findings.js";
import {
  ESCAPE_KINDS,
  type EscapeMessage,
  type EscapePosition,
  type Explanation,
} from "../model/escape.js";
import { ESCAPE_SCHEMA } from "./escape.js";

/** A memsnap/escape@1 document read back: what `memsnap escape diff A.json B.json` compares. */
export interface EscapeJsonInput {
  readonly findings: EscapeFinding[];
  readonly goVersion?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const KINDS = new Set<string>(ESCAPE_KINDS);
const TRAPS = new Set<string>(ESCAPE_TRAP_IDS);

/**
 * Reads the output of escapeJson back into findings, keeping each one's
 * scenario as written (reclassifying would need the sources). Checks the
 * shape the rest of memsnap relies on; a problem is one line naming the
 * field ("messages[3].line: expected an integer").
 */
export function readEscapeJson(text: string): Result<EscapeJsonInput> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail(
      `not JSON: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ")}`,
    );
  }
  if (!isObj(doc) || doc["schema"] !== ESCAPE_SCHEMA) {
    const got = isObj(doc) ? JSON.stringify(doc["schema"] ?? null) : "none";
    return fail(`not a memsnap escape report: schema is ${got}, expected "${ESCAPE_SCHEMA}"`);
  }
  const gv = doc["goVersion"];
  if (gv !== null && gv !== undefined && typeof gv !== "string")
    return fail("goVersion: expected a string or null");
  const raw = doc["messages"];
  if (!Array.isArray(raw)) return fail("messages: expected an array");
  const findings: EscapeFinding[] = [];
  for (const [i, m] of raw.entries()) {
    const r = readMessage(m, `messages[${i}]`);
    if (!r.ok) return r;
    findings.push(r.value);
  }
  return ok({ findings, ...(typeof gv === "string" ? { goVersion: gv } : {}) });
}

function readMessage(m: unknown, at: string): Result<EscapeFinding> {
  if (!isObj(m)) return fail(`${at}: expected an object`);
  for (const f of ["file", "path", "kind", "message", "pkg", "expr", "source"]) {
    if (typeof m[f] !== "string") return fail(`${at}.${f}: expected a string`);
  }
  for (const f of ["line", "column"]) {
    if (!Number.isInteger(m[f])) return fail(`${at}.${f}: expected an integer`);
  }
  const kind = m["kind"] as string;
  if (!KINDS.has(kind)) return fail(`${at}.kind: unknown kind "${kind}"`);
  if (!["text", "json", "both"].includes(m["source"] as string))
    return fail(`${at}.source: expected text, json or both`);
  if (typeof m["heap"] !== "boolean") return fail(`${at}.heap: expected a boolean`);
  const trap = m["trap"];
  if (trap !== null && (typeof trap !== "string" || !TRAPS.has(trap)))
    return fail(`${at}.trap: unknown scenario ${JSON.stringify(trap)}`);
  const func = m["func"];
  if (func !== null && typeof func !== "string")
    return fail(`${at}.func: expected a string or null`);
  const detail = m["detail"];
  if (!isObj(detail)) return fail(`${at}.detail: expected an object`);
  const chain = readChain(m["chain"], `${at}.chain`);
  if (!chain.ok) return chain;
  const inlinedAt = m["inlinedAt"];
  if (inlinedAt !== undefined && (!Array.isArray(inlinedAt) || !inlinedAt.every(isPos))) {
    return fail(`${at}.inlinedAt: expected positions`);
  }
  const code = m["code"];
  if (code !== undefined && typeof code !== "string") return fail(`${at}.code: expected a string`);
  const message = {
    ...detail,
    kind,
    pos: { file: m["file"], path: m["path"], line: m["line"], column: m["column"] },
    pkg: m["pkg"],
    ...(func === null ? {} : { func }),
    expr: m["expr"],
    message: m["message"],
    ...(code === undefined ? {} : { code }),
    chain: chain.value,
    ...(inlinedAt === undefined ? {} : { inlinedAt }),
    source: m["source"],
  } as EscapeMessage;
  const reason = typeof m["trapReason"] === "string" ? m["trapReason"] : "";
  return ok(
    trap === null
      ? { message, heap: m["heap"] as boolean }
      : { message, heap: m["heap"] as boolean, trap: { id: trap as EscapeTrapId, reason } },
  );
}

function isPos(p: unknown): p is EscapePosition {
  return (
    isObj(p) &&
    typeof p["file"] === "string" &&
    typeof p["path"] === "string" &&
    Number.isInteger(p["line"]) &&
    Number.isInteger(p["column"])
  );
}

const posOrNull = (p: unknown): boolean => p === null || isPos(p);

function readChain(c: unknown, at: string): Result<Explanation[]> {
  if (!Array.isArray(c)) return fail(`${at}: expected an array`);
  for (const [i, e] of c.entries()) {
    const here = `${at}[${i}]`;
    if (!isObj(e) || typeof e["header"] !== "string" || typeof e["root"] !== "string") {
      return fail(`${here}: expected an explanation with header and root`);
    }
    if (typeof e["truncated"] !== "boolean" || !Array.isArray(e["flows"])) {
      return fail(`${here}: expected flows and truncated`);
    }
    for (const [j, f] of e["flows"].entries()) {
      const ok =
        isObj(f) &&
        typeof f["to"] === "string" &&
        typeof f["from"] === "string" &&
        typeof f["text"] === "string" &&
        Number.isInteger(f["derefs"]) &&
        posOrNull(f["pos"]) &&
        Array.isArray(f["steps"]) &&
        f["steps"].every(
          (s: unknown) =>
            isObj(s) &&
            typeof s["where"] === "string" &&
            typeof s["reason"] === "string" &&
            posOrNull(s["pos"]),
        );
      if (!ok) return fail(`${here}.flows[${j}]: expected to, from, text, derefs, pos and steps`);
    }
  }
  return ok(c as Explanation[]);
}
