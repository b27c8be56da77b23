import type { Profile, ValueType } from "../model/profile.js";

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
  if (g.some((n) => keys.inlinable.has(n.key))) {
    const withEdges = buildGraph(p, o.sampleIndex, keys, new Set(g.map((n) => n.key)), true);
    const byKey = new Map(withEdges.map((n) => [n.key, n]));
    g = g.map((n) => byKey.get(n.key) ?? n);
  }
  const rows = g.map((n) => ({
    name: n.name,
    flat: n.flat,
    cum: n.cum,
    inline: inlineLabel(n, edgeCutoff),
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
  key: number;
  name: string;
  /** pprof's fmt.Sprint(NodeInfo): the last tie-breaker of its sort. */
  info: string;
  flat: number;
  cum: number;
  /** Edges from callers (kept for inlinable nodes only): inline unless ever seen as a real call. */
  inEdges: Map<number, { inline: boolean; weight: number; seen: number }>;
  seen: number;
}

/** "(inline)" when every kept in-edge is an inlined frame, "(partial-inline)" when some are. */
function inlineLabel(n: Node, edgeCutoff: number): string {
  let inline = false;
  let direct = false;
  for (const e of n.inEdges.values()) {
    if (Math.abs(e.weight) < edgeCutoff) continue;
    if (e.inline) inline = true;
    else direct = true;
  }
  return inline ? (direct ? "(partial-inline)" : "(inline)") : "";
}

/** Node keys per location line: nodeOf[loc][line]; printable name and NodeInfo text by key. */
interface NodeKeys {
  readonly nodeOf: readonly Int32Array[];
  readonly names: readonly string[];
  readonly infos: readonly string[];
  /** Nodes that are an inlined frame somewhere: only their in-edges can change a label. */
  readonly inlinable: ReadonlySet<number>;
}

function nodeKeys(p: Profile, g: Granularity): NodeKeys {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const infos: string[] = [];
  const inlinable = new Set<number>();
  const nodeOf = p.locations.map((loc) => {
    const objfile = p.mappings[loc.mapping]?.filename ?? "";
    const lines = loc.lines.length ? loc.lines : [null];
    const locNodes = Int32Array.from(lines, (ln) => {
      const f = ln ? p.functions[ln.function] : undefined;
      const name = g === "files" ? "" : (f?.name ?? "");
      const file = g === "functions" ? "" : cleanPath(f?.filename ?? "");
      const line = g === "lines" ? (ln?.line ?? 0) : 0;
      // Like pprof's nodeInfo: a frame with no name is told apart by its
      // function's start line and object file.
      const start = name === "" && f ? f.startLine : 0;
      const obj = name === "" ? objfile : "";
      const info = `{${name}  0 ${file} ${start} ${line} 0 ${obj}}`;
      let id = ids.get(info);
      if (id === undefined) {
        id = names.length;
        ids.set(info, id);
        names.push(printableName(name, file, line, obj));
        infos.push(info);
      }
      return id;
    });
    for (let i = 0; i < locNodes.length - 1; i++) inlinable.add(locNodes[i] as number);
    return locNodes;
  });
  return { nodeOf, names, infos, inlinable };
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

/**
 * The first walk: flat and cum of every node, in typed arrays indexed by node
 * key (the walk visits every frame of every sample: millions in a large
 * profile), then the nodes with a value.
 */
function allNodes(p: Profile, index: number, keys: NodeKeys): Node[] {
  const n = keys.names.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const nTypes = p.sampleTypes.length;
  const { stackStart, stackLocations, values } = p;
  const nodeOf = keys.nodeOf;
  for (let s = 0; s < p.sampleCount; s++) {
    const v = values[s * nTypes + index] as number;
    if (v === 0) continue;
    const first = stackStart[s] as number;
    const last = (stackStart[s + 1] as number) - 1;
    if (last < first) continue;
    for (let i = last; i >= first; i--) {
      const locNodes = nodeOf[stackLocations[i] as number] as Int32Array;
      for (let ni = locNodes.length - 1; ni >= 0; ni--) {
        const k = locNodes[ni] as number;
        if (seen[k] !== s) {
          seen[k] = s;
          cum[k] = (cum[k] as number) + v;
        }
      }
    }
    // The innermost frame of the leaf location.
    const leaf = nodeOf[stackLocations[first] as number] as Int32Array;
    const k = leaf[0] as number;
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
      inEdges: new Map(),
      seen: -1,
    });
  }
  return out;
}

function buildGraph(
  p: Profile,
  index: number,
  keys: NodeKeys,
  kept: Set<number> | null,
  edges: boolean,
): Node[] {
  const nodes: (Node | undefined)[] = keys.names.map((name, k) =>
    kept && !kept.has(k)
      ? undefined
      : { key: k, name, info: keys.infos[k] ?? "", flat: 0, cum: 0, inEdges: new Map(), seen: -1 },
  );
  const nTypes = p.sampleTypes.length;
  for (let s = 0; s < p.sampleCount; s++) {
    const v = p.values[s * nTypes + index] as number;
    if (v === 0) continue;
    let parent: Node | undefined;
    let residual = false;
    for (let i = (p.stackStart[s + 1] as number) - 1; i >= (p.stackStart[s] as number); i--) {
      const locNodes = keys.nodeOf[p.stackLocations[i] as number] as Int32Array;
      for (let ni = locNodes.length - 1; ni >= 0; ni--) {
        const n = nodes[locNodes[ni] as number];
        if (!n) {
          residual = true;
          continue;
        }
        if (n.seen !== s) {
          n.seen = s;
          n.cum += v;
        }
        // Each edge counts once per sample (pprof's seenEdge set).
        if (edges && parent && parent !== n && keys.inlinable.has(n.key)) {
          const inline = ni !== locNodes.length - 1;
          const edge = n.inEdges.get(parent.key);
          if (!edge) n.inEdges.set(parent.key, { inline, weight: v, seen: s });
          else if (edge.seen !== s) {
            edge.seen = s;
            edge.weight += v;
            if (!inline) edge.inline = false;
          }
        }
        parent = n;
        residual = false;
      }
    }
    if (parent && !residual) parent.flat += v;
  }
  return nodes.filter((n): n is Node => n !== undefined && (n.cum !== 0 || n.flat !== 0));
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
