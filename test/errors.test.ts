import { describe, expect, it } from "vitest";
import { GateError, InputError, UserError } from "../src/base/errors.js";
import { buildProgram, commandName, main, runProgram } from "../src/cli/main.js";
import type { Io } from "../src/cli/io.js";
import { findGo } from "../src/toolchain/go.js";

function memoryIo(opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => err.push(s), isTTY: opts.tty ?? false },
    env: opts.env ?? {},
  };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

async function runThrowing(error: unknown) {
  const m = memoryIo({ env: { MEMSNAP_DEBUG: "" } });
  const program = await buildProgram(m.io);
  program.command("boom").action(() => {
    throw error;
  });
  const code = await runProgram(program, ["boom"], m.io);
  return { code, stderr: m.err(), stdout: m.out() };
}

describe("the one error path", () => {
  it.each([
    [new GateError("2 new heap allocations"), 1, "memsnap: 2 new heap allocations\n"],
    [new UserError("bad flag"), 2, "memsnap: bad flag\n"],
    [new InputError("heap.pb.gz", "truncated gzip"), 2, "memsnap: heap.pb.gz: truncated gzip\n"],
    [new Error("unexpected\nstate"), 3, "memsnap: internal error: unexpected; state\n"],
    [new TypeError("x is undefined"), 3, "memsnap: internal error: x is undefined\n"],
    ["a string", 3, "memsnap: internal error: a string\n"],
  ])("%s -> exit %i, one line", async (error, code, line) => {
    const r = await runThrowing(error);
    expect(r).toEqual({ code, stderr: line, stdout: "" });
  });
});

describe("progress", () => {
  it("goes to stderr on a terminal and nowhere otherwise", async () => {
    const tty = memoryIo({ tty: true, env: { ...process.env, NO_COLOR: "1" } });
    expect(await runProgram(await buildProgram(tty.io), ["toolchain"], tty.io)).toBe(0);
    expect(tty.err()).toContain("memsnap: probing Go toolchains");
    const pipe = memoryIo({ env: process.env });
    expect(await runProgram(await buildProgram(pipe.io), ["toolchain"], pipe.io)).toBe(0);
    expect(pipe.err()).toBe("");
    expect(pipe.out()).toBe(tty.out());
  });
});

describe("findGo without Go", () => {
  it("says clearly that no Go was found", async () => {
    await expect(findGo("", { PATH: "/nonexistent" }, [])).rejects.toThrow(
      /no Go toolchain found on PATH, in \$GOROOT\/bin or \/usr\/local\/go\/bin; install Go or pass --go PATH/,
    );
  });
});

describe("command loading", () => {
  it("finds the command past the global options, and loads all for help or a typo", () => {
    expect(commandName(["--json", "top", "heap.pb.gz"])).toBe("top");
    expect(commandName(["--go", "go1.22.12", "escape"])).toBe("escape");
    expect(commandName(["--go=go1.22.12", "gc", "-"])).toBe("gc");
    expect(commandName(["help", "top"])).toBeUndefined();
    expect(commandName(["tpo"])).toBeUndefined();
    expect(commandName(["--", "top"])).toBeUndefined();
  });

  it("still suggests the right command for a typo", async () => {
    const m = memoryIo();
    expect(await main(["tpo"], m.io)).toBe(2);
    expect(m.err()).toMatch(/unknown command 'tpo'.*top/);
  });
});
