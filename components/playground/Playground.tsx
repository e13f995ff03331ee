"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { ChatPane } from "@/components/chat/ChatPane";
import { CodePane } from "@/components/code/CodePane";
import { announceCourtsChanged, CourtsGrid } from "@/components/courts/CourtsGrid";
import { MyBookings } from "@/components/courts/MyBookings";
import { GraphPanel } from "@/components/graph/GraphPanel";
import type { Selection } from "@/components/inspector/Inspector";
import { InspectorPanel } from "@/components/inspector/InspectorPanel";
import { KeyHelp } from "@/components/keys/KeyHelp";
import { useShortcuts } from "@/components/keys/useShortcuts";
import { RunOptionsPanel } from "@/components/options/RunOptionsPanel";
import { VendorBadges } from "@/components/options/VendorBadges";
import { ReplayControls } from "@/components/replay/ReplayControls";
import { usePlayback } from "@/components/replay/usePlayback";
import { SpectrumPicker } from "@/components/spectrum/SpectrumPicker";
import { TapeUpload } from "@/components/tapes/TapeUpload";
import type { TraceEvent } from "@/lib/trace/events";
import { streamChat, streamDecision, type StreamHandlers } from "@/lib/ui/chat-stream";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { DECIDER_LABEL, vendorSteps } from "@/lib/ui/patterns";
import { DEFAULT_RUN_OPTIONS, requestOptions, type RunOptionsState } from "@/lib/ui/run-options";
import {
  conversationReducer,
  EMPTY_CONVERSATION,
  isRunning,
  landedBookingDate,
  type Conversation,
  type RunAction,
} from "@/lib/ui/run-state";
import { useProjector } from "@/components/projector/useProjector";
import { PLAYGROUND_KEYS, REPLAY_KEYS } from "@/lib/ui/keys";
import { rememberSessionId } from "@/lib/ui/sessions";
import { useStoredConversation } from "./useStoredConversation";
import { continueStep, StepContinue } from "./StepContinue";
import { DemoControls } from "./DemoControls";
import { useDemoMode } from "./useDemoMode";

type Panel = "courts" | "inspector" | "code";
const PANELS: [Panel, string][] = [
  ["courts", "Courts"],
  ["inspector", "Inspector"],
  ["code", "Code"],
];

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

type Props = { patterns: PatternInfo[]; initialPattern: PatternId; today: string; askedDemo?: boolean; initialMessage?: string };

export function Playground({ patterns, initialPattern, today, askedDemo, initialMessage }: Props) {
  const router = useRouter();
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
  const [keysOpen, setKeysOpen] = useState(false);
  const [courtsDate, setCourtsDate] = useState(today);
  const streams = useRef(new Map<PatternId, AbortController>());

  const pattern = patterns.find((p) => p.id === patternId)!;
  const conversation = conversations[patternId] ?? EMPTY_CONVERSATION;
  const lastMessage = conversation.items.flatMap((item) => (item.kind === "message" && item.role === "user" ? [item.text] : [])).at(-1);
  const run = replaying ? playback.view.run : conversation.run;
  const busy = isRunning(conversation.run.status);
  // While replaying, the chat shows the earlier turns and the replayed turn only as far as the replay has got.
  const replayedRun = replaying ? playback.events[0]?.runId : undefined;
  const cut = conversation.items.findIndex((item) => item.runId === replayedRun);
  const chatItems = replayedRun
    ? [...(cut >= 0 ? conversation.items.slice(0, cut) : conversation.items), ...playback.view.items]
    : conversation.items;

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
  const step = (by: number) =>
    choose(patterns[(patterns.findIndex((p) => p.id === patternId) + by + patterns.length) % patterns.length].id);
  // Reset lays the sandbox's seed again and starts every pattern's conversation afresh, for the next round.
  const resetDemo = useCallback(async () => {
    setResetting(true);
    streams.current.forEach((stream) => stream.abort());
    const failed = await demo.reset();
    setDemoError(failed);
    if (!failed) {
      for (const p of patterns) {
        dispatch({ pattern: p.id, action: { type: "new-conversation" } });
        // As "New conversation" does: a reload must not bring back a conversation the reset ended.
        rememberSessionId(p.id, null);
      }
    }
    announceCourtsChanged();
    setResetting(false);
  }, [demo, patterns]);
  const pausedRunId = !replaying && conversation.run.paused ? conversation.run.runId : null;
  const nextStep = useCallback(async () => {
    if (pausedRunId) setDemoError(await continueStep(pausedRunId));
  }, [pausedRunId]);
  useShortcuts([
    ...patterns.map((p, i) => ({ keys: [String(i + 1)], run: () => choose(p.id), inEmptyField: true, onControls: true })),
    { keys: ["ArrowRight"], run: () => step(1), inEmptyField: true },
    { keys: ["ArrowLeft"], run: () => step(-1), inEmptyField: true },
    { keys: ["/"], run: () => document.getElementById("chat-input")?.focus() },
    { keys: ["p", "P"], run: toggleProjector, onControls: true },
    { keys: ["?"], run: () => setKeysOpen(true), onControls: true },
    { keys: ["g", "G"], run: () => router.push("/guide"), onControls: true },
    ...(demo.on && !resetting ? [{ keys: ["r", "R"], run: () => void resetDemo(), onControls: true }] : []),
    ...(!replaying && pausedRunId ? [{ keys: [" "], run: () => void nextStep(), onControls: true }] : []),
    ...(replaying
      ? [
          { keys: [" "], run: () => dispatchPlayback({ type: "toggle" }), onControls: true },
          { keys: ["."], run: () => dispatchPlayback({ type: "step" }), onControls: true },
          { keys: [","], run: () => dispatchPlayback({ type: "back" }), onControls: true },
        ]
      : []),
  ]);

  const restore = useCallback(
    (id: PatternId, restored: Conversation) => dispatch({ pattern: id, action: { type: "restore", conversation: restored } }),
    [],
  );
  useStoredConversation(patternId, conversation.items.length === 0 && !conversation.sessionId, restore);

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

  /** Streams one run of the current pattern (a chat turn, or the continuation of a paused one) into its conversation. */
  const stream = async (start: (handlers: StreamHandlers, signal: AbortSignal) => Promise<void>) => {
    const id = patternId;
    const abort = new AbortController();
    streams.current.set(id, abort);
    setReplaying(false);
    await start(
      {
        onEvents: (events) => {
          dispatch({ pattern: id, action: { type: "events", events } });
          const started = events.find((e) => e.type === "run.start");
          if (started) rememberSessionId(id, started.sessionId);
          const landed = events.map(landedBookingDate).find(Boolean);
          if (landed || events.some((e) => e.type === "run.end")) announceCourtsChanged(landed ?? undefined);
        },
        onFailure: (code, text, retryable) => dispatch({ pattern: id, action: { type: "failed", code, message: text, retryable } }),
      },
      abort.signal,
    );
    streams.current.delete(id);
    dispatch({ pattern: id, action: { type: "closed" } });
  };

  const send = async (message: string) => {
    dispatch({ pattern: patternId, action: { type: "send", text: message } });
    const steps = vendorSteps(pattern).map((s) => s.node);
    const request = {
      pattern: patternId,
      message,
      ...(conversation.sessionId ? { sessionId: conversation.sessionId } : {}),
      ...(demo.on ? { demo: true } : {}),
      options: requestOptions(options, steps),
    };
    await stream((handlers, signal) => streamChat(request, handlers, signal));
  };

  const decide = async (approvalId: string, decision: "approve" | "reject", reason?: string) => {
    await stream((handlers, signal) => streamDecision(approvalId, { decision, ...(reason ? { reason } : {}) }, handlers, signal));
  };

  const newConversation = () => {
    streams.current.get(patternId)?.abort();
    dispatch({ pattern: patternId, action: { type: "new-conversation" } });
    rememberSessionId(patternId, null);
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
      <a
        href="#chat-input"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("chat-input")?.focus();
        }}
        className="focus-ring sr-only rounded-md bg-slate-900 px-3 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        data-testid="skip-to-chat"
      >
        Skip to the chat
      </a>
      <header className="flex flex-col gap-2 border-b border-slate-200 bg-white px-4 pb-2 pt-2">
        <div className="flex items-center justify-between gap-4">
          <h1 className="whitespace-nowrap text-lg font-bold tracking-tight text-slate-900">
            Control Spectrum Playground{" "}
            <span className="hide-in-projector hidden font-normal text-slate-600 2xl:inline">· who decides which function to call?</span>
          </h1>
          <div className="flex items-center gap-3">
            <DemoControls on={demo.on} onToggle={demo.toggle} onReset={resetDemo} resetting={resetting} />
            <VendorBadges forceSim={options.forceSim} />
            {/* No prefetch: the href changes with every message, and each change started (and cancelled) a fetch of /compare. */}
            <Link
              href={`/compare${lastMessage ? `?m=${encodeURIComponent(lastMessage)}` : ""}`}
              prefetch={false}
              className="focus-ring btn-quiet hide-in-projector"
              data-testid="compare-link"
            >
              Compare all
            </Link>
            <Link
              href="/guide"
              prefetch={false}
              className="focus-ring btn-quiet hide-in-projector"
              data-testid="guide-link"
              aria-keyshortcuts="g"
            >
              Guide
            </Link>
            <TapeUpload />
            <KeyHelp
              open={keysOpen}
              onOpen={() => setKeysOpen(true)}
              onClose={() => setKeysOpen(false)}
              groups={[
                { title: "Playground", keys: PLAYGROUND_KEYS },
                { title: "While replaying", keys: REPLAY_KEYS },
              ]}
            />
            <button
              type="button"
              onClick={toggleProjector}
              aria-pressed={projector}
              aria-keyshortcuts="p"
              className="focus-ring btn-quiet"
              data-testid="projector-toggle"
            >
              Projector <kbd className="kbd">P</kbd>
            </button>
          </div>
        </div>
        <SpectrumPicker patterns={patterns} chosen={patternId} onChoose={choose} />
        {demoError && (
          <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800" data-testid="demo-error">
            {demoError}
          </p>
        )}
      </header>

      <main
        className={`grid min-h-0 flex-1 gap-3 p-3 ${projector ? "grid-cols-[minmax(18rem,27%)_1fr]" : showDetails ? "grid-cols-[minmax(16rem,21%)_1fr_minmax(18rem,24%)]" : "grid-cols-[minmax(16rem,21%)_1fr]"}`}
      >
        <div className="flex min-h-0 min-w-0 flex-col gap-3">
          <ChatPane
            items={chatItems}
            initialDraft={initialMessage}
            busy={busy}
            onSend={send}
            onDecide={decide}
            onNewConversation={newConversation}
            footer={!projector && <RunOptionsPanel pattern={pattern} options={options} onChange={setOptions} />}
          />
          {/* The audience sees the booking land: a compact day of the courts stays under the projected chat. */}
          {projector && (
            <div className="shrink-0 rounded-lg border border-slate-200 bg-white p-2">
              <CourtsGrid date={courtsDate} onDateChange={setCourtsDate} variant="strip" demo={demo.on} />
            </div>
          )}
        </div>

        <GraphPanel
          compact={projector}
          graph={pattern.graph}
          run={run}
          selection={selection}
          onSelect={inspect}
          header={
            <>
              <div className="flex min-h-11 flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-1.5">
                <h2
                  className="min-w-0 flex-1 truncate text-base font-semibold text-slate-900"
                  title={`${pattern.style}. ${DECIDER_LABEL[pattern.decider]} decides: ${pattern.decides}`}
                >
                  {pattern.id} · {pattern.style}
                  <span className="ml-2 text-sm font-normal text-slate-700">{pattern.decides}</span>
                </h2>
                {!showDetails && !projector && (
                  <button type="button" onClick={() => setDetailsOpen(true)} className="focus-ring btn-quiet" data-testid="details-show">
                    Courts · Inspector · Code
                  </button>
                )}
                {pausedRunId && conversation.run.paused && (
                  <StepContinue
                    runId={pausedRunId}
                    node={conversation.run.paused}
                    hold={conversation.run.timeline.filter((e) => e.type === "node.paused").length}
                    onError={setDemoError}
                  />
                )}
                {replaying ? (
                  <ReplayControls playback={playback} dispatch={dispatchPlayback} onExit={() => setReplaying(false)} />
                ) : (
                  <button
                    type="button"
                    onClick={replay}
                    disabled={!conversation.run.runId || busy}
                    className="focus-ring btn-quiet"
                    data-testid="replay-last-run"
                  >
                    Replay last run
                  </button>
                )}
                {run.runId && !busy && (
                  <a
                    href={`/api/runs/${run.runId}/tape`}
                    download={`${run.runId}.tape.json`}
                    className="focus-ring btn-quiet"
                    data-testid="download-tape"
                    title="The run's tape (csp-tape/1): every model exchange and tool result, to replay, fork or play back offline"
                  >
                    Download tape
                  </a>
                )}
                {run.runId && !busy && (
                  <a
                    href={`/api/runs/${run.runId}/otel`}
                    download
                    className="focus-ring btn-quiet"
                    data-testid="download-otel"
                    title="The run as an OTLP/JSON trace, for Phoenix, Langfuse, Jaeger or Grafana"
                  >
                    Download as OpenTelemetry
                  </a>
                )}
              </div>
              {replaying && (replayLoading || replayError) && (
                <p role={replayError ? "alert" : "status"} className="border-b border-slate-200 px-3 py-1 text-sm text-slate-700">
                  {replayError ?? "Loading the stored run…"}
                </p>
              )}
            </>
          }
        />

        {/* Hidden, not unmounted, when folded: the inspector keeps its place. In projector mode the courts move under the chat. */}
        <aside
          aria-label="Details"
          hidden={!showDetails}
          className="flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white"
        >
          <div className="flex border-b border-slate-200">
            <div role="tablist" aria-label="Details" className="flex flex-1">
              {PANELS.map(([id, label]) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`tab-${id}`}
                  aria-selected={panel === id}
                  aria-controls={`panel-${id}`}
                  onClick={() => setPanel(id)}
                  className={`focus-ring flex-1 px-3 py-2 text-sm font-semibold ${panel === id ? "border-b-2 border-slate-900 text-slate-900" : "text-slate-600 hover:text-slate-900"}`}
                  data-testid={`tab-${id}`}
                >
                  {label}
                </button>
              ))}
            </div>
            <button
              type="button"
              onClick={() => setDetailsOpen(false)}
              aria-label="Fold the details away to widen the graph"
              title="Fold away to widen the graph"
              className="focus-ring px-3 text-lg leading-none text-slate-600 hover:text-slate-900"
              data-testid="details-hide"
            >
              »
            </button>
          </div>
          <div
            role="tabpanel"
            id="panel-courts"
            aria-labelledby="tab-courts"
            hidden={panel !== "courts"}
            className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-3"
          >
            {!projector && (
              <>
                <CourtsGrid date={courtsDate} onDateChange={setCourtsDate} demo={demo.on} />
                <MyBookings />
              </>
            )}
          </div>
          <div
            role="tabpanel"
            id="panel-inspector"
            aria-labelledby="tab-inspector"
            hidden={panel !== "inspector"}
            className="flex min-h-0 flex-1 flex-col"
          >
            <InspectorPanel run={run} graph={pattern.graph} selection={selection} onSelect={setSelection} />
          </div>
          <div
            role="tabpanel"
            id="panel-code"
            aria-labelledby="tab-code"
            hidden={panel !== "code"}
            className="flex min-h-0 flex-1 flex-col"
          >
            {panel === "code" && <CodePane pattern={patternId} run={run} selectedNode={selectedNode} />}
          </div>
        </aside>
      </main>
    </div>
  );
}
