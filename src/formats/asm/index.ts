import { fail, ok, type Result } from "../../base/result.js";
import type { AsmCall, AsmFunction, AsmLineCounts, AsmListing } from "../../model/asm.js";
import { allocCallOf } from "./alloc-calls.js";
import { readSymbolHeader, readTabLine, stripAbi, type Instruction } from "./lines.js";
import { isPlaceholderPkg, splitSymbol } from "./symbol.js";

export {
  ALLOC_CALLS,
  allocCallOf,
  type AllocCall,
  type AllocCallName,
  type AllocTrap,
} from "./alloc-calls.js";
export { splitSymbol } from "./symbol.js";

/**
 * The compiler's assembly listing: `go build -gcflags=-S` (stderr, one `# pkg`
 * header per package), `-S=2` (outermost positions, ABI-suffixed names), or a
 * bare `go tool compile -S` (stdout). Format: cmd/internal/obj/objfile.go
 * writeSymDebugNamed; line shapes in ./lines.ts.
 */

const SNIFF_LINES = 200;
const MAX_UNRECOGNIZED_KEPT = 20;

/** True when one of the first lines is a function header or an instruction. */
export function sniffAsm(text: string): boolean {
  let start = 0;
  for (let n = 0; n < SNIFF_LINES && start < text.length; n++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = trimCR(text.slice(start, end));
    start = end + 1;
    if (line.startsWith("\t")) {
      if (readTabLine(line)?.kind === "instruction") return true;
    } else if (!line.startsWith("#") && readSymbolHeader(line)?.type.startsWith("STEXT")) {
      return true;
    }
  }
  return false;
}

export function parseAsm(text: string): Result<AsmListing> {
  const r = new AsmReader();
  r.feed(text);
  return r.finish();
}

type Building = { -readonly [K in keyof AsmFunction]: AsmFunction[K] };
type Counts = { -readonly [K in keyof AsmLineCounts]: number };

/**
 * Reads a listing line by line, so a caller can stream a build's output
 * through it: memory grows with the functions and calls, not with the text.
 */
export class AsmReader {
  private readonly functions: Building[] = [];
  private readonly calls: AsmCall[] = [];
  private readonly unrecognized: { line: number; text: string }[] = [];
  private readonly counts: Counts = {
    header: 0,
    symbol: 0,
    instruction: 0,
    data: 0,
    reloc: 0,
    diagnostic: 0,
    blank: 0,
    unrecognized: 0,
  };
  private lineNo = 0;
  private pending = "";
  private section = "";
  /** The function whose instructions follow, or null inside a data symbol. */
  private current: Building | null = null;
  private error: string | null = null;
  private readonly files = new Map<string, string>();

  /** Takes any piece of the text; a line cut between two pieces is joined. */
  feed(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl < 0) break;
      const piece = chunk.slice(start, nl);
      this.line(this.pending === "" ? piece : this.pending + piece);
      this.pending = "";
      start = nl + 1;
    }
    if (start < chunk.length) this.pending += chunk.slice(start);
  }

  /** One line without its newline. */
  line(raw: string): void {
    if (this.error !== null) return;
    this.lineNo++;
    const line = trimCR(raw);
    if (line === "") this.counts.blank++;
    else if (line.charCodeAt(0) === 9 /* \t */) this.tabLine(line);
    else if (line.startsWith("# ")) this.header(line);
    else if (!this.symbol(line) && !this.diagnostic(line)) this.unknown(line);
  }

  finish(): Result<AsmListing> {
    if (this.pending !== "") {
      const last = this.pending;
      this.pending = "";
      this.line(last);
    }
    if (this.error !== null) return fail(this.error);
    const c = this.counts;
    if (c.symbol + c.instruction === 0) {
      return fail(
        this.lineNo === c.blank
          ? "empty listing"
          : "not a compiler -S listing: no symbol header or instruction line",
      );
    }
    return ok({
      functions: this.functions,
      calls: this.calls,
      lines: { ...c },
      unrecognized: this.unrecognized,
    });
  }

  private header(line: string): void {
    this.counts.header++;
    const rest = line.slice(2).trim();
    const sp = rest.indexOf(" ");
    this.section = sp < 0 ? rest : rest.slice(0, sp);
    this.current = null;
  }

  private symbol(line: string): boolean {
    const h = readSymbolHeader(line);
    if (h === null) return false;
    this.counts.symbol++;
    this.current = null;
    // STEXT, or STEXTFIPS for the crypto/internal/fips140 packages (Go 1.24+).
    if (!h.type.startsWith("STEXT")) return true;
    const args = h.fields.get("args");
    const locals = h.fields.get("locals");
    if (args === undefined || locals === undefined) {
      this.error = `line ${this.lineNo}: function header without args= or locals=: ${clip(line)}`;
      return true;
    }
    const split = splitSymbol(h.name);
    const pkg = isPlaceholderPkg(split.pkg) ? this.section : split.pkg;
    this.current = {
      symbol: h.name,
      pkg,
      name: split.name,
      section: this.section,
      file: "",
      line: 0,
      size: h.size,
      args,
      locals,
      funcid: h.fields.get("funcid") ?? 0,
      attributes: h.attributes,
      textFlags: [],
      instructions: 0,
    };
    this.functions.push(this.current);
    return true;
  }

  private tabLine(line: string): void {
    const t = readTabLine(line);
    if (t === null) return this.unknown(line);
    if (t.kind !== "instruction") {
      this.counts[t.kind]++;
      return;
    }
    const fn = this.current;
    // Instructions only follow a function header; elsewhere the text is cut or mangled.
    if (fn === null) return this.unknown(line);
    this.counts.instruction++;
    fn.instructions++;
    const ins = t.instruction;
    if (line.startsWith("CALL\t", ins.text)) this.call(line, ins);
    else if (fn.instructions === 1 && line.startsWith("TEXT\t", ins.text)) {
      fn.file = this.intern(ins.file);
      fn.line = ins.line;
      fn.textFlags = textFlags(line.slice(ins.text + 5));
    }
  }

  private call(line: string, ins: Instruction): void {
    let target = line.slice(ins.text + 5);
    const indirect = !target.endsWith("(SB)");
    if (!indirect) target = stripAbi(target.slice(0, -4)).replace(/\+\d+$/, "");
    this.calls.push({
      function: this.functions.length - 1,
      callee: this.intern(target),
      indirect,
      file: this.intern(ins.file),
      line: ins.line,
      pc: ins.pc,
      alloc: indirect ? null : allocCallOf(target),
    });
  }

  /**
   * Lines the compiler or go command print besides the listing: diagnostics
   * (`./x.go:3:2: ...`, as with -S -m or a failed build) and the go command's
   * `go: ...` and `note: module requires Go 1.N` lines.
   */
  private diagnostic(line: string): boolean {
    if (
      !line.startsWith("go: ") &&
      !line.startsWith("note: ") &&
      !/^\S[^\t]*\.go:\d+(?::\d+)?: /.test(line)
    )
      return false;
    this.counts.diagnostic++;
    this.current = null;
    return true;
  }

  private unknown(line: string): void {
    this.counts.unrecognized++;
    if (this.unrecognized.length < MAX_UNRECOGNIZED_KEPT) {
      this.unrecognized.push({ line: this.lineNo, text: clip(line) });
    }
  }

  /** Listings repeat a handful of file names on every line: keep one copy of each. */
  private intern(s: string): string {
    const hit = this.files.get(s);
    if (hit !== undefined) return hit;
    this.files.set(s, s);
    return s;
  }
}

/** `sym(SB), NOSPLIT|NEEDCTXT|ABIInternal, $24-8` -> the flags. */
function textFlags(operands: string): string[] {
  const out: string[] = [];
  const at = operands.indexOf("(SB)");
  for (const part of operands.slice(at < 0 ? 0 : at + 4).split(", ")) {
    if (part === "" || part.startsWith("$")) continue;
    for (const f of part.split("|")) if (f !== "") out.push(f);
  }
  return out;
}

function trimCR(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function clip(line: string): string {
  return line.length > 200 ? line.slice(0, 200) + "..." : line;
}
