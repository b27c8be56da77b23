/**
 * The line shapes of the compiler's -S output, as cmd/internal/obj/objfile.go
 * (writeSymDebugNamed) and util.go (Prog.InnermostString, Prog.String) print
 * them. Each reader works by index on one line, without regular expressions
 * on the hot path: a large package's listing has hundreds of thousands of
 * lines, nearly all instructions and hex rows.
 */

/** Symbol attributes printed between the type and `size=`, plus the `leaf` trailer. */
const ATTRIBUTES = new Set(["static", "dupok", "cfunc", "nosplit", "topframe", "asm", "leaf"]);

export interface SymbolHeader {
  /** Without the ABI suffix (`<1>`, `<idx 3 4>`) that -S=2 and -S=3 append. */
  readonly name: string;
  /** `STEXT`, `SRODATA`, `SDWARFVAR`...; "" when the symbol has no type. */
  readonly type: string;
  readonly attributes: readonly string[];
  readonly size: number;
  /** `args`, `locals`, `funcid`, `align` of a function; absent for data. */
  readonly fields: ReadonlyMap<string, number>;
}

/**
 * `name[<abi>] [TYPE] [attrs...] size=N [args=0x.. locals=0x.. funcid=0x.. align=0x..] [leaf]`.
 * The name may hold spaces (`type:struct { F uintptr }`) or be empty, so the
 * line is read from the right. Returns null when `size=` and its numbers are
 * not there.
 */
export function readSymbolHeader(line: string): SymbolHeader | null {
  const at = line.lastIndexOf(" size=");
  if (at < 0) return null;
  const fields = new Map<string, number>();
  const attributes: string[] = [];
  let size = -1;
  for (const tok of line.slice(at + 1).split(" ")) {
    const eq = tok.indexOf("=");
    if (eq < 0) {
      if (tok === "") return null;
      attributes.push(tok);
      continue;
    }
    const value = readNumber(tok.slice(eq + 1));
    if (value === null) return null;
    if (eq === 4 && tok.startsWith("size")) size = value;
    else fields.set(tok.slice(0, eq), value);
  }
  if (size < 0) return null;
  let end = at;
  const leading: string[] = [];
  for (;;) {
    const sp = line.lastIndexOf(" ", end - 1);
    const tok = line.slice(sp + 1, end);
    if (sp < 0 || !ATTRIBUTES.has(tok)) break;
    leading.push(tok);
    end = sp;
  }
  leading.reverse();
  let type = "";
  const sp = line.lastIndexOf(" ", end - 1);
  if (sp >= 0 && isSymKind(line, sp + 1, end)) {
    type = line.slice(sp + 1, end);
    end = sp;
  }
  return {
    name: stripAbi(line.slice(0, end)),
    type,
    attributes: [...leading, ...attributes],
    size,
    fields,
  };
}

/** objabi.SymKind names: S followed by capitals, digits and underscores. */
function isSymKind(s: string, from: number, to: number): boolean {
  if (to - from < 2 || s.charCodeAt(from) !== 83 /* S */) return false;
  for (let i = from + 1; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** `<1>` (ABI) and `<idx 3 4>` (-S=3) suffixes of symbol names. */
export function stripAbi(name: string): string {
  if (!name.endsWith(">")) return name;
  return name.replace(/(?:<\d+>)?(?:<idx -?\d+ -?\d+>)?$/, "");
}

/** `%d` or `%#x` as the header prints them. */
function readNumber(s: string): number | null {
  if (s.startsWith("0x")) return /^0x[0-9a-f]+$/.test(s) ? parseInt(s.slice(2), 16) : null;
  return /^\d+$/.test(s) ? Number(s) : null;
}

export type TabLine =
  | { readonly kind: "data" }
  | { readonly kind: "reloc" }
  | { readonly kind: "instruction"; readonly instruction: Instruction }
  | null;

export interface Instruction {
  readonly pc: number;
  /** "" when the compiler printed `<unknown line number>`. */
  readonly file: string;
  readonly line: number;
  /** Index in the line where the instruction text (`CALL\truntime.newobject(SB)`) starts. */
  readonly text: number;
}

/**
 * A line that starts with a tab: an instruction
 * (`\t0x0012 00018 (file.go:12)\tCALL\truntime.newobject(SB)`), a hex row of a
 * symbol's bytes (`\t0x0000 49 3b 66 10 ...  I;f.`) or a relocation
 * (`\trel 22+4 t=R_CALL runtime.newobject+0`). Null for anything else.
 */
export function readTabLine(line: string): TabLine {
  if (line.startsWith("\trel ")) return isReloc(line) ? { kind: "reloc" } : null;
  if (!line.startsWith("\t0x")) return null;
  const sp = line.indexOf(" ", 3);
  if (sp < 4 || !isHex(line, 3, sp)) return null;
  // A hex row continues with two hex digits and a space (or the line ends);
  // an instruction with the decimal pc, at least five digits.
  if (isHex(line, sp + 1, sp + 3) && (line.length === sp + 3 || line.charCodeAt(sp + 3) === 32)) {
    return { kind: "data" };
  }
  const open = line.indexOf(" (", sp + 1);
  if (open < 0 || !isDigits(line, sp + 1, open)) return null;
  const close = line.indexOf(")\t", open + 2);
  if (close < 0) return null;
  const pos = readPosition(line.slice(open + 2, close));
  if (pos === null) return null;
  return {
    kind: "instruction",
    instruction: { pc: Number(line.slice(sp + 1, open)), ...pos, text: close + 2 },
  };
}

/**
 * `file:line`, `<unknown line number>`, or with a //line directive in effect
 * `file:line[origfile:origline]` (cmd/internal/src Pos.WriteTo): the position
 * the directive names is kept, as the compiler's diagnostics show it.
 */
export function readPosition(pos: string): { file: string; line: number } | null {
  if (pos === "<unknown line number>") return { file: "", line: 0 };
  let p = pos;
  if (p.endsWith("]")) {
    const b = p.lastIndexOf("[");
    if (b > 0) p = p.slice(0, b);
  }
  const c = p.lastIndexOf(":");
  if (c <= 0 || !isDigits(p, c + 1, p.length)) return null;
  return { file: p.slice(0, c), line: Number(p.slice(c + 1)) };
}

/** `\trel OFF+SIZ t=TYPE sym+ADD` (ADD in hex on ARM and PPC64). */
function isReloc(line: string): boolean {
  const plus = line.indexOf("+", 5);
  const sp = line.indexOf(" ", 5);
  return (
    plus > 5 &&
    sp > plus &&
    isDigits(line, 5, plus) &&
    isDigits(line, plus + 1, sp) &&
    line.startsWith(" t=", sp)
  );
}

function isHex(s: string, from: number, to: number): boolean {
  if (to <= from || to > s.length) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isDigits(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
