import { describe, expect, it } from "vitest";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";
import { bookingInWords, bookingsOf, latestReply, markDifferences } from "@/lib/ui/compare";
import { conversationReducer, EMPTY_CONVERSATION } from "@/lib/ui/run-state";

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

describe("the run view in step mode", () => {
  it("shows the node a run waits before as paused until it starts, and nothing paused once the run ends", () => {
    const events = trace([
      { type: "run.start", pattern: "D", sessionId: "ses_12345678", input: "hi", vendors: {} },
      { type: "node.paused", node: "loop", hold: 1 },
      { type: "node.start", node: "loop" },
      { type: "node.paused", node: "llm", hold: 2 },
      { type: "run.end", status: "aborted", metrics: METRICS },
    ]);
    const at = (n: number) => conversationReducer(EMPTY_CONVERSATION, { type: "events", events: events.slice(0, n) }).run;
    expect(at(2)).toMatchObject({ paused: "loop", nodes: { loop: { state: "paused" } } });
    expect(at(3)).toMatchObject({ paused: null, nodes: { loop: { state: "active" } } });
    expect(at(4)).toMatchObject({ paused: "llm", nodes: { llm: { state: "paused" } } });
    expect(at(5).paused).toBeNull();
  });
});

describe("compare at a glance", () => {
  it("marks the words a reply does not share with the most common reply", () => {
    const marked = markDifferences(["Booked Court A at 18:00.", "Booked Court A at 18:00.", "Booked Court C at 18:00."]);
    expect(marked[0].some((w) => w.differs)).toBe(false);
    expect(marked[2].filter((w) => w.differs).map((w) => w.text)).toEqual(["C"]);
    expect(markDifferences(["Only one reply"])[0].some((w) => w.differs)).toBe(false);
  });

  it("says bookings in words and finds the latest reply", () => {
    const events = trace([
      {
        type: "tool.result",
        node: "book",
        tool: "book_slot",
        callId: "c",
        ms: 1,
        result: { booked: { booking_id: "b", slot_id: "2026-12-02_CourtB_1500", court: "Court B", date: "2026-12-02", time: "15:00" } },
      },
    ]);
    expect(bookingsOf(events).map(bookingInWords)).toEqual(["Court B, Wed 2 Dec at 15:00"]);
    const items = [
      { kind: "message" as const, id: "1", role: "user" as const, text: "Book", streaming: false },
      { kind: "message" as const, id: "2", role: "assistant" as const, text: "What time?", streaming: false },
      { kind: "message" as const, id: "3", role: "user" as const, text: "6pm", streaming: false },
    ];
    expect(latestReply(items)).toBe("");
    expect(latestReply([...items, { kind: "message", id: "4", role: "assistant", text: "Booked.", streaming: false }])).toBe("Booked.");
  });
});
