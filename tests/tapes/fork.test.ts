import { beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "tapes-test-secret-long-enough";
import * as fork from "@/app/api/runs/[id]/fork/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import type { TraceEvent } from "@/lib/trace/events";
import { hostServices } from "../services/server";
import { normalized } from "./support";

hostServices();

const ORIGIN = "http://club.test";

async function forkOverHttp(runId: string, as: string, body: unknown): Promise<{ status: number; events: TraceEvent[]; error?: unknown }> {
  const res = await fork.POST(
    new Request(`${ORIGIN}/api/runs/${runId}/fork`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign(as)}` },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: runId }) },
  );
  if (!res.headers.get("content-type")?.includes("text/event-stream")) return { status: res.status, events: [], error: await res.json() };
  const text = await res.text();
  const events = text
    .split("\n\n")
    .filter((b) => b.startsWith("data: "))
    .map((b) => JSON.parse(b.slice(6)) as TraceEvent);
  return { status: res.status, events };
}

async function bookingsIn(scheduleId: string) {
  const { db } = await import("@/lib/db/client");
  return (await db()).booking.findMany({
    where: { scheduleId },
    select: { courtId: true, date: true, time: true, userId: true },
    orderBy: [{ date: "asc" }, { time: "asc" }, { courtId: "asc" }],
  });
}

async function forkScheduleOf(events: TraceEvent[]): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const booked = events.find((e) => e.type === "tool.result" && e.tool === "book_slot" && !e.error);
  const id = (booked as { result: { booked: { booking_id: string } } }).result.booked.booking_id;
  return (await (await db()).booking.findUniqueOrThrow({ where: { id } })).scheduleId;
}

describe("forking a run at a model call", () => {
  beforeAll(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("a fork that replaces the booking call's slot books that slot in a sandbox and leaves the club's schedule alone", async () => {
    const { turn } = await import("../patterns/harness");
    const { tapeDocument } = await import("@/lib/tapes/store");
    const parent = await turn("D", "Book court B tomorrow at 3pm", { userId: "forker" });
    expect(parent.status).toBe("ok");
    const tape = (await tapeDocument(parent.runId, "forker"))!;
    // The exchange whose output asked for book_slot: the tool result that followed it names it.
    const at = tape.toolResults.find((t) => t.tool === "book_slot")!.afterSeq;
    expect(at).toBeGreaterThan(0);

    const club = await bookingsIn("club");
    const forked = await forkOverHttp(parent.runId, "forker", {
      at,
      replace: { toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtD_1500" } }] },
    });
    expect(forked.status).toBe(200);
    expect(forked.events[0]).toMatchObject({ type: "run.start", parentRunId: parent.runId, forkedAt: at });
    expect(forked.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    // Before the fork point the tape answered: the same availability the parent saw.
    const checks = (events: TraceEvent[]) =>
      events.filter((e) => e.type === "tool.result" && e.tool === "check_availability").map((e) => (e as { result: unknown }).result);
    expect(checks(forked.events)).toEqual(checks(parent.events));
    const booked = forked.events.find((e) => e.type === "tool.result" && e.tool === "book_slot");
    expect(booked).toMatchObject({ result: { booked: { slot_id: "2026-12-02_CourtD_1500" } } });
    expect(forked.events.findLast((e) => e.type === "message")).toMatchObject({ text: expect.stringContaining("Court D") });

    const sandbox = await forkScheduleOf(forked.events);
    expect(sandbox).toMatch(/^sbx_/);
    expect(await bookingsIn(sandbox)).toContainEqual({ courtId: "D", date: "2026-12-02", time: "15:00", userId: "forker" });
    // The sandbox started as the club was when the parent ran: without the parent's own booking of court B.
    expect(await bookingsIn(sandbox)).not.toContainEqual(expect.objectContaining({ courtId: "B", date: "2026-12-02", time: "15:00" }));
    expect(await bookingsIn("club")).toEqual(club);
  });

  it("a fork of the last exchange with its own recorded output reproduces the parent", async () => {
    const { turn } = await import("../patterns/harness");
    const { tapeDocument } = await import("@/lib/tapes/store");
    const parent = await turn("E", "Book court C tomorrow at 5pm", { userId: "twin" });
    expect(parent.status).toBe("ok");
    const tape = (await tapeDocument(parent.runId, "twin"))!;
    const last = tape.exchanges.at(-1)!;
    const recorded = parent.events.findLast((e) => e.type === "llm.response");
    expect(recorded?.type === "llm.response" && recorded.text).toBeTruthy();
    const forked = await forkOverHttp(parent.runId, "twin", { at: last.seq, replace: { text: (recorded as { text: string }).text } });
    const lineage = ({ parentRunId: _p, forkedAt: _f, ...rest }: Record<string, unknown>) => rest;
    expect(normalized(forked.events).map((e) => lineage(e as Record<string, unknown>))).toEqual(normalized(parent.events));
  });

  it("a fork of H after its first exchange continues the agent's own conversation: the turns before the fork point are in its new session", async () => {
    const { turn } = await import("../patterns/harness");
    const { tapeDocument } = await import("@/lib/tapes/store");
    const { db } = await import("@/lib/db/client");
    const prisma = await db();
    // The date is said in the first turn only: the agent keeps it in its session, the app keeps only the session's id.
    const first = await turn("H", "I'd like to book a court tomorrow", { userId: "agent-forker" });
    const parent = await turn("H", "At 11am, court C please", { userId: "agent-forker", sessionId: first.sessionId });
    expect(parent.status).toBe("ok");
    expect(parent.events.find((e) => e.type === "tool.result" && e.tool === "book_slot")).toMatchObject({
      result: { booked: { slot_id: "2026-12-02_CourtC_1100" } },
    });
    const tape = (await tapeDocument(parent.runId, "agent-forker"))!;
    // The exchange whose output asked for book_slot: the agent's second in this run, after it asked for the availability.
    const at = tape.toolResults.find((t) => t.tool === "book_slot")!.afterSeq;
    expect(at).toBeGreaterThan(1);
    const agentSessions = () => prisma.simAgentSession.findMany({ select: { id: true, session: true }, orderBy: { id: "asc" } });
    const sessionsBefore = await agentSessions();

    const forked = await forkOverHttp(parent.runId, "agent-forker", {
      at,
      replace: { toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtD_1100" } }] },
    });
    expect(forked.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect(forked.events.find((e) => e.type === "tool.result" && e.tool === "book_slot")).toMatchObject({
      result: { booked: { slot_id: "2026-12-02_CourtD_1100" } },
    });
    // After the fork point the agent answered on the whole conversation, as its prompt shows: both turns, what it was told, the edited call.
    const prompt = forked.events.findLast((e) => e.type === "llm.request" && e.node === "orchestration");
    const conversation = JSON.parse((prompt as { messages: { text: string }[] }).messages[0].text) as { messages: unknown[] };
    expect(conversation.messages.slice(0, 9)).toMatchObject([
      { role: "user", text: "I'd like to book a court tomorrow" },
      { role: "assistant", toolCalls: [{ name: "check_availability", args: { date: "2026-12-02" } }] },
      { role: "tool", name: "check_availability" },
      { role: "assistant", text: first.reply },
      { role: "user", text: "At 11am, court C please" },
      { role: "assistant", toolCalls: [{ name: "check_availability", args: { date: "2026-12-02", time: "11:00" } }] },
      { role: "tool", name: "check_availability" },
      { role: "assistant", toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtD_1100" } }] },
      { role: "tool", name: "book_slot", content: expect.stringContaining("2026-12-02_CourtD_1100") },
    ]);
    expect(forked.events.findLast((e) => e.type === "message")).toMatchObject({ text: expect.stringContaining("Court D") });
    // The fork talked to the agent in a session of its own: the member's conversation with it is as it was.
    const sessionsAfter = await agentSessions();
    expect(sessionsAfter).toEqual(expect.arrayContaining(sessionsBefore));
    expect(sessionsAfter).toHaveLength(sessionsBefore.length + 1);

    // A fork of the fork goes on from the same conversation: its parent's before the fork point, and the turn before that.
    const again = await forkOverHttp(forked.events[0].runId, "agent-forker", {
      at,
      replace: { toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtA_1100" } }] },
    });
    expect(again.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    const againPrompt = again.events.findLast((e) => e.type === "llm.request" && e.node === "orchestration");
    expect(JSON.parse((againPrompt as { messages: { text: string }[] }).messages[0].text).messages.slice(0, 9)).toMatchObject([
      ...conversation.messages.slice(0, 7),
      { role: "assistant", toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtA_1100" } }] },
      { role: "tool", name: "book_slot", content: expect.stringContaining("2026-12-02_CourtA_1100") },
    ]);
  });

  it("refuses a fork point the tape does not have, and an edit that is not one output", async () => {
    const { turn } = await import("../patterns/harness");
    const parent = await turn("A", "Book court A tomorrow at 2pm", { userId: "picky" });
    expect(await forkOverHttp(parent.runId, "picky", { at: 99 })).toMatchObject({
      status: 400,
      error: { error: { code: "bad_request", message: expect.stringMatching(/exchange/) } },
    });
    expect(await forkOverHttp(parent.runId, "picky", { at: 1, replace: { text: "a", raw: "b" } })).toMatchObject({
      status: 400,
      error: { error: { code: "bad_request" } },
    });
    expect(await forkOverHttp("run_nope", "picky", { at: 1 })).toMatchObject({ status: 404 });
  });
});
