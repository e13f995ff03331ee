"use client";

import { Handle, Position, type Node, type NodeProps, type NodeTypes } from "@xyflow/react";
import { memo } from "react";
import { NODE_KINDS, type GraphNode, type NodeKind } from "@/lib/patterns/graph";
import { LABEL_PX, STATUS_PX, TAG_PX, type Side } from "@/lib/ui/graph-layout";
import { loopRound, type NodeRun, type NodeState } from "@/lib/ui/run-state";

/** width and height come from the layout: every node of a graph is as wide as its longest label. */
type StepNodeData = { spec: GraphNode; run: NodeRun | undefined; width: number; height: number };
export type StepFlowNode = Node<StepNodeData, NodeKind>;
type BoundaryNodeData = { label: string; managed: boolean };
/** A process boundary (service group or AWS); not React Flow's built-in "group", whose styles we do not want. */
export type BoundaryFlowNode = Node<BoundaryNodeData, "boundary">;

/** Each kind has its own look and a word for it, so kinds differ by more than colour. */
const KIND_LOOK: Record<NodeKind, { tag: string; card: string; tagColor: string }> = {
  user: { tag: "member", card: "rounded-full border-slate-500 bg-white", tagColor: "text-slate-600" },
  code: { tag: "your code", card: "rounded-md border-blue-600 bg-blue-50", tagColor: "text-blue-800" },
  step: { tag: "step", card: "rounded-md border-sky-600 bg-sky-50", tagColor: "text-sky-800" },
  llm: { tag: "LLM", card: "rounded-2xl border-violet-600 bg-violet-50", tagColor: "text-violet-800" },
  agent: { tag: "agent", card: "rounded-2xl border-double border-4 border-amber-600 bg-amber-50", tagColor: "text-amber-900" },
  service: { tag: "service", card: "rounded-md border-teal-600 bg-teal-50", tagColor: "text-teal-800" },
  tool: { tag: "tool", card: "rounded-md border-emerald-600 bg-emerald-50 font-mono", tagColor: "text-emerald-800" },
  db: { tag: "database", card: "rounded-[50%/28%] border-stone-500 bg-stone-100", tagColor: "text-stone-700" },
  managed: { tag: "AWS managed", card: "rounded-md border-orange-600 bg-orange-50", tagColor: "text-orange-900" },
};

const STATE_LOOK: Record<NodeState, string> = {
  idle: "",
  active: "node-active ring-4 ring-amber-400",
  done: "ring-2 ring-emerald-600",
  error: "ring-4 ring-rose-600 bg-rose-50",
  paused: "ring-4 ring-sky-600 ring-offset-2",
};

const SIDES: [Side, Position][] = [
  ["top", Position.Top],
  ["right", Position.Right],
  ["bottom", Position.Bottom],
  ["left", Position.Left],
];

/** Invisible anchors on all four sides; the layout picks the pair that face each other. */
function Anchors() {
  return SIDES.map(([side, position]) => [
    <Handle key={`s-${side}`} id={`s-${side}`} type="source" position={position} isConnectable={false} className="anchor" />,
    <Handle key={`t-${side}`} id={`t-${side}`} type="target" position={position} isConnectable={false} className="anchor" />,
  ]);
}

function statusText(run: NodeRun | undefined): string {
  if (!run || run.state === "idle") return "";
  const rounds = loopRound(run.detail);
  const repeat = rounds ? `round ${rounds.round}/${rounds.maxRounds}` : run.starts > 1 ? `×${run.starts}` : "";
  if (run.state === "paused") return run.heldBy ? "waiting for you" : "paused · next step";
  const outcome = run.state === "active" ? "running" : run.state === "error" ? "failed" : `✓ ${run.ms ?? 0} ms`;
  return [outcome, repeat].filter(Boolean).join(" · ");
}

const StepNode = memo(function StepNode({ data, type, selected }: NodeProps<StepFlowNode>) {
  const look = KIND_LOOK[type];
  const state = data.run?.state ?? "idle";
  return (
    <div
      style={{ width: data.width, height: data.height }}
      className={`relative flex flex-col items-center justify-center border-2 px-2 text-center text-slate-900 transition-shadow ${look.card} ${STATE_LOOK[state]} ${selected ? "outline-2 outline-offset-4 outline-slate-900" : ""}`}
    >
      <Anchors />
      <span
        style={{ fontSize: TAG_PX }}
        className={`whitespace-nowrap font-semibold leading-tight ${look.tagColor}`}
        data-testid="node-tag"
      >
        {data.spec.detail ?? look.tag}
      </span>
      {/* Never cut: the layout sizes every node to the graph's longest label (tests check scrollWidth). */}
      <span style={{ fontSize: LABEL_PX }} className="whitespace-nowrap font-bold leading-tight" data-testid="node-label">
        {data.spec.label}
      </span>
      <span
        style={{ fontSize: STATUS_PX, height: STATUS_PX * 1.25 }}
        className={`whitespace-nowrap leading-tight ${state === "error" ? "font-semibold text-rose-800" : "text-slate-700"}`}
      >
        {statusText(data.run)}
      </span>
      {/* Below the node, so its size (fitted to the graph's labels) stays as laid out. */}
      {state === "paused" && data.run?.heldBy && (
        <span
          style={{ fontSize: STATUS_PX }}
          className="absolute top-full left-1/2 z-10 mt-2 w-max max-w-[18rem] -translate-x-1/2 rounded-md bg-sky-800 px-2 py-1 text-center font-semibold leading-snug whitespace-normal text-white shadow"
          data-testid="node-held"
        >
          waiting for you — state held in {data.run.heldBy}
        </span>
      )}
    </div>
  );
});

const BoundaryNode = memo(function BoundaryNode({ data }: NodeProps<BoundaryFlowNode>) {
  return (
    <div
      className={`h-full w-full rounded-xl border-2 border-dashed ${data.managed ? "border-orange-500 bg-orange-50/50" : "border-teal-500 bg-teal-50/40"}`}
    >
      <span
        style={{ fontSize: TAG_PX }}
        className={`absolute bottom-0.5 left-3 font-semibold ${data.managed ? "text-orange-900" : "text-teal-900"}`}
      >
        {data.label}
      </span>
    </div>
  );
});

/** Module scope, so React Flow never sees a new map and remounts every node. */
export const NODE_TYPES: NodeTypes = { ...Object.fromEntries(NODE_KINDS.map((kind) => [kind, StepNode])), boundary: BoundaryNode };
