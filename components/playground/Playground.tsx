"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { ChatPane } from "@/components/chat/ChatPane";
import { CodePane } from "@/components/code/CodePane";
import { announceCourtsChanged, CourtsGrid } from "@/components/courts/CourtsGrid";
import { GraphPanel } from "@/components/graph/GraphPanel";
import type { Selection } from "@/components/inspector/Inspector";
import { InspectorPanel } from "@/components/inspector/InspectorPanel";
import { RunOptionsPanel } from "@/components/options/RunOptionsPanel";
import { VendorBadges } from "@/components/options/VendorBadges";
import { ReplayControls } from "@/components/replay/ReplayControls";
import { usePlayback } from "@/components/replay/usePlayback";
import { SpectrumPicker } from "@/components/spectrum/SpectrumPicker";
import type { TraceEvent } from "@/lib/trace/events";
import { streamChat } from "@/lib/ui/chat-stream";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { DECIDER_LABEL, vendorSteps } from "@/lib/ui/patterns";
import { DEFAULT_RUN_OPTIONS, requestOptions, type RunOptionsState } from "@/lib/ui/run-options";
import { conversationReducer, EMPTY_CONVERSATION, isRunning, landedBookingDate, type Conversation, type RunAction } from "@/lib/ui/run-state";
import { continueStep, StepContinue } from "./StepContinue";
import { DemoControls } from "./DemoControls";
import { useDemoMode } from "./useDemoMode";
import { useProjector } from "./useProjector";
import { usePatternKeys } from "./usePatternKeys";

type Panel = "courts" | "inspector" | "code";
const PANELS: [Panel, string][] = [["courts", "Courts"], ["inspector", "Inspector"], ["code", "Code"]];

type Conversations = Partial<Record<PatternId, Conversation>>;
type PatternAction = { pattern: PatternId; action: RunAction };

/** Each pattern keeps its own conversation (and session), so switching back resumes it. */
function conversationsReducer(state: Conversations, { pattern, action }: PatternAction): Conversations {
  return { ...state, [pattern]: conversationReducer(state[pattern] ?? EMPTY_CONVERSATION, action) };
}

declare global {
  interface Window {
    /** Feeds trace events into the current pattern's view synchronously: for demo scripts and bench/ui.ts. */
    feedTraceEvents?: (events: TraceEvent[]) => void;
  }
}

type Props = { patterns: PatternInfo[]; initialPattern: PatternId; today: string; askedDemo?: boolean };

export function Playground({ patterns, initialPattern, today, askedDemo }: Props) {
  const [patternId, setPatternId] = useState<PatternId>(initialPattern);
  const [conversations, dispatch] = useReducer(conversationsReducer, {});
  const [options, setOptions] = useState<RunOptionsState>(DEFAULT_RUN_OPTIONS);
  const [selection, setSelection] = useState<Selection>(null);
  const [panel, setPanel] = useState<Panel>("courts");
  // The details column can fold away so a wide graph (B's row of steps) gets the room.
  const [detailsOpen, setDetailsOpen] = useState(true);
  const [projector, toggleProjector] = useProjector();
  const showDetails = detailsOpen && !projector;
  const { playback, dispatch: dispatchPlayback, load: loadReplay, loading: replayLoading, error: replayError } = usePlayback();
  const [replaying, setReplaying] = useState(false);
  const streams = useRef(new Map<PatternId, AbortController>());

  const pattern = patterns.find((p) => p.id === patternId)!;
  const conversation = conversations[patternId] ?? EMPTY_CONVERSATION;
  const lastMessage = conversation.items.flatMap((item) => (item.kind === "message" && item.role === "user" ? [item.text] : [])).at(-1);
  const run = replaying ? playback.view.run : conversation.run;
  const busy = isRunning(conversation.run.status);

  const demo = useDemoMode(askedDemo);
  const [resetting, setResetting] = useState(false);
  const [demoError, setDemoError] = useState<string | null>(null);
  const choose = useCallback((id: PatternId) => {
    setPatternId(id);
    setSelection(null);
    setReplaying(false);
    const url = new URL(window.location.href);
    url.searchParams.set("p", id);
    window.history.replaceState(null, "", url.search);
  }, []);
  // Reset lays the sandbox's seed again and starts every pattern's conversation afresh, for the next round.
  const resetDemo = useCallback(async () => {
    setResetting(true);
    streams.current.forEach((stream) => stream.abort());
    const failed = await demo.reset();
    setDemoError(failed);
    if (!failed) for (const p of patterns) dispatch({ pattern: p.id, action: { type: "new-conversation" } });
    announceCourtsChanged();
    setResetting(false);
  }, [demo, patterns]);
  const pausedRunId = !replaying && conversation.run.paused ? conversation.run.runId : null;
  const nextStep = useCallback(async () => {
    if (pausedRunId) setDemoError(await continueStep(pausedRunId));
  }, [pausedRunId]);
  const moreKeys = useMemo(() => ({ r: demo.on && !resetting ? resetDemo : undefined, " ": pausedRunId ? nextStep : undefined }), [demo.on, resetting, resetDemo, pausedRunId, nextStep]);
  usePatternKeys(patterns, patternId, choose, toggleProjector, moreKeys);

  useEffect(() => {
    window.feedTraceEvents = (events) => flushSync(() => dispatch({ pattern: patternId, action: { type: "events", events } }));
    return () => {
      delete window.feedTraceEvents;
    };
  }, [patternId]);

  useEffect(() => {
    const open = streams.current;
    return () => open.forEach((stream) => stream.abort());
  }, []);

  const send = async (message: string) => {
    const id = patternId;
    const abort = new AbortController();
    streams.current.set(id, abort);
    setReplaying(false);
    dispatch({ pattern: id, action: { type: "send", text: message } });
    const steps = vendorSteps(pattern).map((s) => s.node);
    await streamChat(
      { pattern: id, message, ...(conversation.sessionId ? { sessionId: conversation.sessionId } : {}), ...(demo.on ? { demo: true } : {}), options: requestOptions(options, steps) },
      {
        onEvents: (events) => {
          dispatch({ pattern: id, action: { type: "events", events } });
          const landed = events.map(landedBookingDate).find(Boolean);
          if (landed || events.some((e) => e.type === "run.end")) announceCourtsChanged(landed ?? undefined);
        },
        onFailure: (code, text) => dispatch({ pattern: id, action: { type: "failed", code, message: text } }),
      },
      abort.signal,
    );
    streams.current.delete(id);
    dispatch({ pattern: id, action: { type: "closed" } });
  };

  const newConversation = () => {
    streams.current.get(patternId)?.abort();
    dispatch({ pattern: patternId, action: { type: "new-conversation" } });
    setSelection(null);
    setReplaying(false);
  };

  const replay = async () => {
    if (!conversation.run.runId) return;
    setReplaying(true);
    await loadReplay(conversation.run.runId, true);
  };

  const inspect = (next: Selection) => {
    setSelection(next);
    if (next) {
      setPanel("inspector");
      setDetailsOpen(true);
    }
  };

  const selectedNode = selection && "node" in selection ? selection.node : null;

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex flex-col gap-2 border-b border-slate-200 bg-white px-4 pb-2 pt-2">
        <div className="flex items-center justify-between gap-4">
          <h1 className="text-lg font-bold tracking-tight text-slate-900">
            Control Spectrum Playground <span className="hide-in-projector font-normal text-slate-600">· who decides which function to call?</span>
          </h1>
          <div className="flex items-center gap-3">
            <DemoControls on={demo.on} onToggle={demo.toggle} onReset={resetDemo} resetting={resetting} />
            <VendorBadges forceSim={options.forceSim} />
            <Link href={`/compare${lastMessage ? `?m=${encodeURIComponent(lastMessage)}` : ""}`} className="focus-ring btn-quiet hide-in-projector" data-testid="compare-link">
              Compare all
            </Link>
            <button type="button" onClick={toggleProjector} aria-pressed={projector} aria-keyshortcuts="p" className="focus-ring btn-quiet" data-testid="projector-toggle">
              Projector <kbd className="kbd">P</kbd>
            </button>
          </div>
        </div>
        <SpectrumPicker patterns={patterns} chosen={patternId} onChoose={choose} />
        {demoError && <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800" data-testid="demo-error">{demoError}</p>}
      </header>

      <main className={`grid min-h-0 flex-1 gap-3 p-3 ${projector ? "grid-cols-[minmax(20rem,30%)_1fr]" : showDetails ? "grid-cols-[minmax(17rem,24%)_1fr_minmax(19rem,27%)]" : "grid-cols-[minmax(17rem,24%)_1fr]"}`}>
        <ChatPane
          items={conversation.items}
          busy={busy}
          onSend={send}
          onNewConversation={newConversation}
          footer={!projector && <RunOptionsPanel pattern={pattern} options={options} onChange={setOptions} />}
        />

        <GraphPanel
          compact={projector}
          graph={pattern.graph}
          run={run}
          selection={selection}
          onSelect={inspect}
          header={
            <>
              <div className="flex min-h-11 items-center justify-between gap-3 border-b border-slate-200 px-3 py-1.5">
                <h2 className="min-w-0 flex-1 truncate text-base font-semibold text-slate-900" title={`${pattern.style}. ${DECIDER_LABEL[pattern.decider]} decides: ${pattern.decides}`}>
                  {pattern.id} · {pattern.style}
                  <span className="ml-2 text-sm font-normal text-slate-700">{pattern.decides}</span>
                </h2>
                {!showDetails && !projector && (
                  <button type="button" onClick={() => setDetailsOpen(true)} className="focus-ring btn-quiet" data-testid="details-show">
                    Courts · Inspector · Code
                  </button>
                )}
                {pausedRunId && conversation.run.paused && <StepContinue runId={pausedRunId} node={conversation.run.paused} hold={conversation.run.timeline.filter((e) => e.type === "node.paused").length} onError={setDemoError} />}
                {replaying ? (
                  <ReplayControls playback={playback} dispatch={dispatchPlayback} onExit={() => setReplaying(false)} />
                ) : (
                  <button type="button" onClick={replay} disabled={!conversation.run.runId || busy} className="focus-ring btn-quiet" data-testid="replay-last-run">
                    Replay last run
                  </button>
                )}
              </div>
              {replaying && (replayLoading || replayError) && (
                <p role={replayError ? "alert" : "status"} className="border-b border-slate-200 px-3 py-1 text-sm text-slate-700">{replayError ?? "Loading the stored run…"}</p>
              )}
            </>
          }
        />

        {/* Hidden, not unmounted, when folded or in projector mode: the courts keep their chosen day. */}
        <aside aria-label="Details" hidden={!showDetails} className="flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white">
          <div className="flex border-b border-slate-200">
            <div role="tablist" aria-label="Details" className="flex flex-1">
              {PANELS.map(([id, label]) => (
                <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={panel === id} aria-controls={`panel-${id}`} onClick={() => setPanel(id)} className={`focus-ring flex-1 px-3 py-2 text-sm font-semibold ${panel === id ? "border-b-2 border-slate-900 text-slate-900" : "text-slate-600 hover:text-slate-900"}`} data-testid={`tab-${id}`}>
                  {label}
                </button>
              ))}
            </div>
            <button type="button" onClick={() => setDetailsOpen(false)} aria-label="Fold the details away to widen the graph" title="Fold away to widen the graph" className="focus-ring px-3 text-lg leading-none text-slate-600 hover:text-slate-900" data-testid="details-hide">
              »
            </button>
          </div>
          <div role="tabpanel" id="panel-courts" aria-labelledby="tab-courts" hidden={panel !== "courts"} className="min-h-0 flex-1 overflow-y-auto p-3">
            <CourtsGrid initialDate={today} compact demo={demo.on} />
          </div>
          <div role="tabpanel" id="panel-inspector" aria-labelledby="tab-inspector" hidden={panel !== "inspector"} className="flex min-h-0 flex-1 flex-col">
            <InspectorPanel run={run} graph={pattern.graph} selection={selection} onSelect={setSelection} />
          </div>
          <div role="tabpanel" id="panel-code" aria-labelledby="tab-code" hidden={panel !== "code"} className="flex min-h-0 flex-1 flex-col">
            {panel === "code" && <CodePane pattern={patternId} run={run} selectedNode={selectedNode} />}
          </div>
        </aside>
      </main>
    </div>
  );
}
