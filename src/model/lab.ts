/** A program of the leak lab, as its source declares it. */
export interface LabProgram {
  readonly id: string;
  readonly summary: string;
  readonly variants: readonly string[];
  /** Where `// memsnap:culprit` marks the line that causes the trap. */
  readonly culprit: { readonly file: string; readonly line: number } | null;
}
