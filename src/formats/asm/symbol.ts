/**
 * Splits a linker symbol into import path and name the way the runtime does
 * (runtime/symtab.go funcpkgpath): the path ends at the first dot after the
 * last slash. Type arguments in brackets are skipped, since they hold paths of
 * their own (`p.Box[example.com/q.T]`), and so are receiver parentheses.
 * The object writer escapes dots of the last path element as %2e
 * (cmd/internal/objabi.PathToPrefix: `gopkg.in/yaml%2ev3.F`); the path is
 * returned unescaped.
 */
export function splitSymbol(symbol: string): { pkg: string; name: string } {
  if (isGenerated(symbol)) return { pkg: "", name: symbol };
  let depth = 0;
  let lastSlash = -1;
  for (let i = 0; i < symbol.length; i++) {
    const c = symbol.charCodeAt(i);
    if (c === 91 /* [ */ || c === 40 /* ( */) depth++;
    else if ((c === 93 /* ] */ || c === 41) /* ) */ && depth > 0) depth--;
    else if (c === 47 /* / */ && depth === 0) lastSlash = i;
  }
  depth = 0;
  for (let i = lastSlash + 1; i < symbol.length; i++) {
    const c = symbol.charCodeAt(i);
    if (c === 91 || c === 40) depth++;
    else if ((c === 93 || c === 41) && depth > 0) depth--;
    else if (c === 46 /* . */ && depth === 0) {
      return { pkg: unescape(symbol.slice(0, i)), name: symbol.slice(i + 1) };
    }
  }
  return { pkg: "", name: symbol };
}

/**
 * Package placeholders: `"".F` (the package being compiled, in `go build`
 * output up to Go 1.17 and older `go tool compile` runs) and `<unlinkable>.F`
 * (`go tool compile` without -p, Go 1.19+).
 */
export function isPlaceholderPkg(pkg: string): boolean {
  return pkg === '""' || pkg === "<unlinkable>";
}

/**
 * Compiler-generated symbols (`type:.eq.T`, Go <= 1.20 `type..eq.T`, `go:...`):
 * no import path contains `:` or `..`, so these never split a real package.
 */
function isGenerated(symbol: string): boolean {
  return symbol.startsWith("type:") || symbol.startsWith("type..") || symbol.startsWith("go:");
}

function unescape(pkg: string): string {
  if (!pkg.includes("%")) return pkg;
  return pkg.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
