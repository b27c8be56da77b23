import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden } from "../../test/support/golden.js";
import {
  attachFuncs,
  mergeEscapeReports,
  parseEscapeJson,
  parseEscapeText,
} from "../formats/escape/index.js";
import { scanGoFuncs, scanGoImports } from "../formats/gosource/index.js";
import type { EscapeMessage } from "../model/escape.js";
import {
  classifyEscape,
  ESCAPE_TRAP_IDS,
  isIndirectCall,
  type ClassifyContext,
  type EscapeTrapId,
} from "./escape-classify.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/escape");
const PKG = path.join(ROOT, "test/go/escape");
const BASE = "/tmp/memsnap-escape/escape";

const sources = readdirSync(PKG)
  .filter((n) => n.endsWith(".go"))
  .map((n) => ({ path: n, text: readFileSync(path.join(PKG, n), "utf8") }));

/** What the integrator's source reading gives the classifier. */
const ctx: ClassifyContext = {
  imports: new Set(sources.flatMap((s) => [...scanGoImports(s.text)])),
  funcs: new Set(
    sources.flatMap((s) => {
      const r = scanGoFuncs(s.text);
      return r.ok ? r.value.filter((f) => !f.name.includes(".")).map((f) => f.name) : [];
    }),
  ),
};

/** The merged report of one toolchain's build of the fixture, with functions attached. */
function report(tc: "go126" | "go119"): EscapeMessage[] {
  const dir = path.join(FIXTURES, `${tc}-json`);
  const files = readdirSync(dir).flatMap((p) =>
    readdirSync(path.join(dir, p)).map((f) => ({
      path: `${p}/${f}`,
      text: readFileSync(path.join(dir, p, f), "utf8"),
    })),
  );
  const j = parseEscapeJson(files, { baseDir: BASE });
  const t = parseEscapeText(readFileSync(path.join(FIXTURES, `${tc}-m2.txt`), "utf8"), {
    baseDir: BASE,
  });
  if (!j.ok || !t.ok) throw new Error("fixture does not parse");
  const merged = mergeEscapeReports(j.value, t.value);
  return [
    ...attachFuncs(merged, sources, { globalPrefix: tc === "go119" ? "glob." : "init" }).report
      .messages,
  ];
}

/** Scenario ids per function, sorted and deduplicated; generic instantiations folded into their function. */
function idsByFunc(messages: EscapeMessage[]): Map<string, EscapeTrapId[]> {
  const out = new Map<string, Set<EscapeTrapId>>();
  for (const m of messages) {
    const c = classifyEscape(m, ctx);
    if (!c || m.func === undefined) continue;
    const f = m.func.replace(/\[.*\]$/, "");
    out.set(f, (out.get(f) ?? new Set()).add(c.id));
  }
  return new Map([...out].map(([f, s]) => [f, [...s].sort()]));
}

/** Each scenario function's expected ids; ones that differ by release say so. */
const EXPECTED: Record<string, { go126: EscapeTrapId[]; go119?: EscapeTrapId[] }> = {
  ReturnAddress: { go126: ["esc-return-address"] },
  ReturnLiteral: { go126: ["esc-return-address"] },
  ClosureCapture: { go126: ["esc-closure-capture"] },
  GoroutineCapture: { go126: ["esc-closure-capture", "esc-param-leak"] },
  InterfaceConversion: { go126: ["esc-interface-conversion", "esc-param-leak"] },
  // Go 1.25+ keeps a small non-constant make on the stack: nothing to classify.
  NonConstantMake: { go126: [], go119: ["esc-nonconstant-make"] },
  TooLargeImplicit: { go126: ["esc-too-large"] },
  TooLargeExplicit: { go126: ["esc-too-large"] },
  // Go 1.19 does not report append sites.
  AppendGrowth: { go126: ["esc-append-growth"], go119: [] },
  ParamLeak: { go126: ["esc-param-leak"] },
  ParamLeakCaller: { go126: ["esc-param-leak"] },
  ParamLeakContent: { go126: ["esc-param-leak"] },
  ParamToResult: { go126: ["esc-param-leak"] },
  ParamToResultLevel1: { go126: ["esc-param-leak"] },
  ParamToNamedResult: { go126: ["esc-param-leak"] },
  GlobalStore: { go126: ["esc-global-store"] },
  MapStore: { go126: ["esc-global-store", "esc-param-leak"] },
  ChannelSend: { go126: ["esc-global-store"] },
  IndirectCall: { go126: ["esc-indirect-call", "esc-param-leak"] },
  FuncValueCall: { go126: ["esc-indirect-call"] },
  GenericIndirect: { go126: ["esc-indirect-call"] },
  StringConversion: { go126: ["esc-string-conversion"] },
  BytesConversion: { go126: ["esc-string-conversion"] },
  Concat: { go126: ["esc-string-conversion"] },
  MapGrowth: { go126: ["esc-map-growth", "esc-param-leak"] },
  MapMake: { go126: ["esc-map-growth", "esc-param-leak"] },
  SortPeople: { go126: ["esc-interface-conversion", "esc-param-leak"] },
  Wrap: { go126: ["esc-param-leak", "esc-return-address"] },
  Nested: { go126: ["esc-closure-capture"] },
  "Nested.func1": { go126: ["esc-closure-capture"] },
  "(*Counter).Observe": { go126: ["esc-closure-capture", "esc-param-leak"] },
  // The package-level map literal is compiled into init.
  init: { go126: ["esc-map-growth"] },
  // Go 1.19 prints the conversion, 1.26 the converted constant; 1.19 has no append line.
  TooComplex: {
    go126: ["esc-append-growth", "esc-interface-conversion"],
    go119: ["esc-interface-conversion"],
  },
};

describe("escape classification", () => {
  it.each(["go126", "go119"] as const)(
    "gives each scenario function of the fixture its ids (%s)",
    (tc) => {
      const got = idsByFunc(report(tc));
      for (const [fn, want] of Object.entries(EXPECTED)) {
        expect({ fn, ids: got.get(fn) ?? [] }).toEqual({ fn, ids: want[tc] ?? want.go126 });
      }
    },
  );

  it.each(["go126", "go119"] as const)(
    "classifies every heap finding of %s, none as other",
    (tc) => {
      const messages = report(tc);
      const heap = messages
        .map((m) => [m, classifyEscape(m, ctx)] as const)
        .filter(([, c]) => c !== undefined);
      expect(heap.length).toBeGreaterThan(40);
      expect(heap.filter(([, c]) => c?.id === "other").map(([m]) => m.message)).toEqual([]);
      if (tc === "go126") {
        const lines = heap.map(
          ([m, c]) =>
            `${m.pos.path}:${m.pos.line}:${m.pos.column} ${m.func ?? "?"} ${m.kind} ${m.expr} -> ${c?.id} (${c?.reason})`,
        );
        expectGolden(
          path.join(ROOT, "test/golden/escape/go126-classified.txt"),
          lines.join("\n") + "\n",
        );
      }
    },
  );

  it("classifies only heap findings, and keeps the raw reason when it knows none", () => {
    const base = {
      pos: { file: "a.go", path: "a.go", line: 1, column: 1 },
      pkg: "",
      message: "",
      source: "text" as const,
    };
    expect(
      classifyEscape({ kind: "does-not-escape", expr: "p", chain: [], ...base }),
    ).toBeUndefined();
    expect(classifyEscape({ kind: "moved-to-heap", expr: "p", chain: [], ...base })).toEqual({
      id: "other",
      reason: "no explanation (build with -gcflags=-m=2 or -json)",
    });
    const odd = {
      header: "",
      root: "{heap}",
      truncated: false,
      flows: [
        {
          to: "{heap}",
          from: "p",
          derefs: -1,
          text: "",
          pos: null,
          steps: [{ where: "x", reason: "some new reason", pos: null }],
        },
      ],
    };
    expect(classifyEscape({ kind: "moved-to-heap", expr: "p", chain: [odd], ...base })).toEqual({
      id: "other",
      reason: "some new reason",
    });
  });

  it("tells indirect calls from static ones by the compiler's printing", () => {
    expect(isIndirectCall("(*sync.WaitGroup).Add(wg, 1)")).toBe(false);
    expect(isIndirectCall("(func(go.shape.struct {}, *int))(&.dict[0])(s, &v)")).toBe(true);
    expect(isIndirectCall("w.Write(buf[:])", { imports: new Set(["io"]) })).toBe(true);
    expect(isIndirectCall("fmt.Fprintln(os.Stdout, fmt.a...)", { imports: new Set(["fmt"]) })).toBe(
      false,
    );
    expect(isIndirectCall("f(&p)", { funcs: new Set(["ParamLeak"]) })).toBe(true);
    expect(isIndirectCall("ParamLeak(&p)", { funcs: new Set(["ParamLeak"]) })).toBe(false);
    expect(isIndirectCall("handlers[i](&p)")).toBe(true);
    expect(isIndirectCall("panic(x)")).toBe(false);
  });

  it("has a docs page for every scenario id", () => {
    for (const id of ESCAPE_TRAP_IDS.filter((i) => i !== "other")) {
      expect(existsSync(path.join(ROOT, "docs/traps", `${id}.md`))).toBe(true);
    }
  });
});
