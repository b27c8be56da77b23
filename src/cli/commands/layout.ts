import type { Command } from "commander";
import { UserError } from "../../base/errors.js";
import { analyzeLayouts } from "../../analyze/layout.js";
import { parseLayout } from "../../formats/layout/index.js";
import { layoutJson, layoutText } from "../../report/layout.js";
import { findGo } from "../../toolchain/go.js";
import { runGoLayout } from "../../toolchain/golayout.js";
import { contextFor } from "../context.js";
import type { Io } from "../io.js";

interface LayoutOptions {
  arch?: string;
  all?: boolean;
  min?: number;
}

export function registerLayout(program: Command, io: Io): void {
  program
    .command("layout")
    .description("struct sizes, padding and the field order that wastes least (struct-padding)")
    .argument("[packages...]", "package patterns as go list takes them (default ./...)")
    .option("--arch <goarch>", "target architecture (default: go env GOARCH), e.g. 386, arm64")
    .option("--all", "list every struct, not only those a reorder would shrink")
    .addHelpText(
      "after",
      `
Examples:
  $ memsnap layout ./...
  $ memsnap layout --arch 386 ./internal/cache
  $ memsnap layout --json std

Sizes and offsets are the gc compiler's for the target (a small Go helper
shipped with memsnap computes them with the installed go; they equal
unsafe.Sizeof/Offsetof). Padding matters for types allocated in large numbers:
see docs/traps/struct-padding.md.`,
    )
    .action(async (packages: string[], opts: LayoutOptions, cmd: Command) => {
      const ctx = contextFor(cmd, io);
      const tc = await findGo(ctx.goSpecs[0] ?? "", ctx.io.env);
      ctx.progress(`reading struct layouts with ${tc.version.text}`);
      const text = await runGoLayout(tc, {
        patterns: packages.length ? packages : ["./..."],
        dir: process.cwd(),
        ...(opts.arch ? { goarch: opts.arch } : {}),
      });
      const report = parseLayout(text);
      if (!report.ok) throw new Error(`the layout helper's output: ${report.error}`);
      const structs = analyzeLayouts(report.value);
      if (structs.length === 0) {
        const errors = report.value.packages.flatMap((p) => p.errors);
        const why = errors[0] ?? `no Go packages match ${packages.join(" ") || "./..."}`;
        if (errors.length > 0 || report.value.packages.length === 0) {
          throw new UserError(`layout: ${why}`);
        }
      }
      const result = {
        report: report.value,
        structs,
        all: opts.all === true,
        baseDir: process.cwd(),
      };
      ctx.emit(layoutJson(result), () => layoutText(result, ctx.style));
    });
}
