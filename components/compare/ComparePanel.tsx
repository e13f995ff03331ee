"use client";

import Link from "next/link";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import { useProjector } from "@/components/projector/useProjector";
import { useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { streamChat } from "@/lib/ui/chat-stream";
import { bookingsOf, compareReading, FIGURES, figure, latestReply, markDifferences } from "@/lib/ui/compare";
import {
  conversationReducer,
  EMPTY_CONVERSATION,
  isRunning,
  metricsAutonomyShare,
  type Conversation,
  type RunAction,
} from "@/lib/ui/run-state";
import { CompareRow, DecisionLegend } from "./CompareRow";
import { CompareSummary } from "./CompareSummary";

type Props = { patterns: PatternInfo[]; initialMessage: string; initialPatterns?: PatternId[] };

type Lane = { conversation: Conversation; sandboxId: string | null };
type Lanes = Partial<Record<PatternId, Lane>>;
type LaneAction = { pattern: PatternId; action: RunAction } | { pattern: PatternId; sandboxId: string } | { reset: PatternId[] };

function lanesReducer(state: Lanes, a: LaneAction): Lanes {
  if ("reset" in a) return Object.fromEntries(a.reset.map((id) => [id, { conversation: EMPTY_CONVERSATION, sandboxId: null }]));
  const lane = state[a.pattern] ?? { conversation: EMPTY_CONVERSATION, sandboxId: null };
  if ("sandboxId" in a) return { ...state, [a.pattern]: { ...lane, sandboxId: a.sandboxId } };
  return { ...state, [a.pattern]: { ...lane, conversation: conversationReducer(lane.conversation, a.action) } };
}

/**
 * One message through the chosen patterns at once, each in a sandbox of its own seeded like the
 * club's schedule (so none meets another's booking, and the club's schedule is untouched), streamed
 * live; a follow-up continues every pattern's conversation in its sandbox. Bars for time, tokens,
 * cost and LLM calls, a strip of who decided what, a small live graph per pattern, and the words in
 * which the replies differ.
 */
export function ComparePanel({ patterns, initialMessage, initialPatterns }: Props) {
  const [message, setMessage] = useState(initialMessage);
  const [followUp, setFollowUp] = useState("");
  const [chosen, setChosen] = useState<Set<PatternId>>(() => new Set(initialPatterns ?? patterns.map((p) => p.id)));
  const [latency, setLatency] = useState<"on" | "off">("on");
  const [lanes, dispatch] = useReducer(lanesReducer, {});
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  // On a projector the rows become one dense line each, so all eight fit the screen.
  const [projector] = useProjector();
  // The latest lanes for the follow-up's session and sandbox ids, read after the state settled.
  const latest = useRef(lanes);
  useEffect(() => {
    latest.current = lanes;
  }, [lanes]);

  const toggle = (id: PatternId) =>
    setChosen((now) => {
      const next = new Set(now);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const shown = patterns.filter((p) => lanes[p.id]);
  const canFollowUp = !running && shown.length > 0 && shown.every((p) => lanes[p.id]?.sandboxId);

  const runAll = async (order: PatternId[], text: string, continuing: boolean) => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    if (!continuing) dispatch({ reset: order });
    const sandboxes = continuing
      ? Object.fromEntries(order.map((id) => [id, latest.current[id]?.sandboxId ?? null]))
      : await openSandboxes(order, controller.signal);
    await Promise.all(order.map((id) => runLane(id, text, sandboxes[id], continuing, controller.signal)));
    setRunning(false);
  };

  const runLane = async (id: PatternId, text: string, sandboxId: string | null, continuing: boolean, signal: AbortSignal) => {
    const lane = latest.current[id];
    dispatch({ pattern: id, action: { type: "send", text } });
    if (!sandboxId) {
      dispatch({ pattern: id, action: { type: "failed", code: "sandbox", message: "No sandbox could be opened for this pattern." } });
      return;
    }
    dispatch({ pattern: id, sandboxId });
    const sessionId = continuing ? lane?.conversation.sessionId : null;
    await streamChat(
      { pattern: id, message: text, sandboxId, ...(sessionId ? { sessionId } : {}), options: { simLatency: latency } },
      {
        onEvents: (events) => dispatch({ pattern: id, action: { type: "events", events } }),
        onFailure: (code, failure) => dispatch({ pattern: id, action: { type: "failed", code, message: failure } }),
      },
      signal,
    );
    dispatch({ pattern: id, action: { type: "closed" } });
  };

  const compare = (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    const order = patterns.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (!text || order.length === 0 || running) return;
    void runAll(order, text, false);
  };

  const continueAll = (e: FormEvent) => {
    e.preventDefault();
    const text = followUp.trim();
    if (!text || !canFollowUp) return;
    setFollowUp("");
    void runAll(
      shown.map((p) => p.id),
      text,
      true,
    );
  };

  const replies = shown.map((p) => latestReply(lanes[p.id]!.conversation.items));
  const marked = markDifferences(replies.map((r, i) => (isRunning(lanes[shown[i].id]!.conversation.run.status) ? "" : r)));
  const reading = running
    ? ""
    : compareReading(
        shown.flatMap((p) => {
          const run = lanes[p.id]!.conversation.run;
          if (!run.metrics) return [];
          return [
            {
              pattern: p.id,
              ok: run.status === "ok",
              booked: bookingsOf(run.timeline).length > 0,
              ms: run.metrics.ms,
              costUsd: run.metrics.costUsd,
              autonomy: metricsAutonomyShare(run.metrics),
            },
          ];
        }),
      );
  const maxima = Object.fromEntries(
    FIGURES.map((f) => [
      f.key,
      Math.max(
        0,
        ...shown.flatMap((p) => {
          const m = lanes[p.id]!.conversation.run.metrics;
          return m ? [figure(m, f.key)] : [];
        }),
      ),
    ]),
  );

  return (
    <div className="mx-auto flex max-w-[110rem] flex-col gap-4 p-4">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-lg font-bold tracking-tight text-slate-900">
          Compare patterns{" "}
          <span className="font-normal text-slate-600">· the same message, every pattern at once, each in its own sandbox</span>
        </h1>
        <div className="flex items-center gap-3">
          <ProjectorControls />
          <Link href="/eval" prefetch={false} className="focus-ring btn-quiet" data-testid="eval-link">
            Evaluate under faults
          </Link>
          <Link href="/" className="focus-ring btn-quiet">
            Back to the playground
          </Link>
        </div>
      </header>

      <form onSubmit={compare} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3">
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
            <button type="button" onClick={() => abort.current?.abort()} className="focus-ring btn-quiet" data-testid="compare-stop">
              Stop
            </button>
          ) : (
            <button
              type="submit"
              disabled={!message.trim() || chosen.size === 0}
              className="focus-ring btn-primary"
              data-testid="compare-run"
            >
              Compare
            </button>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-800">
          <fieldset className="flex flex-wrap items-center gap-1.5">
            <legend className="sr-only">Patterns to compare</legend>
            {patterns.map((p) => (
              <label
                key={p.id}
                className={`flex cursor-pointer items-center gap-1 rounded-full border px-2.5 py-0.5 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${chosen.has(p.id) ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-800"}`}
              >
                <input
                  type="checkbox"
                  className="sr-only"
                  checked={chosen.has(p.id)}
                  onChange={() => toggle(p.id)}
                  disabled={running}
                  data-testid={`compare-pick-${p.id}`}
                />
                <span className="font-bold">{p.id}</span> {p.name}
              </label>
            ))}
          </fieldset>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={latency === "on"}
              onChange={(e) => setLatency(e.target.checked ? "on" : "off")}
              disabled={running}
              data-testid="compare-latency"
            />
            Realistic model latency (simulated vendors)
          </label>
          <DecisionLegend />
        </div>
      </form>

      {reading && (
        <p className="rounded-lg border-l-4 border-sky-700 bg-sky-50 px-3 py-2 text-base text-slate-900" data-testid="compare-reading">
          <span className="font-semibold">What this shows: </span>
          {reading}
        </p>
      )}

      {projector && shown.length > 0 ? (
        <div className="rounded-lg border border-slate-200 bg-white py-1">
          <CompareSummary patterns={shown} conversations={shown.map((p) => lanes[p.id]!.conversation)} />
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="compare-table">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Pattern
                </th>
                <th scope="col" className="px-3 py-2">
                  Live graph
                </th>
                <th scope="col" className="px-3 py-2">
                  Reply <span className="normal-case tracking-normal text-slate-600">(words that differ are marked)</span>
                </th>
                <th scope="col" className="px-3 py-2">
                  Booked
                </th>
                <th scope="col" className="px-3 py-2">
                  Figures
                </th>
                <th scope="col" className="px-3 py-2">
                  Who decided, in order
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Replay</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p, i) => (
                <CompareRow key={p.id} pattern={p} conversation={lanes[p.id]!.conversation} reply={marked[i]} maxima={maxima} />
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-3 py-6 text-center text-slate-600">
                    Choose patterns and press Compare to see them side by side.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}

      {shown.length > 0 && (
        <form onSubmit={continueAll} className="flex items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
          <label className="flex flex-1 flex-col gap-1 text-sm font-semibold text-slate-800">
            Follow-up to every pattern (each continues its own conversation, e.g. the time A–C ask for)
            <input
              value={followUp}
              onChange={(e) => setFollowUp(e.target.value)}
              maxLength={4000}
              disabled={!canFollowUp}
              className="focus-ring rounded-lg border border-slate-300 px-3 py-2 text-base font-normal text-slate-900 disabled:bg-slate-100"
              data-testid="compare-followup"
            />
          </label>
          <button
            type="submit"
            disabled={!canFollowUp || !followUp.trim()}
            className="focus-ring btn-primary"
            data-testid="compare-followup-send"
          >
            Send to all
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * A fresh sandbox per pattern. The first is opened alone: on a first visit it is also the request
 * that issues the member's cookie, and parallel first contacts would each be issued another member.
 */
async function openSandboxes(order: PatternId[], signal: AbortSignal): Promise<Record<string, string | null>> {
  const [first, ...rest] = order;
  const ids = [await openSandbox(signal), ...(await Promise.all(rest.map(() => openSandbox(signal))))];
  return Object.fromEntries([first, ...rest].map((id, i) => [id, ids[i]]));
}

/** A fresh compare sandbox of the member's, seeded like the club's schedule; null when it could not be had. */
async function openSandbox(signal: AbortSignal): Promise<string | null> {
  try {
    const res = await fetch("/api/sandboxes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "compare" }),
      signal,
    });
    return res.ok ? ((await res.json()) as { id: string }).id : null;
  } catch {
    return null;
  }
}
