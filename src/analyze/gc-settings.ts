import { fail, ok, type Result } from "../base/result.js";
import { formatBytes } from "../base/units.js";

/** A GC configuration: GOGC (null = off) and GOMEMLIMIT in bytes (null = no limit). */
export interface GcSetting {
  readonly gogc: number | null;
  readonly memoryLimit: number | null;
}

/** What the runtime runs with when neither variable is set. */
export const DEFAULT_SETTING: GcSetting = { gogc: 100, memoryLimit: null };

/** A partial setting as the user wrote it; unset variables come from the recorded run. */
export interface GcSettingSpec {
  readonly gogc?: number | null;
  readonly memoryLimit?: number | null;
  readonly label: string;
}

const MAX_INT64 = 2n ** 63n - 1n;

/**
 * GOMEMLIMIT's syntax exactly as the runtime reads it (runtime/string.go
 * parseByteCount, runtime/mgcpacer.go readGOMEMLIMIT): "off", or a
 * non-negative integer with no suffix, or the suffix B, KiB, MiB, GiB or TiB
 * (case-sensitive, no space, no fraction, no decimal SI units). Null is off.
 */
export function parseGoMemLimit(text: string): Result<number | null> {
  if (text === "off") return ok(null);
  const m = /^([0-9]+)(B|KiB|MiB|GiB|TiB)?$/.exec(text);
  if (!m)
    return fail(
      `GOMEMLIMIT=${text}: want a byte count such as 256MiB (suffixes B, KiB, MiB, GiB, TiB) or off`,
    );
  const power = ["B", "KiB", "MiB", "GiB", "TiB"].indexOf(m[2] ?? "B");
  const n = BigInt(m[1] as string) * 1024n ** BigInt(power);
  if (n > MAX_INT64)
    return fail(`GOMEMLIMIT=${text}: larger than the runtime accepts (2^63-1 bytes)`);
  return ok(Number(n));
}

/**
 * GOGC as the runtime reads it (readGOGC): "off" or a 32-bit integer; a
 * negative value also turns GC off. The runtime silently falls back to 100 on
 * anything else; a what-if says so instead.
 */
export function parseGogc(text: string): Result<number | null> {
  if (text === "off") return ok(null);
  if (!/^[+-]?[0-9]+$/.test(text))
    return fail(`GOGC=${text}: want a whole percentage such as 200, or off`);
  const n = Number(text);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31))
    return fail(`GOGC=${text}: out of the runtime's 32-bit range`);
  return ok(n < 0 ? null : n);
}

/**
 * One `--what-if` value: `GOGC=50,100,200,off` (four settings),
 * `GOMEMLIMIT=256MiB,1GiB` (two), and `+` to combine variables in one
 * setting: `GOGC=off+GOMEMLIMIT=1GiB`. A bare value after a comma repeats
 * the variable before it.
 */
export function parseWhatIf(text: string): Result<GcSettingSpec[]> {
  const out: GcSettingSpec[] = [];
  let lastVar: "GOGC" | "GOMEMLIMIT" | undefined;
  for (const item of text.split(",")) {
    let spec: { gogc?: number | null; memoryLimit?: number | null } = {};
    const labels: string[] = [];
    for (const part of item.split("+")) {
      const m = /^\s*(?:([A-Z]+)=)?(.*?)\s*$/.exec(part) as RegExpExecArray;
      const name = m[1] ?? lastVar;
      const value = m[2] ?? "";
      if (name !== "GOGC" && name !== "GOMEMLIMIT")
        return fail(
          `--what-if ${text}: ${name === undefined ? `"${part}" names no variable` : `unknown variable ${name}`} (want GOGC=... or GOMEMLIMIT=...)`,
        );
      lastVar = name;
      if (name === "GOGC") {
        const r = parseGogc(value);
        if (!r.ok) return r;
        if ("gogc" in spec) return fail(`--what-if ${text}: GOGC given twice in one setting`);
        spec = { ...spec, gogc: r.value };
      } else {
        const r = parseGoMemLimit(value);
        if (!r.ok) return r;
        if ("memoryLimit" in spec)
          return fail(`--what-if ${text}: GOMEMLIMIT given twice in one setting`);
        spec = { ...spec, memoryLimit: r.value };
      }
      labels.push(`${name}=${value}`);
    }
    out.push({ ...spec, label: labels.join(" ") });
  }
  return ok(out);
}

/** The setting a spec means on top of the recorded run's. */
export function resolveSetting(spec: GcSettingSpec, recorded: GcSetting): GcSetting {
  return {
    gogc: spec.gogc === undefined ? recorded.gogc : spec.gogc,
    memoryLimit: spec.memoryLimit === undefined ? recorded.memoryLimit : spec.memoryLimit,
  };
}

/** "GOGC=100 GOMEMLIMIT=256.00MiB" (the limit in IEC units, "off" when unset). */
export function settingLabel(s: GcSetting): string {
  const limit = s.memoryLimit === null ? "off" : formatBytes(s.memoryLimit);
  return `GOGC=${s.gogc === null ? "off" : s.gogc} GOMEMLIMIT=${limit}`;
}
