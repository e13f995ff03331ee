"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { memo } from "react";
import type { PatternInfo } from "@/lib/patterns/types";
import type { Decider } from "@/lib/trace/events";
import { bookingInWords, bookingsOf, FIGURES, figure, type Figure } from "@/lib/ui/compare";
import { DECIDER_LABEL } from "@/lib/ui/patterns";
import { formatShare, isRunning, metricsAutonomyShare, type Conversation } from "@/lib/ui/run-state";

// React Flow only where a row is drawn, so the page's first load stays small.
const RunGraph = dynamic(() => import("@/components/graph/RunGraph").then((m) => m.RunGraph), {
  ssr: false,
  loading: () => <div className="h-full w-full animate-pulse bg-slate-50" />,
});

const DECIDER_COLOR: Record<Decider, string> = { code: "bg-slate-600", llm: "bg-violet-600", aws: "bg-orange-500" };

export function DecisionLegend() {
  return (
    <span className="flex items-center gap-2 text-xs text-slate-700" aria-hidden>
      Decided by:
      {(Object.keys(DECIDER_COLOR) as Decider[]).map((by) => (
        <span key={by} className="flex items-center gap-1">
          <span className={`inline-block h-3 w-3 rounded-sm ${DECIDER_COLOR[by]}`} />
          {DECIDER_LABEL[by]}
        </span>
      ))}
    </span>
  );
}

type Props = {
  pattern: PatternInfo;
  conversation: Conversation;
  reply: { text: string; differs: boolean }[];
  maxima: Record<string, number>;
};

const noSelect = () => undefined;

export const CompareRow = memo(function CompareRow({ pattern, conversation, reply, maxima }: Props) {
  const run = conversation.run;
  const m = run.metrics;
  const failure = conversation.items.findLast((i) => i.kind === "error");
  const state = isRunning(run.status)
    ? "running"
    : run.status === "idle"
      ? "waiting"
      : run.status === "ok"
        ? "done"
        : run.runId
          ? "done"
          : "failed";
  const landed = bookingsOf(run.timeline);
  const differs = reply.some((w) => w.differs);
  return (
    <tr
      className="border-b border-slate-100 align-top last:border-0"
      data-testid={`compare-row-${pattern.id}`}
      data-state={state}
      data-status={run.runId && !isRunning(run.status) ? run.status : undefined}
    >
      <th scope="row" className="px-3 py-2 font-normal">
        <span className="text-lg font-bold">{pattern.id}</span> <span className="font-semibold">{pattern.name}</span>
        <span className="block text-xs text-slate-600">
          {DECIDER_LABEL[pattern.decider]} decides · {pattern.runtime}
        </span>
        <span className="block text-xs text-slate-700" data-testid="compare-autonomy" title="Share of decisions made by a model or AWS">
          {m ? formatShare(metricsAutonomyShare(m)) : ""}
        </span>
      </th>
      <td className="px-2 py-2">
        <div className="h-36 w-56 overflow-hidden rounded border border-slate-200" data-testid="compare-graph">
          <RunGraph graph={pattern.graph} run={run} selectedNode={null} onSelectNode={noSelect} compact />
        </div>
      </td>
      <td
        className={`max-w-md px-3 py-2 text-slate-800 ${differs ? "bg-amber-50" : ""}`}
        data-testid="compare-reply"
        data-differs={differs}
      >
        {state === "waiting" && <span className="text-slate-600">Waiting…</span>}
        {state === "running" && <span className="text-slate-700">Running…</span>}
        {!isRunning(run.status) && failure?.kind === "error" && !reply.some((w) => w.text.trim()) && (
          <span role="alert" className="text-rose-800">
            {failure.message}
          </span>
        )}
        {!isRunning(run.status) &&
          reply.map((w, i) =>
            w.differs ? (
              <mark key={i} className="rounded bg-amber-200 px-0.5 text-slate-950">
                {w.text}
              </mark>
            ) : (
              <span key={i}>{w.text}</span>
            ),
          )}
      </td>
      <td className="px-3 py-2 text-sm" data-testid="compare-booked" data-slot-ids={landed.map((b) => b.slot_id).join(" ")}>
        {run.runId && !isRunning(run.status) ? (landed.length ? landed.map(bookingInWords).join("; ") : "nothing booked") : ""}
      </td>
      <td className="px-3 py-2">
        <dl className="grid w-56 grid-cols-[5rem_1fr] items-center gap-x-2 gap-y-0.5 text-xs">
          {FIGURES.map((f) => (
            <Bar key={f.key} label={f.label} value={m ? figure(m, f.key) : null} max={maxima[f.key]} format={f.format} name={f.key} />
          ))}
        </dl>
      </td>
      <td className="px-3 py-2">
        <ol className="flex max-w-64 flex-wrap gap-0.5" data-testid="compare-decisions" aria-label={`${pattern.id}: decisions in order`}>
          {run.decisions.map((d) => (
            <li
              key={d.seq}
              className={`h-4 w-4 rounded-sm ${DECIDER_COLOR[d.by]}`}
              data-by={d.by}
              title={`${DECIDER_LABEL[d.by]} at ${d.node}: ${d.choice}`}
            >
              <span className="sr-only">{`${DECIDER_LABEL[d.by]} at ${d.node}: ${d.choice}`}</span>
            </li>
          ))}
        </ol>
      </td>
      <td className="px-3 py-2">
        {run.runId && !isRunning(run.status) && (
          <Link href={`/runs/${run.runId}`} className="focus-ring text-sm font-semibold text-indigo-800 underline">
            Replay
          </Link>
        )}
      </td>
    </tr>
  );
});

function Bar({
  label,
  value,
  max,
  format,
  name,
}: {
  label: string;
  value: number | null;
  max: number;
  format: (v: number) => string;
  name: Figure;
}) {
  const share = value !== null && max > 0 ? value / max : 0;
  return (
    <>
      <dt className="text-slate-700">{label}</dt>
      <dd className="relative h-4 rounded bg-slate-100" data-testid={`compare-bar-${name}`} data-value={value ?? undefined}>
        <span className="absolute inset-y-0 left-0 rounded bg-sky-600/70" style={{ width: `${Math.round(share * 100)}%` }} />
        <span className="relative px-1 tabular-nums text-slate-950">{value === null ? "" : format(value)}</span>
      </dd>
    </>
  );
}
