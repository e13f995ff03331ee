"use client";

import type { PatternGraph } from "@/lib/patterns/graph";
import type { RunView } from "@/lib/ui/run-state";
import { Inspector, type Selection } from "./Inspector";
import { Timeline } from "./Timeline";

type Props = { run: RunView; graph: PatternGraph; selection: Selection; onSelect: (selection: Selection) => void };

/** The run's timeline above the details of whatever is selected in it or in the graph. */
export function InspectorPanel({ run, graph, selection, onSelect }: Props) {
  return (
    <>
      <div className="flex max-h-[45%] min-h-0 flex-col border-b border-slate-200">
        <Timeline
          events={run.timeline}
          selectedSeq={selection && "seq" in selection ? selection.seq : null}
          onSelect={(seq) => onSelect({ seq })}
        />
      </div>
      <Inspector run={run} graph={graph} selection={selection} />
    </>
  );
}
