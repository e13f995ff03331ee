import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "pattern-e-test-secret";
import { patternContract } from "./contract";

patternContract("E");

describe("pattern E: the Agents SDK runs the loop", () => {
  afterEach(async () => {
    const { setOpenAIAPI } = await import("@openai/agents");
    setOpenAIAPI("responses");
    vi.restoreAllMocks();
  });

  for (const api of ["chat_completions", "responses"] as const) {
    it(`books through the ${api} API, the graph lit from the SDK's spans`, async () => {
      const { setOpenAIAPI } = await import("@openai/agents");
      const OpenAI = (await import("openai")).default;
      const { freshDb } = await import("../helpers");
      const { turn, bookingsOf } = await import("./harness");
      await freshDb();
      setOpenAIAPI(api);
      const sent = vi.spyOn(api === "responses" ? OpenAI.Responses.prototype : OpenAI.Chat.Completions.prototype, "create");
      const t = await turn("E", "Book court D tomorrow at 8pm", { userId: `via-${api}` });
      expect(sent).toHaveBeenCalledTimes(3);
      expect((await bookingsOf(`via-${api}`)).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);

      const lit = t.events.flatMap((e) => (e.type === "node.start" || e.type === "node.end" ? [`${e.type} ${e.node}`] : []));
      expect(lit).toEqual([
        "node.start agent",
        "node.start check",
        "node.start db",
        "node.end db",
        "node.end check",
        "node.start book",
        "node.start db",
        "node.end db",
        "node.end book",
        "node.end agent",
      ]);
      const responses = t.events.filter((e) => e.type === "llm.response");
      expect(responses).toHaveLength(3);
      for (const r of responses)
        expect(r).toMatchObject({ node: "agent", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
      expect(t.events.filter((e) => e.type === "llm.request")).toHaveLength(3);
      expect(t.events.find((e) => e.type === "llm.request")).toMatchObject({
        node: "agent",
        vendor: "openai",
        tools: ["check_availability", "book_slot", "my_bookings", "cancel_booking"],
        messages: expect.arrayContaining([expect.objectContaining({ role: "user" })]),
      });
      const decisions = t.events.flatMap((e) => (e.type === "decision" ? [`${e.by}: ${e.choice}`] : []));
      expect(decisions).toEqual([
        'llm: check_availability({"date":"2026-12-02","time":"20:00"})',
        'llm: book_slot({"slot_id":"2026-12-02_CourtD_2000"})',
        "llm: answer the member",
      ]);
      expect(
        t.events
          .filter((e) => e.type === "message.delta")
          .map((e) => (e.type === "message.delta" ? e.text : ""))
          .join(""),
      ).toBe(t.reply);
      const end = t.events.at(-1);
      expect(end?.type === "run.end" && end.metrics).toMatchObject({ llmCalls: 3, toolCalls: 2, decisions: { llm: 3 } });
      expect(end?.type === "run.end" && end.metrics.inputTokens).toBeGreaterThan(0);
    });
  }

  it("keeps the conversation per session", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    await freshDb();
    const first = await turn("E", "What is free tomorrow at 4pm?", { userId: "asker" });
    const second = await turn("E", "Court B please, book it", { userId: "asker", sessionId: first.sessionId });
    expect(second.events.find((e) => e.type === "llm.request")).toMatchObject({
      messages: expect.arrayContaining([expect.objectContaining({ content: "What is free tomorrow at 4pm?" })]),
    });
    expect(second.reply).toMatch(/Court B is booked/);
  });
});

describe("pattern E: a model call that times out", () => {
  afterEach(() => {
    delete process.env.LLM_TIMEOUT_MS;
  });

  it("is retried by the SDK, visibly on the agent's node, and the run still books", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    // The simulated model hangs on its first call; the SDK's own timeout cuts it off after a second.
    process.env.LLM_TIMEOUT_MS = "1000";
    const t = await turn("E", "Book court D tomorrow at 8pm", {
      userId: "timeout-e",
      options: { chaos: { vendorError: { status: "timeout", times: 1 } } },
    });
    expect(t.events.filter((e) => e.type === "error").map((e) => (e.type === "error" ? [e.node, e.retryable] : []))).toEqual([
      ["agent", true],
    ]);
    expect(t.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect((await bookingsOf("timeout-e")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
  });
});

describe("pattern E: its own guards, against a scripted model", () => {
  const TOMORROW = "2026-12-02";
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("the SDK stops a scripted model that never stops calling tools after the turn limit", async () => {
    const { turn } = await import("./harness");
    const { forever, call } = await import("./scripted");
    const { MAX_TURNS } = await import("@/lib/patterns/kit/agents/runner");
    const model = forever(call("check_availability", { date: TOMORROW, time: "15:00" }));
    const t = await turn("E", "Book a court tomorrow at 3pm", { userId: "e-guard", script: model });
    expect(t.status).toBe("error");
    expect(model.seen).toHaveLength(MAX_TURNS);
    expect(t.events.find((e) => e.type === "error" && e.code === "loop_cap")).toBeDefined();
    expect(t.reply).toMatch(new RegExp(`${MAX_TURNS} turns`));
  });
});
