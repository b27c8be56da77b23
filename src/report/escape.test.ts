import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../test/support/cli.js";
import { expectGolden } from "../../test/support/golden.js";
import { fixtureContext, fixtureReport, ROOT } from "../../test/support/escape-views.js";
import { compareBaseline, makeBaseline } from "../analyze/escape-baseline.js";
import { ESCAPE_TRAP_IDS } from "../analyze/escape-classify.js";
import { diffReports } from "../analyze/escape-diff.js";
import { escapeFindings } from "../analyze/escape-findings.js";
import { ESCAPE_KINDS } from "../model/escape.js";
import { ESCAPE_TRAP_INFO, escapeJson, escapeText } from "./escape.js";
import {
  baselineComparisonJson,
  baselineComparisonText,
  escapeDiffJson,
  escapeDiffText,
} from "./escape-diff.js";
import { readEscapeJson } from "./escape-read.js";
import { createStyle } from "./style.js";

const GOLDEN = path.join(ROOT, "test/golden/escape-views");
const plain = createStyle(false);
const ctx = fixtureContext();
const all = (tc: "go119" | "go126") =>
  escapeFindings(fixtureReport(tc), { ctx, filter: { all: true } });

describe("escape text view", () => {
  it("groups by package and function with counts on top (golden)", () => {
    expectGolden(
      path.join(GOLDEN, "go126-heap.txt"),
      escapeText(escapeFindings(fixtureReport("go126"), { ctx }), plain),
    );
    expectGolden(
      path.join(GOLDEN, "go126-all.txt"),
      escapeText(all("go126"), plain, { maxExplanations: 1 }),
    );
    expectGolden(
      path.join(GOLDEN, "go119-heap.txt"),
      escapeText(escapeFindings(fixtureReport("go119"), { ctx }), plain),
    );
  });

  it("puts each heap finding's scenario, message and flows under its function", () => {
    const text = escapeText(
      escapeFindings(fixtureReport("go126"), { ctx, filter: { func: /^ReturnAddress$/ } }),
      plain,
    );
    expect(text).toBe(
      [
        `1 heap finding in 1 package (${fixtureReport("go126").goVersion})`,
        "  by scenario: esc-return-address 1",
        "  by kind:     moved-to-heap 1",
        "",
        "memsnap.dev/test/escape",
        "  ReturnAddress",
        "    scenarios.go:16:2  esc-return-address  moved to heap: p",
        "        ~r0 ← &p: address-of 17:9, return 17:2",
        "",
      ].join("\n"),
    );
    const coloured = escapeText(escapeFindings(fixtureReport("go126"), { ctx }), createStyle(true));
    expect(coloured).toContain("\u001b[");
  });
});

describe("escape JSON view", () => {
  const doc = escapeJson(all("go126"), { goVersion: "go1.26.0" });

  it("has every parsed message with its file, line, column, kind and the compiler's text", () => {
    const report = fixtureReport("go126");
    expect(doc.messages).toHaveLength(report.messages.length);
    const key = (m: {
      file: string;
      line: number;
      column: number;
      kind: string;
      message: string;
    }) => `${m.file}:${m.line}:${m.column} ${m.kind} ${m.message}`;
    expect(doc.messages.map(key).sort()).toEqual(
      report.messages.map((m) => key({ ...m.pos, kind: m.kind, message: m.message })).sort(),
    );
    expect(schemaErrors("escape", doc)).toEqual([]);
    expectGolden(path.join(GOLDEN, "go126.json"), doc);
  });

  it("is checked by its schema (wrong kind, missing message, unknown field)", () => {
    const first = doc.messages[0];
    if (!first) throw new Error("no messages");
    const bad = (m: object) => schemaErrors("escape", { ...doc, messages: [m] });
    expect(bad({ ...first, kind: "moved" })).not.toEqual([]);
    const noMessage: Record<string, unknown> = { ...first };
    delete noMessage["message"];
    expect(bad(noMessage)).not.toEqual([]);
    expect(bad({ ...first, extra: 1 })).not.toEqual([]);
    expect(bad(first)).toEqual([]);
  });

  it("lists exactly the model's kinds and scenario ids in its schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(ROOT, "docs/json/escape.schema.json"), "utf8"),
    ) as {
      $defs: {
        message: {
          properties: { kind: { enum: string[] }; trap: { oneOf: [{ enum: string[] }] } };
        };
      };
    };
    expect(schema.$defs.message.properties.kind.enum).toEqual([...ESCAPE_KINDS]);
    expect(schema.$defs.message.properties.trap.oneOf[0].enum).toEqual([...ESCAPE_TRAP_IDS]);
  });

  it("reads back into the same findings (Go 1.26 and 1.19)", () => {
    for (const tc of ["go126", "go119"] as const) {
      const r = all(tc);
      const back = readEscapeJson(JSON.stringify(escapeJson(r)));
      if (!back.ok) throw new Error(back.error);
      expect(back.value.findings).toEqual(r.findings);
      // And the diff of what was read back is the diff of the originals.
      expect(diffReports(back.value.findings, all("go126").findings)).toEqual(
        diffReports(r.findings, all("go126").findings),
      );
    }
  });

  it("rejects what is not its own output with one line, and never throws", () => {
    const err = (t: string) => {
      const r = readEscapeJson(t);
      return r.ok ? "ok" : r.error;
    };
    expect(err("nope")).toMatch(/^not JSON: /);
    expect(err('{"schema":"memsnap/escape-baseline@1"}')).toBe(
      'not a memsnap escape report: schema is "memsnap/escape-baseline@1", expected "memsnap/escape@1"',
    );
    const first = doc.messages[0];
    expect(err(JSON.stringify({ ...doc, messages: [{ ...first, line: "3" }] }))).toBe(
      "messages[0].line: expected an integer",
    );
    expect(err(JSON.stringify({ ...doc, messages: [{ ...first, trap: "esc-nope" }] }))).toBe(
      'messages[0].trap: unknown scenario "esc-nope"',
    );
    const text = JSON.stringify(
      escapeJson(escapeFindings(fixtureReport("go126"), { ctx, filter: { func: /^Param/ } })),
    );
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string(), (a, b, ins) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        for (const t of [text.slice(0, from), text.slice(0, from) + ins + text.slice(to)]) {
          const r = readEscapeJson(t);
          if (!r.ok) expect(r.error).not.toContain("\n");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("escape diff and baseline views", () => {
  const d = diffReports(all("go119").findings, all("go126").findings);
  const sides = {
    a: { label: "go1.19", goVersion: "go1.19.8" },
    b: { label: "go1.26", goVersion: "go1.26.0" },
  };

  it("renders the cross-version diff as text and as schema-valid JSON (goldens)", () => {
    expectGolden(path.join(GOLDEN, "go119-go126-diff.txt"), escapeDiffText(d, sides, plain));
    const json = escapeDiffJson(d, sides);
    expect(schemaErrors("escape-diff", json)).toEqual([]);
    expect(json.summary).toMatchObject({ becameHeap: 8, stoppedHeap: 1 });
    expectGolden(path.join(GOLDEN, "go119-go126-diff.json"), json);
  });

  it("renders a baseline comparison, and its JSON fits the escape schema", () => {
    const heap = escapeFindings(fixtureReport("go126"), { ctx });
    const base = makeBaseline(heap.findings.filter((f) => f.message.func !== "Wrap"));
    const cmp = compareBaseline(base, heap.findings);
    expect(baselineComparisonText(cmp, plain)).toBe(
      [
        "2 new heap findings since the baseline",
        `  0 gone, ${heap.findings.length - 2} unchanged`,
        "  + memsnap.dev/test/escape Wrap: escapes-to-heap &codeError{...}",
        "      more.go:188:9  esc-return-address  &codeError{...} escapes to heap",
        "  + memsnap.dev/test/escape Wrap: leaking-param msg",
        "      more.go:187:11  esc-param-leak  leaking param: msg",
        "",
      ].join("\n"),
    );
    const json = { ...escapeJson(heap), baseline: baselineComparisonJson(cmp) };
    expect(schemaErrors("escape", json)).toEqual([]);
    expect(schemaErrors("escape-baseline", base)).toEqual([]);
    expect(
      baselineComparisonText(compareBaseline(makeBaseline(heap.findings), heap.findings), plain),
    ).toMatch(/^no new heap findings since the baseline\n/);
  });
});

describe("scenario catalogue", () => {
  it("has each trap page's own title", () => {
    for (const id of ESCAPE_TRAP_IDS.filter((i) => i !== "other")) {
      const h1 = readFileSync(path.join(ROOT, "docs/traps", `${id}.md`), "utf8").split("\n")[0];
      expect(h1).toBe(`# ${id}: ${ESCAPE_TRAP_INFO[id].title}`);
    }
  });
});
