import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseGoVersion } from "../../../base/goversion.js";
import type { GoSyntax } from "../../../formats/gosyntax/index.js";
import { loadSyntax } from "../../../../test/support/lint-a.js";
import type { LintFinding } from "../rule.js";
import { GROUP_B } from "./group-b.js";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
let syntax: GoSyntax;

// The grammar is read through test/support: analyze/ may not import the toolchain layer.
beforeAll(async () => {
  syntax = await loadSyntax();
});

function lint(text: string, go = "1.19"): LintFinding[] {
  const r = syntax.withTree(text, (file) =>
    GROUP_B.flatMap((rule) =>
      rule.check({ file, path: "x.go", goVersion: parseGoVersion(go) ?? null }),
    ),
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const lab = (id: string): string => readFileSync(path.join(ROOT, "lab", id, "main.go"), "utf8");
const culpritLine = (text: string): number =>
  text.split("\n").findIndex((l) => l.includes("// memsnap:culprit")) + 1;

describe("group B on the lab programs", () => {
  const ids = [
    "map-never-shrinks",
    "unbounded-growth",
    "goroutine-retention",
    "pool-pollution",
    "context-retention",
    "timer-in-loop",
    "interface-boxing",
  ] as const;
  for (const id of ids) {
    it(`finds the culprit line of lab/${id}`, () => {
      const text = lab(id);
      const line = culpritLine(text);
      expect(line).toBeGreaterThan(0);
      const hits = lint(text).filter((f) => f.rule === id && f.line === line);
      expect(hits.length).toBe(1);
      const f = hits[0] as LintFinding;
      expect(f.subject).not.toBe("");
      expect(f.message).toContain(f.subject.split(",")[0] ?? "");
      expect(f.fix.length).toBeGreaterThan(20);
    });
  }

  it("reports nothing of group B on the healthy controls", () => {
    for (const dir of readdirSync(path.join(ROOT, "lab")).filter((d) => d.startsWith("healthy-"))) {
      expect(lint(lab(dir)), dir).toEqual([]);
    }
  });

  it("timer-in-loop is a warning below go 1.23 and a note from 1.23, saying which applies", () => {
    const text = lab("timer-in-loop");
    const old = lint(text, "1.22").find((f) => f.rule === "timer-in-loop");
    const neu = lint(text, "1.23").find((f) => f.rule === "timer-in-loop");
    expect(old?.severity).toBe("warning");
    expect(old?.message).toContain("go 1.22 (< 1.23)");
    expect(neu?.severity).toBe("note");
    expect(neu?.message).toContain("Go 1.23 timer semantics apply");
  });

  it("map-never-shrinks names the flag that gates the lab's rebuild", () => {
    const f = lint(lab("map-never-shrinks")).find((x) => x.rule === "map-never-shrinks");
    expect(f?.message).toContain("`rebuild`");
  });
});
