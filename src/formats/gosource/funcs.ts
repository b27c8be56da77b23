import { fail, ok, type Result } from "../../base/result.js";

/** A 1-based line and byte column, as the compiler counts them. */
export interface SourcePoint {
  readonly line: number;
  readonly column: number;
}

/** A function declaration or literal and the source it spans, from `func` to its closing brace. */
export interface GoFunc {
  /**
   * The name the compiler gives it: "F", "(*T).M", "T.M", and for literals
   * "F.func1", "F.func1.1", "(*T).M.func2", "init.func1" at package level.
   * Type parameters are left out ("(*List).Push", where the compiler says
   * "(*List[go.shape.int]).Push").
   */
  readonly name: string;
  readonly start: SourcePoint;
  readonly end: SourcePoint;
  /** Literals only: the name of the function it is written in. */
  readonly parent?: string;
  /** A declaration without a body (implemented in assembly). */
  readonly bodyless?: boolean;
}

export interface ScanOptions {
  /**
   * How the compiler names func literals in package-level initializers:
   * "init" (init.func1, Go >= 1.22) or "glob." (glob..func1, older releases).
   */
  readonly globalPrefix?: "init" | "glob.";
}

/**
 * Finds the functions of one Go file with a small lexer (comments, strings,
 * raw strings, runes) and brace matching: top-level declarations with their
 * receivers, and func literals numbered the way cmd/compile numbers closures
 * (ir.closureName: per enclosing function, in source order; ".funcN" directly
 * in a declaration, ".N" inside another literal). Exact for gofmt'ed code;
 * range-over-func bodies ("F-range1") and the wrappers of go/defer
 * statements ("F.gowrap1") are not functions here: their positions fall in
 * the enclosing function. Package-level literals are numbered per file; the
 * compiler numbers them across the package's files in order, which
 * attachFuncs does by scanning the files in name order.
 */
export function scanGoFuncs(
  text: string,
  opts: ScanOptions = {},
  /** Package-level literals in the package's earlier files. */
  globalStart = 0,
): Result<GoFunc[]> {
  const toks = tokenize(text);
  if (typeof toks === "string") return fail(toks);
  const s = new Scanner(text, toks, opts.globalPrefix ?? "init", globalStart);
  return s.run();
}

type Tok = { readonly t: string; readonly at: number };

/** Identifiers, punctuation and opaque literals; comments dropped; newlines kept as ";". */
function tokenize(text: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] ?? "";
    if (c === "\n") {
      out.push({ t: ";", at: i });
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "/" && text[i + 1] === "/") {
      const e = text.indexOf("\n", i);
      i = e < 0 ? n : e;
    } else if (c === "/" && text[i + 1] === "*") {
      const e = text.indexOf("*/", i + 2);
      if (e < 0) return `line ${lineOf(text, i)}: unterminated comment`;
      if (text.slice(i, e).includes("\n")) out.push({ t: ";", at: i });
      i = e + 2;
    } else if (c === "`") {
      const e = text.indexOf("`", i + 1);
      if (e < 0) return `line ${lineOf(text, i)}: unterminated raw string`;
      out.push({ t: "lit", at: i });
      i = e + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (j >= n || text[j] !== c)
        return `line ${lineOf(text, i)}: unterminated ${c === '"' ? "string" : "rune"}`;
      out.push({ t: "lit", at: i });
      i = j + 1;
    } else if (/[\p{L}_]/u.test(c)) {
      let j = i + 1;
      while (j < n && /[\p{L}\p{Nd}_]/u.test(text[j] ?? "")) j++;
      out.push({ t: text.slice(i, j), at: i });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9a-zA-Z_.]/.test(text[j] ?? "")) j++;
      out.push({ t: "lit", at: i });
      i = j;
    } else {
      out.push({ t: c, at: i });
      i++;
    }
  }
  return out;
}

const lineOf = (text: string, at: number): number => {
  let l = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) l++;
  return l;
};

// A Map, not an object literal: an identifier token such as "toString" or
// "constructor" would find Object.prototype's member and count as a bracket
// (std's testing/quick/quick.go calls toString).
const OPEN: ReadonlyMap<string, string> = new Map([
  ["(", ")"],
  ["[", "]"],
  ["{", "}"],
]);

class Scanner {
  private readonly out: GoFunc[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
    private readonly globalPrefix: string,
    private globalGen: number,
  ) {
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  run(): Result<GoFunc[]> {
    let depth = 0;
    let i = 0;
    while (i < this.toks.length) {
      const t = this.tok(i);
      if (t === "func" && depth === 0 && this.atLineStart(i)) {
        const r = this.declaration(i);
        if (typeof r === "string") return fail(r);
        i = r;
        continue;
      }
      if (t === "func" && this.isLiteral(i)) {
        // A literal in a package-level initializer.
        const r = this.literal(i, this.globalPrefix, true);
        if (typeof r === "string") return fail(r);
        i = r;
        continue;
      }
      if (OPEN.has(t)) depth++;
      else if (t === ")" || t === "]" || t === "}") depth = Math.max(0, depth - 1);
      i++;
    }
    this.out.sort((a, b) => a.start.line - b.start.line || a.start.column - b.start.column);
    return ok(this.out);
  }

  private atLineStart(i: number): boolean {
    const prev = this.toks[i - 1];
    return prev === undefined || prev.t === ";";
  }

  /** func (recv) Name[T any](params) results { body } */
  private declaration(i: number): number | string {
    let j = i + 1;
    let recv = "";
    if (this.tok(j) === "(") {
      const close = this.match(j);
      if (close < 0) return this.err(j, "unbalanced receiver");
      recv = this.receiverType(j + 1, close);
      j = close + 1;
    }
    const nameTok = this.toks[j];
    if (!nameTok || !/^[\p{L}_]/u.test(nameTok.t)) return this.err(j, "expected a function name");
    const name = recv ? `${recv}.${nameTok.t}` : nameTok.t;
    j++;
    if (this.tok(j) === "[") {
      const close = this.match(j);
      if (close < 0) return this.err(j, "unbalanced type parameters");
      j = close + 1;
    }
    const body = this.signatureEnd(j);
    if (typeof body === "string") return body;
    if (body.open < 0) {
      this.push(name, i, body.next - 1, undefined, true);
      return body.next;
    }
    const close = this.match(body.open);
    if (close < 0) return this.err(body.open, "unbalanced function body");
    this.push(name, i, close);
    this.literalsIn(body.open + 1, close, name, true);
    return close + 1;
  }

  /** "(*T)" or "(t *T[K, V])" or "(T)" -> "(*T)" / "T". */
  private receiverType(from: number, to: number): string {
    const ts = this.toks
      .slice(from, to)
      .map((t) => t.t)
      .filter((t) => t !== ";");
    const br = ts.indexOf("[");
    const core = br < 0 ? ts : ts.slice(0, br);
    const star = core.includes("*");
    const ident = core.filter((t) => /^[\p{L}_]/u.test(t));
    const type = ident[ident.length - 1] ?? "";
    return star ? `(*${type})` : type;
  }

  /**
   * After the name (or `func` of a literal): skips parameters and results.
   * Returns the index of the body's "{", or -1 with the index after the
   * signature when there is no body.
   */
  private signatureEnd(j: number): { open: number; next: number } | string {
    if (this.tok(j) !== "(") return this.err(j, "expected parameters");
    const close = this.match(j);
    if (close < 0) return this.err(j, "unbalanced parameters");
    let k = close + 1;
    // Results: a list in parentheses, or a type that runs up to the body.
    while (k < this.toks.length) {
      const t = this.tok(k);
      if (t === "{") {
        const prev = this.tok(k - 1);
        if (prev === "struct" || prev === "interface") {
          const c = this.match(k);
          if (c < 0) return this.err(k, "unbalanced type");
          k = c + 1;
          continue;
        }
        return { open: k, next: k };
      }
      if (t === "(" || t === "[") {
        const c = this.match(k);
        if (c < 0) return this.err(k, "unbalanced result");
        k = c + 1;
        continue;
      }
      if (t === ";" || t === ")" || t === "]" || t === "}" || t === "," || t === "=") {
        return { open: -1, next: k };
      }
      k++;
    }
    return { open: -1, next: k };
  }

  /** A `func` token inside code starts a literal unless it is part of a type. */
  private isLiteral(i: number): boolean {
    const prev = this.tok(i - 1);
    if (prev === "]" || prev === "*" || prev === "chan" || prev === "type") return false;
    const sig = this.signatureEnd(i + 1);
    return typeof sig !== "string" && sig.open >= 0;
  }

  /** Records the literal at token i and its own literals; returns the index after it. */
  private literal(i: number, parent: string, direct: boolean): number | string {
    const sig = this.signatureEnd(i + 1);
    if (typeof sig === "string" || sig.open < 0) return i + 1;
    const close = this.match(sig.open);
    if (close < 0) return this.err(sig.open, "unbalanced func literal");
    let name: string;
    if (parent === this.globalPrefix) name = `${this.globalPrefix}.func${++this.globalGen}`;
    else name = `${parent}${direct ? ".func" : "."}${this.nextGen(parent)}`;
    this.push(name, i, close, parent === this.globalPrefix ? undefined : parent);
    this.literalsIn(sig.open + 1, close, name, false);
    return close + 1;
  }

  private readonly gens = new Map<string, number>();
  private nextGen(parent: string): number {
    const n = (this.gens.get(parent) ?? 0) + 1;
    this.gens.set(parent, n);
    return n;
  }

  private literalsIn(from: number, to: number, parent: string, direct: boolean): void {
    let k = from;
    while (k < to) {
      if (this.tok(k) === "func" && this.isLiteral(k)) {
        const r = this.literal(k, parent, direct);
        k = typeof r === "string" ? k + 1 : r;
      } else k++;
    }
  }

  private push(name: string, from: number, to: number, parent?: string, bodyless?: boolean): void {
    const a = this.toks[from]?.at ?? 0;
    const b = this.toks[to]?.at ?? a;
    this.out.push({
      name,
      start: this.point(a),
      end: this.point(b),
      ...(parent === undefined ? {} : { parent }),
      ...(bodyless ? { bodyless: true } : {}),
    });
  }

  /** The 1-based line and byte column of a string offset. */
  private point(at: number): SourcePoint {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo] ?? 0;
    return { line: lo + 1, column: Buffer.byteLength(this.text.slice(start, at), "utf8") + 1 };
  }

  private tok(i: number): string {
    return this.toks[i]?.t ?? "";
  }

  /** The index of the bracket closing the one at i, or -1. */
  private match(i: number): number {
    const stack: string[] = [];
    for (let k = i; k < this.toks.length; k++) {
      const t = this.tok(k);
      const close = OPEN.get(t);
      if (close) stack.push(close);
      else if (t === ")" || t === "]" || t === "}") {
        if (stack.pop() !== t) return -1;
        if (stack.length === 0) return k;
      }
    }
    return -1;
  }

  private err(i: number, what: string): string {
    return `line ${this.point(this.toks[i]?.at ?? this.text.length).line}: ${what}`;
  }
}
