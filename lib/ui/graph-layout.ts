import type { GraphEdge, GraphNode, NodeKind, PatternGraph } from "@/lib/patterns/graph";

/**
 * Node text sizes in graph pixels. What the audience sees is this times React Flow's zoom, so the
 * layout keeps whitespace small and picks the arrangement that lets the zoom be largest.
 */
export const LABEL_PX = 20;
export const TAG_PX = 12;
export const STATUS_PX = 12;
export const EDGE_LABEL_PX = 13;
const NODE_PAD_X = 12;
const MIN_NODE_WIDTH = 132;
/** Tag line, label line and status line, with a little padding. */
const NODE_HEIGHT = Math.ceil(TAG_PX * 1.25 + LABEL_PX * 1.25 + STATUS_PX * 1.25 + 10);
const GAP_X = 56;
const GAP_Y = 36;
const GROUP_PAD = 14;
const GROUP_LABEL = 22;
/** Rows of empty space between two bands of a wrapped graph. */
const BAND_GAP = 0.15;

export type Side = "top" | "right" | "bottom" | "left";

type LaidOutNode =
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

/** How the declared grid was arranged: as declared, wrapped into bands, or turned on its side. */
type Arrangement = { transposed: boolean; bands: number };

export type GraphLayout = {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  nodeWidth: number;
  nodeHeight: number;
  width: number;
  height: number;
  arrangement: Arrangement;
};

const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };

/**
 * Rough advance widths (in em) of DejaVu Sans Bold, the widest of the usual UI fonts, so a label
 * measured here fits whatever font the browser picks; monospace is 0.6 em everywhere.
 */
function textWidth(text: string, px: number, mono = false): number {
  if (mono) return text.length * 0.61 * px;
  let em = 0;
  for (const ch of text) {
    if ("ilj.,:;'|! ".includes(ch)) em += 0.36;
    else if ("frt()-".includes(ch)) em += 0.5;
    else if ("mwMW".includes(ch)) em += 1.02;
    else if (ch >= "A" && ch <= "Z") em += 0.8;
    else em += 0.7;
  }
  return em * px;
}

/** The widest line of a node: its label, or the detail line above it. */
function textLineWidth(node: GraphNode): number {
  return Math.max(textWidth(node.label, LABEL_PX, node.kind === "tool"), node.detail ? textWidth(node.detail, TAG_PX) : 0);
}

/**
 * Lays a pattern's grid graph out for a panel of the given size: as declared, wrapped into two or
 * three bands (a long row of steps snakes down the panel), or turned vertical, whichever lets
 * the graph be drawn largest. Groups become parent boxes around their members (children get
 * positions relative to their group, as React Flow expects); each edge leaves and enters on the
 * sides that face each other.
 */
export function layoutGraph(graph: PatternGraph, panel?: { width: number; height: number }): GraphLayout {
  const nodeWidth = Math.ceil(Math.max(MIN_NODE_WIDTH, ...graph.nodes.map(textLineWidth)) + 2 * NODE_PAD_X + 4);
  const candidates = arrangements(graph).map((arrangement) => place(graph, arrangement, nodeWidth));
  if (!panel || panel.width <= 0 || panel.height <= 0) return candidates[0];
  // A small handicap per change keeps the declared drawing unless another one is clearly larger.
  const score = (l: GraphLayout) =>
    Math.min(panel.width / l.width, panel.height / l.height) * (1 - 0.06 * (l.arrangement.bands - 1 + (l.arrangement.transposed ? 1 : 0)));
  return candidates.reduce((best, next) => (score(next) > score(best) ? next : best));
}

function arrangements(graph: PatternGraph): Arrangement[] {
  const columns = new Set(graph.nodes.map((n) => Math.floor(n.at[0]))).size;
  const out: Arrangement[] = [
    { transposed: false, bands: 1 },
    { transposed: true, bands: 1 },
  ];
  for (let bands = 2; bands <= 3 && columns / bands >= 2; bands++) out.push({ transposed: false, bands });
  return out;
}

function place(graph: PatternGraph, arrangement: Arrangement, nodeWidth: number): GraphLayout {
  const pitchX = nodeWidth + GAP_X;
  const pitchY = NODE_HEIGHT + GAP_Y;
  const grid = gridPositions(graph, arrangement);
  const absolute = new Map(
    graph.nodes.map((n) => {
      const [col, row] = grid.get(n.id)!.at;
      return [n.id, { x: col * pitchX, y: row * pitchY }];
    }),
  );

  const groups = graph.groups.flatMap((group) => {
    const members = graph.nodes.filter((n) => n.group === group.id).map((n) => absolute.get(n.id)!);
    if (members.length === 0) return [];
    const x = Math.min(...members.map((m) => m.x)) - GROUP_PAD;
    // The label sits at the bottom, where it stays clear of the hops that come in from above.
    const y = Math.min(...members.map((m) => m.y)) - GROUP_PAD;
    const width = Math.max(...members.map((m) => m.x)) + nodeWidth + GROUP_PAD - x;
    const height = Math.max(...members.map((m) => m.y)) + NODE_HEIGHT + GROUP_PAD + GROUP_LABEL - y;
    return [{ id: group.id, kind: "boundary" as const, label: group.label, managed: group.kind === "managed", x, y, width, height }];
  });

  // Shift everything so the drawing starts at 0,0: its width and height are then its extent.
  const left = Math.min(...[...absolute.values()].map((p) => p.x), ...groups.map((g) => g.x));
  const top = Math.min(...[...absolute.values()].map((p) => p.y), ...groups.map((g) => g.y));
  for (const p of absolute.values()) {
    p.x -= left;
    p.y -= top;
  }
  for (const g of groups) {
    g.x -= left;
    g.y -= top;
  }
  const width = Math.max(...[...absolute.values()].map((p) => p.x + nodeWidth), ...groups.map((g) => g.x + g.width));
  const height = Math.max(...[...absolute.values()].map((p) => p.y + NODE_HEIGHT), ...groups.map((g) => g.y + g.height));

  const origin = new Map(groups.map((g) => [g.id, g]));
  const nodes: LaidOutNode[] = graph.nodes.map((spec) => {
    const at = absolute.get(spec.id)!;
    const parent = spec.group ? origin.get(spec.group) : undefined;
    return {
      id: spec.id,
      kind: spec.kind,
      spec,
      x: at.x - (parent?.x ?? 0),
      y: at.y - (parent?.y ?? 0),
      ...(parent ? { parent: parent.id } : {}),
    };
  });

  const groupOf = new Map(graph.nodes.map((n) => [n.id, n.group]));
  const edges = graph.edges.map((edge, index): LaidOutEdge => {
    const a = absolute.get(edge.from)!;
    const b = absolute.get(edge.to)!;
    // A way back (reply, JSON, tool calls) takes the other pair of sides, so it does not hide under the way there.
    const wayBack = graph.edges.slice(0, index).some((e) => e.from === edge.to && e.to === edge.from);
    const [sourceSide, targetSide] =
      (!wayBack && turnSides(grid.get(edge.from)!, grid.get(edge.to)!)) || sides((b.x - a.x) / pitchX, (b.y - a.y) / pitchY, wayBack);
    const network = groupOf.get(edge.from) !== groupOf.get(edge.to) && Boolean(groupOf.get(edge.from) || groupOf.get(edge.to));
    const named = wayBack
      ? undefined
      : pairLabel(
          edge,
          graph.edges.slice(index + 1).find((e) => e.from === edge.to && e.to === edge.from),
        );
    const label = named ?? (network && !wayBack ? "network" : undefined);
    return {
      id: `e${index}-${edge.from}-${edge.to}`,
      from: edge.from,
      to: edge.to,
      label:
        label &&
        fitsBetween(label, b.x - a.x, b.y - a.y, nodeWidth, pitchY) &&
        !coversANode(label, anchor(a, sourceSide, nodeWidth), anchor(b, targetSide, nodeWidth), [...absolute.values()], nodeWidth)
          ? label
          : undefined,
      sourceSide,
      targetSide,
      network,
    };
  });
  // Parents before children, as React Flow requires.
  return { nodes: [...groups, ...nodes], edges, nodeWidth, nodeHeight: NODE_HEIGHT, width, height, arrangement };
}

/**
 * Grid cells after the arrangement. Bands cut the columns into runs laid one under the other, every
 * second one running right to left (a snake), so the step after a band's last one sits just below
 * it; a service group stays whole in the band of its first member, so a process boundary is never split.
 */
function gridPositions(
  graph: PatternGraph,
  { transposed, bands }: Arrangement,
): Map<string, { at: [number, number]; band: number; turn?: Side }> {
  if (transposed) return new Map(graph.nodes.map((n) => [n.id, { at: [n.at[1], n.at[0]], band: 0 }]));
  if (bands === 1) return new Map(graph.nodes.map((n) => [n.id, { at: n.at, band: 0 }]));
  const cols = graph.nodes.map((n) => n.at[0]);
  const rows = graph.nodes.map((n) => n.at[1]);
  const minCol = Math.min(...cols);
  const perBand = Math.ceil((Math.max(...cols) - minCol + 1) / bands);
  const bandHeight = Math.max(...rows) - Math.min(...rows) + 1 + BAND_GAP;
  const span = new Map<string, [number, number]>();
  for (const n of graph.nodes) {
    if (!n.group) continue;
    const [from, to] = span.get(n.group) ?? [Infinity, -Infinity];
    span.set(n.group, [Math.min(from, n.at[0]), Math.max(to, n.at[0])]);
  }
  return new Map(
    graph.nodes.map((n) => {
      // A group moves as one block: mirrored as a whole, its inside keeps its declared order.
      const [start, end] = n.group ? span.get(n.group)! : [n.at[0], n.at[0]];
      const band = Math.min(bands - 1, Math.floor((start - minCol) / perBand));
      const base = minCol + band * perBand;
      const x = band % 2 === 0 ? n.at[0] - base : perBand - 1 - (end - base) + (n.at[0] - start);
      const edgeSide: Side | undefined = x <= 0 ? "left" : x >= perBand - 1 ? "right" : undefined;
      return [n.id, { at: [x, n.at[1] + band * bandHeight], band, ...(edgeSide ? { turn: edgeSide } : {}) }];
    }),
  );
}

/** Rough width of an edge label at its bold font, with its padding. */
const edgeLabelWidth = (label: string) => textWidth(label, EDGE_LABEL_PX) * 0.9 + 10;

/**
 * Whether a label can sit on an edge without covering the nodes it joins: a straight hop between
 * neighbours on one row has only the gap between the cards; curved hops have room above or below.
 */
function fitsBetween(label: string, dx: number, dy: number, nodeWidth: number, pitchY: number): boolean {
  if (Math.abs(dy) >= pitchY / 2) return true;
  return edgeLabelWidth(label) <= Math.abs(dx) - nodeWidth - 8;
}

type Point = { x: number; y: number };

/** Where an edge leaves or enters a node: the middle of that side. */
function anchor(node: Point, side: Side, nodeWidth: number): Point {
  if (side === "top") return { x: node.x + nodeWidth / 2, y: node.y };
  if (side === "bottom") return { x: node.x + nodeWidth / 2, y: node.y + NODE_HEIGHT };
  return { x: node.x + (side === "right" ? nodeWidth : 0), y: node.y + NODE_HEIGHT / 2 };
}

/**
 * Whether a label drawn halfway along an edge (React Flow puts it near the midpoint of its two
 * anchors) would sit on a node: then it is left off rather than hide a node's name.
 */
function coversANode(label: string, from: Point, to: Point, nodes: Point[], nodeWidth: number): boolean {
  const half = { w: edgeLabelWidth(label) / 2, h: EDGE_LABEL_PX * 0.8 };
  const mid = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  return nodes.some(
    (n) => mid.x + half.w > n.x && mid.x - half.w < n.x + nodeWidth && mid.y + half.h > n.y && mid.y - half.h < n.y + NODE_HEIGHT,
  );
}

/** Both directions of a pair are labelled once, on the way there, so their labels cannot overlap. */
function pairLabel(there: GraphEdge, back: GraphEdge | undefined): string | undefined {
  if (!back?.label) return there.label;
  return there.label ? `${there.label} ⇄ ${back.label}` : `⇄ ${back.label}`;
}

/**
 * Where the snake turns (from the end of one band to the start of the next, one above the other),
 * the hop arcs round the outside, so it does not run through the nodes between the two bands.
 */
function turnSides(
  from: { band: number; turn?: Side; at: [number, number] },
  to: { band: number; turn?: Side; at: [number, number] },
): [Side, Side] | null {
  if (from.band === to.band || !from.turn || from.turn !== to.turn || from.at[0] !== to.at[0]) return null;
  return [from.turn, to.turn];
}

/**
 * Sideways unless the hop is mostly vertical on the grid (dx, dy in grid steps), so rows of steps
 * read left to right. A way back takes the other pair of sides; between neighbours on one row it
 * arcs under them both, between neighbours in one column along their left sides.
 */
function sides(dx: number, dy: number, wayBack: boolean): [Side, Side] {
  const sideways = Math.abs(dx) >= 0.6 * Math.abs(dy);
  // A way back between nodes one above the other arcs along their left sides.
  if (wayBack && !sideways && Math.abs(dx) < 0.5) return ["left", "left"];
  if (sideways !== wayBack) {
    const side = dx >= 0 ? "right" : "left";
    return [side, OPPOSITE[side]];
  }
  if (Math.abs(dy) < 0.5) return ["bottom", "bottom"];
  const side = dy > 0 ? "bottom" : "top";
  return [side, OPPOSITE[side]];
}
