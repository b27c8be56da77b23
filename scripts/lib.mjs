// Shared by the fixture scripts: the offline Go environment and a lab
// program started with its debug server on.
import { spawn } from "node:child_process";

/** go with the installed toolchain only: no downloads, no workspace, no go env file. */
export const offlineGoEnv = {
  ...process.env,
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOWORK: "off",
  GOFLAGS: "-mod=readonly",
  GOENV: "off",
};

/**
 * Starts a lab binary with `-addr=127.0.0.1:0` and the given flags; resolves
 * with the address from its `listening on` line and a promise of its exit.
 */
export async function startLab(binary, args) {
  const child = spawn(binary, ["-addr=127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((r) => child.once("exit", r));
  const addr = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => {
      const m = /^listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line: ${d}`));
    });
  });
  child.stdout.resume();
  return { addr, exited };
}

/** Fetches one debug endpoint of a lab program 600ms after it starts listening, then waits for it to end. */
export async function fetchFromLab(binary, urlPath) {
  const { addr, exited } = await startLab(binary, ["-duration=2s"]);
  await new Promise((r) => setTimeout(r, 600));
  const text = await (await fetch(`http://${addr}${urlPath}`)).text();
  await exited;
  return text;
}
