import type { LintRule } from "../rule.js";
import { channelSubslice } from "./channel-subslice.js";
import { subsliceRetention } from "./subslice-retention.js";
import { substringRetention } from "./substring-retention.js";

/** Rules of the slice/string family and loops (one module each beside this file). */
export const GROUP_A: readonly LintRule[] = [
  subsliceRetention,
  substringRetention,
  channelSubslice,
];
