import type { GraphEdge, GraphNode, NodeKind, PatternGraph } from "@/lib/patterns/graph";

/** Pixel size of one grid step and of a node card: graphs are declared on a coarse grid. */
export const COLUMN_PX = 215;
export const ROW_PX = 118;
export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 64;
const GROUP_PAD = 18;
const GROUP_LABEL = 26;

export type Side = "top" | "right" | "bottom" | "left";

export type LaidOutNode =
  | { id: string; kind: NodeKind; spec: GraphNode; x: number; y: number; parent?: string }
  | { id: string; kind: "boundary"; label: string; managed: boolean; x: number; y: number; width: number; height: number };

export type LaidOutEdge = {
  id: string;
  from: string;
  to: string;
  label?: string;
  sourceSide: Side;
  targetSide: Side;
  /** Crosses a process boundary: a network hop (HTTP, InvokeAgent). */
  network: boolean;
};

const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };

/**
 * Turns a pattern's grid graph into positioned boxes: groups become parent boxes around their
 * members (children get positions relative to their group, as React Flow expects), and each edge
 * leaves and enters on the sides that face each other.
 */
export function layoutGraph(graph: PatternGraph): { nodes: LaidOutNode[]; edges: LaidOutEdge[] } {
  const absolute = new Map(graph.nodes.map((n) => [n.id, { x: n.at[0] * COLUMN_PX, y: n.at[1] * ROW_PX }]));
  const groups: LaidOutNode[] = graph.groups.flatMap((group) => {
    const members = graph.nodes.filter((n) => n.group === group.id).map((n) => absolute.get(n.id)!);
    if (members.length === 0) return [];
    const x = Math.min(...members.map((m) => m.x)) - GROUP_PAD;
    const y = Math.min(...members.map((m) => m.y)) - GROUP_PAD - GROUP_LABEL;
    const width = Math.max(...members.map((m) => m.x)) + NODE_WIDTH + GROUP_PAD - x;
    const height = Math.max(...members.map((m) => m.y)) + NODE_HEIGHT + GROUP_PAD - y;
    return [{ id: group.id, kind: "boundary" as const, label: group.label, managed: group.kind === "managed", x, y, width, height }];
  });
  const origin = new Map(groups.map((g) => [g.id, g]));
  const nodes: LaidOutNode[] = graph.nodes.map((spec) => {
    const at = absolute.get(spec.id)!;
    const parent = spec.group ? origin.get(spec.group) : undefined;
    return { id: spec.id, kind: spec.kind, spec, x: at.x - (parent?.x ?? 0), y: at.y - (parent?.y ?? 0), ...(parent ? { parent: parent.id } : {}) };
  });

  const groupOf = new Map(graph.nodes.map((n) => [n.id, n.group]));
  const edges = graph.edges.map((edge, index): LaidOutEdge => {
    const a = absolute.get(edge.from)!;
    const b = absolute.get(edge.to)!;
    // A way back (reply, JSON, tool calls) takes the other pair of sides, so it does not hide under the way there.
    const wayBack = graph.edges.slice(0, index).some((e) => e.from === edge.to && e.to === edge.from);
    const [sourceSide, targetSide] = sides(b.x - a.x, b.y - a.y, wayBack);
    const network = groupOf.get(edge.from) !== groupOf.get(edge.to) && Boolean(groupOf.get(edge.from) || groupOf.get(edge.to));
    const named = wayBack ? undefined : pairLabel(edge, graph.edges.slice(index + 1).find((e) => e.from === edge.to && e.to === edge.from));
    const label = named ?? (network && !wayBack ? "network" : undefined);
    return {
      id: `e${index}-${edge.from}-${edge.to}`,
      from: edge.from,
      to: edge.to,
      label: label && fitsBetween(label, b.x - a.x, b.y - a.y) ? label : undefined,
      sourceSide,
      targetSide,
      network,
    };
  });
  // Parents before children, as React Flow requires.
  return { nodes: [...groups, ...nodes], edges };
}

/** Rough width of an edge label at its 11 px bold font, with its padding. */
const labelWidth = (label: string) => label.length * 6.6 + 8;

/**
 * Whether a label can sit on an edge without covering the nodes it joins: a straight hop between
 * neighbours on one row has only the gap between the cards; curved hops have room above or below.
 */
function fitsBetween(label: string, dx: number, dy: number): boolean {
  if (Math.abs(dy) >= ROW_PX / 2) return true;
  return labelWidth(label) <= Math.abs(dx) - NODE_WIDTH - 8;
}

/** Both directions of a pair are labelled once, on the way there, so their labels cannot overlap. */
function pairLabel(there: GraphEdge, back: GraphEdge | undefined): string | undefined {
  if (!back?.label) return there.label;
  return there.label ? `${there.label} ⇄ ${back.label}` : `⇄ ${back.label}`;
}

/**
 * Sideways unless the hop is mostly vertical on the grid, so rows of steps read left to right. A
 * way back takes the other pair of sides; between neighbours on one row it arcs under them both.
 */
function sides(dx: number, dy: number, wayBack: boolean): [Side, Side] {
  const sideways = Math.abs(dx) / COLUMN_PX >= 0.6 * (Math.abs(dy) / ROW_PX);
  if (sideways !== wayBack) {
    const side = dx >= 0 ? "right" : "left";
    return [side, OPPOSITE[side]];
  }
  if (Math.abs(dy) < ROW_PX / 2) return ["bottom", "bottom"];
  const side = dy > 0 ? "bottom" : "top";
  return [side, OPPOSITE[side]];
}
