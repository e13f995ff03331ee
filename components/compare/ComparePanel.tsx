"use client";

import Link from "next/link";
import { memo, useRef, useState, type FormEvent } from "react";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import type { ComparedRun } from "@/lib/patterns/compare";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { DECIDER_LABEL } from "@/lib/ui/patterns";
import { formatShare, metricsAutonomyShare } from "@/lib/ui/run-state";

type Row = { state: "waiting" | "running" | "done" | "failed"; result?: ComparedRun; error?: string };
type Props = { patterns: PatternInfo[]; initialMessage: string };

/**
 * One message through the chosen patterns, one after another, each in a sandbox of the schedule
 * (POST /api/compare), with the figures side by side: who decided, calls, tokens, time and cost.
 */
export function ComparePanel({ patterns, initialMessage }: Props) {
  const [message, setMessage] = useState(initialMessage);
  const [chosen, setChosen] = useState<Set<PatternId>>(() => new Set(patterns.map((p) => p.id)));
  const [latency, setLatency] = useState<"on" | "off">("on");
  const [rows, setRows] = useState<Partial<Record<PatternId, Row>>>({});
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const toggle = (id: PatternId) =>
    setChosen((now) => {
      const next = new Set(now);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const run = async (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    const order = patterns.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (!text || order.length === 0 || running) return;
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setRows(Object.fromEntries(order.map((id) => [id, { state: "waiting" }])));
    // One after another on purpose: each sandbox must meet the same schedule.
    for (const id of order) {
      if (controller.signal.aborted) break;
      setRows((now) => ({ ...now, [id]: { state: "running" } }));
      const row = await comparePattern(id, text, latency, controller.signal);
      setRows((now) => ({ ...now, [id]: row }));
    }
    setRunning(false);
  };

  const results = Object.values(rows).flatMap((r) => (r?.result?.metrics ? [r.result.metrics] : []));
  const best = { ms: Math.min(...results.map((m) => m.ms)), cost: Math.min(...results.map((m) => m.costUsd)) };

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 p-4">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-lg font-bold tracking-tight text-slate-900">
          Compare patterns <span className="font-normal text-slate-600">· the same message, every pattern, the same schedule</span>
        </h1>
        <div className="flex items-center gap-3">
          <ProjectorControls />
          <Link href="/" className="focus-ring btn-quiet">Back to the playground</Link>
        </div>
      </header>

      <form onSubmit={run} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3">
        <div className="flex items-end gap-2">
          <label className="flex flex-1 flex-col gap-1 text-sm font-semibold text-slate-800">
            Message
            <input
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              maxLength={4000}
              className="focus-ring rounded-lg border border-slate-300 px-3 py-2 text-base font-normal text-slate-900"
              data-testid="compare-message"
            />
          </label>
          {running ? (
            <button type="button" onClick={() => abort.current?.abort()} className="focus-ring btn-quiet" data-testid="compare-stop">Stop</button>
          ) : (
            <button type="submit" disabled={!message.trim() || chosen.size === 0} className="focus-ring btn-primary" data-testid="compare-run">Compare</button>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-800">
          <fieldset className="flex flex-wrap items-center gap-1.5">
            <legend className="sr-only">Patterns to compare</legend>
            {patterns.map((p) => (
              <label key={p.id} className={`flex cursor-pointer items-center gap-1 rounded-full border px-2.5 py-0.5 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${chosen.has(p.id) ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-800"}`}>
                <input type="checkbox" className="sr-only" checked={chosen.has(p.id)} onChange={() => toggle(p.id)} disabled={running} data-testid={`compare-pick-${p.id}`} />
                <span className="font-bold">{p.id}</span> {p.name}
              </label>
            ))}
          </fieldset>
          <label className="flex items-center gap-1.5">
            <input type="checkbox" checked={latency === "on"} onChange={(e) => setLatency(e.target.checked ? "on" : "off")} disabled={running} data-testid="compare-latency" />
            Realistic model latency (simulated vendors)
          </label>
        </div>
        <p className="text-xs text-slate-600">
          Each pattern runs as a stand-in member in a fresh session; whatever it books is released right after, so the next pattern meets the same
          schedule and your own bookings are untouched.
        </p>
      </form>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="compare-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">Pattern</th>
              <th scope="col" className="px-3 py-2">Reply</th>
              <th scope="col" className="px-3 py-2">Booked</th>
              <th scope="col" className="px-3 py-2 text-right">Time</th>
              <th scope="col" className="px-3 py-2 text-right">LLM calls</th>
              <th scope="col" className="px-3 py-2 text-right">Tool calls</th>
              <th scope="col" className="px-3 py-2 text-right">HTTP</th>
              <th scope="col" className="px-3 py-2 text-right">Tokens in / out</th>
              <th scope="col" className="px-3 py-2 text-right">Cost</th>
              <th scope="col" className="px-3 py-2 text-right">Autonomy</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Replay</span></th>
            </tr>
          </thead>
          <tbody>
            {patterns.filter((p) => rows[p.id]).map((p) => (
              <CompareRow key={p.id} pattern={p} row={rows[p.id]!} fastest={best.ms} cheapest={best.cost} />
            ))}
            {Object.keys(rows).length === 0 && (
              <tr>
                <td colSpan={11} className="px-3 py-6 text-center text-slate-600">Choose patterns and press Compare to see them side by side.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

async function comparePattern(pattern: PatternId, message: string, simLatency: "on" | "off", signal: AbortSignal): Promise<Row> {
  try {
    const res = await fetch("/api/compare", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ pattern, message, options: { simLatency } }), signal });
    const body = await res.json();
    if (!res.ok) return { state: "failed", error: body?.error?.message ?? `The server answered ${res.status}.` };
    return { state: "done", result: body as ComparedRun };
  } catch (error) {
    return { state: "failed", error: signal.aborted ? "Stopped." : `The server could not be reached (${error instanceof Error ? error.message : String(error)}).` };
  }
}

const CompareRow = memo(function CompareRow({ pattern, row, fastest, cheapest }: { pattern: PatternInfo; row: Row; fastest: number; cheapest: number }) {
  const m = row.result?.metrics;
  const cell = "whitespace-nowrap px-3 py-2 text-right tabular-nums";
  return (
    <tr className="border-b border-slate-100 align-top last:border-0" data-testid={`compare-row-${pattern.id}`} data-state={row.state} data-status={row.result?.status}>
      <th scope="row" className="px-3 py-2 font-normal">
        <span className="text-lg font-bold">{pattern.id}</span> <span className="font-semibold">{pattern.name}</span>
        <span className="block text-xs text-slate-600">{DECIDER_LABEL[pattern.decider]} decides · {pattern.runtime}</span>
      </th>
      <td className="max-w-md px-3 py-2 text-slate-800">
        {row.state === "waiting" && <span className="text-slate-600">Waiting…</span>}
        {row.state === "running" && <span className="text-slate-700">Running…</span>}
        {row.state === "failed" && <span role="alert" className="text-rose-800">{row.error}</span>}
        {row.result && <span className={row.result.status === "ok" ? "" : "text-rose-800"}>{row.result.reply || `(no reply: ${row.result.status})`}</span>}
      </td>
      <td className="whitespace-nowrap px-3 py-2 font-mono text-xs" data-testid="compare-booked">{row.result ? row.result.booked.join(", ") || "—" : ""}</td>
      <td className={`${cell} ${m && m.ms === fastest ? "font-bold text-emerald-800" : ""}`}>{m ? `${(m.ms / 1000).toFixed(2)} s` : ""}</td>
      <td className={cell}>{m?.llmCalls ?? ""}</td>
      <td className={cell}>{m?.toolCalls ?? ""}</td>
      <td className={cell}>{m?.httpCalls ?? ""}</td>
      <td className={cell}>{m ? `${m.inputTokens} / ${m.outputTokens}` : ""}</td>
      <td className={`${cell} ${m && m.costUsd === cheapest ? "font-bold text-emerald-800" : ""}`}>{m ? `$${m.costUsd.toFixed(4)}` : ""}</td>
      <td className={cell} data-testid="compare-autonomy">{m ? formatShare(metricsAutonomyShare(m)) : ""}</td>
      <td className="px-3 py-2">{row.result && <Link href={`/runs/${row.result.run_id}`} className="focus-ring text-sm font-semibold text-indigo-800 underline">Replay</Link>}</td>
    </tr>
  );
});
