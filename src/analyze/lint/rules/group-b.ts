import type { LintRule } from "../rule.js";

/** Rules of long-lived state, goroutines, pools, contexts, timers and boxing (one module each). */
export const GROUP_B: readonly LintRule[] = [];
