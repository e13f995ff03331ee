"use client";

import { FAULT_LABELS } from "@/lib/eval/faults";
import { formatCalls, formatCost, formatMs, formatRate, type FiguresSource } from "@/lib/guide/figures";
import type { PatternId } from "@/lib/patterns/types";
import { useMeasured } from "./useMeasured";

type Props = { pattern: PatternId; onMeasured: () => void };

/** Where a measurement came from, in words: the evaluation it cites or the guide's own run. */
export function sourceText(source: FiguresSource): string {
  const when = new Date(source.at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return source.kind === "evaluation"
    ? `your evaluation ${source.id} (${source.cases} cases × ${source.repeat} repeat${source.repeat === 1 ? "" : "s"} per fault, finished ${when})`
    : `the guide's own measurement on this server (${source.cases} corpus cases per fault, simulated model, ${when})`;
}

/** What the app measured for the recommended pattern; measured on the spot, with a progress bar, when nothing was yet. */
export function MeasuredFigures({ pattern, onMeasured }: Props) {
  const view = useMeasured(pattern, true, onMeasured);
  return (
    <section aria-labelledby="guide-measured-title" className="flex flex-col gap-2" data-testid="guide-measured" data-status={view.status}>
      <h3 id="guide-measured-title" className="text-lg font-bold">
        What the app measured for {pattern}
      </h3>
      {view.status === "loading" && <p className="text-base text-slate-700">Looking for a measurement…</p>}
      {(view.status === "measuring" || view.status === "waiting") && (
        <div className="flex flex-col gap-1">
          <p className="text-base text-slate-700" aria-live="polite">
            {view.status === "waiting"
              ? view.message
              : `Nothing measured yet: playing a few corpus cases through ${pattern} on the simulated model (${view.done} / ${view.total}).`}
          </p>
          <div
            role="progressbar"
            aria-label={`Measuring pattern ${pattern}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={view.status === "measuring" && view.total ? Math.round((view.done / view.total) * 100) : 0}
            className="h-3 overflow-hidden rounded-full bg-slate-200"
            data-testid="guide-measure-progress"
          >
            <div
              className="h-full bg-blue-700 transition-[width]"
              style={{ width: `${view.status === "measuring" && view.total ? (view.done / view.total) * 100 : 0}%` }}
            />
          </div>
        </div>
      )}
      {view.status === "error" && (
        <p role="alert" className="rounded bg-rose-50 p-2 text-base text-rose-900">
          Not measured: {view.message}
        </p>
      )}
      {view.status === "measured" && (
        <>
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Figure
              id="calls"
              label="LLM calls per request"
              value={view.measured.figures.llmCallsPerRequest}
              shown={formatCalls(view.measured.figures.llmCallsPerRequest)}
            />
            <Figure
              id="cost"
              label="Cost per request"
              value={view.measured.figures.costPerRequestUsd}
              shown={formatCost(view.measured.figures.costPerRequestUsd)}
            />
            <Figure
              id="autonomy"
              label="Autonomy share"
              value={view.measured.figures.autonomyShare}
              shown={formatRate(view.measured.figures.autonomyShare)}
            />
            <Figure
              id="latency"
              label="Mean time per case"
              value={view.measured.figures.meanMs}
              shown={formatMs(view.measured.figures.meanMs)}
            />
          </dl>
          <table className="w-full text-left text-base">
            <caption className="text-left text-base font-semibold">Success, clean and under each fault played</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-1 pr-3">
                  Input
                </th>
                <th scope="col" className="py-1 pr-3">
                  Success
                </th>
                <th scope="col" className="py-1">
                  Cases
                </th>
              </tr>
            </thead>
            <tbody>
              {view.measured.figures.success.map((s) => (
                <tr key={s.fault} className="border-b border-slate-200">
                  <th scope="row" className="py-1 pr-3 font-medium">
                    {s.fault === "none" ? "Clean input" : FAULT_LABELS[s.fault]}
                  </th>
                  <td className="py-1 pr-3 font-semibold" data-testid={`guide-success-${s.fault}`} data-value={s.rate}>
                    {formatRate(s.rate)}
                  </td>
                  <td className="py-1">{s.cases}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p
            className="text-base text-slate-700"
            data-testid="guide-measured-source"
            data-source={view.measured.source.kind}
            data-evaluation={view.measured.source.kind === "evaluation" ? view.measured.source.id : undefined}
          >
            Source: {sourceText(view.measured.source)}. Per request means per turn (one run); calls, cost, autonomy and time are on clean
            input.
          </p>
        </>
      )}
    </section>
  );
}

function Figure({ id, label, value, shown }: { id: string; label: string; value: number | null; shown: string }) {
  return (
    <div className="flex flex-col rounded-lg border border-slate-300 bg-white px-3 py-2">
      <dt className="text-base text-slate-700">{label}</dt>
      <dd className="text-2xl font-bold" data-testid={`guide-figure-${id}`} data-value={value ?? ""}>
        {shown}
      </dd>
    </div>
  );
}
