import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";
import { compareReading } from "@/lib/ui/compare";
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

describe("compareReading (what a comparison shows, in one line)", () => {
  const outcome = (pattern: string, ms: number, costUsd: number, autonomy: number, booked = true, ok = true) => ({
    pattern,
    ok,
    booked,
    ms,
    costUsd,
    autonomy,
  });

  it("names the fastest, the cheapest, the most autonomous and who asked instead of booking", () => {
    expect(compareReading([outcome("A", 900, 0.0002, 0.2), outcome("B", 400, 0.0004, 0.1, false), outcome("H", 2000, 0.002, 0.8)])).toBe(
      "Fastest B (0.40 s) · cheapest A ($0.0002) · most autonomous H (80% of decisions by a model or AWS) · asked instead of booking: B",
    );
  });

  it("names every pattern of a tie, gives failed runs no prize, and says nothing without a finished run", () => {
    expect(compareReading([outcome("A", 500, 0.0001, 0.5), outcome("D", 500, 0.0001, 0.5), outcome("G", 10, 0, 1, false, false)])).toBe(
      "Fastest A, D (0.50 s) · cheapest A, D ($0.0001) · most autonomous A, D (50% of decisions by a model or AWS) · every pattern booked",
    );
    expect(compareReading([outcome("G", 10, 0, 1, false, false)])).toBe("");
  });
});
