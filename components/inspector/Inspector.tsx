"use client";

import { ForkPanel } from "@/components/tapes/ForkPanel";
import type { TraceEvent } from "@/lib/trace/events";
import type { PatternGraph } from "@/lib/patterns/graph";
import { compact, describeEvent, ESTIMATE_NOTE, estimate } from "@/lib/ui/describe-event";
import { isRunning, loopRound, type RunView } from "@/lib/ui/run-state";

export type Selection = { node: string } | { seq: number } | null;

type Props = { run: RunView; graph: PatternGraph; selection: Selection };

/** What a clicked node or event did: prompts, model output, tool arguments and results, latency, tokens. */
export function Inspector({ run, graph, selection }: Props) {
  if (!selection) return <p className="p-3 text-sm text-slate-600">Click a node in the graph or an event in the timeline to inspect it.</p>;
  if ("seq" in selection) {
    const event = run.timeline.find((e) => e.seq === selection.seq);
    return event ? (
      <div className="flex flex-col gap-2 overflow-y-auto p-3">
        <EventCard event={event} />
      </div>
    ) : (
      <p className="p-3 text-sm text-slate-600">That event is not part of this run.</p>
    );
  }
  const spec = graph.nodes.find((n) => n.id === selection.node);
  const info = run.nodes[selection.node];
  const events = info ? run.timeline.filter((e) => info.seqs.includes(e.seq) && e.type !== "llm.delta") : [];
  const rounds = loopRound(info?.detail);
  // Time travel starts from a finished run's model calls.
  const forkable =
    run.runId &&
    !isRunning(run.status) &&
    (spec?.kind === "llm" || spec?.kind === "agent" || spec?.kind === "managed") &&
    events.length > 0;
  return (
    <div className="flex min-h-0 flex-col gap-2 overflow-y-auto p-3" data-testid="inspector">
      <header>
        <h3 className="text-base font-semibold text-slate-900">{spec?.label ?? selection.node}</h3>
        <p className="text-xs text-slate-700">
          {spec?.kind} · {info?.state ?? "idle"}
          {info?.ms !== undefined ? ` · ${info.ms} ms` : ""}
          {info && info.starts > 1 ? ` · ran ${info.starts}×` : ""}
          {rounds ? ` · round ${rounds.round} of ${rounds.maxRounds}` : ""}
        </p>
        {info?.error && <p className="mt-1 rounded bg-rose-50 px-2 py-1 text-sm text-rose-900">{info.error}</p>}
      </header>
      {forkable && <ForkPanel key={`${run.runId}-${selection.node}`} runId={run.runId!} node={selection.node} timeline={run.timeline} />}
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">This node has not run in this run.</p>
      ) : (
        events.map((e) => <EventCard key={e.seq} event={e} />)
      )}
    </div>
  );
}

function EventCard({ event }: { event: TraceEvent }) {
  return (
    <article className="rounded-md border border-slate-200 bg-white p-2 text-sm">
      <h4 className="flex items-baseline justify-between gap-2">
        <span className="font-mono text-xs font-semibold text-slate-900">{event.type}</span>
        <span className="font-mono text-xs text-slate-600">
          #{event.seq} · {Math.round(event.t)} ms
        </span>
      </h4>
      <p className="break-words text-slate-800">{describeEvent(event)}</p>
      <EventBody event={event} />
    </article>
  );
}

function EventBody({ event }: { event: TraceEvent }) {
  switch (event.type) {
    case "llm.request":
      return (
        <>
          <Facts
            facts={[
              ["vendor", event.vendor],
              ["model", event.model],
              ["mode", event.live ? "live" : "sim"],
            ]}
          />
          <Json label="Messages" value={event.messages} />
        </>
      );
    case "llm.response":
      return (
        <>
          <Facts
            facts={[
              ["input tokens", `${estimate(event.usage.estimated)}${event.usage.inputTokens}`],
              ["output tokens", `${estimate(event.usage.estimated)}${event.usage.outputTokens}`],
              ["latency", `${event.ms} ms`],
            ]}
          />
          {event.usage.estimated && <p className="text-xs text-slate-600">{ESTIMATE_NOTE}</p>}
          {event.text && <Json label="Output" value={event.text} />}
          {event.toolCalls?.length ? <Json label="Tool calls" value={event.toolCalls} /> : null}
        </>
      );
    case "tool.call":
      return <Json label="Arguments" value={event.args} />;
    case "tool.result":
      return event.error ? <Json label="Error" value={event.error} /> : <Json label="Result" value={event.result} />;
    case "http.request":
    case "http.response":
      return (
        <Facts
          facts={[
            ["url", event.url],
            ["traceparent", event.traceparent],
            ...(event.type === "http.response" ? [["status", event.status] as [string, number]] : []),
          ]}
        />
      );
    case "state":
      return <Json label="State" value={event.state} />;
    case "run.end":
      return <Json label="Metrics" value={event.metrics} />;
    case "run.start":
      return <Facts facts={Object.entries(event.vendors)} />;
    default:
      return null;
  }
}

function Facts({ facts }: { facts: [string, string | number][] }) {
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
      {facts.map(([k, v]) => [
        <dt key={`${k}-k`} className="text-slate-600">
          {k}
        </dt>,
        <dd key={`${k}-v`} className="break-all font-mono text-slate-900">
          {v}
        </dd>,
      ])}
    </dl>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <details className="mt-1" open={text.length < 600}>
      <summary className="focus-ring cursor-pointer text-xs font-semibold text-slate-700">
        {label} <span className="font-normal text-slate-600">{text.length > 600 ? compact(value) : ""}</span>
      </summary>
      <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-900">
        {text}
      </pre>
    </details>
  );
}
