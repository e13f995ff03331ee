import { describe, expect, it } from "vitest";
import type { TraceEvent } from "@/lib/trace/events";
import { replacementOf, sideBySide } from "@/lib/ui/fork-diff";

const base = { runId: "r", t: 0 };
let seq = 0;
const ev = (e: object) => ({ ...base, seq: ++seq, ...e }) as TraceEvent;

describe("parent and fork side by side", () => {
  const parent = [
    ev({ type: "decision", node: "loop", by: "llm", choice: "call check_availability" }),
    ev({ type: "tool.result", node: "book", tool: "book_slot", callId: "c", ms: 1, result: { booked: { slot_id: "S_B" } } }),
    ev({ type: "message", text: "Booked B" }),
  ];
  it("marks the rows where the two part ways, and only those", () => {
    const fork = [
      parent[0],
      ev({ type: "tool.result", node: "book", tool: "book_slot", callId: "c", ms: 1, result: { booked: { slot_id: "S_D" } } }),
      ev({ type: "message", text: "Booked D" }),
    ];
    expect(sideBySide(parent, fork)).toEqual([
      { label: "Decision 1", parent: "llm @ loop: call check_availability", fork: "llm @ loop: call check_availability", diverged: false },
      { label: "Booking 1", parent: "booked S_B", fork: "booked S_D", diverged: true },
      { label: "Reply", parent: "Booked B", fork: "Booked D", diverged: true },
    ]);
  });
  it("shows a refusal and a missing step as divergence", () => {
    const fork = [
      ev({ type: "tool.result", node: "book", tool: "book_slot", callId: "c", ms: 1, error: { code: "slot_not_found", message: "no" } }),
      ev({ type: "message", text: "Booked B" }),
    ];
    const rows = sideBySide(parent, fork);
    expect(rows[0]).toMatchObject({ fork: "—", diverged: true });
    expect(rows[1]).toMatchObject({ fork: "refused: slot_not_found", diverged: true });
    expect(rows[2]).toMatchObject({ diverged: false });
  });
});

describe("the edited output", () => {
  it("takes text as it is and tool calls as a JSON list (or one call)", () => {
    expect(replacementOf("text", "{broken")).toEqual({ replace: { text: "{broken" } });
    expect(replacementOf("toolCalls", '{"name":"book_slot","args":{"slot_id":"x"}}')).toEqual({
      replace: { toolCalls: [{ name: "book_slot", args: { slot_id: "x" } }] },
    });
  });
  it("says what is wrong with tool calls it cannot send", () => {
    expect(replacementOf("toolCalls", "[")).toEqual({ error: "The tool calls are not valid JSON." });
    expect(replacementOf("toolCalls", '[{"name":"book_slot"}]')).toMatchObject({ error: expect.stringContaining("[{") });
    expect(replacementOf("toolCalls", "[]")).toMatchObject({ error: expect.any(String) });
  });
});
