import { fail, ok, type Result } from "../../base/result.js";

/**
 * A JSON reader that keeps every number as its source text, so a uint64
 * such as MemStats.LastGC (nanoseconds since 1970, about 1.8e18 > 2^53) can
 * be read exactly as a bigint; JSON.parse would round it to a double. Objects
 * keep each member's source range, so values can be handed on untouched.
 */
export type Json = null | boolean | string | JsonNumber | Json[] | JsonObject;

export class JsonNumber {
  constructor(readonly text: string) {}
}

export interface JsonMember {
  readonly value: Json;
  /** The member's value as it appears in the source: text.slice(start, end). */
  readonly start: number;
  readonly end: number;
}

export class JsonObject {
  readonly members = new Map<string, JsonMember>();
  get(key: string): Json | undefined {
    return this.members.get(key)?.value;
  }
}

const MAX_DEPTH = 128;

export function parseJson(text: string): Result<Json> {
  const r = new Reader(text);
  try {
    r.space();
    const v = r.value(0);
    r.space();
    if (r.pos < text.length) r.error("unexpected text after the JSON value");
    return ok(v);
  } catch (e) {
    if (e instanceof JsonError) return fail(e.message);
    throw e;
  }
}

class JsonError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  error(what: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split("\n").length;
    const col = this.pos - before.lastIndexOf("\n");
    throw new JsonError(`JSON: ${what} at line ${line} column ${col}`);
  }

  space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.pos++;
    }
  }

  value(depth: number): Json {
    if (depth > MAX_DEPTH) this.error("nested too deeply");
    const c = this.text[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.error(c === undefined ? "unexpected end of input" : `unexpected ${JSON.stringify(c)}`); // prettier-ignore
  }

  object(depth: number): JsonObject {
    const o = new JsonObject();
    this.pos++;
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return o;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.error("expected a member name");
      const key = this.string();
      this.space();
      this.expect(":");
      this.space();
      const start = this.pos;
      const value = this.value(depth + 1);
      o.members.set(key, { value, start, end: this.pos });
      this.space();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return o;
      }
      this.expect(",");
      this.space();
    }
  }

  array(depth: number): Json[] {
    const a: Json[] = [];
    this.pos++;
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return a;
    }
    for (;;) {
      a.push(this.value(depth + 1));
      this.space();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return a;
      }
      this.expect(",");
      this.space();
    }
  }

  string(): string {
    this.pos++;
    let out = "";
    for (;;) {
      STRING_RUN.lastIndex = this.pos;
      STRING_RUN.test(this.text);
      out += this.text.slice(this.pos, STRING_RUN.lastIndex);
      this.pos = STRING_RUN.lastIndex;
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c !== "\\") this.error(c === undefined ? "unterminated string" : "control character in string"); // prettier-ignore
      const e = this.text[this.pos + 1] ?? "";
      if (e === "u") {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.error("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        const ch = ESCAPES[e];
        if (ch === undefined) this.error("bad escape");
        out += ch;
        this.pos += 2;
      }
    }
  }

  number(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    if (!NUMBER.test(this.text)) this.error("bad number");
    const text = this.text.slice(this.pos, NUMBER.lastIndex);
    this.pos = NUMBER.lastIndex;
    return new JsonNumber(text);
  }

  expect(c: string): void {
    if (this.text[this.pos] !== c) this.error(`expected ${JSON.stringify(c)}`);
    this.pos++;
  }
}
