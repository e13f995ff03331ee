import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";
import { changedLater } from "@/lib/ui/courts";
import { EMPTY_PLAYBACK, playbackReducer, stepCaption } from "@/lib/ui/playback";
import { DEFAULT_RUN_OPTIONS, optionsSummary } from "@/lib/ui/run-options";

function trace(inputs: TraceEventInput[]): TraceEvent[] {
  return inputs.map((e, i) => ({ ...e, runId: "run_1", seq: i + 1, t: i * 10 }) as TraceEvent);
}

const SLOT = "2026-12-02_CourtB_1500";
const OTHER = "2026-12-03_CourtA_0900";
const booked = (slot: string, ok = true) =>
  ({
    type: "tool.result",
    node: "book",
    tool: "book_slot",
    callId: "c1",
    ...(ok ? { result: { booked: { booking_id: "b1", slot_id: slot } } } : { error: { code: "slot_taken", message: "taken" } }),
    ms: 1,
  }) as TraceEventInput;
const cancelled = (slot: string) =>
  ({
    type: "tool.result",
    node: "cancel",
    tool: "cancel_booking",
    callId: "c2",
    result: { cancelled: { slot_id: slot } },
    ms: 1,
  }) as TraceEventInput;

describe("changedLater (the courts of a replay, as they were at its step)", () => {
  it("shows a slot the run books later as free, and one it cancels later as the member's", () => {
    expect(changedLater(trace([booked(SLOT), cancelled(OTHER)]))).toEqual({ [SLOT]: "free", [OTHER]: "yours" });
  });

  it("takes the state before the first later change of a slot, and ignores refused bookings", () => {
    expect(changedLater(trace([cancelled(SLOT), booked(SLOT)]))).toEqual({ [SLOT]: "yours" });
    expect(changedLater(trace([booked(SLOT, false)]))).toEqual({});
  });
});

describe("stepCaption", () => {
  it("names the node by its label on the graph", () => {
    const events = trace([
      { type: "run.start", pattern: "A", sessionId: "ses_12345678", input: "hi", vendors: {} },
      { type: "node.start", node: "parse" },
      { type: "node.end", node: "parse", ok: false, ms: 1 },
      {
        type: "run.end",
        status: "error",
        metrics: {
          ms: 1,
          llmCalls: 0,
          toolCalls: 0,
          httpCalls: 0,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          decisions: { code: 0, llm: 0, aws: 0 },
        },
      },
    ] as TraceEventInput[]);
    let playback = playbackReducer(EMPTY_PLAYBACK, { type: "load", events, play: false });
    playback = playbackReducer(playback, { type: "step" });
    expect(stepCaption(playback, { parse: "Parse LLM" })).toBe("Parse LLM starts");
    playback = playbackReducer(playback, { type: "step" });
    expect(stepCaption(playback, { parse: "Parse LLM" })).toBe("Parse LLM fails");
  });
});

describe("optionsSummary (the badge of what is on)", () => {
  it("is empty for the defaults and names step mode, slow motion and faults", () => {
    expect(optionsSummary(DEFAULT_RUN_OPTIONS)).toEqual([]);
    expect(
      optionsSummary({
        ...DEFAULT_RUN_OPTIONS,
        stepMode: true,
        simLatencyScale: 0.5,
        approval: true,
        chaos: { malformedJson: true, vendorError: { status: 429, times: 1 }, serviceDown: [] },
      }),
    ).toEqual(["step mode", "0.5×", "ask before booking", "malformed JSON", "vendor 429"]);
    expect(optionsSummary({ ...DEFAULT_RUN_OPTIONS, simLatency: "off", simLatencyScale: 2 })).toEqual(["latency off"]);
  });
});
