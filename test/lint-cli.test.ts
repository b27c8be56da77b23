import { existsSync, readdirSync, mkdtempSync, mkdirSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, schemaErrors } from "./support/cli.js";

const SCHEMA = path.join(
  ROOT,
  "node_modules/@microsoft/sarif-multitool-ts/assets/sarif-2.1.0.schema.json",
);
const ajv = new Ajv2020({ allErrors: true, strict: false });
const addFormats = (addFormatsModule as unknown as { default: (a: Ajv2020) => Ajv2020 }).default;
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")) as object);

interface LintDoc {
  files: number;
  findings: { rule: string; path: string; line: number; severity: string }[];
  suppressed: number;
  suppressionProblems: { kind: string; line: number }[];
  notes: { path: string; message: string }[];
}

const TRAP = `package p

const hdrLen = 16

type index struct{ last []byte }

func (ix *index) load() {
	buf := make([]byte, 1<<20)
	ix.last = buf[:hdrLen]
}
`;

/** A module with one finding, a suppressed one, a reason-less one, an unused one, and a broken file. */
function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "memsnap-lint-cli-"));
  writeFileSync(path.join(dir, "go.mod"), "module x\n\ngo 1.22\n");
  writeFileSync(path.join(dir, "a.go"), TRAP);
  writeFileSync(
    path.join(dir, "b.go"),
    TRAP.replace("type index", "type index2")
      .replace("(ix *index)", "(ix *index2)")
      .replace(
        "\tix.last = buf[:hdrLen]",
        "\t//memsnap:ignore subslice-retention the index is dropped after load\n\tix.last = buf[:hdrLen]",
      ),
  );
  writeFileSync(
    path.join(dir, "c.go"),
    TRAP.replace("type index", "type index3")
      .replace("(ix *index)", "(ix *index3)")
      .replace(
        "ix.last = buf[:hdrLen]",
        "ix.last = buf[:hdrLen] //memsnap:ignore subslice-retention",
      ),
  );
  writeFileSync(
    path.join(dir, "d.go"),
    "package p\n\n//memsnap:ignore defer-in-loop nothing here\nfunc f() {}\n",
  );
  writeFileSync(path.join(dir, "e.go"), "package p\n\nfunc g( {\n");
  mkdirSync(path.join(dir, "vendor"));
  writeFileSync(path.join(dir, "vendor", "v.go"), TRAP);
  writeFileSync(
    path.join(dir, "a_test.go"),
    TRAP.replace("type index", "type indexT").replace("(ix *index)", "(ix *indexT)"),
  );
  return dir;
}

describe("memsnap lint", () => {
  it("finds every lab culprit with the rule of its name, valid against the schema", async () => {
    const r = await runCli(["lint", "--json", "lab/..."]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as LintDoc;
    expect(schemaErrors("lint", doc)).toEqual([]);
    const labs = readdirSync(path.join(ROOT, "lab")).filter((d) => {
      const main = path.join(ROOT, "lab", d, "main.go");
      return existsSync(main) && readFileSync(main, "utf8").includes("memsnap:culprit");
    });
    expect(labs).toHaveLength(11);
    for (const id of labs) {
      const text = readFileSync(path.join(ROOT, "lab", id, "main.go"), "utf8");
      const line = text.split("\n").findIndex((l) => l.includes("memsnap:culprit")) + 1;
      expect(doc.findings.filter((f) => f.rule === id).map((f) => `${f.path}:${f.line}`)).toContain(
        `lab/${id}/main.go:${line}`,
      );
    }
    expect(doc.findings.filter((f) => f.path.includes("healthy-"))).toEqual([]);
  });

  it("suppresses with a reason, reports reason-less and unused suppressions, skips vendor and tests", async () => {
    const dir = corpus();
    const r = await runCli(["lint", "--json"], {}, { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as LintDoc;
    expect(schemaErrors("lint", doc)).toEqual([]);
    expect(doc.files).toBe(5);
    expect(doc.findings.map((f) => `${f.path}:${f.line}`)).toEqual(["a.go:9", "c.go:9"]);
    expect(doc.suppressed).toBe(1);
    expect(doc.suppressionProblems.map((p) => p.kind).sort()).toEqual(["missing-reason", "unused"]);
    expect(doc.notes.map((n) => n.path)).toEqual(["e.go"]);
    const t = await runCli(["lint", "--json", "--tests", "--include-vendor"], {}, { cwd: dir });
    expect((JSON.parse(t.stdout) as LintDoc).files).toBe(7);
  });

  it("prints text grouped by file with a caret, no colour under NO_COLOR", async () => {
    const dir = corpus();
    const r = await runCli(["lint", "a.go"], { NO_COLOR: "1", FORCE_COLOR: "1" }, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\u001b[");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("a.go");
    expect(lines[1]).toMatch(
      /^ {2}9:12 error ix.last|^ {2}9:12 error buf\[:hdrLen\] is stored in ix.last/,
    );
    expect(lines[2]).toBe("    \tix.last = buf[:hdrLen]");
    expect(lines[3]).toBe("    \t          ^");
  });

  it("writes SARIF 2.1.0 the official schema accepts, with every rule and its doc link", async () => {
    const dir = corpus();
    const r = await runCli(["lint", "--sarif"], {}, { cwd: dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri?: string }[] } };
        results: { ruleId: string; locations: unknown[] }[];
      }[];
    };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const run = log.runs[0];
    expect(run?.tool.driver.rules.length).toBe(14);
    expect(run?.tool.driver.rules[0]?.helpUri).toMatch(
      /^file:\/\/.*\/docs\/traps\/subslice-retention\.md$/,
    );
    expect(run?.results.map((x) => x.ruleId).sort()).toEqual([
      "lint-suppression",
      "lint-suppression",
      "subslice-retention",
      "subslice-retention",
    ]);
  });

  it("--enable/--disable pick rules; --fail-on sets exit 1 at or above the level", async () => {
    const dir = corpus();
    const off = await runCli(
      ["lint", "--json", "--disable", "subslice-retention"],
      {},
      { cwd: dir },
    );
    expect((JSON.parse(off.stdout) as LintDoc).findings).toEqual([]);
    const only = await runCli(["lint", "--json", "--enable", "defer-in-loop"], {}, { cwd: dir });
    expect((JSON.parse(only.stdout) as LintDoc).findings).toEqual([]);
    expect((await runCli(["lint", "--fail-on", "error"], {}, { cwd: dir })).code).toBe(1);
    expect(
      (
        await runCli(
          ["lint", "--fail-on", "error", "--disable", "subslice-retention"],
          {},
          { cwd: dir },
        )
      ).code,
    ).toBe(0);
    // A suppression without a reason is a warning of its own.
    const warned = await runCli(
      ["lint", "--fail-on", "warning", "--disable", "subslice-retention"],
      {},
      { cwd: dir },
    );
    expect(warned.code).toBe(1);
    const clean = await runCli(
      ["lint", "--fail-on", "note", "d.go", "--disable", "defer-in-loop"],
      {},
      { cwd: dir },
    );
    expect(clean.code).toBe(0);
  });

  it("bad input: one line, exit 2", async () => {
    const dir = corpus();
    for (const args of [
      ["lint", "nope/..."],
      ["lint", "--enable", "no-such-rule"],
      ["lint", "go.mod"],
    ]) {
      const r = await runCli(args, {}, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const locked = path.join(dir, "locked.go");
    writeFileSync(locked, "package p\n");
    chmodSync(locked, 0);
    if (process.getuid?.() !== 0) {
      const r = await runCli(["lint", "locked.go"], {}, { cwd: dir });
      expect(r.code).toBe(2);
    }
  });
});
