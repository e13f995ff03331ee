"use client";

import type { Decider, Metrics } from "@/lib/trace/events";
import { ESTIMATE_NOTE, estimate } from "@/lib/ui/describe-event";
import { DECIDER_LABEL } from "@/lib/ui/patterns";
import { autonomyShare, formatShare, type Decision } from "@/lib/ui/run-state";

const LANES: { by: Decider; chip: string; letter: string }[] = [
  { by: "code", chip: "bg-blue-100 text-blue-950 border-blue-400", letter: "C" },
  { by: "llm", chip: "bg-violet-100 text-violet-950 border-violet-400", letter: "L" },
  { by: "aws", chip: "bg-orange-100 text-orange-950 border-orange-400", letter: "A" },
];
const LANE_OF = Object.fromEntries(LANES.map((lane) => [lane.by, lane])) as Record<Decider, (typeof LANES)[number]>;

type Props = {
  decisions: Decision[];
  metrics: Metrics | null;
  onSelect: (seq: number) => void;
  /** One row of lettered chips instead of three lanes: in projector mode the graph needs the height. */
  compact?: boolean;
};

/**
 * Who decided what, in order: one lane per decider, so the shift from code to model is visible at
 * a glance, with the run's autonomy share (model and AWS decisions over all decisions).
 */
export function DecisionLane({ decisions, metrics, onSelect, compact = false }: Props) {
  const share = autonomyShare(decisions);
  const chip = (d: Decision, letter?: string) => (
    <button
      type="button"
      title={`${d.node}: ${d.choice}`}
      aria-label={`${DECIDER_LABEL[d.by]} at ${d.node}: ${d.choice}`}
      onClick={() => onSelect(d.seq)}
      className={`focus-ring flex size-4 items-center justify-center rounded border text-[0.625rem] font-bold leading-none ${LANE_OF[d.by].chip}`}
    >
      {letter}
    </button>
  );
  return (
    <section
      aria-labelledby="decisions-title"
      className="flex flex-col gap-1 border-t border-slate-200 bg-white px-3 py-2"
      data-testid="decision-lane"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 id="decisions-title" className="panel-title">
          Who decided
        </h2>
        {compact && (
          <ol className="flex min-w-0 flex-1 items-center gap-1 overflow-x-auto" aria-label="Decisions in order (C code, L LLM, A AWS)">
            {decisions.map((d) => (
              <li key={d.seq}>{chip(d, LANE_OF[d.by].letter)}</li>
            ))}
          </ol>
        )}
        <p className="text-sm text-slate-800" data-testid="autonomy-share">
          Autonomy share <strong className="font-semibold">{formatShare(share)}</strong>
          {!compact && (
            <span className="text-slate-600">
              {" "}
              ({decisions.filter((d) => d.by !== "code").length} of {decisions.length} by a model or AWS)
            </span>
          )}
        </p>
      </div>
      {!compact && (
        <div className="grid grid-cols-[3rem_1fr] gap-x-2 gap-y-0.5 overflow-x-auto">
          {LANES.map(({ by }) => [
            <span key={`${by}-label`} className="text-xs font-semibold uppercase text-slate-700">
              {DECIDER_LABEL[by]}
            </span>,
            <ol key={by} className="flex h-5 items-center" aria-label={`Decided by ${DECIDER_LABEL[by]}`}>
              {decisions.map((d) => (
                <li key={d.seq} className="w-5 shrink-0">
                  {d.by === by && chip(d)}
                </li>
              ))}
            </ol>,
          ])}
        </div>
      )}
      <MetricsLine metrics={metrics} />
    </section>
  );
}

function MetricsLine({ metrics }: { metrics: Metrics | null }) {
  if (!metrics) return <p className="min-h-5 text-xs text-slate-600">Metrics appear when the run ends.</p>;
  const facts: [string, string][] = [
    ["time", `${(metrics.ms / 1000).toFixed(2)} s`],
    ["LLM calls", String(metrics.llmCalls)],
    ["tool calls", String(metrics.toolCalls)],
    ["HTTP", String(metrics.httpCalls)],
    ["tokens", `${estimate(metrics.estimated)}${metrics.inputTokens} in / ${metrics.outputTokens} out`],
    ["cost", `${estimate(metrics.estimated)}$${metrics.costUsd.toFixed(4)}`],
  ];
  return (
    <dl
      className="flex min-h-5 flex-wrap gap-x-3 text-xs"
      data-testid="run-metrics"
      data-estimated={metrics.estimated ? "true" : undefined}
      title={metrics.estimated ? ESTIMATE_NOTE : undefined}
    >
      {facts.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt className="text-slate-600">{k}</dt>
          <dd className="font-semibold text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
