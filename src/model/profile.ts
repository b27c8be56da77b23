/**
 * A pprof profile (profile.proto), resolved: string indices replaced by
 * strings and ids by array indices. Built once by the parser, validated, then
 * read-only. Layout follows the analyses' hot loops: sample stacks and values
 * live in flat typed arrays rather than one object per sample.
 */

export interface ValueType {
  readonly type: string;
  readonly unit: string;
}

export interface Line {
  /** Index into Profile.functions. */
  readonly function: number;
  readonly line: number;
  readonly column: number;
}

export interface Location {
  readonly id: number;
  /** Index into Profile.mappings, or -1. */
  readonly mapping: number;
  readonly address: bigint;
  /** Innermost first, as in profile.proto: inlined callees precede their caller. */
  readonly lines: readonly Line[];
  readonly isFolded: boolean;
}

export interface Function {
  readonly id: number;
  readonly name: string;
  readonly systemName: string;
  readonly filename: string;
  readonly startLine: number;
}

export interface Mapping {
  readonly id: number;
  readonly start: bigint;
  readonly limit: bigint;
  readonly offset: bigint;
  readonly filename: string;
  readonly buildId: string;
  readonly hasFunctions: boolean;
  readonly hasFilenames: boolean;
  readonly hasLineNumbers: boolean;
  readonly hasInlineFrames: boolean;
}

export interface Label {
  readonly key: string;
  /** A string label; "" for numeric ones. */
  readonly str: string;
  readonly num: number;
  readonly numUnit: string;
}

export interface Profile {
  readonly sampleTypes: readonly ValueType[];
  /** Index into sampleTypes named by default_sample_type, or -1 when unset. */
  readonly defaultSampleType: number;
  readonly sampleCount: number;
  /** Sample i's location indices (leaf first) are stackLocations[stackStart[i] .. stackStart[i+1]). */
  readonly stackStart: Uint32Array;
  readonly stackLocations: Uint32Array;
  /** Sample i's value for type t is values[i * sampleTypes.length + t]. */
  readonly values: Float64Array;
  /**
   * Values whose magnitude is beyond 2^53, exactly, keyed by their index in
   * `values` (which holds the nearest double). Empty for real heap profiles;
   * analyses that sum must use it when it is not.
   */
  readonly exactValues: ReadonlyMap<number, bigint>;
  /** Labels of sample i, or undefined when it has none. */
  readonly labels: readonly (readonly Label[] | undefined)[];
  readonly locations: readonly Location[];
  readonly functions: readonly Function[];
  readonly mappings: readonly Mapping[];
  readonly dropFrames: string;
  readonly keepFrames: string;
  readonly timeNanos: bigint;
  readonly durationNanos: bigint;
  readonly periodType: ValueType | null;
  readonly period: number;
  readonly comments: readonly string[];
}
