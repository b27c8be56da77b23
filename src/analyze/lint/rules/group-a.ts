import type { LintRule } from "../rule.js";
import { channelSubslice } from "./channel-subslice.js";
import { deferInLoop } from "./defer-in-loop.js";
import { preallocMissing } from "./prealloc-missing.js";
import { resliceToZero } from "./reslice-to-zero.js";
import { subsliceRetention } from "./subslice-retention.js";
import { substringRetention } from "./substring-retention.js";

/** Rules of the slice/string family and loops (one module each beside this file). */
export const GROUP_A: readonly LintRule[] = [
  subsliceRetention,
  substringRetention,
  channelSubslice,
  preallocMissing,
  deferInLoop,
  resliceToZero,
];
