/**
 * The compiler's escape-analysis and inlining diagnostics: -m text, the
 * -json log, their merge, and the functions they belong to. No I/O: callers
 * hand over texts ({path, text} for a JSON log directory's files).
 */
export {
  EscapeTextParser,
  parseEscapeText,
  sniffEscapeText,
  type EscapeTextOptions,
} from "./text.js";
export {
  parseEscapeJson,
  parseEscapeJsonFile,
  sniffEscapeJson,
  type EscapeJsonOptions,
  type JsonLogFile,
} from "./json.js";
export { mergeEscapeReports } from "./merge.js";
export { attachFuncs, type AttachOptions, type GoSourceFile } from "./funcs.js";
