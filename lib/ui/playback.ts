import type { TraceEvent } from "@/lib/trace/events";
import { applyEvent, EMPTY_CONVERSATION, type Conversation } from "./run-state";

/**
 * Replaying stored events through the same reducer as live runs, one step per node start or end
 * (the events between two such moments come with the later one), forwards, backwards, by a
 * scrubber or playing at a chosen speed. `view` is what the graph, inspector and chat show at the
 * current position, so the reply appears only when the replay reaches it.
 */
export type Playback = {
  events: TraceEvent[];
  /** Event counts at each step: stops[0] is the start (the member's message, no node yet), then one per node.start/node.end, then the end. */
  stops: number[];
  /** Index into stops. */
  step: number;
  playing: boolean;
  speed: number;
  view: Conversation;
};

export type PlaybackAction =
  | { type: "load"; events: TraceEvent[]; play: boolean }
  | { type: "play" }
  | { type: "pause" }
  | { type: "toggle" }
  | { type: "speed"; speed: number }
  | { type: "step" }
  | { type: "back" }
  | { type: "seek"; step: number }
  | { type: "restart" };

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/** Recorded pauses are stretched to at least this and shortened to at most that (at 1×), so an instant sim run can be watched and a slow live model does not stall a demo. */
const MIN_PAUSE_MS = 400;
const MAX_PAUSE_MS = 1500;

export const EMPTY_PLAYBACK: Playback = { events: [], stops: [0], step: 0, playing: false, speed: 1, view: EMPTY_CONVERSATION };

/** Where each step ends: the start is everything before the first node, then after every node.start and node.end, and at the last event. */
function stepStops(events: TraceEvent[]): number[] {
  const first = events.findIndex((e) => e.type === "node.start" || e.type === "node.end");
  const stops = [first === -1 ? 0 : first];
  events.forEach((e, i) => {
    if (e.type === "node.start" || e.type === "node.end") stops.push(i + 1);
  });
  if (stops.at(-1) !== events.length) stops.push(events.length);
  return stops;
}

function at(state: Playback, step: number): Playback {
  const target = Math.max(0, Math.min(state.stops.length - 1, step));
  // Forwards from where it is; backwards by folding again from the first event (runs are short).
  const forwards = target >= state.step;
  const from = forwards ? state.stops[state.step] : 0;
  let view = forwards ? state.view : EMPTY_CONVERSATION;
  for (let i = from; i < state.stops[target]; i++) view = applyEvent(view, state.events[i]);
  const last = target === state.stops.length - 1;
  return { ...state, step: target, view, playing: state.playing && !last };
}

export function playbackReducer(state: Playback, action: PlaybackAction): Playback {
  switch (action.type) {
    case "load":
      return {
        ...rewound({ ...EMPTY_PLAYBACK, speed: state.speed, events: action.events, stops: stepStops(action.events) }),
        playing: action.play,
      };
    case "play":
      return state.step >= state.stops.length - 1 ? { ...rewound(state), playing: true } : { ...state, playing: true };
    case "pause":
      return { ...state, playing: false };
    case "toggle":
      return playbackReducer(state, { type: state.playing ? "pause" : "play" });
    case "speed":
      return { ...state, speed: action.speed };
    case "restart":
      return { ...rewound(state), playing: false };
    case "step":
      return at(state, state.step + 1);
    case "back":
      return at({ ...state, playing: false }, state.step - 1);
    case "seek":
      return at({ ...state, playing: false }, action.step);
  }
}

/** At the start: the member's message is there, no node has run yet. */
function rewound(state: Playback): Playback {
  return { ...state, step: 0, view: state.events.slice(0, state.stops[0]).reduce(applyEvent, EMPTY_CONVERSATION) };
}

/** How long to wait before the next step at this speed: the recorded gap, scaled and capped. */
export function nextDelay(state: Playback): number {
  const prev = state.events[state.stops[state.step] - 1];
  const next = state.events[(state.stops[state.step + 1] ?? 0) - 1];
  if (!prev || !next) return 0;
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, next.t - prev.t)) / state.speed;
}

/** The event that ends the current step, in words, by the node's label on the graph: "Parse LLM starts", "book_slot ends". */
export function stepCaption(state: Playback, labels: Record<string, string> = {}): string {
  if (state.step === 0) return "The member's message";
  const event = state.events[state.stops[state.step] - 1];
  if (event?.type === "node.start") return `${labels[event.node] ?? event.node} starts`;
  if (event?.type === "node.end") return `${labels[event.node] ?? event.node} ${event.ok ? "ends" : "fails"}`;
  return event?.type === "run.end" ? `Run ends (${event.status})` : "End";
}
