import type { FieldLayout, LayoutReport, StructLayout } from "../formats/layout/index.js";

/** Bytes lost to alignment in one struct, and the field order that loses the fewest. */
export interface StructPadding {
  readonly struct: StructLayout;
  /** Sum of the fields' own sizes. */
  readonly dataBytes: number;
  /** struct.size - dataBytes: holes between fields plus the tail. */
  readonly padding: number;
  /** Each gap, in offset order; `after` is the index of the field before it. */
  readonly holes: readonly {
    readonly after: number;
    readonly offset: number;
    readonly bytes: number;
  }[];
  /** Field indices in the best order; the declared order when nothing is saved. */
  readonly bestOrder: readonly number[];
  readonly bestSize: number;
  /** struct.size - bestSize. */
  readonly saved: number;
}

/** Padding and best order of every struct in a report, most bytes saved first, then by name. */
export function analyzeLayouts(report: LayoutReport): StructPadding[] {
  return report.structs
    .map((s) => analyzePadding(s))
    .sort(
      (a, b) =>
        b.saved - a.saved ||
        a.struct.package.localeCompare(b.struct.package) ||
        a.struct.name.localeCompare(b.struct.name),
    );
}

/**
 * Gaps and the best order of one struct. Every Go type's size is a multiple
 * of its alignment, so fields by alignment, largest first, leave no hole
 * between them, and the size is the sum rounded up to the struct's
 * alignment: the least possible. Zero-size fields go first, where they cost
 * nothing (last, the compiler pads them by a byte). The sort is stable:
 * fields of equal alignment keep their declared order. That also keeps
 * sync/atomic's promise on 32-bit targets that a leading int64 is 64-bit
 * aligned: only 8-aligned fields, whose sizes are multiples of 8, can move
 * before it.
 */
export function analyzePadding(s: StructLayout): StructPadding {
  const f = s.fields;
  const dataBytes = f.reduce((n, x) => n + x.size, 0);
  const holes: { after: number; offset: number; bytes: number }[] = [];
  f.forEach((x, i) => {
    const end = x.offset + x.size;
    const next = f[i + 1]?.offset ?? s.size;
    if (next > end) holes.push({ after: i, offset: end, bytes: next - end });
  });
  const sorted = f.map((_, i) => i).sort((a, b) => rank(f[b]) - rank(f[a]) || a - b);
  const sortedSize = layoutSize(
    sorted.map((i) => f[i] as FieldLayout),
    s.align,
  );
  const better = sortedSize < s.size;
  return {
    struct: s,
    dataBytes,
    padding: s.size - dataBytes,
    holes,
    bestOrder: better ? sorted : f.map((_, i) => i),
    bestSize: better ? sortedSize : s.size,
    saved: better ? s.size - sortedSize : 0,
  };
}

/**
 * The size gc gives a struct with these fields in this order
 * (cmd/compile/internal/types/size.go, calcStructOffset): each field at the
 * next multiple of its alignment, a byte more when a non-empty struct ends
 * in a zero-size field, the whole rounded up to the struct's alignment.
 */
export function layoutSize(fields: readonly FieldLayout[], align: number): number {
  let off = 0;
  for (const x of fields) off = roundUp(off, x.align) + x.size;
  const last = fields[fields.length - 1];
  if (off > 0 && last?.size === 0) off++;
  return roundUp(off, align);
}

/** The struct in its best order, as Go source (field tags are not in the layout). */
export function bestDeclaration(p: StructPadding): string {
  const lines = p.bestOrder.map((i) => {
    const x = p.struct.fields[i] as FieldLayout;
    return x.embedded ? `\t${x.type}` : `\t${x.name} ${x.type}`;
  });
  return `type ${p.struct.name} struct {\n${lines.join("\n")}\n}`;
}

// Zero-size fields rank above everything, then larger alignments.
const rank = (x: FieldLayout | undefined) => (!x ? 0 : x.size === 0 ? Infinity : x.align);
const roundUp = (x: number, a: number) => Math.ceil(x / a) * a;
