import { readFileSync } from "node:fs";

// Read from package.json at run time so the version has one source.
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

export const VERSION: string = pkg.version;
