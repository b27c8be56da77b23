/** A place in a Go file: 1-based line, 1-based byte column (as `go build` and `go vet` print). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Line starts of a text, computed once. web-tree-sitter counts columns in
 * UTF-16 code units of the JS string; the Go toolchain counts bytes of UTF-8,
 * so a line with non-ASCII text before the node needs its bytes counted.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** From tree-sitter's 0-based row and UTF-16 column. */
  position(p: { row: number; column: number }): SourcePosition {
    const start = this.starts[p.row] ?? this.text.length;
    return { line: p.row + 1, column: utf8Length(this.text, start, start + p.column) + 1 };
  }

  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined || line < 1) return "";
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}

/** Bytes of UTF-8 for text[from, to); a lone surrogate counts as U+FFFD (3 bytes), as TextEncoder writes it. */
export function utf8Length(text: string, from: number, to: number): number {
  let n = 0;
  const end = Math.min(to, text.length);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1)) && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
