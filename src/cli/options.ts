import { InvalidArgumentError } from "commander";
import { parseBytes, parseGoDuration } from "../base/units.js";

/** A commander parser for Go-style durations ("3s", "500ms"); returns milliseconds. */
export function durationOption(value: string): number {
  const ms = parseGoDuration(value);
  if (ms === undefined || ms <= 0) {
    throw new InvalidArgumentError(`want a positive Go duration such as 3s or 500ms`);
  }
  return ms;
}

export function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError("want an integer");
  return n;
}

/** A commander parser for sizes ("512MiB", "1GiB", plain bytes). */
export function sizeOption(value: string): number {
  const n = parseBytes(value);
  if (n === undefined || n <= 0) throw new InvalidArgumentError("want a size such as 512MiB");
  return n;
}
