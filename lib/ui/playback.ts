import type { TraceEvent } from "@/lib/trace/events";
import { applyEvent, EMPTY_CONVERSATION, type Conversation } from "./run-state";

/**
 * Replaying stored events through the same reducer as live runs, at a chosen speed or one step at
 * a time. `view` is what the graph, inspector and chat show while replaying.
 */
export type Playback = { events: TraceEvent[]; cursor: number; playing: boolean; speed: number; view: Conversation };

export type PlaybackAction =
  | { type: "load"; events: TraceEvent[]; play: boolean }
  | { type: "play" }
  | { type: "pause" }
  | { type: "speed"; speed: number }
  /** One visible step: streaming deltas on the way are applied with it. */
  | { type: "step" }
  | { type: "restart" };

export const SPEEDS = [0.5, 1, 2] as const;

/** Recorded pauses are stretched to at least this and shortened to at most that, so an instant sim run can be watched and a slow live model does not stall a demo. */
const MIN_PAUSE_MS = 150;
const MAX_PAUSE_MS = 1200;

export const EMPTY_PLAYBACK: Playback = { events: [], cursor: 0, playing: false, speed: 1, view: EMPTY_CONVERSATION };

export function playbackReducer(state: Playback, action: PlaybackAction): Playback {
  switch (action.type) {
    case "load":
      return { ...state, events: action.events, cursor: 0, playing: action.play, view: EMPTY_CONVERSATION };
    case "play":
      return state.cursor >= state.events.length ? { ...state, cursor: 0, view: EMPTY_CONVERSATION, playing: true } : { ...state, playing: true };
    case "pause":
      return { ...state, playing: false };
    case "speed":
      return { ...state, speed: action.speed };
    case "restart":
      return { ...state, cursor: 0, view: EMPTY_CONVERSATION, playing: false };
    case "step": {
      if (state.cursor >= state.events.length) return { ...state, playing: false };
      let cursor = state.cursor;
      let view = state.view;
      do {
        view = applyEvent(view, state.events[cursor]);
        cursor++;
      } while (cursor < state.events.length && isDelta(state.events[cursor - 1]) && isDelta(state.events[cursor]));
      return { ...state, cursor, view, playing: state.playing && cursor < state.events.length };
    }
  }
}

/** How long to wait before the next step at this speed: the recorded gap, scaled and capped. */
export function nextDelay(state: Playback): number {
  const prev = state.events[state.cursor - 1];
  const next = state.events[state.cursor];
  if (!prev || !next) return 0;
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, next.t - prev.t)) / state.speed;
}

function isDelta(e: TraceEvent): boolean {
  return e.type === "llm.delta" || e.type === "message.delta";
}
