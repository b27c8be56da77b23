import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeJsonStreamed } from "./json-out.js";

function streamed(doc: Record<string, unknown>, key: string): { text: string; chunks: number } {
  const chunks: string[] = [];
  writeJsonStreamed((c) => chunks.push(c), doc, key);
  return { text: chunks.join(""), chunks: chunks.length };
}

describe("writeJsonStreamed", () => {
  it("writes what JSON.stringify(doc, null, 2) writes, keys after the array included", () => {
    const doc = {
      schema: "memsnap/escape@1",
      summary: { messages: 2, byKind: [{ key: "moved-to-heap", count: 1 }] },
      messages: [
        { file: "a.go", message: 'x "quoted"\nand a newline', chain: [{ flows: [] }], detail: {} },
        { file: "b.go", nested: { deeper: [1, [2, 3], { k: null }] } },
      ],
      baseline: { new: [] },
    };
    expect(streamed(doc, "messages").text).toBe(JSON.stringify(doc, null, 2) + "\n");
  });

  it("handles an empty array, a missing key, and strings that look like the marker", () => {
    for (const doc of [
      { a: 1, messages: [] },
      { a: 1 },
      { messages: ["\u0000memsnap:messages"], x: '  "messages": "\u0000memsnap:messages"' },
    ]) {
      expect(streamed(doc, "messages").text).toBe(JSON.stringify(doc, null, 2) + "\n");
    }
  });

  it("writes a long array in pieces", () => {
    const doc = { messages: Array.from({ length: 20_000 }, (_, i) => ({ i, s: "x".repeat(100) })) };
    const out = streamed(doc, "messages");
    expect(out.text).toBe(JSON.stringify(doc, null, 2) + "\n");
    expect(out.chunks).toBeGreaterThan(1);
  });

  it("agrees with JSON.stringify on arbitrary JSON values", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        (rest, items) => {
          const doc = { ...rest, messages: items };
          expect(streamed(doc, "messages").text).toBe(JSON.stringify(doc, null, 2) + "\n");
        },
      ),
      { numRuns: 500 },
    );
  });
});
