import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loopbackReachable, parseProcNetTcp } from "./index.js";

const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const row = (local: string, st: string, inode: number) =>
  `   0: ${local} 00000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe("/proc/net/tcp", () => {
  it("decodes IPv4 and IPv6 listeners in the kernel's byte order", () => {
    const r = parseProcNetTcp(
      HEADER +
        row("0100007F:1F90", "0A", 101) +
        row("00000000:0050", "0A", 102) +
        row("0100007F:C350", "01", 103) +
        row("00000000000000000000000001000000:1F91", "0A", 104) +
        row("00000000000000000000000000000000:1F92", "0A", 105) +
        row("0000000000000000FFFF00000100007F:1F93", "0A", 106) +
        row("B80D0120000000000000000001000000:0016", "0A", 107),
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { address: "127.0.0.1", port: 8080, listening: true, inode: 101 },
        { address: "0.0.0.0", port: 80, listening: true, inode: 102 },
        { address: "127.0.0.1", port: 50000, listening: false, inode: 103 },
        { address: "::1", port: 8081, listening: true, inode: 104 },
        { address: "::", port: 8082, listening: true, inode: 105 },
        { address: "::ffff:127.0.0.1", port: 8083, listening: true, inode: 106 },
        { address: "2001:db8::1", port: 22, listening: true, inode: 107 },
      ],
    });
  });

  it("reads this machine's own tables", () => {
    for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      let text: string;
      try {
        text = readFileSync(f, "utf8");
      } catch {
        continue; // no IPv6 in this kernel
      }
      const r = parseProcNetTcp(text);
      expect(r.ok, r.ok ? "" : r.error).toBe(true);
    }
  });

  it("says what is wrong instead of guessing", () => {
    expect(parseProcNetTcp("")).toEqual({
      ok: false,
      error: "not a /proc/net/tcp table: no header line",
    });
    expect(parseProcNetTcp(HEADER + "   0: zz\n")).toEqual({
      ok: false,
      error: "line 2: not a socket entry",
    });
  });

  it("never throws on mangled tables", () => {
    const seed = HEADER + row("0100007F:1F90", "0A", 101);
    fc.assert(
      fc.property(fc.nat(seed.length), fc.string({ maxLength: 8 }), (at, junk) => {
        parseProcNetTcp(seed.slice(0, at) + junk + seed.slice(at));
      }),
      { numRuns: 500 },
    );
  });

  it("knows which listeners a loopback probe reaches", () => {
    expect(["0.0.0.0", "127.0.0.1", "::", "::1", "::ffff:127.0.0.1"].every(loopbackReachable)).toBe(
      true,
    );
    expect(loopbackReachable("10.0.0.5")).toBe(false);
  });
});
