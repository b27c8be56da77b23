import { fail, ok, type Result } from "../../base/result.js";

/**
 * The JSON that tools/golayout prints: every named struct type of some
 * packages, laid out as the gc compiler does for one GOARCH. Sizes and
 * offsets are bytes; fields are in declaration order.
 */
export interface LayoutReport {
  readonly version: 1;
  /** The Go that built the helper and whose `go list` read the packages. */
  readonly goVersion: string;
  readonly goarch: string;
  readonly wordSize: number;
  readonly maxAlign: number;
  readonly packages: readonly LayoutPackage[];
  readonly structs: readonly StructLayout[];
}

export interface LayoutPackage {
  readonly path: string;
  readonly name: string;
  readonly dir: string;
  /** `go list` and type errors; the structs that did check are still exact. */
  readonly errors: readonly string[];
}

export interface StructLayout {
  readonly package: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Declared inside a function. */
  readonly local: boolean;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
}

export interface FieldLayout {
  readonly name: string;
  /** As Go source writes it, other packages by name: `sync.Mutex`, `*T`. */
  readonly type: string;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
  readonly embedded: boolean;
  /** The field holds pointers the GC scans. */
  readonly pointers: boolean;
}

/** True when the text looks like golayout output at all. */
export function sniffLayout(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"structs"') && text.includes('"goarch"');
}

type Json = Record<string, unknown>;

/**
 * Parses and checks golayout's JSON. Beyond types, each layout must be one
 * the compiler could produce (fields in order, aligned, inside the struct),
 * so an analysis can trust offsets without re-checking them.
 */
export function parseLayout(text: string): Result<LayoutReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON: ${(e as Error).message.replace(/\s+/g, " ").slice(0, 160)}`);
  }
  if (!isObject(raw)) return fail("not golayout output: expected a JSON object");
  if (raw["version"] !== 1)
    return fail(`unsupported golayout version ${JSON.stringify(raw["version"])}`);
  const { goVersion, goarch, wordSize, maxAlign } = raw;
  if (typeof goVersion !== "string" || typeof goarch !== "string" || goarch === "") {
    return fail('"goVersion" and "goarch" must be strings');
  }
  if (!isPowerOfTwo(wordSize) || !isPowerOfTwo(maxAlign)) {
    return fail('"wordSize" and "maxAlign" must be powers of two');
  }
  if (!Array.isArray(raw["packages"]) || !Array.isArray(raw["structs"])) {
    return fail('"packages" and "structs" must be arrays');
  }
  const packages: LayoutPackage[] = [];
  for (const [i, p] of raw["packages"].entries()) {
    const r = readPackage(p);
    if (!r.ok) return fail(`packages[${i}]: ${r.error}`);
    packages.push(r.value);
  }
  const structs: StructLayout[] = [];
  for (const [i, s] of raw["structs"].entries()) {
    const r = readStruct(s);
    if (!r.ok) return fail(`structs[${i}]${nameOf(s)}: ${r.error}`);
    structs.push(r.value);
  }
  return ok({ version: 1, goVersion, goarch, wordSize, maxAlign, packages, structs });
}

function readPackage(p: unknown): Result<LayoutPackage> {
  if (!isObject(p)) return fail("expected an object");
  const { path, name, dir, errors } = p;
  if (typeof path !== "string" || typeof name !== "string" || typeof dir !== "string") {
    return fail('"path", "name" and "dir" must be strings');
  }
  if (!Array.isArray(errors) || !errors.every((e) => typeof e === "string")) {
    return fail('"errors" must be an array of strings');
  }
  return ok({ path, name, dir, errors });
}

function readStruct(s: unknown): Result<StructLayout> {
  if (!isObject(s)) return fail("expected an object");
  const { package: pkg, name, file, line, column, local, size, align } = s;
  if (typeof pkg !== "string" || typeof name !== "string" || typeof file !== "string") {
    return fail('"package", "name" and "file" must be strings');
  }
  if (!isCount(line) || !isCount(column) || typeof local !== "boolean") {
    return fail('"line", "column" and "local" are missing or wrong');
  }
  if (!isCount(size) || !isPowerOfTwo(align) || size % align !== 0) {
    // JSON text, not String(): a parsed object may carry a "toString" member.
    return fail(
      `size ${JSON.stringify(size)} is not a multiple of alignment ${JSON.stringify(align)}`,
    );
  }
  if (!Array.isArray(s["fields"])) return fail('"fields" must be an array');
  const fields: FieldLayout[] = [];
  let end = 0;
  for (const [i, f] of s["fields"].entries()) {
    const r = readField(f);
    if (!r.ok) return fail(`field ${i}: ${r.error}`);
    const { offset, size: fsize, align: falign } = r.value;
    if (offset < end || offset % falign !== 0 || offset + fsize > size || falign > align) {
      return fail(`field ${r.value.name} at offset ${offset} is not a layout gc produces`);
    }
    end = offset + fsize;
    fields.push(r.value);
  }
  return ok({ package: pkg, name, file, line, column, local, size, align, fields });
}

function readField(f: unknown): Result<FieldLayout> {
  if (!isObject(f)) return fail("expected an object");
  const { name, type, offset, size, align, embedded, pointers } = f;
  if (typeof name !== "string" || typeof type !== "string") {
    return fail('"name" and "type" must be strings');
  }
  if (!isCount(offset) || !isCount(size) || !isPowerOfTwo(align) || size % align !== 0) {
    return fail(`${name}: offset, size and alignment must be counts, size a multiple of alignment`);
  }
  if (typeof embedded !== "boolean" || typeof pointers !== "boolean") {
    return fail(`${name}: "embedded" and "pointers" must be booleans`);
  }
  return ok({ name, type, offset, size, align, embedded, pointers });
}

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPowerOfTwo = (v: unknown): v is number =>
  isCount(v) && v > 0 && v <= 2 ** 30 && (v & (v - 1)) === 0;

function nameOf(s: unknown): string {
  return isObject(s) && typeof s["name"] === "string" ? ` (${s["name"].slice(0, 60)})` : "";
}
