/**
 * Writes `JSON.stringify(doc, null, 2) + "\n"`, byte for byte, with the array
 * under `key` written an element at a time: for a large log that one string
 * exceeds V8's longest string ("Invalid string length" on std's whole -m=2
 * log twice over, 303 MB; bench/RESULTS.md) although the document fits in
 * the heap.
 */
export function writeJsonStreamed(
  write: (chunk: string) => void,
  doc: Readonly<Record<string, unknown>>,
  key: string,
): void {
  const items = doc[key];
  if (!Array.isArray(items)) return write(JSON.stringify(doc, null, 2) + "\n");
  // The array's place, found as its top-level line (two spaces in): a NUL in
  // a string is written escaped, so no other value renders as this.
  const mark = `\u0000memsnap:${key}`;
  const at = `\n  ${JSON.stringify(key)}: ${JSON.stringify(mark)}`;
  const text = JSON.stringify({ ...doc, [key]: mark }, null, 2);
  const i = text.indexOf(at);
  let buf = text.slice(0, i + at.length - JSON.stringify(mark).length);
  const tail = text.slice(i + at.length);
  const flush = (): void => {
    write(buf);
    buf = "";
  };
  if (items.length === 0) buf += "[]";
  else {
    buf += "[\n";
    items.forEach((item: unknown, n) => {
      buf += memberItemJson(item) + (n === items.length - 1 ? "\n  ]" : ",\n");
      if (buf.length >= 1 << 20) flush();
    });
  }
  buf += tail + "\n";
  flush();
}

const ITEM_HEAD = '{\n  "m": [\n';
const ITEM_TAIL = "\n  ]\n}";

/**
 * One element of a top-level member's array as JSON.stringify(doc, null, 2)
 * writes it: two levels deep, every line in by four spaces. Stringified in
 * place (as the element of such a member) rather than re-indented after.
 */
export function memberItemJson(item: unknown): string {
  return JSON.stringify({ m: [item] }, null, 2).slice(ITEM_HEAD.length, -ITEM_TAIL.length);
}
