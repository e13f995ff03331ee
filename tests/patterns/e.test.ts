import { afterEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "pattern-e-test-secret";
import type { TraceEvent } from "@/lib/trace/events";
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
      expect(lit).toEqual(["node.start agent", "node.start check", "node.start db", "node.end db", "node.end check", "node.start book", "node.start db", "node.end db", "node.end book", "node.end agent"]);
      const responses = t.events.filter((e) => e.type === "llm.response");
      expect(responses).toHaveLength(3);
      for (const r of responses) expect(r).toMatchObject({ node: "agent", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) } });
      expect(t.events.filter((e) => e.type === "llm.request")).toHaveLength(3);
      expect(t.events.find((e) => e.type === "llm.request")).toMatchObject({ node: "agent", vendor: "openai", tools: ["check_availability", "book_slot"], messages: expect.arrayContaining([expect.objectContaining({ role: "user" })]) });
      const decisions = t.events.flatMap((e) => (e.type === "decision" ? [`${e.by}: ${e.choice}`] : []));
      expect(decisions).toEqual(['llm: check_availability({"date":"2026-12-02","time":"20:00"})', 'llm: book_slot({"slot_id":"2026-12-02_CourtD_2000"})', "llm: answer the member"]);
      expect(t.events.filter((e) => e.type === "message.delta").map((e) => (e.type === "message.delta" ? e.text : "")).join("")).toBe(t.reply);
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
    expect(second.events.find((e) => e.type === "llm.request")).toMatchObject({ messages: expect.arrayContaining([expect.objectContaining({ content: "What is free tomorrow at 4pm?" })]) });
    expect(second.reply).toMatch(/Court B is booked/);
  });

  it("stops the agent when the member hangs up mid-run", async () => {
    const { freshDb } = await import("../helpers");
    const { bookingsOf } = await import("./harness");
    const { executeRun } = await import("@/lib/patterns/engine");
    await freshDb();
    const abort = new AbortController();
    const events: TraceEvent[] = [];
    const onEvent = (e: TraceEvent) => {
      events.push(e);
      if (e.type === "tool.result") abort.abort();
    };
    const outcome = await executeRun({ pattern: "E", message: "Book me a court for tomorrow at 3pm", userId: "hangs-up", origin: "http://127.0.0.1:1", signal: abort.signal }, onEvent);
    expect(outcome.status).toBe("aborted");
    expect(events.filter((e) => e.type === "tool.call").map((e) => e.type === "tool.call" && e.tool)).toEqual(["check_availability"]);
    expect(events.filter((e) => e.type === "node.start")).toHaveLength(events.filter((e) => e.type === "node.end").length);
    expect(await bookingsOf("hangs-up")).toHaveLength(0);
  });

  it("answers through both endpoints", async () => {
    const { freshDb } = await import("../helpers");
    const { bookingsOf } = await import("./harness");
    const { SESSION_COOKIE, sign } = await import("@/lib/http/session");
    const chat = await import("@/app/api/chat/route");
    const patternChat = await import("@/app/api/patterns/[id]/chat/route");
    await freshDb();
    const post = (path: string, body: unknown) => new Request(`http://club.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { cookie: `${SESSION_COOKIE}=${sign("endpoints")}` } });

    const sse = await chat.POST(post("/api/chat", { pattern: "E", message: "What courts are free tomorrow at 4pm?" }), { params: Promise.resolve({}) } as never);
    expect(sse.headers.get("content-type")).toMatch(/text\/event-stream/);
    const events = (await sse.text()).split("\n\n").filter(Boolean).map((block) => JSON.parse(block.replace(/^data: /, "")));
    expect(events[0]).toMatchObject({ type: "run.start", pattern: "E" });
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });

    const res = await patternChat.POST(post("/api/patterns/e/chat", { message: "Book court A at 5pm then", session_id: events[0].sessionId }), { params: Promise.resolve({ id: "e" }) });
    expect(await res.json()).toMatchObject({ response: expect.stringMatching(/Court A is booked/), session_id: events[0].sessionId, run_id: expect.stringMatching(/^run_/) });
    expect((await bookingsOf("endpoints")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtA_1700"]);
  });
});
