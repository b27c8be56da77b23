import { InputError } from "../base/errors.js";

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

export interface GetOptions {
  readonly timeoutMs: number;
  /** A body longer than this is refused, not truncated. */
  readonly maxBytes: number;
  /** Aborts the request early (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * GET with a deadline over the whole exchange and a size cap. Any status is
 * returned (the caller decides what a 404 means); a failure to connect, a
 * timeout or an oversized body is an input error naming the URL. node:http
 * rather than fetch: fetch refuses the "bad ports" of the Fetch standard
 * (6000, 6665-6669, ...), where a debug server may well listen, and follows
 * redirects and decompresses on its own.
 */
export async function httpGet(url: string, opts: GetOptions): Promise<HttpResponse> {
  // Loaded on first use: node:https pulls in TLS, which every other command
  // would otherwise pay for at start-up.
  const { get } = url.startsWith("https:") ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const fail = (problem: string) => {
      req.destroy();
      reject(new InputError(url, problem));
    };
    const req = get(url, { headers: { "user-agent": "memsnap" } }, (res) => {
      const declared = Number(res.headers["content-length"] ?? "NaN");
      if (declared > opts.maxBytes) {
        fail(`answer of ${declared} bytes is over the ${opts.maxBytes}-byte limit`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) fail(`answer is over the ${opts.maxBytes}-byte limit`);
        else chunks.push(c);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({
          url,
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"] ?? "",
          body: Buffer.concat(chunks, size),
        });
      });
      res.on("error", () => fail("connection closed before the answer was complete"));
    });
    const timer = setTimeout(() => fail(`no answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    const onAbort = () => fail("interrupted");
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new InputError(url, describeNetError(e)));
    });
  });
}

function describeNetError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused (is the program running and serving HTTP there?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "unknown host";
    case "ECONNRESET":
      return "connection closed before the answer was complete";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "ERR_INVALID_URL":
      return "not a valid URL";
    default:
      return e.message;
  }
}
