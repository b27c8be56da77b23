/**
 * benchstat's unit handling (golang.org/x/perf benchunit tidy.go and
 * parse.go): it reads ns/op as sec/op (value × 1e-9) and MB/s as B/s (× 1e6),
 * rewrites "ns" and "MB" in the numerator of custom units the same way, and
 * scales a unit with bytes in its numerator by powers of 1024, any other by
 * powers of 1000.
 */

export type UnitClass = "decimal" | "binary";

/** benchunit.Tidy: the unit benchstat shows and the factor that gets there. */
export function tidyUnit(unit: string): { readonly unit: string; readonly factor: number } {
  switch (unit) {
    case "ns/op":
      return { unit: "sec/op", factor: 1e-9 };
    case "MB/s":
      return { unit: "B/s", factor: 1e6 };
    case "B/op":
    case "allocs/op":
      return { unit, factor: 1 };
  }
  if (!unit.includes("ns") && !unit.includes("MB")) return { unit, factor: 1 };
  let factor = 1;
  const edits: { pos: number; len: number; to: string }[] = [];
  for (const tok of unitTokens(unit)) {
    if (tok.denom) continue;
    if (tok.text === "ns") {
      edits.push({ pos: tok.pos, len: 2, to: "sec" });
      factor /= 1e9;
    } else if (tok.text === "MB") {
      edits.push({ pos: tok.pos, len: 2, to: "B" });
      factor *= 1e6;
    }
  }
  let tidied = unit;
  for (const e of edits.reverse()) tidied = tidied.slice(0, e.pos) + e.to + tidied.slice(e.pos + e.len); // prettier-ignore
  return { unit: tidied, factor };
}

/** benchunit.ClassOf. */
export function unitClass(unit: string): UnitClass {
  for (const tok of unitTokens(unit)) {
    if (!tok.denom && (tok.text === "B" || tok.text === "MB" || tok.text === "bytes")) return "binary"; // prettier-ignore
  }
  return "decimal";
}

/** benchunit's parser: tokens split at "*", "/", "-" and spaces; "/" starts the denominator, "*" ends it. */
function* unitTokens(unit: string): Generator<{ text: string; pos: number; denom: boolean }> {
  let denom = false;
  let i = 0;
  while (i < unit.length) {
    const c = unit[i] ?? "";
    if (c === "*") denom = false;
    else if (c === "/") denom = true;
    else if (!(c === "-" || /\s/u.test(c))) {
      let end = i;
      while (end < unit.length && !/[*/\-\s]/u.test(unit[end] ?? "")) end++;
      yield { text: unit.slice(i, end), pos: i, denom };
      i = end;
      continue;
    }
    i++;
  }
}
