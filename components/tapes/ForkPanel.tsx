"use client";

import { useState } from "react";
import type { TraceEvent } from "@/lib/trace/events";
import { replacementOf, sideBySide } from "@/lib/ui/fork-diff";
import { parseTraceEvents } from "@/lib/ui/trace-schema";

type Exchange = { seq: number; node: string };
type Props = { runId: string; node: string; timeline: TraceEvent[] };

/**
 * "Fork from here" on a model-call node: pick one of the node's calls on the run's tape, edit its
 * output (text, or tool calls as JSON), run the fork, and see parent and fork side by side.
 */
export function ForkPanel({ runId, node, timeline }: Props) {
  const [calls, setCalls] = useState<Exchange[] | null>(null);
  const [chosen, setChosen] = useState(0);
  const [mode, setMode] = useState<"text" | "toolCalls">("text");
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [fork, setFork] = useState<TraceEvent[] | null>(null);
  const responses = timeline.filter((e) => e.type === "llm.response" && e.node === node);

  const prefill = (index: number) => {
    const response = responses[index];
    const toolCalls = response?.type === "llm.response" ? response.toolCalls : undefined;
    setChosen(index);
    setMode(toolCalls?.length ? "toolCalls" : "text");
    setDraft(
      toolCalls?.length
        ? JSON.stringify(
            toolCalls.map((c) => ({ name: c.name, args: c.args })),
            null,
            2,
          )
        : response?.type === "llm.response"
          ? (response.text ?? "")
          : "",
    );
  };

  const open = async () => {
    setError(null);
    const res = await fetch(`/api/runs/${runId}/tape`);
    const body = await res.json().catch(() => null);
    if (!res.ok) return setError(body?.error?.message ?? `The tape could not be loaded (${res.status}).`);
    const mine = (body.exchanges as Exchange[]).filter((e) => e.node === node);
    if (!mine.length) return setError("This node made no model call on this run's tape.");
    setCalls(mine);
    prefill(0);
  };

  const run = async () => {
    const edit = replacementOf(mode, draft);
    if ("error" in edit) return setError(edit.error);
    setError(null);
    setRunning(true);
    setFork(null);
    try {
      const res = await fetch(`/api/runs/${runId}/fork`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ at: calls![chosen].seq, ...edit }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        return setError(body?.error?.message ?? `The fork could not start (${res.status}).`);
      }
      const text = await res.text();
      setFork(
        await parseTraceEvents(
          text
            .split("\n\n")
            .filter((b) => b.startsWith("data: "))
            .map((b) => JSON.parse(b.slice(6))),
        ),
      );
    } finally {
      setRunning(false);
    }
  };

  if (!calls) {
    return (
      <div className="flex flex-col gap-1">
        <button type="button" onClick={() => void open()} className="focus-ring btn-quiet self-start" data-testid="fork-open">
          Fork from here
        </button>
        {error && (
          <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-900">
            {error}
          </p>
        )}
      </div>
    );
  }
  const forkStart = fork?.[0];
  return (
    <section
      className="flex flex-col gap-2 rounded-md border border-indigo-200 bg-indigo-50/40 p-2"
      aria-label="Fork from here"
      data-testid="fork-editor"
    >
      <h4 className="text-sm font-semibold text-slate-900">Fork from here</h4>
      {calls.length > 1 && (
        <label className="text-xs text-slate-700">
          Call{" "}
          <select
            value={chosen}
            onChange={(e) => prefill(Number(e.target.value))}
            className="focus-ring rounded border border-slate-300 bg-white px-1"
            data-testid="fork-call"
          >
            {calls.map((c, i) => (
              <option key={c.seq} value={i}>
                #{c.seq} (call {i + 1} of {calls.length})
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset className="flex gap-3 text-xs text-slate-700">
        <legend className="sr-only">Output kind</legend>
        <label>
          <input type="radio" name="fork-mode" checked={mode === "text"} onChange={() => setMode("text")} data-testid="fork-mode-text" />{" "}
          Text
        </label>
        <label>
          <input
            type="radio"
            name="fork-mode"
            checked={mode === "toolCalls"}
            onChange={() => setMode("toolCalls")}
            data-testid="fork-mode-tools"
          />{" "}
          Tool calls (JSON)
        </label>
      </fieldset>
      <textarea
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        rows={8}
        spellCheck={false}
        aria-label="The call's output"
        className="focus-ring w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900"
        data-testid="fork-output"
      />
      <button
        type="button"
        onClick={() => void run()}
        disabled={running}
        className="focus-ring btn-quiet self-start"
        data-testid="fork-run"
      >
        {running ? "Forking…" : `Run the fork from #${calls[chosen].seq}`}
      </button>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-900">
          {error}
        </p>
      )}
      {fork && forkStart && (
        <div className="flex flex-col gap-1" data-testid="fork-compare">
          <table className="w-full table-fixed border-collapse text-xs">
            <thead>
              <tr>
                <th className="w-20 text-left text-slate-600"></th>
                <th className="text-left text-slate-900">Parent</th>
                <th className="text-left text-slate-900">Fork</th>
              </tr>
            </thead>
            <tbody>
              {sideBySide(timeline, fork).map((row) => (
                <tr key={row.label} data-diverged={row.diverged} className={row.diverged ? "bg-amber-100" : ""}>
                  <th scope="row" className="align-top text-left font-normal text-slate-600">
                    {row.label}
                    {row.diverged ? " ≠" : ""}
                  </th>
                  <td className="break-words align-top text-slate-900">{row.parent}</td>
                  <td className="break-words align-top text-slate-900">{row.fork}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <a href={`/runs/${forkStart.runId}`} className="focus-ring btn-quiet self-start" data-testid="fork-replay-link">
            Open the fork&apos;s replay
          </a>
        </div>
      )}
    </section>
  );
}
