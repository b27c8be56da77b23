import { bestDeclaration, type StructPadding } from "../analyze/layout.js";
import type { LayoutReport } from "../formats/layout/index.js";
import type { Style } from "./style.js";

export const LAYOUT_SCHEMA = "memsnap/layout@1";

export interface LayoutResult {
  readonly report: LayoutReport;
  readonly structs: readonly StructPadding[];
  /** Whether structs that lose nothing are listed too (--all). */
  readonly all: boolean;
  /** File names under this directory print relative to it. */
  readonly baseDir?: string;
}

export function layoutJson(r: LayoutResult) {
  return {
    schema: LAYOUT_SCHEMA,
    goVersion: r.report.goVersion,
    goarch: r.report.goarch,
    structs: shown(r).map((p) => ({
      package: p.struct.package,
      name: p.struct.name,
      file: p.struct.file,
      line: p.struct.line,
      size: p.struct.size,
      align: p.struct.align,
      dataBytes: p.dataBytes,
      padding: p.padding,
      bestSize: p.bestSize,
      saved: p.saved,
      fields: p.struct.fields.map((f) => ({
        name: f.name,
        type: f.type,
        offset: f.offset,
        size: f.size,
        align: f.align,
      })),
      bestOrder: p.bestOrder.map((i) => p.struct.fields[i]?.name ?? ""),
      holes: p.holes,
    })),
    packageErrors: r.report.packages.flatMap((p) => p.errors.map((e) => `${p.path}: ${e}`)),
  };
}

/** Structs that lose bytes, most saved first: size now, size reordered, and the better declaration. */
export function layoutText(r: LayoutResult, style: Style): string {
  const list = shown(r);
  const lossy = r.structs.filter((p) => p.saved > 0).length;
  const out = [
    style.bold(
      `${r.structs.length} struct${r.structs.length === 1 ? "" : "s"} (${r.report.goarch}, ${r.report.goVersion}): ` +
        `${lossy} would be smaller in another field order`,
    ),
  ];
  for (const p of list) {
    const s = p.struct;
    out.push(
      "",
      `${relative(s.file, r.baseDir)}:${s.line}  ${style.bold(`${s.package}.${s.name}`)}  ${s.size} B, ` +
        `${p.padding} B padding` +
        (p.saved > 0 ? `; ${p.bestSize} B reordered (${style.bold(`-${p.saved} B`)})` : ""),
    );
    for (const f of s.fields) {
      const hole = p.holes.find((h) => s.fields[h.after] === f);
      out.push(
        `    ${String(f.offset).padStart(5)}  ${String(f.size).padStart(4)}  ${f.name} ${f.type}` +
          (hole ? style.dim(`  (+${hole.bytes} B padding)`) : ""),
      );
    }
    if (p.saved > 0) {
      out.push(
        style.dim("  best order:"),
        ...bestDeclaration(p)
          .split("\n")
          .map((l) => `    ${l}`),
      );
    }
  }
  return out.join("\n") + "\n";
}

const relative = (file: string, base?: string) =>
  base && file.startsWith(base + "/") ? file.slice(base.length + 1) : file;

const shown = (r: LayoutResult) => (r.all ? r.structs : r.structs.filter((p) => p.saved > 0));
