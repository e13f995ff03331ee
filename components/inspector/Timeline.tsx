"use client";

import { memo, useMemo } from "react";
import type { TraceEvent } from "@/lib/trace/events";
import { describeEvent, eventNode } from "@/lib/ui/describe-event";

const TYPE_COLOR: Partial<Record<TraceEvent["type"], string>> = {
  "llm.request": "text-violet-800",
  "llm.response": "text-violet-800",
  "tool.call": "text-emerald-800",
  "tool.result": "text-emerald-800",
  "http.request": "text-teal-800",
  "http.response": "text-teal-800",
  decision: "text-blue-800",
  error: "text-rose-800",
  message: "text-slate-900",
};

const isDelta = (e: TraceEvent) => e.type === "llm.delta" || e.type === "message.delta";

type Props = { events: TraceEvent[]; selectedSeq: number | null; onSelect: (seq: number) => void };

/** The run's events in order; streaming deltas are counted rather than listed, so the list stays readable. */
export function Timeline({ events, selectedSeq, onSelect }: Props) {
  const shown = useMemo(() => events.filter((e) => !isDelta(e)), [events]);
  const deltas = events.length - shown.length;
  if (events.length === 0) return <p className="p-3 text-sm text-slate-600">No run yet. Send a message and every step will appear here.</p>;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ol aria-label="Run events" className="min-h-0 flex-1 overflow-y-auto font-mono text-xs" data-testid="timeline">
        {shown.map((e) => (
          <TimelineRow key={e.seq} event={e} selected={e.seq === selectedSeq} onSelect={onSelect} />
        ))}
      </ol>
      {deltas > 0 && (
        <p className="border-t border-slate-200 px-2 py-1 text-xs text-slate-600">{deltas} streaming deltas folded into their messages</p>
      )}
    </div>
  );
}

const TimelineRow = memo(function TimelineRow({
  event,
  selected,
  onSelect,
}: {
  event: TraceEvent;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const node = eventNode(event);
  return (
    <li>
      <button
        type="button"
        onClick={() => onSelect(event.seq)}
        aria-current={selected || undefined}
        className={`focus-ring grid w-full grid-cols-[3.5rem_6.5rem_1fr] gap-2 px-2 py-0.5 text-left hover:bg-slate-100 ${selected ? "bg-amber-100" : ""}`}
      >
        <span className="text-right text-slate-600">{Math.round(event.t)}ms</span>
        <span className={`truncate font-semibold ${TYPE_COLOR[event.type] ?? "text-slate-700"}`}>{event.type}</span>
        <span className="truncate text-slate-800">
          {node && <span className="font-semibold">{node} </span>}
          {describeEvent(event)}
        </span>
      </button>
    </li>
  );
});
