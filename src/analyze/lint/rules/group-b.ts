import type { LintRule } from "../rule.js";
import { contextRetention } from "./context-retention.js";
import { goroutineRetention } from "./goroutine-retention.js";
import { interfaceBoxing } from "./interface-boxing.js";
import { mapNeverShrinks } from "./map-never-shrinks.js";
import { poolPollution } from "./pool-pollution.js";
import { timerInLoop } from "./timer-in-loop.js";
import { unboundedGrowth } from "./unbounded-growth.js";

/** Rules of long-lived state, goroutines, pools, contexts, timers and boxing (one module each). */
export const GROUP_B: readonly LintRule[] = [
  mapNeverShrinks,
  unboundedGrowth,
  goroutineRetention,
  poolPollution,
  contextRetention,
  timerInLoop,
  interfaceBoxing,
];
