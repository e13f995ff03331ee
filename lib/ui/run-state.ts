import type { Decider, Metrics, TraceEvent } from "@/lib/trace/events";

/**
 * The one reducer behind the playground: it folds TraceEvents (live from /api/chat or replayed from
 * /api/runs/{id}) into what the UI draws — node states, traversed edges, the conversation, the
 * timeline, who decided, and the run's metrics. Pure, so live runs, replays and the benchmark share it.
 */

export type NodeState = "idle" | "active" | "done" | "error" | "paused";

export type NodeRun = {
  state: NodeState;
  /** How many times the node started in this run (loop rounds, repeated tool calls). */
  starts: number;
  /** Seq of the latest node.start, to tell the innermost running node. */
  lastStart: number;
  ms?: number;
  error?: string;
  /** The latest `state` event's payload, e.g. D's {round, maxRounds}. */
  detail?: unknown;
  /** Seqs of the events that name this node, for the inspector. */
  seqs: number[];
  /** Waiting for the member's approval: where the paused state lives, in words. */
  heldBy?: string;
};

type EdgeRun = { count: number; lastTick: number; label?: string };

export type Decision = { seq: number; node: string; by: Decider; choice: string };

export type ChatItem =
  | { kind: "message"; id: string; role: "user" | "assistant"; text: string; streaming: boolean; runId?: string }
  | { kind: "error"; id: string; code: string; message: string; retryable: boolean; node?: string; runId?: string }
  /** A run paused for the member's approval; `decided` once a continuation resumed it. */
  | {
      kind: "approval";
      id: string;
      approvalId: string;
      node: string;
      tool: string;
      summary: string;
      heldBy: string;
      runId: string;
      decided: boolean;
    };

export type RunStatus = "idle" | "sending" | "running" | "ok" | "error" | "aborted" | "paused" | "interrupted";

export type RunView = {
  runId: string | null;
  pattern: string | null;
  status: RunStatus;
  vendors: Record<string, "sim" | "live">;
  nodes: Record<string, NodeRun>;
  /** Keyed by `${from}->${to}` as the events name them. */
  edges: Record<string, EdgeRun>;
  /** Counts edge events, so the UI can animate only the most recent hops. */
  edgeTick: number;
  timeline: TraceEvent[];
  decisions: Decision[];
  metrics: Metrics | null;
  /** Step mode: the node the run waits before, until the presenter continues; null when not held. */
  paused: string | null;
};

export type Conversation = {
  items: ChatItem[];
  /** From run.start; sent with the next turn so the pattern remembers the conversation. */
  sessionId: string | null;
  run: RunView;
};

export type RunAction =
  | { type: "send"; text: string }
  | { type: "events"; events: TraceEvent[] }
  /** The request failed before any run started (HTTP error, network, `event: error`). */
  | { type: "failed"; code: string; message: string; retryable?: boolean }
  /** A conversation rebuilt from the server's stored runs after a reload; ignored once the page has its own. */
  | { type: "restore"; conversation: Conversation }
  /** The stream closed; a run that never reached run.end was cut off. */
  | { type: "closed" }
  | { type: "new-conversation" };

const EMPTY_RUN: RunView = {
  runId: null,
  pattern: null,
  status: "idle",
  vendors: {},
  nodes: {},
  edges: {},
  edgeTick: 0,
  timeline: [],
  decisions: [],
  metrics: null,
  paused: null,
};

export const EMPTY_CONVERSATION: Conversation = { items: [], sessionId: null, run: EMPTY_RUN };

export const edgeKey = (from: string, to: string) => `${from}->${to}`;

export function isRunning(status: RunStatus): boolean {
  return status === "sending" || status === "running";
}

export function conversationReducer(state: Conversation, action: RunAction): Conversation {
  switch (action.type) {
    case "send":
      return {
        ...state,
        items: [...state.items, { kind: "message", id: `user-${state.items.length}`, role: "user", text: action.text, streaming: false }],
        run: { ...EMPTY_RUN, status: "sending" },
      };
    case "events":
      return action.events.reduce(applyEvent, state);
    case "failed":
      return {
        ...state,
        items: [
          ...state.items,
          {
            kind: "error",
            id: `failed-${state.items.length}`,
            code: action.code,
            message: action.message,
            retryable: action.retryable ?? false,
          },
        ],
        run: { ...state.run, status: "error" },
      };
    case "closed":
      if (!isRunning(state.run.status)) return state;
      return {
        ...state,
        items: [
          ...state.items,
          {
            kind: "error",
            id: `closed-${state.items.length}`,
            code: "disconnected",
            message: "The connection closed before the run finished.",
            retryable: false,
          },
        ],
        run: { ...state.run, status: "aborted" },
      };
    case "new-conversation":
      return EMPTY_CONVERSATION;
    case "restore":
      return state.items.length === 0 && !state.sessionId ? action.conversation : state;
  }
}

/**
 * A conversation as the server stored it: every run's events, oldest run first, through the same
 * reducer as live runs. A run that never ended (the page closed mid-run) reads as cut off.
 */
export function rebuildConversation(runs: TraceEvent[][], sessionId: string, { followLast = false } = {}): Conversation {
  const folded = runs.reduce((conversation, events, i) => {
    const next = events.reduce(applyEvent, conversation);
    // The last run may still be going (a reload mid-run): left open, the page follows it to its end.
    return followLast && i === runs.length - 1 ? next : conversationReducer(next, { type: "closed" });
  }, EMPTY_CONVERSATION);
  return { ...folded, sessionId };
}

/** Folds one event; exported for replays that step event by event. */
export function applyEvent(state: Conversation, event: TraceEvent): Conversation {
  const run = state.run;
  const timeline = [...run.timeline, event];
  switch (event.type) {
    case "run.start": {
      const last = state.items.at(-1);
      // A live send already shows the user's message; a replay learns it from run.start.
      const pending = last?.kind === "message" && last.role === "user" && !last.runId && last.text === event.input;
      const run = {
        ...EMPTY_RUN,
        runId: event.runId,
        pattern: event.pattern,
        status: "running" as const,
        vendors: event.vendors,
        timeline,
      };
      // A continuation answers the approval card of the run it resumes; the member's message was shown already.
      if (event.resumes) {
        const items = state.items.map((item) =>
          item.kind === "approval" && item.runId === event.resumes ? { ...item, decided: true } : item,
        );
        return { sessionId: event.sessionId, items, run };
      }
      const user: ChatItem = {
        kind: "message",
        id: `user-${event.runId}`,
        role: "user",
        text: event.input,
        streaming: false,
        runId: event.runId,
      };
      return {
        sessionId: event.sessionId,
        items: pending ? [...state.items.slice(0, -1), user] : [...state.items, user],
        run,
      };
    }
    case "approval.request": {
      const prev = nodeRun(run, event.node);
      const item: ChatItem = {
        kind: "approval",
        id: `approval-${event.approvalId}`,
        approvalId: event.approvalId,
        node: event.node,
        tool: event.tool,
        summary: event.summary,
        heldBy: event.heldBy,
        runId: event.runId,
        decided: false,
      };
      return {
        ...state,
        items: [...state.items, item],
        run: {
          ...run,
          timeline,
          nodes: { ...run.nodes, [event.node]: { ...prev, state: "paused", heldBy: event.heldBy, seqs: [...prev.seqs, event.seq] } },
        },
      };
    }
    case "node.paused": {
      const prev = nodeRun(run, event.node);
      return withRun(state, {
        timeline,
        paused: event.node,
        nodes: { ...run.nodes, [event.node]: { ...prev, state: "paused", seqs: [...prev.seqs, event.seq] } },
      });
    }
    case "node.start": {
      const prev = nodeRun(run, event.node);
      return withRun(state, {
        timeline,
        paused: null,
        nodes: {
          ...run.nodes,
          [event.node]: {
            ...prev,
            state: "active",
            starts: prev.starts + 1,
            lastStart: event.seq,
            error: undefined,
            seqs: [...prev.seqs, event.seq],
          },
        },
      });
    }
    case "node.end": {
      const prev = nodeRun(run, event.node);
      const next: NodeRun = {
        ...prev,
        state: event.ok ? "done" : "error",
        ms: event.ms,
        error: event.error,
        seqs: [...prev.seqs, event.seq],
      };
      return withRun(state, { timeline, nodes: { ...run.nodes, [event.node]: next } });
    }
    case "edge":
      return withRun(state, { timeline, ...traverse(run, event.from, event.to, event.label) });
    case "handoff":
      return withRun(state, { timeline, ...traverse(run, event.from, event.to, "handoff") });
    case "state":
      return withRun(state, { timeline, nodes: touch(run, event.node, event.seq, { detail: event.state }) });
    case "decision":
      return withRun(state, {
        timeline,
        nodes: touch(run, event.node, event.seq),
        decisions: [...run.decisions, { seq: event.seq, node: event.node, by: event.by, choice: event.choice }],
      });
    case "llm.request":
    case "llm.delta":
    case "llm.response":
    case "tool.call":
    case "tool.result":
    case "http.request":
    case "http.response":
      return withRun(state, { timeline, nodes: touch(run, event.node, event.seq) });
    case "message.delta": {
      const last = state.items.at(-1);
      const streaming = last?.kind === "message" && last.role === "assistant" && last.streaming ? last : null;
      const item: ChatItem = {
        kind: "message",
        id: streaming?.id ?? `assistant-${event.runId}-${event.seq}`,
        role: "assistant",
        text: (streaming?.text ?? "") + event.text,
        streaming: true,
        runId: event.runId,
      };
      return { ...state, items: streaming ? [...state.items.slice(0, -1), item] : [...state.items, item], run: { ...run, timeline } };
    }
    case "message": {
      const last = state.items.at(-1);
      const streaming = last?.kind === "message" && last.role === "assistant" && last.streaming ? last : null;
      const item: ChatItem = {
        kind: "message",
        id: streaming?.id ?? `assistant-${event.runId}-${event.seq}`,
        role: "assistant",
        text: event.text,
        streaming: false,
        runId: event.runId,
      };
      return { ...state, items: streaming ? [...state.items.slice(0, -1), item] : [...state.items, item], run: { ...run, timeline } };
    }
    case "error": {
      const item: ChatItem = {
        kind: "error",
        id: `error-${event.runId}-${event.seq}`,
        code: event.code,
        message: event.message,
        retryable: event.retryable,
        node: event.node,
        runId: event.runId,
      };
      const nodes = event.node ? touch(run, event.node, event.seq) : run.nodes;
      return { ...state, items: [...state.items, item], run: { ...run, timeline, nodes } };
    }
    case "run.end": {
      // A reply still streaming when the run ends is as final as it will get.
      const items = state.items.map((item) => (item.kind === "message" && item.streaming ? { ...item, streaming: false } : item));
      return { ...state, items, run: { ...run, timeline, status: event.status, metrics: event.metrics, paused: null } };
    }
  }
}

function withRun(state: Conversation, patch: Partial<RunView>): Conversation {
  return { ...state, run: { ...state.run, ...patch } };
}

function nodeRun(run: RunView, node: string): NodeRun {
  return run.nodes[node] ?? { state: "idle", starts: 0, lastStart: 0, seqs: [] };
}

function touch(run: RunView, node: string, seq: number, patch: Partial<NodeRun> = {}): Record<string, NodeRun> {
  const prev = nodeRun(run, node);
  return { ...run.nodes, [node]: { ...prev, ...patch, seqs: [...prev.seqs, seq] } };
}

function traverse(run: RunView, from: string, to: string, label?: string): Pick<RunView, "edges" | "edgeTick"> {
  const key = edgeKey(from, to);
  const tick = run.edgeTick + 1;
  const prev = run.edges[key];
  return { edgeTick: tick, edges: { ...run.edges, [key]: { count: (prev?.count ?? 0) + 1, lastTick: tick, label: label ?? prev?.label } } };
}

/** D's loop reports {round, maxRounds} in its `state` events. */
export function loopRound(detail: unknown): { round: number; maxRounds: number } | null {
  if (typeof detail !== "object" || detail === null) return null;
  const { round, maxRounds } = detail as Record<string, unknown>;
  return typeof round === "number" && typeof maxRounds === "number" ? { round, maxRounds } : null;
}

/** Share of decisions made by a model or by AWS rather than by your code; null before any decision. */
export function autonomyShare(decisions: Decision[]): number | null {
  if (decisions.length === 0) return null;
  return decisions.filter((d) => d.by !== "code").length / decisions.length;
}

/** The same share from a finished run's metrics (model and AWS decisions over all decisions). */
export function metricsAutonomyShare({ decisions: { code, llm, aws } }: Metrics): number | null {
  const all = code + llm + aws;
  return all === 0 ? null : (llm + aws) / all;
}

/** An autonomy share as people read it: "43%", or "—" before anything was decided. */
export function formatShare(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

/**
 * The node the code pane should show: the innermost running node that `shown` accepts (nested steps
 * start later), else the one that started last.
 */
export function focusNode(run: RunView, shown: (node: string) => boolean): string | null {
  let running: [string, NodeRun] | null = null;
  let latest: [string, NodeRun] | null = null;
  for (const entry of Object.entries(run.nodes)) {
    const [node, info] = entry;
    if (!shown(node) || info.starts === 0) continue;
    if (!latest || info.lastStart > latest[1].lastStart) latest = entry;
    if (info.state === "active" && (!running || info.lastStart > running[1].lastStart)) running = entry;
  }
  return (running ?? latest)?.[0] ?? null;
}

/** The day of a booking that landed with this event, or null: the courts view turns to it at once. */
export function landedBookingDate(event: TraceEvent): string | null {
  if (event.type !== "tool.result" || event.tool !== "book_slot" || event.error) return null;
  const date = (event.result as { booked?: { date?: unknown } } | undefined)?.booked?.date;
  return typeof date === "string" ? date : null;
}
