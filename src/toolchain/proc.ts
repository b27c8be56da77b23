import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { InputError } from "../base/errors.js";

/**
 * What /proc says about a process's sockets: its owner, the inodes of its
 * socket file descriptors (`socket:[N]`), and the TCP tables of its network
 * namespace (/proc/PID/net/tcp, tcp6) as text. A listener in those tables
 * belongs to the process when its inode is one of the process's.
 */
export interface ProcessSockets {
  readonly pid: number;
  readonly uid: number;
  readonly inodes: ReadonlySet<number>;
  readonly tables: readonly { readonly file: string; readonly text: string }[];
}

export function processSockets(pid: number, myUid = currentUid()): ProcessSockets {
  const input = `pid ${pid}`;
  const root = `/proc/${pid}`;
  let uid: number;
  try {
    uid = statSync(root).uid;
  } catch {
    throw new InputError(input, "no such process");
  }
  const inodes = socketInodes(root, () => {
    if (myUid !== 0 && myUid !== uid) {
      return new InputError(
        input,
        `belongs to another user (uid ${uid}); run memsnap as that user, or use --url`,
      );
    }
    return new InputError(input, "cannot read its file descriptors (permission denied)");
  });
  const tables = [`${root}/net/tcp`, `${root}/net/tcp6`].flatMap((file) => {
    const text = readTable(file);
    return text === null ? [] : [{ file, text }];
  });
  return { pid, uid, inodes, tables };
}

function socketInodes(root: string, denied: () => InputError): Set<number> {
  let fds: string[];
  try {
    fds = readdirSync(`${root}/fd`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new InputError(root.slice(6), "no such process");
    }
    throw denied();
  }
  const out = new Set<number>();
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(`${root}/fd/${fd}`);
    } catch {
      continue; // closed since the listing
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

function readTable(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // no IPv6 in this kernel, or the process just ended
  }
}

function currentUid(): number {
  return typeof process.getuid === "function" ? process.getuid() : -1;
}
