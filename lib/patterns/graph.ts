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

/**
 * A graph as a pattern declares it. Checked when the pattern module loads: an edge or a group that
 * names no node would light nothing on screen, so it fails loudly instead.
 */
export function graph({ nodes, edges, groups = [] }: { nodes: GraphNode[]; edges: GraphEdge[]; groups?: GraphGroup[] }): PatternGraph {
  const ids = new Set(nodes.map((n) => n.id));
  const groupIds = new Set(groups.map((g) => g.id));
  for (const e of edges) if (!ids.has(e.from) || !ids.has(e.to)) throw new Error(`graph edge ${e.from} → ${e.to} names an undeclared node`);
  for (const n of nodes) if (n.group && !groupIds.has(n.group)) throw new Error(`graph node ${n.id} is in undeclared group ${n.group}`);
  return { nodes, edges, groups };
}
