"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { ChatPane } from "@/components/chat/ChatPane";
import { GraphPanel } from "@/components/graph/GraphPanel";
import type { Selection } from "@/components/inspector/Inspector";
import { InspectorPanel } from "@/components/inspector/InspectorPanel";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import { useProjector } from "@/components/projector/useProjector";
import type { PatternInfo } from "@/lib/patterns/types";
import { REPLAY_KEYS } from "@/lib/ui/keys";
import { isRunning } from "@/lib/ui/run-state";
import { ReplayControls } from "./ReplayControls";
import { usePlayback } from "./usePlayback";

/** A stored run, replayed step by step with the playground's own graph, chat, timeline and inspector. */
export function RunReplay({ runId, patterns, fork = false }: { runId: string; patterns: PatternInfo[]; fork?: boolean }) {
  const { playback, dispatch, load, loading, error } = usePlayback();
  const [chosen, setSelection] = useState<Selection>(null);
  const lastCall = fork ? playback.events.findLast((e) => e.type === "llm.request") : undefined;
  const selection: Selection = chosen ?? (lastCall?.type === "llm.request" ? { node: lastCall.node } : null);
  const [projector] = useProjector();

  useEffect(() => {
    // To fork, the run is shown as it ended (a fork starts from a finished run's model call); otherwise it plays.
    void load(runId, !fork).then(() => {
      if (fork) dispatch({ type: "seek", step: Number.MAX_SAFE_INTEGER });
    });
  }, [load, runId, fork, dispatch]);

  const first = playback.events[0];
  const pattern = patterns.find((p) => first?.type === "run.start" && p.id === first.pattern);
  const { run, items } = playback.view;
  const labels = Object.fromEntries((pattern?.graph.nodes ?? []).map((n) => [n.id, n.label]));
  const shortcuts = [
    { keys: [" "], run: () => dispatch({ type: "toggle" }), onControls: true },
    { keys: ["."], run: () => dispatch({ type: "step" }), onControls: true },
    { keys: [","], run: () => dispatch({ type: "back" }), onControls: true },
  ];

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <h1 className="text-lg font-bold text-slate-900">
          Replay{pattern ? ` · ${pattern.id} ${pattern.style}` : ""}{" "}
          <span className="hide-in-projector font-mono text-sm font-normal text-slate-600">{runId}</span>
          {first?.type === "run.start" && first.parentRunId && (
            <span className="ml-2 text-sm font-normal text-slate-700" data-testid="fork-lineage">
              fork of{" "}
              <Link href={`/runs/${first.parentRunId}`} prefetch={false} className="focus-ring underline">
                {first.parentRunId.slice(0, 12)}…
              </Link>{" "}
              at exchange #{first.forkedAt}
            </span>
          )}
        </h1>
        <div className="flex flex-wrap items-center gap-3">
          {playback.events.length > 0 && <ReplayControls playback={playback} dispatch={dispatch} labels={labels} />}
          <ProjectorControls extraKeys={{ title: "Replay", keys: REPLAY_KEYS, shortcuts }} />
          <a
            href={`/api/runs/${runId}/tape`}
            download={`${runId}.tape.json`}
            className="focus-ring btn-quiet"
            data-testid="download-tape"
            title="The run's tape (csp-tape/1): every model exchange and tool result, to replay, fork or play back offline"
          >
            Download tape
          </a>
          <a
            href={`/api/runs/${runId}/otel`}
            download
            className="focus-ring btn-quiet"
            data-testid="download-otel"
            title="The run as an OTLP/JSON trace, for Phoenix, Langfuse, Jaeger or Grafana"
          >
            Download as OpenTelemetry
          </a>
          <Link href={pattern ? `/?p=${pattern.id}` : "/"} prefetch={false} className="focus-ring btn-quiet">
            Open the playground
          </Link>
        </div>
      </header>
      {loading && (
        <p role="status" className="p-6 text-slate-700">
          Loading the run…
        </p>
      )}
      {error && (
        <p role="alert" className="m-6 rounded bg-rose-50 p-3 text-rose-900">
          This run could not be loaded: {error}
        </p>
      )}
      {pattern && (
        <main
          className={`grid min-h-0 flex-1 gap-3 p-3 ${projector ? "grid-cols-[minmax(18rem,27%)_1fr]" : "grid-cols-[minmax(16rem,23%)_1fr_minmax(18rem,26%)]"}`}
        >
          <ChatPane items={items} busy={isRunning(run.status)} />
          <GraphPanel compact={projector} graph={pattern.graph} run={run} selection={selection} onSelect={setSelection} />
          {!projector && (
            <aside
              aria-label="Inspector"
              className="flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white"
            >
              <InspectorPanel run={run} graph={pattern.graph} selection={selection} onSelect={setSelection} />
            </aside>
          )}
        </main>
      )}
    </div>
  );
}
