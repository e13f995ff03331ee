import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { db } from "@/lib/db/client";
import * as chat from "@/app/api/chat/route";
import { jsonbText } from "@/lib/db/json";
import { SESSION_COOKIE, sign } from "@/lib/http/session";
import { loadRun } from "@/lib/trace/store";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { freshDb } from "./helpers";
import { hostServices } from "./services/server";
import { bookingsOf, turn } from "./patterns/harness";

describe("the engine keeps each pattern's conversation apart within one session", () => {
  it("lets A pick up its question after a D turn in the same session", async () => {
    await freshDb();
    const asked = await turn("A", "Book court B for tomorrow", { userId: "switcher" });
    expect(asked.reply).toMatch(/what time/i);
    await turn("D", "What is free tomorrow at 4pm?", { userId: "switcher", sessionId: asked.sessionId });
    const answered = await turn("A", "at 5pm", { userId: "switcher", sessionId: asked.sessionId });
    expect(answered.reply).toMatch(/Booked: Court B/);
    expect((await bookingsOf("switcher")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtB_1700"]);
  });

  it("keeps both states when two patterns finish turns in one session at the same moment", async () => {
    await freshDb();
    const first = await turn("A", "Book court C for tomorrow", { userId: "racer" });
    await Promise.all([
      turn("B", "What is free on Friday?", { userId: "racer", sessionId: first.sessionId }),
      turn("D", "What is free on Saturday at 10am?", { userId: "racer", sessionId: first.sessionId }),
      turn("E", "What is free on Sunday at 11am?", { userId: "racer", sessionId: first.sessionId }),
    ]);
    const session = await (await db()).session.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(Object.keys(session.state as object).sort()).toEqual(["A", "B", "D", "E"]);
    expect((session.state as { A: { awaiting: string } }).A.awaiting).toBe("time");
  });

  it("refuses to continue someone else's session", async () => {
    await freshDb();
    const mine = await turn("D", "What is free tomorrow at 4pm?", { userId: "owner" });
    await expect(turn("D", "Book court A then", { userId: "intruder", sessionId: mine.sessionId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("stores every event of a run exactly as it was streamed, in order, with the run's outcome", async () => {
    await freshDb();
    const t = await turn("D", "Book court A tomorrow at 4pm", { userId: "replayer" });
    const stored = await loadRun(t.runId, "replayer");
    expect(stored).toMatchObject({
      id: t.runId,
      sessionId: t.sessionId,
      pattern: "D",
      status: "ok",
      input: "Book court A tomorrow at 4pm",
    });
    expect(stored?.events).toEqual(t.events);
  });

  it("cleans control characters out of a member's message, so the run is stored whole", async () => {
    await freshDb();
    const body = JSON.stringify({ pattern: "D", message: "Book court B\u0000 tomorrow\u0007 at 3pm" });
    const res = await chat.POST(
      new Request("http://club.test/api/chat", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign("nul-sender")}` },
      }),
      { params: Promise.resolve({}) } as never,
    );
    const events = (await res.text())
      .split("\n\n")
      .filter(Boolean)
      .map((block) => JSON.parse(block.slice("data: ".length)));
    expect(events[0]).toMatchObject({ type: "run.start", input: "Book court B tomorrow at 3pm" });
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect((await loadRun(events[0].runId, "nul-sender"))?.events).toHaveLength(events.length);
    expect(await bookingsOf("nul-sender")).toHaveLength(1);
  });

  it("stores a NUL a model might produce as U+FFFD instead of failing the write", async () => {
    const rows = await (await db()).$queryRaw<{ v: { text: string } }[]>`SELECT ${jsonbText({ text: "garbled\u0000answer" })}::jsonb AS v`;
    expect(rows[0].v.text).toBe("garbled\uFFFDanswer");
  });
});

hostServices();

describe("a stored conversation is checked against its pattern's schema when the session is loaded", () => {
  // Shapes an older release or an SDK upgrade could have left behind: each breaks its pattern if used as it is.
  const outdated: Record<PatternId, unknown> = {
    A: { intent: "reserve", date: 20261202, awaiting: "slot" },
    B: { history: [{ role: "human", content: "hi" }] },
    C: { history: "Book court A" },
    D: { messages: [{ role: "assistant", toolCalls: "check_availability" }] },
    E: { history: [{ kind: "message", body: "hi" }] },
    F: { history: [{ type: "message", role: "wizard" }] },
    G: { items: [] },
    H: { bedrockSessionId: 42 },
  };

  it.each(PATTERN_IDS)("%s starts afresh from a state that no longer fits, and books", async (pattern) => {
    await freshDb();
    const first = await turn(pattern, "What is free tomorrow at 4pm?", { userId: `outdated-${pattern}` });
    await (
      await db()
    )
      .$executeRaw`UPDATE "Session" SET "state" = jsonb_build_object(${pattern}::text, ${jsonbText(outdated[pattern])}::jsonb) WHERE "id" = ${first.sessionId}`;
    const next = await turn(pattern, "Book court B tomorrow at 3pm", { userId: `outdated-${pattern}`, sessionId: first.sessionId });
    expect(next.status).toBe("ok");
    expect((await bookingsOf(`outdated-${pattern}`)).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtB_1500"]);
  });
});
