import type { Command } from "commander";
import { toolchainJson, toolchainText, type ToolchainInfo } from "../../report/toolchain.js";
import { findToolchains, type GoToolchain } from "../../toolchain/go.js";
import { contextFor } from "../context.js";
import type { Io } from "../io.js";

export function registerToolchain(program: Command, io: Io): void {
  program
    .command("toolchain")
    .description("show the Go toolchain(s) memsnap will use, and how each was found")
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap toolchain
  $ memsnap toolchain --go go1.22.12,/usr/lib/go-1.19/bin/go --json

--go takes a go binary, a GOROOT, or a Go version; a version is fetched by the
default go through GOTOOLCHAIN (needs the module proxy once, then it is cached).`,
    )
    .action(async (_opts, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      ctx.progress("probing Go toolchains");
      const tcs = (await findToolchains(ctx.goSpecs, io.env)).map(toInfo);
      ctx.emit(toolchainJson(tcs), () => toolchainText(tcs, ctx.style));
    });
}

export function toInfo(tc: GoToolchain): ToolchainInfo {
  return { ...tc, version: tc.version.text };
}
