import type { LintRule } from "../rule.js";

/** Rules of the slice/string family and loops (one module each beside this file). */
export const GROUP_A: readonly LintRule[] = [];
