/**
 * The index page net/http/pprof serves at /debug/pprof/: one table row per
 * profile with its current count, `<tr><td>%d</td><td><a href='%s'>%s</a>`
 * (the same in Go 1.19 through 1.26). The goroutine row's count is
 * runtime.NumGoroutine(), which a capture records without fetching a
 * goroutine profile.
 */
export interface PprofIndex {
  readonly counts: Readonly<Record<string, number>>;
}

const ROW = /<tr><td>(\d+)<\/td><td><a href=['"][^'"]*['"]>([^<]+)<\/a><\/td><\/tr>/g;

/** The page's profile counts, or null when the text is not a pprof index page. */
export function parsePprofIndex(html: string): PprofIndex | null {
  if (!html.includes("/debug/pprof/")) return null;
  const counts: Record<string, number> = {};
  for (const m of html.matchAll(ROW)) {
    const n = Number(m[1]);
    if (Number.isSafeInteger(n)) counts[m[2] ?? ""] = n;
  }
  if (counts["heap"] === undefined) return null;
  return { counts };
}
