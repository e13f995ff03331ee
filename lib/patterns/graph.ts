/** A pattern's static graph: events name these node ids, so the UI lights up exactly what runs. */
export const NODE_KINDS = ["user", "code", "step", "llm", "agent", "service", "tool", "db", "managed"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export type GraphNode = {
  id: string;
  kind: NodeKind;
  label: string;
  /** The service group (process boundary) this node runs in, if any. */
  group?: string;
  /** A short line under the label, e.g. the vendor or "your loop". */
  detail?: string;
  /** Position on a coarse grid (column, row); the UI scales it, so graphs read the same everywhere. */
  at: [number, number];
};

export type GraphEdge = { from: string; to: string; label?: string };

/** A process boundary: C and G run these as independent services, H inside AWS. */
export type GraphGroup = { id: string; label: string; kind: "service" | "managed" };

export type PatternGraph = { nodes: GraphNode[]; edges: GraphEdge[]; groups: GraphGroup[] };

/** Builds a graph from compact rows: [id, kind, label, column, row, detail?, group?]. */
export function graph(
  rows: [id: string, kind: NodeKind, label: string, col: number, row: number, detail?: string, group?: string][],
  edges: [from: string, to: string, label?: string][],
  groups: GraphGroup[] = [],
): PatternGraph {
  return {
    nodes: rows.map(([id, kind, label, col, row, detail, group]) => ({ id, kind, label, at: [col, row], ...(detail ? { detail } : {}), ...(group ? { group } : {}) })),
    edges: edges.map(([from, to, label]) => ({ from, to, ...(label ? { label } : {}) })),
    groups,
  };
}
