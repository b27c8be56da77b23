import type { Label } from "../model/profile.js";

/**
 * A name pattern as pprof takes it (a Go regexp, matched unanchored), plus
 * the glob form used in the field (`*http.Request`): a pattern that starts
 * with `*` cannot be a regexp, so it is read as a glob where `*` is any text.
 */
export function compilePattern(pattern: string): RegExp | string {
  if (pattern.startsWith("*")) {
    const body = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(body);
  }
  let flags = "";
  let source = pattern;
  // Go's inline flag group at the start; JavaScript takes flags apart.
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = inline[1] ?? "";
    source = source.slice(inline[0].length);
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
  pb: 1024 ** 5,
};
const BYTE_ALIASES: Record<string, string> = {
  byte: "b",
  kilobyte: "kb",
  megabyte: "mb",
  gigabyte: "gb",
  terabyte: "tb",
  petabyte: "pb",
};
// Label keys pprof reads as byte counts when the label carries no unit.
const BYTE_KEYS = new Set(["bytes", "alignment", "request"]);

function byteMultiplier(unit: string): number | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith("s")) u = u.slice(0, -1);
  return BYTE_UNITS[BYTE_ALIASES[u] ?? u];
}

/**
 * pprof's -tagfocus: a numeric range (`1mb`, `64kb:1mb`, `:300b`, `1kb:`,
 * optionally `key=...`) compared in bytes, or comma-separated regexps over
 * string labels. Returns the sample predicate, or a problem.
 */
export function compileTagFilter(
  text: string,
): ((labels: readonly Label[] | undefined) => boolean) | string {
  let key = "";
  let value = text;
  const eq = text.indexOf("=");
  if (eq >= 0) {
    key = text.slice(0, eq);
    value = text.slice(eq + 1);
  }
  const range = tagRange(value);
  if (range) {
    const [lo, hi] = range;
    return (labels) =>
      (labels ?? []).some((l) => {
        if (l.str !== "" || (key && l.key !== key)) return false;
        if (!BYTE_KEYS.has(l.numUnit || l.key) && byteMultiplier(l.numUnit || "") === undefined)
          return false;
        const v = l.num * (byteMultiplier(l.numUnit || "b") ?? 1);
        return v >= lo && v <= hi;
      });
  }
  const regexes: RegExp[] = [];
  for (const part of value.split(",")) {
    const re = compilePattern(part);
    if (typeof re === "string") return `parsing tagfocus regexp ${part}: ${re}`;
    regexes.push(re);
  }
  if (key) {
    return (labels) =>
      (labels ?? []).some(
        (l) => l.key === key && l.str !== "" && regexes.some((r) => r.test(l.str)),
      );
  }
  return (labels) =>
    regexes.every((r) => (labels ?? []).some((l) => l.str !== "" && r.test(`${l.key}:${l.str}`)));
}

/** [lo, hi] in bytes for the range forms M, M:, :M, M1:M2; undefined when not a byte range. */
function tagRange(value: string): [number, number] | undefined {
  const m = /^([+-]?\d+)([a-zA-Z]+)?(:)?([+-]?\d+)?([a-zA-Z]+)?$|^:([+-]?\d+)([a-zA-Z]+)?$/.exec(
    value,
  );
  if (!m) return undefined;
  const scale = (n: string | undefined, unit: string | undefined) => {
    const mult = unit ? byteMultiplier(unit) : undefined;
    return mult === undefined ? undefined : Number(n) * mult;
  };
  if (m[6] !== undefined) {
    const hi = scale(m[6], m[7]);
    return hi === undefined ? undefined : [-Infinity, hi];
  }
  const lo = scale(m[1], m[2]);
  if (lo === undefined) return undefined;
  if (!m[3]) return m[4] === undefined ? [lo, lo] : undefined;
  if (m[4] === undefined) return [lo, Infinity];
  // pprof scales the upper bound in the lower bound's unit family.
  const hi = scale(m[4], m[5] ?? m[2]);
  return hi === undefined ? undefined : [lo, hi];
}
