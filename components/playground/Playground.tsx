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
import { followRun, streamChat, streamDecision, type StreamHandlers } from "@/lib/ui/chat-stream";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { vendorSteps } from "@/lib/ui/patterns";
import { changedLater } from "@/lib/ui/courts";
import { DEFAULT_RUN_OPTIONS, optionsSummary, requestOptions, type RunOptionsState } from "@/lib/ui/run-options";
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

type Panel = "courts" | "inspector" | "code" | "options";
const PANELS: [Panel, string, string][] = [
  ["courts", "Courts", "b"],
  ["inspector", "Inspector", "i"],
  ["code", "Code", "c"],
];
/** Projector mode folds the run options into the presenter's drawer, beside the other panels. */
const DRAWER_PANELS: [Panel, string, string][] = [...PANELS, ["options", "Run options", "o"]];

/** On a phone one pane at a time: the chat first, the graph and the courts a tab away. */
type PhonePane = "chat" | "graph" | "courts";
const PHONE_PANES: [PhonePane, string][] = [
  ["chat", "Chat"],
  ["graph", "Graph"],
  ["courts", "Courts · My bookings"],
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
  // Projector mode: the details (and the run options) open as a drawer over the graph, by key or a node's click.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [phonePane, setPhonePane] = useState<PhonePane>("chat");
  const asideShown = projector ? drawerOpen : detailsOpen;
  // The options tab lives in the projector's drawer only; elsewhere the options sit under the chat.
  const shownPanel = !projector && panel === "options" ? "courts" : panel;
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
  const resetDemo = async () => {
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
  };
  const pausedRunId = !replaying && conversation.run.paused ? conversation.run.runId : null;
  const labels = Object.fromEntries(pattern.graph.nodes.map((n) => [n.id, n.label]));
  const canReplay = Boolean(conversation.run.runId) && !busy;
  /** Opens a details panel by key: in projector mode as the drawer, with the focus in it so its controls are a Tab away. */
  const openPanel = (next: Panel) => {
    if (!projector && next === "options") {
      setOptionsOpen((open) => !open);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="run-options"] summary')?.focus());
      return;
    }
    setPanel(next);
    if (projector) setDrawerOpen(true);
    else setDetailsOpen(true);
    requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
  };
  const closeDrawer = () => {
    setDrawerOpen(false);
    focusStage();
  };
  const nextStep = async () => {
    if (pausedRunId) setDemoError(await continueStep(pausedRunId));
  };
  useShortcuts([
    ...patterns.map((p, i) => ({ keys: [String(i + 1)], run: () => choose(p.id), inEmptyField: true, onControls: true })),
    { keys: ["ArrowRight"], run: () => step(1), inEmptyField: true },
    { keys: ["ArrowLeft"], run: () => step(-1), inEmptyField: true },
    { keys: ["/"], run: () => document.getElementById("chat-input")?.focus() },
    ...DRAWER_PANELS.map(([id, , key]) => ({ keys: [key, key.toUpperCase()], run: () => openPanel(id), onControls: true })),
    ...(projector && drawerOpen ? [{ keys: ["Escape"], run: closeDrawer, onControls: true }] : []),
    ...(canReplay && !replaying ? [{ keys: ["l", "L"], run: () => void replay(), onControls: true }] : []),
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
  const stream = useCallback(
    async (start: (handlers: StreamHandlers, signal: AbortSignal) => Promise<void>, id = patternId) => {
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
    },
    [patternId],
  );

  // A reload mid-run follows the run to its end instead of showing it cut off.
  const follow = useCallback(
    (id: PatternId, runId: string, after: number) => void stream((handlers, signal) => followRun(runId, after, handlers, signal), id),
    [stream],
  );
  useStoredConversation(patternId, conversation.items.length === 0 && !conversation.sessionId, restore, follow);

  const send = async (message: string) => {
    // After a send the keys belong to the stage (Space continues a step, digits switch pattern) until "/".
    focusStage();
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
      if (projector) setDrawerOpen(true);
      else setDetailsOpen(true);
    }
  };

  const selectedNode = selection && "node" in selection ? selection.node : null;

  const summary = optionsSummary(options);
  const optionsPanel = (
    <RunOptionsPanel pattern={pattern} options={options} onChange={setOptions} open={optionsOpen} onOpenChange={setOptionsOpen} />
  );
  const courtsReverted = replaying ? changedLater(playback.events.slice(playback.stops[playback.step])) : undefined;
  const phoneHidden = (pane: PhonePane) => (phonePane === pane ? "" : "max-md:hidden");

  return (
    <div className="flex h-dvh flex-col">
      <a
        href="#chat-input"
        onClick={(e) => {
          e.preventDefault();
          setPhonePane("chat");
          document.getElementById("chat-input")?.focus();
        }}
        className="focus-ring sr-only rounded-md bg-slate-900 px-3 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        data-testid="skip-to-chat"
      >
        Skip to the chat
      </a>
      <header className="flex flex-col gap-2 border-b border-slate-200 bg-white px-2 pb-2 pt-2 md:px-4">
        <div className="flex items-center justify-between gap-2 md:gap-3">
          <h1 className="min-w-0 truncate text-base font-bold tracking-tight text-slate-900 md:text-lg">
            Control Spectrum Playground{" "}
            <span className="hide-in-projector hidden font-normal text-slate-600 2xl:inline">· who decides which function to call?</span>
          </h1>
          <div className="flex shrink-0 items-center gap-2">
            <DemoControls on={demo.on} onToggle={demo.toggle} onReset={resetDemo} resetting={resetting} />
            <span className="contents max-md:hidden">
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
            </span>
          </div>
        </div>
        <SpectrumPicker patterns={patterns} chosen={patternId} onChoose={choose} />
        <p className="text-sm leading-snug text-slate-800 md:hidden" data-testid="phone-pattern">
          <strong>
            {pattern.id} · {pattern.name}
          </strong>{" "}
          — {pattern.decides}
        </p>
        {demoError && (
          <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800" data-testid="demo-error">
            {demoError}
          </p>
        )}
      </header>

      <div role="tablist" aria-label="Panes" className="flex border-b border-slate-200 bg-white md:hidden" data-testid="phone-panes">
        {PHONE_PANES.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={phonePane === id}
            onClick={() => setPhonePane(id)}
            className={`focus-ring flex-1 px-2 py-2.5 text-sm font-semibold ${phonePane === id ? "border-b-2 border-slate-900 text-slate-900" : "text-slate-600"}`}
            data-testid={`phone-pane-${id}`}
          >
            {label}
          </button>
        ))}
      </div>

      <main
        id="stage"
        tabIndex={-1}
        aria-label="Stage"
        className={`grid min-h-0 flex-1 grid-cols-1 gap-3 p-2 outline-none md:p-3 ${projector ? "md:grid-cols-[minmax(18rem,27%)_1fr]" : showDetails ? "md:grid-cols-[minmax(16rem,21%)_1fr_minmax(18rem,24%)]" : "md:grid-cols-[minmax(16rem,21%)_1fr]"}`}
      >
        <div className={`flex min-h-0 min-w-0 flex-col gap-3 ${phoneHidden("chat")}`}>
          <ChatPane
            items={chatItems}
            initialDraft={initialMessage}
            busy={busy}
            onSend={send}
            onDecide={decide}
            onNewConversation={newConversation}
            footer={!projector && optionsPanel}
          />
          {/* The audience sees the booking land: a compact day of the courts stays under the projected chat. */}
          {projector && (
            <div className="shrink-0 rounded-lg border border-slate-200 bg-white p-2">
              <CourtsGrid date={courtsDate} onDateChange={setCourtsDate} variant="strip" demo={demo.on} reverted={courtsReverted} />
            </div>
          )}
        </div>

        {/* A one-cell grid, so the graph pane fills the height it is given. */}
        <div className={`grid min-h-0 min-w-0 grid-rows-[minmax(0,1fr)] ${phoneHidden("graph")}`}>
          <GraphPanel
            compact={projector}
            graph={pattern.graph}
            run={run}
            selection={selection}
            onSelect={inspect}
            header={
              <>
                <div className="flex min-h-11 flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-1.5">
                  <h2 className="min-w-[min(100%,22rem)] flex-1 text-base font-semibold text-slate-900" data-testid="pattern-heading">
                    {pattern.id} · {pattern.style}
                    <span className="ml-2 text-sm font-normal text-slate-700">{pattern.decides}</span>
                  </h2>
                  {summary.length > 0 && (
                    <span
                      className="badge bg-amber-100 text-sm text-amber-950"
                      data-testid="options-badge"
                      title="Run options that are on (key O)"
                    >
                      {summary.join(" · ")}
                    </span>
                  )}
                  {!showDetails && !projector && (
                    <button
                      type="button"
                      onClick={() => setDetailsOpen(true)}
                      className="focus-ring btn-quiet max-md:hidden"
                      data-testid="details-show"
                    >
                      Courts · Inspector · Code
                    </button>
                  )}
                  {pausedRunId && conversation.run.paused && (
                    <StepContinue
                      runId={pausedRunId}
                      node={labels[conversation.run.paused] ?? conversation.run.paused}
                      hold={conversation.run.timeline.filter((e) => e.type === "node.paused").length}
                      onError={setDemoError}
                    />
                  )}
                  {replaying ? (
                    <ReplayControls playback={playback} dispatch={dispatchPlayback} onExit={() => setReplaying(false)} labels={labels} />
                  ) : (
                    <button
                      type="button"
                      onClick={replay}
                      disabled={!canReplay}
                      aria-keyshortcuts="l"
                      className="focus-ring btn-quiet"
                      data-testid="replay-last-run"
                    >
                      Replay last run <kbd className="kbd">L</kbd>
                    </button>
                  )}
                  {run.runId && !busy && (
                    <a
                      href={`/api/runs/${run.runId}/tape`}
                      download={`${run.runId}.tape.json`}
                      className="focus-ring btn-quiet hide-in-projector max-md:hidden"
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
                      className="focus-ring btn-quiet hide-in-projector max-md:hidden"
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
        </div>

        {/*
          Hidden, not unmounted, when folded: the inspector keeps its place. In projector mode it is the
          presenter's drawer (keys b, i, c, o; Escape closes), and the courts strip stays under the chat.
        */}
        <aside
          aria-label="Details"
          className={`flex min-h-0 min-w-0 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white ${phoneHidden("courts")} ${
            asideShown ? "" : "md:hidden"
          } ${projector ? "md:fixed md:inset-y-3 md:right-3 md:z-40 md:w-[min(46rem,48vw)] md:shadow-2xl" : ""}`}
          data-testid="details"
        >
          <div className="flex border-b border-slate-200 max-md:hidden">
            <div role="tablist" aria-label="Details" className="flex flex-1">
              {(projector ? DRAWER_PANELS : PANELS).map(([id, label, key]) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`tab-${id}`}
                  aria-selected={shownPanel === id}
                  aria-controls={`panel-${id}`}
                  aria-keyshortcuts={key}
                  onClick={() => setPanel(id)}
                  className={`focus-ring flex-1 px-3 py-2 text-sm font-semibold ${shownPanel === id ? "border-b-2 border-slate-900 text-slate-900" : "text-slate-600 hover:text-slate-900"}`}
                  data-testid={`tab-${id}`}
                >
                  {label}
                  <kbd className="kbd max-md:hidden">{key.toUpperCase()}</kbd>
                </button>
              ))}
            </div>
            <button
              type="button"
              onClick={projector ? closeDrawer : () => setDetailsOpen(false)}
              aria-label={projector ? "Close the drawer (Escape)" : "Fold the details away to widen the graph"}
              title={projector ? "Close (Escape)" : "Fold away to widen the graph"}
              className="focus-ring px-3 text-lg leading-none text-slate-600 hover:text-slate-900 max-md:hidden"
              data-testid="details-hide"
            >
              {projector ? "×" : "»"}
            </button>
          </div>
          <div
            role="tabpanel"
            id="panel-courts"
            aria-labelledby="tab-courts"
            className={`flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-3 ${shownPanel === "courts" ? "" : "md:hidden"}`}
          >
            {!projector && <CourtsGrid date={courtsDate} onDateChange={setCourtsDate} demo={demo.on} reverted={courtsReverted} />}
            <MyBookings demo={demo.on} />
          </div>
          <div
            role="tabpanel"
            id="panel-inspector"
            aria-labelledby="tab-inspector"
            hidden={shownPanel !== "inspector"}
            className="flex min-h-0 flex-1 flex-col max-md:hidden"
          >
            <InspectorPanel run={run} graph={pattern.graph} selection={selection} onSelect={setSelection} />
          </div>
          <div
            role="tabpanel"
            id="panel-code"
            aria-labelledby="tab-code"
            hidden={shownPanel !== "code"}
            className="flex min-h-0 flex-1 flex-col max-md:hidden"
          >
            {shownPanel === "code" && <CodePane pattern={patternId} run={run} selectedNode={selectedNode} />}
          </div>
          {projector && (
            <div
              role="tabpanel"
              id="panel-options"
              aria-labelledby="tab-options"
              hidden={panel !== "options"}
              className="flex min-h-0 flex-1 flex-col overflow-y-auto p-3"
            >
              <RunOptionsPanel pattern={pattern} options={options} onChange={setOptions} open onOpenChange={() => undefined} />
            </div>
          )}
        </aside>
      </main>
    </div>
  );
}

/** Moves the keys to the stage (the page's single keys), without scrolling. */
function focusStage() {
  document.getElementById("stage")?.focus({ preventScroll: true });
}
