/**
 * The names a Go file's imports are used under: the alias when there is one,
 * else the last path element without a major-version suffix ("math/rand/v2"
 * is "rand"). "_" and "." imports name nothing. A package whose name differs
 * from its path's last element (rare outside gopkg.in) is missed.
 */
export function scanGoImports(text: string): Set<string> {
  const out = new Set<string>();
  const src = text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, "");
  const add = (alias: string | undefined, path: string): void => {
    if (alias === "_" || alias === ".") return;
    if (alias) return void out.add(alias);
    const parts = path.split("/");
    let last = parts.pop() ?? "";
    if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop() ?? "";
    last = last.replace(/^go-/, "").replace(/[.-].*$/, "");
    if (last) out.add(last);
  };
  const spec = /(?:^|\s)([\p{L}_.][\p{L}\p{Nd}_]*\s+)?"([^"]+)"/gu;
  for (const m of src.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
    for (const s of (m[1] ?? "").matchAll(spec)) add(s[1]?.trim(), s[2] ?? "");
  }
  for (const m of src.matchAll(/\bimport\s+([\p{L}_.][\p{L}\p{Nd}_]*\s+)?"([^"]+)"/gu)) {
    add(m[1]?.trim(), m[2] ?? "");
  }
  return out;
}
