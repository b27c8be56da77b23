/** A Go release as memsnap compares them: go1.26.8, go1.22, go1.21rc2. */
export interface GoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

/** Parses "go1.26.8", "1.22", "go1.21rc2" (pre-releases sort before the release). */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(rc|beta)(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const pre = m[4] ? (m[4] === "beta" ? -200 : -100) + Number(m[5]) : 0;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] !== undefined ? Number(m[3]) : pre,
    text: `go${text.trim().replace(/^go/, "")}`,
  };
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `v` is at least major.minor (e.g. atLeast(v, 1, 23)). */
export function atLeast(v: GoVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}
