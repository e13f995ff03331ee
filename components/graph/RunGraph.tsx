"use client";

import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type Dimensions,
  type Edge,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { PatternGraph } from "@/lib/patterns/graph";
import { EDGE_LABEL_PX, layoutGraph, type LaidOutEdge } from "@/lib/ui/graph-layout";
import { edgeKey, isRunning, type RunView } from "@/lib/ui/run-state";
import { NODE_TYPES, type BoundaryFlowNode, type StepFlowNode } from "./nodes";

/** Edges stay animated for this many later hops, so the eye can follow data as it moves. */
const RECENT_HOPS = 3;
const FIT_PADDING = 0.04;
const COMPACT_PADDING = 0.08;

type Props = {
  graph: PatternGraph;
  run: RunView;
  selectedNode: string | null;
  onSelectNode: (node: string | null) => void;
  /** A thumbnail (compare rows): fitted whole, no zoom controls, no panning, nothing to select. */
  compact?: boolean;
};

/**
 * The pattern's graph, lit by the run. Test hook: each node's React Flow wrapper carries both
 * `data-id` and our `data-state`, so `[data-id="loop"][data-state="done"]` finds it.
 */
export function RunGraph(props: Props) {
  return (
    // A fresh flow per graph, so each pattern opens fitted.
    <ReactFlowProvider key={props.graph.nodes.map((n) => n.id).join()}>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}

function Flow({ graph, run, selectedNode, onSelectNode, compact = false }: Props) {
  // The arrangement (as declared, wrapped, vertical) follows the pane's shape, so the graph is drawn as large as it can be.
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const layout = useMemo(() => layoutGraph(graph, { width: paneWidth, height: paneHeight }), [graph, paneWidth, paneHeight]);
  const padding = compact ? COMPACT_PADDING : FIT_PADDING;
  // Nodes are rebuilt as events arrive; handing React Flow their measured size back keeps it from
  // hiding every node until it has measured them again.
  const [measured, setMeasured] = useState<Record<string, Dimensions>>({});
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const sized = changes.flatMap((c) => (c.type === "dimensions" && c.dimensions ? [[c.id, c.dimensions] as const] : []));
    if (sized.length) setMeasured((known) => ({ ...known, ...Object.fromEntries(sized) }));
  }, []);

  const nodes = useMemo(
    () =>
      layout.nodes.map((n): StepFlowNode | BoundaryFlowNode =>
        n.kind === "boundary"
          ? {
              id: n.id,
              type: "boundary",
              position: { x: n.x, y: n.y },
              measured: measured[n.id],
              data: { label: n.label, managed: n.managed },
              style: { width: n.width, height: n.height },
              selectable: false,
              focusable: false,
              zIndex: -1,
            }
          : {
              id: n.id,
              type: n.kind,
              position: { x: n.x, y: n.y },
              measured: measured[n.id],
              data: { spec: n.spec, run: run.nodes[n.id], width: layout.nodeWidth, height: layout.nodeHeight },
              ...(n.parent ? { parentId: n.parent, extent: "parent" as const } : {}),
              selected: selectedNode === n.id,
              ariaLabel: `${n.spec.label} (${n.kind}): ${run.nodes[n.id]?.state ?? "idle"}`,
              domAttributes: dataAttributes({ "data-state": run.nodes[n.id]?.state ?? "idle" }),
            },
      ),
    [layout, run.nodes, selectedNode, measured],
  );

  const running = isRunning(run.status);
  const edges = useMemo(() => layout.edges.map((e) => flowEdge(e, run, running, layout.edges)), [layout, run, running]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      fitView
      fitViewOptions={{ padding }}
      // A thumbnail may need to shrink further than a panel to show the whole graph.
      minZoom={compact ? 0.02 : 0.2}
      maxZoom={1.6}
      zoomOnScroll={!compact}
      zoomOnPinch={!compact}
      zoomOnDoubleClick={!compact}
      panOnDrag={!compact}
      elementsSelectable={!compact}
      nodesFocusable={!compact}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      // Space belongs to the presenter (step mode's next step), not to React Flow's pan key.
      panActivationKeyCode={null}
      onNodeClick={(_, node) => onSelectNode(node.type === "boundary" ? null : node.id)}
      onPaneClick={() => onSelectNode(null)}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} size={1} color="#cbd5e1" />
      {!compact && <Controls showInteractive={false} position="bottom-right" />}
      <FitOnResize arrangement={`${layout.arrangement.transposed}-${layout.arrangement.bands}`} padding={padding} />
    </ReactFlow>
  );
}

/**
 * Refits once every node has been measured and whenever the pane changes size (projector mode,
 * window resize), so the graph always fills it; a fit over unmeasured nodes can leave it off-screen.
 */
function FitOnResize({ arrangement, padding }: { arrangement: string; padding: number }) {
  const { fitView } = useReactFlow();
  const measured = useNodesInitialized();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (!measured || !width || !height) return;
    const frame = requestAnimationFrame(() => void fitView({ padding }));
    return () => cancelAnimationFrame(frame);
  }, [measured, width, height, arrangement, padding, fitView]);
  return null;
}

function flowEdge(edge: LaidOutEdge, run: RunView, running: boolean, all: LaidOutEdge[]): Edge {
  const hop = hopOf(edge, run, all);
  const recent = hop !== null && running && run.edgeTick - hop.lastTick < RECENT_HOPS;
  const stroke = hop ? (recent ? "#d97706" : "#0f766e") : edge.network ? "#0f766e" : "#64748b";
  return {
    id: edge.id,
    source: edge.from,
    target: edge.to,
    sourceHandle: `s-${edge.sourceSide}`,
    targetHandle: `t-${edge.targetSide}`,
    label: edge.label,
    animated: recent,
    style: { stroke, strokeWidth: hop ? 2.5 : 1.5, ...(edge.network ? { strokeDasharray: "6 4" } : {}) },
    markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: 16, height: 16 },
    labelStyle: { fontSize: EDGE_LABEL_PX, fill: "#1e293b", fontWeight: 600 },
    labelBgStyle: { fill: "#ffffff" },
    labelBgPadding: [4, 2],
    domAttributes: dataAttributes({ "data-traversed": hop ? "true" : "false" }),
  };
}

/** React's types for domAttributes leave out data-* attributes, which the DOM takes as they are. */
function dataAttributes(attributes: Record<`data-${string}`, string>): object {
  return attributes;
}

/** Hops as the events named them; a return hop (tool → caller) lights the drawn edge it travels back along. */
function hopOf(edge: LaidOutEdge, run: RunView, all: LaidOutEdge[]) {
  const forward = run.edges[edgeKey(edge.from, edge.to)];
  const drawnBack = all.some((e) => e.from === edge.to && e.to === edge.from);
  const backward = drawnBack ? undefined : run.edges[edgeKey(edge.to, edge.from)];
  if (!forward && !backward) return null;
  return { lastTick: Math.max(forward?.lastTick ?? 0, backward?.lastTick ?? 0) };
}
