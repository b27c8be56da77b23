import type { Location, Profile, ValueType } from "../model/profile.js";

/**
 * The `top` report with pprof's semantics (internal/graph newGraph and
 * internal/report newTrimmedGraph): flat goes to the innermost frame of the
 * leaf location, cum counts a node once per sample however often it recurs,
 * nodes below nodefraction of the total (by cum) are cut and the graph is
 * rebuilt from the samples with the survivors, then nodecount keeps the first
 * N in sort order.
 */

export const GRANULARITIES = ["functions", "filefunctions", "files", "lines"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface TopOptions {
  readonly sampleIndex: number;
  readonly granularity: Granularity;
  /** Keep at most this many nodes; 0 keeps all (pprof's default for top). */
  readonly nodeCount: number;
  /** Cut nodes whose |cum| is below this fraction of the total (pprof: 0.005). */
  readonly nodeFraction: number;
  /** Sort by cum instead of flat. */
  readonly cum: boolean;
  /** Edges below this fraction of the total are trimmed (pprof: 0.001); only inline labels read edges. */
  readonly edgeFraction?: number;
  /**
   * The denominator of percentages: pprof computes it on the profile before
   * focus/ignore/hide/show/tagfocus unless -relative_percentages. Default:
   * the total of `p`.
   */
  readonly total?: number;
}

export interface TopRow {
  readonly name: string;
  readonly flat: number;
  readonly cum: number;
  /** pprof's "(inline)" or "(partial-inline)" marker, or "". */
  readonly inline: string;
}

export interface TopResult {
  readonly sampleType: ValueType;
  /** Sum of |value| over every sample: the denominator of the percentages. */
  readonly total: number;
  /** Sum of flat over the rows shown. */
  readonly shown: number;
  readonly rows: readonly TopRow[];
  /** Nodes cut by nodefraction, and the cum they were cut at. */
  readonly droppedNodes: number;
  readonly nodeCutoff: number;
  /** What pprof prints in "Dropped N nodes (cum <= T)": |total × nodefraction|, not the cutoff applied. */
  readonly droppedLabelCutoff: number;
  /** Nodes left after the nodefraction cut, before nodecount. */
  readonly origCount: number;
}

/** The default sample type, as pprof picks it: default_sample_type, else the last. */
export function defaultSampleIndex(p: Profile): number {
  return p.defaultSampleType >= 0 ? p.defaultSampleType : p.sampleTypes.length - 1;
}

export function top(p: Profile, o: TopOptions): TopResult {
  const keys = nodeKeys(p, o.granularity);
  const total = o.total ?? profileTotal(p, o.sampleIndex);

  // One walk gives every node's flat and cum. Cutting nodes changes neither
  // for the nodes kept (a cut leaf makes its sample residual, so its flat
  // goes nowhere in pprof's rebuild either); only the edges change, and they
  // matter only for inline labels. So the kept nodes come from this walk, and
  // a second walk, with pprof's kept set, runs only to record edges into
  // nodes that are an inlined frame somewhere.
  const all = allNodes(p, o.sampleIndex, keys);
  const graphFlat = all.reduce((s, n) => s + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(graphFlat * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(graphFlat * (o.edgeFraction ?? 0.001)));
  let g = nodeCutoff > 0 ? all.filter((n) => Math.abs(n.cum) >= nodeCutoff) : all;
  const droppedNodes = all.length - g.length;
  const origCount = g.length;
  sortNodes(g, o.cum);
  if (o.nodeCount > 0 && o.nodeCount < g.length) g = g.slice(0, o.nodeCount);
  const labels = g.some((n) => keys.inlinable[n.key] === 1)
    ? inlineLabels(p, o.sampleIndex, keys, g, edgeCutoff)
    : null;
  const rows = g.map((n, i) => ({
    name: n.name,
    flat: n.flat,
    cum: n.cum,
    inline: labels?.[i] ?? "",
  }));
  return {
    sampleType: p.sampleTypes[o.sampleIndex] as ValueType,
    total,
    shown: rows.reduce((s, r) => s + r.flat, 0),
    rows,
    droppedNodes,
    nodeCutoff,
    droppedLabelCutoff: Math.abs(Math.trunc(total * o.nodeFraction)),
    origCount,
  };
}

/** Σ |value| over every sample: pprof's report total. */
export function profileTotal(p: Profile, sampleIndex: number): number {
  const nTypes = p.sampleTypes.length;
  let total = 0;
  for (let i = 0; i < p.sampleCount; i++)
    total += Math.abs(p.values[i * nTypes + sampleIndex] as number);
  return total;
}

interface Node {
  readonly key: number;
  readonly name: string;
  /** pprof's fmt.Sprint(NodeInfo): the last tie-breaker of its sort. */
  readonly info: string;
  readonly flat: number;
  readonly cum: number;
}

/**
 * Node keys per location line, flat: the lines of location l map to
 * nodes[start[l] .. start[l+1]), innermost first. One pair of typed arrays
 * rather than an array per location: the walks below visit every frame of
 * every sample (millions in a large profile).
 */
interface NodeKeys {
  readonly start: Int32Array;
  readonly nodes: Int32Array;
  readonly names: readonly string[];
  readonly infos: readonly string[];
  /** 1 for nodes that are an inlined frame somewhere: only their in-edges can change a label. */
  readonly inlinable: Uint8Array;
}

function nodeKeys(p: Profile, g: Granularity): NodeKeys {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const infos: string[] = [];
  const keyOf = (fi: number, lineNo: number, objfile: string): number => {
    const f = p.functions[fi];
    const name = g === "files" ? "" : (f?.name ?? "");
    const file = g === "functions" ? "" : cleanPath(f?.filename ?? "");
    const line = g === "lines" ? lineNo : 0;
    // Like pprof's nodeInfo: a frame with no name is told apart by its
    // function's start line and object file.
    const startLine = name === "" && f ? f.startLine : 0;
    const obj = name === "" ? objfile : "";
    const info = `{${name}  0 ${file} ${startLine} ${line} 0 ${obj}}`;
    let id = ids.get(info);
    if (id === undefined) {
      id = names.length;
      ids.set(info, id);
      names.push(printableName(name, file, line, obj));
      infos.push(info);
    }
    return id;
  };
  // A named function's node depends on the function alone (and the line, at
  // lines granularity), so it is computed once per function, or function and
  // line, rather than once per location line (15k functions against 87k
  // lines in a large profile). A nameless frame also depends on the
  // location's mapping, so it is not cached.
  const cacheable = (fi: number): boolean => g !== "files" && !!p.functions[fi]?.name;
  const byFunction = new Int32Array(g === "lines" ? 0 : p.functions.length).fill(-1);
  const byLine = new Map<number, number>();
  const start = new Int32Array(p.locations.length + 1);
  let total = 0;
  for (let l = 0; l < p.locations.length; l++) {
    total += Math.max(1, (p.locations[l] as Location).lines.length);
    start[l + 1] = total;
  }
  const nodes = new Int32Array(total);
  let at = 0;
  const mapFile = (loc: Location): string => p.mappings[loc.mapping]?.filename ?? "";
  for (const loc of p.locations) {
    if (loc.lines.length === 0) {
      nodes[at++] = keyOf(-1, 0, mapFile(loc));
      continue;
    }
    for (const ln of loc.lines) {
      const fi = ln.function;
      let id: number | undefined;
      if (g !== "lines") {
        id = byFunction[fi] as number;
        if (id < 0) {
          id = keyOf(fi, 0, mapFile(loc));
          if (cacheable(fi)) byFunction[fi] = id;
        }
      } else {
        // Lines below 2^21 make an exact numeric key; others take the string path.
        const key = ln.line >= 0 && ln.line < 0x200000 ? fi * 0x200000 + ln.line : -1;
        id = key >= 0 ? byLine.get(key) : undefined;
        if (id === undefined) {
          id = keyOf(fi, ln.line, mapFile(loc));
          if (key >= 0 && cacheable(fi)) byLine.set(key, id);
        }
      }
      nodes[at++] = id;
    }
  }
  const inlinable = new Uint8Array(names.length);
  for (let l = 0; l < p.locations.length; l++) {
    const end = (start[l + 1] as number) - 1;
    for (let i = start[l] as number; i < end; i++) inlinable[nodes[i] as number] = 1;
  }
  return { start, nodes, names, infos, inlinable };
}

/** pprof's NodeInfo.PrintableName (no addresses: top never keeps them). */
function printableName(name: string, file: string, line: number, objfile: string): string {
  const parts: string[] = [];
  if (name) parts.push(name);
  if (line !== 0) parts.push(`${file}:${line}`);
  else if (file) parts.push(file);
  else if (!name)
    parts.push(objfile ? `[${objfile.slice(objfile.lastIndexOf("/") + 1)}]` : "<unknown>");
  return parts.join(" ");
}

// pprof cleans paths (filepath.Clean) and trims the /proc/self/cwd prefixes.
function cleanPath(file: string): string {
  if (!file) return file;
  let f = file.replace(/\/{2,}/g, "/");
  for (const prefix of ["/proc/self/cwd/./", "/proc/self/cwd/"]) {
    if (f.startsWith(prefix)) {
      f = f.slice(prefix.length);
      break;
    }
  }
  return f;
}

/** The first walk: flat and cum of every node, in typed arrays indexed by node key; then the nodes with a value. */
function allNodes(p: Profile, index: number, keys: NodeKeys): Node[] {
  const n = keys.names.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const nTypes = p.sampleTypes.length;
  const { stackStart, stackLocations, values } = p;
  const { start, nodes } = keys;
  for (let s = 0; s < p.sampleCount; s++) {
    const v = values[s * nTypes + index] as number;
    if (v === 0) continue;
    const first = stackStart[s] as number;
    const last = (stackStart[s + 1] as number) - 1;
    if (last < first) continue;
    for (let i = last; i >= first; i--) {
      const loc = stackLocations[i] as number;
      const lo = start[loc] as number;
      for (let ni = (start[loc + 1] as number) - 1; ni >= lo; ni--) {
        const k = nodes[ni] as number;
        if (seen[k] !== s) {
          seen[k] = s;
          cum[k] = (cum[k] as number) + v;
        }
      }
    }
    // The innermost frame of the leaf location.
    const k = nodes[start[stackLocations[first] as number] as number] as number;
    flat[k] = (flat[k] as number) + v;
  }
  const out: Node[] = [];
  for (let k = 0; k < n; k++) {
    if (flat[k] === 0 && cum[k] === 0) continue;
    out.push({
      key: k,
      name: keys.names[k] ?? "",
      info: keys.infos[k] ?? "",
      flat: flat[k] as number,
      cum: cum[k] as number,
    });
  }
  return out;
}

/**
 * The inline labels of the kept nodes as pprof's rebuilt graph gives them:
 * a walk over the samples seeing only kept nodes (a cut frame is skipped, so
 * an edge joins the nearest kept caller), counting each edge into an
 * inlinable node once per sample. An edge is inline unless it was ever a
 * real call; edges below edgeCutoff do not count. "(inline)" when every
 * counted in-edge is inline, "(partial-inline)" when some are.
 */
function inlineLabels(
  p: Profile,
  index: number,
  keys: NodeKeys,
  kept: readonly Node[],
  edgeCutoff: number,
): string[] {
  const slot = new Int32Array(keys.names.length).fill(-1);
  kept.forEach((n, i) => (slot[n.key] = i));
  const K = kept.length;
  const edgeOf = new Map<number, number>();
  const weight: number[] = [];
  const seen: number[] = [];
  const inline: boolean[] = [];
  const child: number[] = [];
  const nTypes = p.sampleTypes.length;
  const { stackStart, stackLocations, values } = p;
  const { start, nodes, inlinable } = keys;
  // Most locations hold no kept node: one lookup skips them.
  const anyKept = new Uint8Array(p.locations.length);
  for (let l = 0; l < anyKept.length; l++) {
    for (let i = start[l] as number; i < (start[l + 1] as number); i++)
      if ((slot[nodes[i] as number] as number) >= 0) anyKept[l] = 1;
  }
  for (let s = 0; s < p.sampleCount; s++) {
    const v = values[s * nTypes + index] as number;
    if (v === 0) continue;
    let parent = -1;
    for (let i = (stackStart[s + 1] as number) - 1; i >= (stackStart[s] as number); i--) {
      const loc = stackLocations[i] as number;
      if (anyKept[loc] === 0) continue;
      const lo = start[loc] as number;
      const hi = (start[loc + 1] as number) - 1;
      for (let ni = hi; ni >= lo; ni--) {
        const k = nodes[ni] as number;
        const c = slot[k] as number;
        if (c < 0) continue;
        if (parent >= 0 && parent !== c && inlinable[k] === 1) {
          const isInline = ni !== hi;
          const key = c * K + parent;
          const e = edgeOf.get(key);
          if (e === undefined) {
            edgeOf.set(key, weight.length);
            weight.push(v);
            seen.push(s);
            inline.push(isInline);
            child.push(c);
          } else if (seen[e] !== s) {
            seen[e] = s;
            weight[e] = (weight[e] as number) + v;
            if (!isInline) inline[e] = false;
          }
        }
        parent = c;
      }
    }
  }
  const hasInline = new Uint8Array(K);
  const hasDirect = new Uint8Array(K);
  for (let e = 0; e < weight.length; e++) {
    if (Math.abs(weight[e] as number) < edgeCutoff) continue;
    if (inline[e]) hasInline[child[e] as number] = 1;
    else hasDirect[child[e] as number] = 1;
  }
  return kept.map((_, i) => (hasInline[i] ? (hasDirect[i] ? "(partial-inline)" : "(inline)") : ""));
}

function sortNodes(nodes: Node[], cum: boolean): void {
  const by = (a: number, b: number) => Math.abs(b) - Math.abs(a);
  const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const name = (a: Node, b: Node) => str(a.name, b.name);
  nodes.sort(
    cum
      ? (a, b) => by(a.cum, b.cum) || name(a, b) || by(a.flat, b.flat) || str(a.info, b.info)
      : (a, b) => by(a.flat, b.flat) || name(a, b) || by(a.cum, b.cum) || str(a.info, b.info),
  );
}
