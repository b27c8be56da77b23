/**
 * The runtime functions compiled code calls to allocate heap memory: the
 * entry points the compiler itself emits (cmd/compile/internal/typecheck
 * _builtin/runtime.go and the LookupRuntimeFunc calls of ssagen/ssa.go), not
 * the runtime's internal helpers (rawstring, newarray, mallocgcTiny,
 * growWork, newdefer...), which never appear at a call site in user code.
 *
 * `since`/`until` are checked against the runtime source of every toolchain
 * the tests find (always the installed Go and Go 1.19), so they cannot rot.
 * The table covers Go 1.8 onwards: `since: "1.8"` means "1.8 or older".
 */

/** An escape-analysis trap id of docs/traps (traps.md section A). */
export type AllocTrap =
  | "esc-return-address"
  | "esc-closure-capture"
  | "esc-interface-conversion"
  | "esc-nonconstant-make"
  | "esc-append-growth"
  | "esc-string-conversion"
  | "esc-map-growth";

export interface AllocCall {
  /** What one call allocates. */
  readonly allocates: string;
  /** First release with this function (a "1.N" minor version). */
  readonly since: string;
  /** First release without it, or null while it exists. */
  readonly until: string | null;
  /**
   * A family of numbered functions (`mallocgcSmallNoScanSC2`...): the key is
   * the prefix and matches the prefix followed by digits.
   */
  readonly numbered?: true;
  /** True when a call allocates only sometimes (growth, a pool, a result too big for the stack buffer). */
  readonly conditional: boolean;
  /** The trap a call here usually signals, or null when none of section A applies. */
  readonly trap: AllocTrap | null;
}

const obj = "one object of a static type: new(T), &T{}, a variable moved to the heap";
const specialized =
  "new(T) for one size class, when built with GOEXPERIMENT=sizespecializedmalloc (replaces newobject)";
const box = (what: string): AllocCall => ({
  allocates: `the boxed copy of ${what} stored in an interface`,
  since: "1.12",
  until: null,
  conditional: true, // small values (0-255, zero values) use the runtime's static copies
  trap: "esc-interface-conversion",
});
const concat = (n: string, result: string, since: string): AllocCall => ({
  allocates: `the ${result} concatenating ${n} strings, unless it fits the caller's 32-byte stack buffer`,
  since,
  until: null,
  conditional: true,
  trap: "esc-string-conversion",
});
const grow = (what: string): AllocCall => ({
  allocates: `a larger backing array when append outgrows the capacity (${what})`,
  since: "1.26",
  until: null,
  conditional: true,
  trap: "esc-append-growth",
});
const move = (what: string): AllocCall => ({
  allocates: `the heap copy of a slice that append built in a stack buffer, when it escapes (${what})`,
  since: "1.26",
  until: null,
  conditional: true,
  trap: "esc-append-growth",
});
const mapassign = (key: string, since: string): AllocCall => ({
  allocates: `new buckets or tables when inserting a ${key} key grows the map`,
  since,
  until: null,
  conditional: true,
  trap: "esc-map-growth",
});

export const ALLOC_CALLS = {
  newobject: {
    allocates: obj,
    since: "1.8",
    until: null,
    conditional: false,
    trap: "esc-return-address",
  },
  mallocgc: {
    allocates: "raw memory: make+copy of pointer-free elements (make([]byte, len(s)); copy)",
    since: "1.8",
    until: null,
    conditional: false,
    trap: "esc-nonconstant-make",
  },
  mallocgcSmallNoScanSC: {
    allocates: specialized,
    since: "1.26",
    until: null,
    numbered: true,
    conditional: false,
    trap: "esc-return-address",
  },
  mallocgcSmallScanNoHeaderSC: {
    allocates: specialized,
    since: "1.26",
    until: null,
    numbered: true,
    conditional: false,
    trap: "esc-return-address",
  },
  mallocgcTinySize: {
    allocates: specialized,
    since: "1.26",
    until: null,
    numbered: true,
    conditional: false,
    trap: "esc-return-address",
  },
  makeslice: {
    allocates: "the backing array of make([]T, n) whose size is not constant or that escapes",
    since: "1.8",
    until: null,
    conditional: false,
    trap: "esc-nonconstant-make",
  },
  makeslice64: {
    allocates: "the backing array of make([]T, n) with an int64 size",
    since: "1.8",
    until: null,
    conditional: false,
    trap: "esc-nonconstant-make",
  },
  makeslicecopy: {
    allocates: "the backing array of make([]T, len(s)) followed by copy (pointer elements)",
    since: "1.15",
    until: null,
    conditional: false,
    trap: "esc-nonconstant-make",
  },
  growslice: {
    allocates: "a larger backing array when append outgrows the capacity",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-append-growth",
  },
  growsliceNoAlias: grow("no other reference to the old array"),
  growsliceBuf: grow("may use a stack buffer first"),
  growsliceBufNoAlias: grow("stack buffer, no other reference"),
  moveSlice: move("pointer elements"),
  moveSliceNoScan: move("pointer-free elements"),
  moveSliceNoCap: move("pointer elements, any capacity"),
  moveSliceNoCapNoScan: move("pointer-free elements, any capacity"),
  makemap: {
    allocates: "the map header and, for a size hint, its buckets or tables",
    since: "1.8",
    until: null,
    conditional: false,
    trap: "esc-map-growth",
  },
  makemap64: {
    allocates: "the map header and buckets or tables for an int64 size hint",
    since: "1.10",
    until: null,
    conditional: false,
    trap: "esc-map-growth",
  },
  makemap_small: {
    allocates: "the header of a map with no or a small size hint that escapes",
    since: "1.10",
    until: null,
    conditional: false,
    trap: "esc-map-growth",
  },
  mapassign: mapassign("generic", "1.8"),
  mapassign_fast32: mapassign("32-bit", "1.9"),
  mapassign_fast32ptr: mapassign("32-bit pointer", "1.9"),
  mapassign_fast64: mapassign("64-bit", "1.9"),
  mapassign_fast64ptr: mapassign("64-bit pointer", "1.9"),
  mapassign_faststr: mapassign("string", "1.9"),
  makechan: {
    allocates: "the channel and its buffer (channels always live on the heap)",
    since: "1.8",
    until: null,
    conditional: false,
    trap: null,
  },
  makechan64: {
    allocates: "the channel and its buffer, int64 size",
    since: "1.10",
    until: null,
    conditional: false,
    trap: null,
  },
  convT: {
    allocates: "the boxed copy of a value with pointers stored in an interface",
    since: "1.18",
    until: null,
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convTnoptr: {
    allocates: "the boxed copy of a pointer-free value stored in an interface",
    since: "1.18",
    until: null,
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convT16: box("a 2-byte value"),
  convT32: box("a 4-byte value"),
  convT64: box("an 8-byte value"),
  convTstring: box("a string header"),
  convTslice: box("a slice header"),
  convT2E: {
    allocates: "the boxed copy of a value stored in an empty interface",
    since: "1.8",
    until: "1.18",
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convT2I: {
    allocates: "the boxed copy of a value stored in a non-empty interface",
    since: "1.8",
    until: "1.18",
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convT2Enoptr: {
    allocates: "the boxed copy of a pointer-free value stored in an empty interface",
    since: "1.9",
    until: "1.18",
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convT2Inoptr: {
    allocates: "the boxed copy of a pointer-free value stored in a non-empty interface",
    since: "1.9",
    until: "1.18",
    conditional: false,
    trap: "esc-interface-conversion",
  },
  convT2E16: { ...box("a 2-byte value"), since: "1.9", until: "1.12" },
  convT2E32: { ...box("a 4-byte value"), since: "1.9", until: "1.12" },
  convT2E64: { ...box("an 8-byte value"), since: "1.9", until: "1.12" },
  convT2Estring: { ...box("a string header"), since: "1.9", until: "1.12" },
  convT2Eslice: { ...box("a slice header"), since: "1.9", until: "1.12" },
  concatstring2: concat("2", "string", "1.8"),
  concatstring3: concat("3", "string", "1.8"),
  concatstring4: concat("4", "string", "1.8"),
  concatstring5: concat("5", "string", "1.8"),
  concatstrings: concat("6 or more", "string", "1.8"),
  concatbyte2: concat("2", "[]byte", "1.24"),
  concatbyte3: concat("3", "[]byte", "1.24"),
  concatbyte4: concat("4", "[]byte", "1.24"),
  concatbyte5: concat("5", "[]byte", "1.24"),
  concatbytes: concat("6 or more", "[]byte", "1.24"),
  slicebytetostring: {
    allocates: "the string of string(b), unless it fits the caller's 32-byte stack buffer",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-string-conversion",
  },
  stringtoslicebyte: {
    allocates: "the []byte of []byte(s), unless it fits the caller's 32-byte stack buffer",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-string-conversion",
  },
  stringtoslicerune: {
    allocates: "the []rune of []rune(s), unless it fits the caller's 32-rune stack buffer",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-string-conversion",
  },
  slicerunetostring: {
    allocates: "the string of string(runes), unless it fits the caller's 32-byte stack buffer",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-string-conversion",
  },
  intstring: {
    allocates: "the string of string(rune) when the result escapes",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-string-conversion",
  },
  newproc: {
    allocates: "a goroutine (g and its stack, reused from a free list when one is there)",
    since: "1.8",
    until: null,
    conditional: true,
    trap: "esc-closure-capture",
  },
  deferproc: {
    allocates: "a heap defer record (defer in a loop or with too many defers; records are pooled)",
    since: "1.8",
    until: null,
    conditional: true,
    trap: null,
  },
  deferprocat: {
    allocates: "a heap defer record for a defer inside a range-over-func loop body",
    since: "1.22",
    until: null,
    conditional: true,
    trap: null,
  },
} as const satisfies Record<string, AllocCall>;

export type AllocCallName = keyof typeof ALLOC_CALLS;

const KEYS = Object.keys(ALLOC_CALLS) as AllocCallName[];
const NUMBERED = KEYS.filter((k) => "numbered" in ALLOC_CALLS[k]);
const NAMES = new Map<string, AllocCallName>(
  KEYS.filter((k) => !NUMBERED.includes(k)).map((k) => [k, k]),
);

/**
 * The table entry a call target names (`runtime.newobject`,
 * `runtime.mallocgcSmallNoScanSC3`), or null for anything else.
 */
export function allocCallOf(callee: string): AllocCallName | null {
  if (!callee.startsWith("runtime.")) return null;
  const fn = callee.slice("runtime.".length);
  const exact = NAMES.get(fn);
  if (exact !== undefined) return exact;
  for (const prefix of NUMBERED) {
    if (fn.length > prefix.length && fn.startsWith(prefix) && isDigits(fn, prefix.length)) {
      return prefix;
    }
  }
  return null;
}

function isDigits(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
