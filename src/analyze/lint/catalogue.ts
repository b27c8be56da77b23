import type { LintRuleId } from "./rule.js";

/**
 * Title and one-paragraph help for every rule id, registered or not, for
 * the SARIF rule metadata and `--enable` help. The long form is the trap
 * page docs/traps/<id>.md.
 */
export const LINT_RULE_INFO = {
  "subslice-retention": {
    title: "a small sub-slice pins a large array",
    help: "A sub-slice shares its parent's backing array; kept in long-lived state it keeps the whole array alive. Copy the part you keep (bytes.Clone, or append([]T(nil), s[i:j]...)).",
  },
  "substring-retention": {
    title: "a short substring pins a large string",
    help: "Slicing a string does not copy; a short substring kept in long-lived state keeps the whole string alive. Keep strings.Clone(s[i:j]) instead.",
  },
  "map-never-shrinks": {
    title: "deleted entries never give memory back",
    help: "A Go map never shrinks its bucket array when entries are deleted; a long-lived map that had a burst keeps its peak size. Rebuild it when it has shrunk.",
  },
  "unbounded-growth": {
    title: "long-lived collections that only grow",
    help: "A package-level or long-lived slice or map that is only ever added to grows with the program's lifetime. Bound it, evict, or drop it.",
  },
  "goroutine-retention": {
    title: "blocked goroutines keep their data alive",
    help: "A goroutine blocked forever (a send nobody receives) keeps its stack and everything it references alive. Buffer the channel to its senders or select on a done channel.",
  },
  "pool-pollution": {
    title: "oversized or boxed values in sync.Pool",
    help: "sync.Pool keeps what you Put: an unbounded buffer makes every Get return the largest one ever seen, and a non-pointer allocates on every Put. Bound the size and Put pointers.",
  },
  "context-retention": {
    title: "large values hung on long-lived contexts",
    help: "context.WithValue keeps its value as long as the context and every context derived from it. Store a small key or ID, not slices or maps.",
  },
  "channel-subslice": {
    title: "queued sub-slices pin their buffers",
    help: "A sub-slice sent on a channel keeps its whole backing array alive while it is queued. Send a copy of the part the receiver needs.",
  },
  "timer-in-loop": {
    title: "a new timer every loop iteration",
    help: "time.After in a loop allocates a timer per iteration; before Go 1.23 each lives until it fires. Create one timer and Reset it.",
  },
  "prealloc-missing": {
    title: "appending in a loop without capacity",
    help: "Appending n elements to a slice without capacity reallocates and copies it about log(n) times. Make it with make([]T, 0, n) when n is known before the loop.",
  },
  "defer-in-loop": {
    title: "defer in a loop runs only when the function returns",
    help: "Each deferred call is kept (with what it references) until the function returns, not the loop iteration: files, locks and buffers pile up. Move the loop body into a function.",
  },
  "interface-boxing": {
    title: "boxing values into interfaces in hot loops",
    help: "Converting a non-pointer value to an interface allocates when it does not fit in a word. Keep concrete types in hot loops.",
  },
  "reslice-to-zero": {
    title: "s = s[:0] keeps the memory",
    help: "s = s[:0] keeps the backing array at its peak capacity, and for pointer elements keeps the old elements reachable. Clear pointer slots and drop buffers that grew too large.",
  },
} as const satisfies Record<LintRuleId, { title: string; help: string }>;
