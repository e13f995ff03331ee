import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "pattern-h-test-secret";
import { patternContract } from "./contract";

patternContract("H");

describe("pattern H: AWS runs the loop, actions return to the app", () => {
  it("shows each return-of-control round trip, the managed phases and what AWS decided", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("H", "Book court D tomorrow at 8pm", { userId: "managed" });
    expect((await bookingsOf("managed")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);

    const trips = t.events.flatMap((e) =>
      e.type === "edge" && (e.to === "orchestration" || e.from === "orchestration") && (e.from === "app" || e.to === "app")
        ? [e.label]
        : [],
    );
    expect(trips).toEqual(["InvokeAgent", "return of control", "InvokeAgent + results", "return of control", "InvokeAgent + results"]);
    const phases = t.events.flatMap((e) =>
      e.type === "node.start" && ["pre-processing", "orchestration", "post-processing"].includes(e.node) ? [e.node] : [],
    );
    expect(phases).toEqual(["pre-processing", "orchestration", "orchestration", "orchestration", "post-processing"]);
    // The managed group draws only what the agent ran and reported: no node for a guardrail nobody made.
    const { patternById } = await import("@/lib/patterns");
    const managed = patternById("H")
      .graph.nodes.filter((n) => n.group === "bedrock")
      .map((n) => n.id);
    expect(managed.toSorted()).toEqual([...new Set(phases)].toSorted());
    const decisions = t.events.flatMap((e) => (e.type === "decision" ? [`${e.by} ${e.node}: ${e.choice}`] : []));
    expect(decisions).toEqual([
      expect.stringMatching(/^aws pre-processing: accept the input/),
      "aws orchestration: check_availability(date=2026-12-02, time=20:00)",
      "aws orchestration: book_slot(slot_id=2026-12-02_CourtD_2000)",
      // The agent asks to confirm bookings (requireConfirmation); outside approval mode the app confirms what the member asked for.
      "code app: CONFIRM book_slot: the member asked for it",
      "aws orchestration: answer the member",
    ]);
    expect(t.events.filter((e) => e.type === "tool.call")).toMatchObject([
      { node: "check", args: { date: "2026-12-02", time: "20:00" } },
      { node: "book", args: { slot_id: "2026-12-02_CourtD_2000" } },
    ]);
    expect(t.events.find((e) => e.type === "state")).toMatchObject({
      node: "orchestration",
      state: { rationale: expect.stringContaining("check_availability") },
    });
    expect(t.events.filter((e) => e.type === "llm.response").every((e) => e.type === "llm.response" && e.usage.inputTokens > 0)).toBe(true);
    expect(
      t.events
        .filter((e) => e.type === "message.delta")
        .map((e) => (e.type === "message.delta" ? e.text : ""))
        .join(""),
    ).toBe(t.reply);
    expect(t.events.filter((e) => e.type === "node.start")).toHaveLength(t.events.filter((e) => e.type === "node.end").length);
  });

  it("keeps the Bedrock session across turns", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const first = await turn("H", "What is free tomorrow at 4pm?", { userId: "returning" });
    const second = await turn("H", "Court B please, book it", { userId: "returning", sessionId: first.sessionId });
    expect(second.reply).toMatch(/Court B is booked/);
    expect((await bookingsOf("returning")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtB_1600"]);
  });

  it("stops asking AWS after the round-trip cap and says so", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    const { MAX_ROUND_TRIPS } = await import("@/lib/patterns/h");
    await freshDb();
    const t = await turn("H", "Book a court tomorrow at 3pm", { userId: "looper", options: { chaos: { toolLoop: true } } });
    expect(t.events.filter((e) => e.type === "edge" && e.label === "return of control")).toHaveLength(MAX_ROUND_TRIPS);
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "loop_cap" });
    expect(t.reply).toMatch(new RegExp(`${MAX_ROUND_TRIPS} round trips`));
  });

  it("translates only what the agent reports: no verdict, no decision; no usage, no tokens", async () => {
    const { AgentTrace } = await import("@/lib/patterns/h");
    const events: { type: string; [key: string]: unknown }[] = [];
    const ctx = { emit: (e: { type: string }) => events.push(e), clients: { agent: { mode: "sim" }, models: { bedrock: "m" } } };
    const trace = new AgentTrace(ctx as never);
    trace.take({ preProcessingTrace: { modelInvocationInput: { traceId: "t-pre", text: "hi" } } });
    trace.take({ preProcessingTrace: { modelInvocationOutput: { traceId: "t-pre", parsedResponse: {} } } });
    trace.take({
      preProcessingTrace: {
        modelInvocationOutput: {
          traceId: "t-pre-2",
          parsedResponse: { isValid: false, rationale: "Not about tennis." },
          metadata: { usage: { inputTokens: 7, outputTokens: 3 } },
        },
      },
    });
    trace.finish(true);
    expect(events.filter((e) => e.type === "decision")).toEqual([
      expect.objectContaining({ node: "pre-processing", by: "aws", choice: "reject the input: Not about tennis." }),
    ]);
    expect(events.filter((e) => e.type === "llm.response").map((e) => e.usage)).toEqual([
      { inputTokens: 0, outputTokens: 0, estimated: true },
      { inputTokens: 7, outputTokens: 3, estimated: true },
    ]);
  });
});

describe("pattern H: its own guards, against a scripted model", () => {
  const TOMORROW = "2026-12-02";
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("stops a scripted agent that never stops returning control at the round-trip cap", async () => {
    const { turn } = await import("./harness");
    const { forever, call } = await import("./scripted");
    const { MAX_ROUND_TRIPS } = await import("@/lib/patterns/h");
    const model = forever(call("check_availability", { date: TOMORROW, time: "15:00" }));
    const t = await turn("H", "Book a court tomorrow at 3pm", { userId: "h-guard", script: model });
    expect(model.seen).toHaveLength(MAX_ROUND_TRIPS);
    expect(t.events.filter((e) => e.type === "edge" && e.label === "return of control")).toHaveLength(MAX_ROUND_TRIPS);
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "loop_cap" });
  });

  it("answers a function the action group does not have with an error, running nothing", async () => {
    const { turn } = await import("./harness");
    const { scripted, call, say } = await import("./scripted");
    const model = scripted(call("delete_all_bookings"), say("I cannot do that."));
    const t = await turn("H", "Delete every booking", { userId: "h-guard", script: model });
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
    expect(model.seen[1].messages.at(-1)).toMatchObject({ role: "tool", content: expect.stringContaining("unknown_tool") });
    expect(t.reply).toBe("I cannot do that.");
  });
});
