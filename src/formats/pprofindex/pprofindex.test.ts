import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePprofIndex } from "./index.js";

// The rows as net/http/pprof's Index handler prints them (Go 1.19 through 1.26):
// fmt.Fprintf(&b, "<tr><td>%d</td><td><a href='%s'>%s</a></td></tr>\n", ...).
const PAGE = `<html><head><title>/debug/pprof/</title></head><body>
<table><thead><td>Count</td><td>Profile</td></thead>
<tr><td>12</td><td><a href='allocs?debug=1'>allocs</a></td></tr>
<tr><td>8</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>
<tr><td>12</td><td><a href='heap?debug=1'>heap</a></td></tr>
</table></body></html>`;

describe("pprof index page", () => {
  it("reads each profile's count", () => {
    expect(parsePprofIndex(PAGE)?.counts).toEqual({ allocs: 12, goroutine: 8, heap: 12 });
  });

  it("is null for anything else", () => {
    expect(parsePprofIndex("404 page not found")).toBeNull();
    expect(parsePprofIndex("<html>/debug/pprof/ but no table</html>")).toBeNull();
  });

  it("never throws on mangled pages", () => {
    fc.assert(
      fc.property(fc.nat(PAGE.length), fc.string({ maxLength: 6 }), (at, junk) => {
        parsePprofIndex(PAGE.slice(0, at) + junk + PAGE.slice(at + junk.length));
      }),
      { numRuns: 500 },
    );
  });
});
