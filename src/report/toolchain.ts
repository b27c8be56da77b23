import type { Style } from "./style.js";

export const TOOLCHAIN_SCHEMA = "memsnap/toolchain@1";

/** The report's view of a toolchain: plain data, no process handles. */
export interface ToolchainInfo {
  readonly spec: string;
  readonly path: string;
  readonly version: string;
  readonly goos: string;
  readonly goarch: string;
  readonly goroot: string;
  readonly foundBy: string;
  readonly env: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

export function toolchainJson(tcs: readonly ToolchainInfo[]) {
  return { schema: TOOLCHAIN_SCHEMA, toolchains: tcs };
}

export function toolchainText(tcs: readonly ToolchainInfo[], style: Style): string {
  const out: string[] = [];
  for (const tc of tcs) {
    const env = Object.entries(tc.env).map(([k, v]) => `${k}=${v}`);
    out.push(
      `${style.bold(tc.version)} ${tc.goos}/${tc.goarch}${tc.spec ? ` (--go ${tc.spec})` : ""}`,
      `  go      ${tc.path} (found by ${tc.foundBy})`,
      `  GOROOT  ${tc.goroot}`,
      ...(env.length ? [`  env     ${env.join(" ")}`] : []),
      ...tc.notes.map((n) => style.dim(`  note    ${n}`)),
    );
  }
  return out.join("\n") + "\n";
}
