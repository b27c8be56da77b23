import { fail, ok, type Result } from "../../base/result.js";

/**
 * The TCP socket tables of /proc/net/tcp and /proc/net/tcp6 (Linux
 * Documentation/networking/proc_net_tcp.rst): one socket per line,
 * addresses as hex in the kernel's byte order, state 0A is LISTEN.
 */
export interface TcpSocket {
  /** Dotted IPv4 or RFC 5952-style IPv6 text. */
  readonly address: string;
  readonly port: number;
  readonly listening: boolean;
  readonly inode: number;
}

const LISTEN = "0A";

export function parseProcNetTcp(text: string): Result<TcpSocket[]> {
  const lines = text.split("\n");
  if (!/^\s*sl\s+local_address\s/.test(lines[0] ?? "")) {
    return fail("not a /proc/net/tcp table: no header line");
  }
  const out: TcpSocket[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    const s = parseLine(line);
    if (!s) return fail(`line ${i + 1}: not a socket entry`);
    out.push(s);
  }
  return ok(out);
}

function parseLine(line: string): TcpSocket | null {
  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
  const f = line.split(/\s+/);
  const local = /^([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4})$/i.exec(f[1] ?? "");
  const st = f[3] ?? "";
  const inode = Number(f[9]);
  if (!local || !/^[0-9A-F]{2}$/i.test(st) || !Number.isSafeInteger(inode)) return null;
  const hex = local[1] ?? "";
  return {
    address: hex.length === 8 ? ipv4(hex) : ipv6(hex),
    port: parseInt(local[2] ?? "", 16),
    listening: st.toUpperCase() === LISTEN,
    inode,
  };
}

/** Bytes of each 32-bit word, which the kernel prints in host order (little-endian here). */
function wordBytes(hex: string): number[] {
  const out: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) out.push(parseInt(word.slice(b, b + 2), 16));
  }
  return out;
}

function ipv4(hex: string): string {
  return wordBytes(hex).join(".");
}

function ipv6(hex: string): string {
  const b = wordBytes(hex);
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) {
    return `::ffff:${b.slice(12).join(".")}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  return compressZeros(groups);
}

/** Replaces the longest run of two or more zero groups with "::". */
function compressZeros(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** Whether a listener on this address accepts connections to the loopback interface. */
export function loopbackReachable(address: string): boolean {
  return (
    address === "0.0.0.0" ||
    address.startsWith("127.") ||
    address === "::" ||
    address === "::1" ||
    address.startsWith("::ffff:127.")
  );
}
