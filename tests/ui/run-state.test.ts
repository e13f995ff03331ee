import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";
import { EMPTY_PLAYBACK, nextDelay, playbackReducer, stepCaption } from "@/lib/ui/playback";
import {
  autonomyShare,
  conversationReducer,
  EMPTY_CONVERSATION,
  focusNode,
  formatShare,
  landedBookingDate,
  loopRound,
  metricsAutonomyShare,
  rebuildConversation,
  type Conversation,
} from "@/lib/ui/run-state";

/** Stamps runId, seq and t the way the server's emitter does. */
function trace(inputs: TraceEventInput[], runId = "run_1"): TraceEvent[] {
  return inputs.map((e, i) => ({ ...e, runId, seq: i + 1, t: i * 10 }) as TraceEvent);
}

const METRICS = {
  ms: 42,
  llmCalls: 1,
  toolCalls: 2,
  httpCalls: 0,
  inputTokens: 100,
  outputTokens: 20,
  costUsd: 0.0001,
  decisions: { code: 2, llm: 1, aws: 0 },
};

const BOOKING_RUN = trace([
  { type: "run.start", pattern: "D", sessionId: "ses_12345678", input: "Book court B tomorrow at 3pm", vendors: { openai: "sim" } },
  { type: "edge", from: "user", to: "loop", label: "message" },
  { type: "node.start", node: "loop" },
  { type: "state", node: "loop", state: { round: 1, maxRounds: 8 } },
  { type: "node.start", node: "llm" },
  {
    type: "llm.request",
    node: "llm",
    vendor: "openai",
    model: "gpt-sim",
    live: false,
    messages: [],
    tools: ["check_availability", "book_slot"],
  },
  {
    type: "llm.response",
    node: "llm",
    toolCalls: [{ id: "c1", name: "book_slot", args: { slot_id: "2026-12-02_CourtB_1500" } }],
    usage: { inputTokens: 100, outputTokens: 20 },
    ms: 5,
  },
  { type: "node.end", node: "llm", ok: true, ms: 5 },
  { type: "decision", node: "llm", by: "llm", choice: "book_slot" },
  { type: "decision", node: "loop", by: "code", choice: "execute book_slot" },
  { type: "node.start", node: "book" },
  { type: "tool.call", node: "book", tool: "book_slot", callId: "c1", args: { slot_id: "2026-12-02_CourtB_1500" } },
  {
    type: "tool.result",
    node: "book",
    tool: "book_slot",
    callId: "c1",
    result: { booked: { booking_id: "b1", date: "2026-12-02" } },
    ms: 3,
  },
  { type: "node.end", node: "book", ok: true, ms: 3 },
  { type: "edge", from: "book", to: "loop" },
  { type: "message.delta", text: "Booked " },
  { type: "message.delta", text: "court B" },
  { type: "node.end", node: "loop", ok: true, ms: 30 },
  { type: "message", text: "Booked court B tomorrow at 15:00." },
  { type: "run.end", status: "ok", metrics: METRICS },
]);

function fold(events: TraceEvent[], from: Conversation = EMPTY_CONVERSATION): Conversation {
  return conversationReducer(from, { type: "events", events });
}

describe("conversationReducer", () => {
  it("folds a booking run into node states, edges, decisions, messages and metrics", () => {
    const sent = conversationReducer(EMPTY_CONVERSATION, { type: "send", text: "Book court B tomorrow at 3pm" });
    expect(sent.run.status).toBe("sending");
    const state = fold(BOOKING_RUN, sent);

    expect(state.sessionId).toBe("ses_12345678");
    expect(state.run.status).toBe("ok");
    expect(state.run.metrics).toEqual(METRICS);
    expect(Object.fromEntries(Object.entries(state.run.nodes).map(([id, n]) => [id, n.state]))).toEqual({
      loop: "done",
      llm: "done",
      book: "done",
    });
    expect(state.run.edges["user->loop"]).toMatchObject({ count: 1, label: "message" });
    expect(state.run.edgeTick).toBe(2);
    expect(state.run.decisions.map((d) => d.by)).toEqual(["llm", "code"]);
    expect(state.run.timeline).toHaveLength(BOOKING_RUN.length);

    // The user's message is not duplicated by run.start; the streamed reply is replaced by the final one.
    const messages = state.items.filter((i) => i.kind === "message");
    expect(messages.map((m) => [m.role, m.text, m.streaming])).toEqual([
      ["user", "Book court B tomorrow at 3pm", false],
      ["assistant", "Booked court B tomorrow at 15:00.", false],
    ]);
  });

  it("streams message deltas into one growing assistant message", () => {
    const state = fold(BOOKING_RUN.slice(0, 17));
    const last = state.items.at(-1);
    expect(last).toMatchObject({ kind: "message", role: "assistant", text: "Booked court B", streaming: true });
  });

  it("learns the user's message from run.start in a replay", () => {
    const state = fold(BOOKING_RUN);
    expect(state.items[0]).toMatchObject({ role: "user", text: "Book court B tomorrow at 3pm" });
  });

  it("marks a failed node and shows error events inline, retryable ones included", () => {
    const events = trace([
      { type: "run.start", pattern: "A", sessionId: "ses_12345678", input: "hi", vendors: {} },
      { type: "node.start", node: "parse-llm" },
      { type: "error", node: "parse-llm", code: "vendor_500", message: "The model failed", retryable: true },
      { type: "node.end", node: "parse-llm", ok: false, ms: 4, error: "gave up" },
      { type: "error", code: "vendor_error", message: "The model kept failing", retryable: false },
      { type: "run.end", status: "error", metrics: METRICS },
    ]);
    const state = fold(events);
    expect(state.run.nodes["parse-llm"]).toMatchObject({ state: "error", error: "gave up" });
    expect(state.items.filter((i) => i.kind === "error").map((i) => i.kind === "error" && i.retryable)).toEqual([true, false]);
    expect(state.run.status).toBe("error");
  });

  it("reports failures before a run and streams cut off mid-run", () => {
    const failed = conversationReducer(conversationReducer(EMPTY_CONVERSATION, { type: "send", text: "hi" }), {
      type: "failed",
      code: "payload_too_large",
      message: "The request body is larger than 16 KB.",
    });
    expect(failed.run.status).toBe("error");
    expect(failed.items.at(-1)).toMatchObject({ kind: "error", code: "payload_too_large" });

    const cut = conversationReducer(fold(BOOKING_RUN.slice(0, 5)), { type: "closed" });
    expect(cut.run.status).toBe("aborted");
    expect(conversationReducer(fold(BOOKING_RUN), { type: "closed" }).items).toHaveLength(2);
  });

  it("keeps the conversation across turns and drops it, session included, on new conversation", () => {
    const first = fold(BOOKING_RUN);
    const second = fold(
      trace([{ type: "run.start", pattern: "D", sessionId: "ses_12345678", input: "thanks", vendors: {} }], "run_2"),
      first,
    );
    expect(second.items).toHaveLength(3);
    expect(second.run.nodes).toEqual({});
    expect(conversationReducer(second, { type: "new-conversation" })).toEqual(EMPTY_CONVERSATION);
  });

  it("counts repeated starts, so loop rounds and nested calls stay visible", () => {
    const events = trace([
      { type: "run.start", pattern: "D", sessionId: "ses_12345678", input: "x", vendors: {} },
      { type: "node.start", node: "loop" },
      { type: "node.start", node: "llm" },
      { type: "node.end", node: "llm", ok: true, ms: 1 },
      { type: "state", node: "loop", state: { round: 2, maxRounds: 8 } },
      { type: "node.start", node: "llm" },
    ]);
    const state = fold(events);
    expect(state.run.nodes.llm).toMatchObject({ state: "active", starts: 2 });
    expect(loopRound(state.run.nodes.loop.detail)).toEqual({ round: 2, maxRounds: 8 });
    expect(focusNode(state.run, () => true)).toBe("llm");
    expect(focusNode(state.run, (n) => n === "loop")).toBe("loop");
  });
});

describe("helpers", () => {
  it("computes the autonomy share from decisions", () => {
    expect(autonomyShare([])).toBeNull();
    expect(autonomyShare(fold(BOOKING_RUN).run.decisions)).toBe(0.5);
  });

  it("computes the same share from a finished run's metrics, and words it", () => {
    const metrics = fold(BOOKING_RUN).run.metrics!;
    expect(metricsAutonomyShare({ ...metrics, decisions: { code: 0, llm: 0, aws: 0 } })).toBeNull();
    expect(metricsAutonomyShare({ ...metrics, decisions: { code: 4, llm: 2, aws: 1 } })).toBeCloseTo(3 / 7);
    expect([formatShare(null), formatShare(3 / 7), formatShare(1)]).toEqual(["—", "43%", "100%"]);
  });

  it("finds the day of a booking that landed, and only of one that landed", () => {
    expect(BOOKING_RUN.map(landedBookingDate).filter(Boolean)).toEqual(["2026-12-02"]);
    const refused = {
      ...BOOKING_RUN.find((e) => e.type === "tool.result")!,
      result: undefined,
      error: { code: "slot_taken", message: "taken" },
    } as TraceEvent;
    expect(landedBookingDate(refused)).toBeNull();
  });
});

describe("playbackReducer", () => {
  const NODE_EVENTS = BOOKING_RUN.filter((e) => e.type === "node.start" || e.type === "node.end").length;

  it("steps once per node start or end, and the last step reaches the run's end", () => {
    let playback = playbackReducer(EMPTY_PLAYBACK, { type: "load", events: BOOKING_RUN, play: false });
    expect(playback.stops).toHaveLength(NODE_EVENTS + 2);
    playback = playbackReducer(playback, { type: "step" });
    expect(playback.view.run.nodes.loop?.state).toBe("active");
    expect(stepCaption(playback)).toBe("loop starts");
    playback = playbackReducer(playback, { type: "step" });
    expect(stepCaption(playback)).toBe("llm starts");
    while (playback.step < playback.stops.length - 1) playback = playbackReducer(playback, { type: "step" });
    expect(playback.view).toEqual(fold(BOOKING_RUN));
  });

  it("keeps the chat in step: the reply appears only when the replay reaches it", () => {
    let playback = playbackReducer(EMPTY_PLAYBACK, { type: "load", events: BOOKING_RUN, play: false });
    expect(playback.view.items).toEqual([expect.objectContaining({ role: "user", text: "Book court B tomorrow at 3pm" })]);
    expect(playback.view.run.nodes).toEqual({});
    playback = playbackReducer(playback, { type: "seek", step: 3 });
    expect(playback.view.items.filter((i) => i.kind === "message" && i.role === "assistant")).toEqual([]);
    playback = playbackReducer(playback, { type: "seek", step: playback.stops.length - 1 });
    expect(playback.view.items.at(-1)).toMatchObject({ role: "assistant", text: "Booked court B tomorrow at 15:00." });
  });

  it("steps back and seeks to the same view as stepping forward", () => {
    let forward = playbackReducer(EMPTY_PLAYBACK, { type: "load", events: BOOKING_RUN, play: false });
    for (let i = 0; i < 4; i++) forward = playbackReducer(forward, { type: "step" });
    let back = playbackReducer(forward, { type: "step" });
    back = playbackReducer(back, { type: "back" });
    expect(back.step).toBe(4);
    expect(back.view).toEqual(forward.view);
    expect(playbackReducer(back, { type: "seek", step: 2 }).view).toEqual(
      playbackReducer(playbackReducer(EMPTY_PLAYBACK, { type: "load", events: BOOKING_RUN, play: false }), { type: "seek", step: 2 }).view,
    );
    expect(playbackReducer(back, { type: "back" }).view.run.nodes.book).toBeUndefined();
  });

  it("scales pauses by speed and stops playing at the end", () => {
    const loaded = playbackReducer(EMPTY_PLAYBACK, { type: "load", events: BOOKING_RUN, play: true });
    const stepped = playbackReducer(loaded, { type: "step" });
    expect(nextDelay(playbackReducer(stepped, { type: "speed", speed: 4 }))).toBe(nextDelay(stepped) / 4);
    const ended = playbackReducer(stepped, { type: "seek", step: 99 });
    expect(ended.playing).toBe(false);
    expect(playbackReducer(ended, { type: "play" })).toMatchObject({ step: 0, playing: true });
  });
});

describe("rebuildConversation", () => {
  it("rebuilds the chat of stored runs in order, and marks a run that never ended as cut off", () => {
    const second = trace(
      [
        { type: "run.start", pattern: "D", sessionId: "ses_12345678", input: "And Friday?", vendors: { openai: "sim" } },
        { type: "node.start", node: "loop" },
      ],
      "run_2",
    );
    const rebuilt = rebuildConversation([BOOKING_RUN, second], "ses_12345678");
    expect(rebuilt.sessionId).toBe("ses_12345678");
    expect(
      rebuilt.items.map((i) => (i.kind === "message" ? `${i.role}: ${i.text}` : i.kind === "error" ? `error: ${i.code}` : i.kind)),
    ).toEqual([
      "user: Book court B tomorrow at 3pm",
      "assistant: Booked court B tomorrow at 15:00.",
      "user: And Friday?",
      "error: disconnected",
    ]);
    expect(rebuilt.run.status).toBe("aborted");
  });

  it("is taken only by a conversation that has nothing yet", () => {
    const restored = rebuildConversation([BOOKING_RUN], "ses_12345678");
    expect(conversationReducer(EMPTY_CONVERSATION, { type: "restore", conversation: restored })).toBe(restored);
    const live = conversationReducer(EMPTY_CONVERSATION, { type: "send", text: "hi" });
    expect(conversationReducer(live, { type: "restore", conversation: restored })).toBe(live);
  });
});
