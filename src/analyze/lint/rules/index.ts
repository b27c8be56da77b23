import type { LintRule } from "../rule.js";
import { GROUP_A } from "./group-a.js";
import { GROUP_B } from "./group-b.js";

/** Every lint rule, in id order of LINT_RULE_IDS. */
export const LINT_RULES: readonly LintRule[] = [...GROUP_A, ...GROUP_B];
