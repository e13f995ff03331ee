"use client";

import { useSyncExternalStore, type ReactNode } from "react";
import { DecisionLane } from "@/components/inspector/DecisionLane";
import type { Selection } from "@/components/inspector/Inspector";
import type { PatternGraph } from "@/lib/patterns/graph";
import type { RunView } from "@/lib/ui/run-state";
import { RunGraph } from "./RunGraph";

type Props = {
  graph: PatternGraph;
  run: RunView;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  header?: ReactNode;
  compact?: boolean;
};

const SHORT_SCREEN = "(max-height: 900px)";

function subscribeShort(onChange: () => void) {
  const query = window.matchMedia(SHORT_SCREEN);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** The live graph with the who-decided lane and the run's metrics beneath it; the lane is one row on short screens, where the graph needs the height. */
export function GraphPanel({ graph, run, selection, onSelect, header, compact = false }: Props) {
  const short = useSyncExternalStore(
    subscribeShort,
    () => window.matchMedia(SHORT_SCREEN).matches,
    () => false,
  );
  return (
    <section aria-label="Run graph" className="flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white">
      {header}
      <div className="relative min-h-0 flex-1" data-testid="run-graph" data-run-status={run.status} data-run-id={run.runId ?? undefined}>
        <RunGraph
          graph={graph}
          run={run}
          selectedNode={selection && "node" in selection ? selection.node : null}
          onSelectNode={(node) => onSelect(node ? { node } : null)}
        />
      </div>
      <DecisionLane decisions={run.decisions} metrics={run.metrics} onSelect={(seq) => onSelect({ seq })} compact={compact || short} />
    </section>
  );
}
