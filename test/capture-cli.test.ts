import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePprof } from "../src/formats/pprof/index.js";
import { parsePprofIndex } from "../src/formats/pprofindex/index.js";
import { parseSidecar } from "../src/formats/sidecar/index.js";
import { ROOT, runCli, schemaErrors, type CliResult } from "./support/cli.js";
import { labBinary } from "./support/lab.js";
import { pprofTop } from "./support/pprof-top.js";

interface Started {
  child: ChildProcess;
  addr: string;
}

/** Starts a lab program serving /debug/pprof and /debug/vars; resolves with its address. */
function startLab(): Promise<Started> {
  const dir = mkdtempSync(path.join(tmpdir(), "memsnap-capture-lab-"));
  const child = spawn(
    labBinary("map-never-shrinks"),
    ["-addr=127.0.0.1:0", "-duration=300s", "-every=10s", `-snapshots=${dir}`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (\S+)$/m.exec(out);
      if (m) resolve({ child, addr: m[1] ?? "" });
    });
    child.on("exit", (code) => reject(new Error(`lab exited ${code} before listening`)));
  });
}

/** A local server answering every request with `handler`; resolves with its base URL. */
function serve(handler: http.RequestListener): Promise<{ url: string; close: () => void }> {
  const server = http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      });
    }),
  );
}

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), "memsnap-capture-")), "out");

function expectInputError(r: CliResult, problem: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(problem);
}

let lab: Started;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => {
  lab?.child.kill("SIGKILL");
});

describe("memsnap capture", () => {
  it("finds a process's pprof port through /proc and writes a whole series", async () => {
    const out = freshDir();
    const pid = String(lab.child.pid);
    const r = await runCli([
      "capture",
      "-p",
      pid,
      "--count",
      "3",
      "--interval",
      "200ms",
      "--gc",
      "--out",
      out,
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      url: string;
      pid: number;
      goVersion: string;
      snapshots: { profile: string; sidecar: string; vars: string; inuseSpace: number }[];
    };
    expect(schemaErrors("capture", doc)).toEqual([]);
    expect(doc.url).toBe(`http://${lab.addr}`);
    expect(doc.pid).toBe(lab.child.pid);
    const goVersion = execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim();
    expect(doc.goVersion).toBe(goVersion);
    expect(doc.snapshots).toHaveLength(3);
    for (const [i, s] of doc.snapshots.entries()) {
      const sidecar = parseSidecar(readFileSync(path.join(out, s.sidecar), "utf8"));
      if (!sidecar.ok) throw new Error(sidecar.error);
      expect(sidecar.value).toMatchObject({ seq: i + 1, gc: true, profile: s.profile, goVersion });
      expect(sidecar.value.memstats?.NumForcedGC).toBeGreaterThan(0);
      expect(sidecar.value.numGoroutine).toBeGreaterThan(0);
      const vars = JSON.parse(readFileSync(path.join(out, s.vars), "utf8")) as {
        memstats: { HeapAlloc: number };
      };
      expect(sidecar.value.memstats?.HeapAlloc).toBe(vars.memstats.HeapAlloc);
      const file = path.join(out, s.profile);
      expect(parsePprof(readFileSync(file)).ok).toBe(true);
      // The in-use total is the one go tool pprof reports for the same file.
      expect(s.inuseSpace).toBe(pprofTop(file, ["-sample_index=inuse_space"]).total);
    }
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("reads the goroutine count from the real pprof index page", async () => {
    const page = (await fetchBytes(`http://${lab.addr}/debug/pprof/`)).toString("utf8");
    const counts = parsePprofIndex(page)?.counts ?? {};
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(["allocs", "goroutine", "heap"]));
    expect(counts["goroutine"]).toBeGreaterThan(0);
  });

  it("takes a --url given as the server's base or as its heap endpoint", async () => {
    for (const url of [`http://${lab.addr}`, `http://${lab.addr}/debug/pprof/heap?debug=1`]) {
      const out = freshDir();
      const r = await runCli(["capture", "--url", url, "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`captured 1 snapshot from http://${lab.addr}\\n`));
      expect(readdirSync(out).sort()).toEqual([
        "heap-0001.json",
        "heap-0001.pb.gz",
        "heap-0001.vars.json",
      ]);
    }
  });

  it("records no memstats, and says so, when the server has no expvar", async () => {
    const heap = readFileSync(path.join(ROOT, "test/fixtures/pprof/go126-map-peak.pb.gz"));
    const srv = await serve((req, res) => {
      if (req.url === "/debug/pprof/heap") res.end(heap);
      else res.writeHead(404).end("404 page not found\n");
    });
    try {
      const out = freshDir();
      const r = await runCli(["capture", "--url", srv.url, "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("no /debug/vars (expvar) on this server");
      const s = parseSidecar(readFileSync(path.join(out, "heap-0001.json"), "utf8"));
      expect(s.ok && s.value.memstats).toBe(null);
    } finally {
      srv.close();
    }
  });

  it("ends a series early on Ctrl-C and leaves only whole files", async () => {
    const out = freshDir();
    const args = ["--count", "1000", "--interval", "100ms", "--out", out, "--json"];
    const c2 = spawn(
      process.execPath,
      [path.join(ROOT, "bin/memsnap.js"), "capture", "--url", `http://${lab.addr}`, ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    c2.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!existsSync(path.join(out, "heap-0003.json")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    c2.kill("SIGINT");
    const code = await new Promise((r) => c2.on("close", r));
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { interrupted: boolean; snapshots: { profile: string }[] };
    expect(doc.interrupted).toBe(true);
    expect(doc.snapshots.length).toBeGreaterThanOrEqual(3);
    const names = readdirSync(out);
    expect(names.filter((n) => n.endsWith(".tmp") || n.startsWith("."))).toEqual([]);
    for (const s of doc.snapshots) expect(parsePprof(readFileSync(path.join(out, s.profile))).ok);
    expect(names.filter((n) => /^heap-\d+\.json$/.test(n))).toHaveLength(doc.snapshots.length);
  });
});

describe("memsnap capture: bad targets end with exit 2, one line, nothing written", () => {
  it("a pid that does not exist", async () => {
    expectInputError(
      await runCli(["capture", "-p", "99999999"]),
      /^memsnap: pid 99999999: no such process$/m,
    );
  });

  it("a process that listens on no port, or on none serving pprof", async () => {
    const idle = spawn("sleep", ["60"]);
    const plain = spawn(process.execPath, [
      "-e",
      "require('http').createServer((q, s) => s.end('hi')).listen(0, '127.0.0.1', () => console.log('up'))",
    ]);
    await new Promise((r) => plain.stdout.once("data", r));
    try {
      expectInputError(
        await runCli(["capture", "-p", String(idle.pid)]),
        /pid \d+: listens on no TCP port/,
      );
      expectInputError(
        await runCli(["capture", "-p", String(plain.pid)]),
        /pid \d+: none of its listening ports \(127\.0\.0\.1:\d+\) serves \/debug\/pprof\//,
      );
    } finally {
      idle.kill();
      plain.kill();
    }
  });

  it("a process of another user", async () => {
    const hasSetpriv = ["/usr/bin/setpriv", "/bin/setpriv"].some(existsSync);
    if (process.getuid?.() !== 0 || !hasSetpriv) return; // needs root to become another user
    const r = await new Promise<CliResult>((resolve) => {
      const c = spawn(
        "setpriv",
        [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          process.execPath,
          path.join(ROOT, "bin/memsnap.js"),
          "capture",
          "-p",
          String(lab.child.pid),
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      c.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      c.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expectInputError(r, /pid \d+: belongs to another user \(uid 0\)/);
  });

  it("non-200 answers, non-profile bodies, timeouts and oversized answers", async () => {
    const goroutines = await fetchBytes(`http://${lab.addr}/debug/pprof/goroutine`);
    const srv = await serve((req, res) => {
      if (req.url === "/text/debug/pprof/heap") res.end("hello\n");
      else if (req.url === "/goroutine/debug/pprof/heap") res.end(goroutines);
      else if (req.url?.startsWith("/slow/"))
        return; // never answers
      else res.writeHead(500, { "content-type": "text/plain" }).end("profiling disabled\n");
    });
    try {
      const cases: [string[], RegExp][] = [
        [["--url", `${srv.url}/x`], /\/x\/debug\/pprof\/heap: HTTP 500: profiling disabled$/],
        [["--url", `${srv.url}/text`], /heap: not a heap profile: not a pprof profile/],
        [
          ["--url", `${srv.url}/goroutine`],
          /heap: a profile, but not a heap profile \(sample types: goroutine\)$/,
        ],
        [["--url", `${srv.url}/slow`, "--timeout", "300ms"], /heap: no answer within 300 ms$/],
        [["--url", `http://${lab.addr}`, "--max-bytes", "100"], /over the 100-byte limit$/],
        [["--url", "http://127.0.0.1:1"], /connection refused/],
        [["--url", "ftp://x"], /--url ftp:\/\/x: want an http:\/\/ or https:\/\/ URL/],
      ];
      for (const [args, problem] of cases) {
        const out = freshDir();
        expectInputError(await runCli(["capture", ...args, "--out", out]), problem);
        expect(existsSync(out)).toBe(false);
      }
    } finally {
      srv.close();
    }
  });

  it("exactly one of --url and -p", async () => {
    expectInputError(await runCli(["capture"]), /give exactly one of --url URL or -p PID/);
    expectInputError(
      await runCli(["capture", "--url", "http://x", "-p", "1"]),
      /give exactly one of --url URL or -p PID/,
    );
  });
});

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return Buffer.from(await res.arrayBuffer());
}
