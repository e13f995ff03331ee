import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "approvals-test-secret-long-enough";
import * as decideRoute from "@/app/api/approvals/[id]/route";
import * as listRoute from "@/app/api/approvals/route";
import { db } from "@/lib/db/client";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import type { PatternId } from "@/lib/patterns/types";
import { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "./helpers";
import { assertProtocol, bookingsOf, turn } from "./patterns/harness";
import { brain, call, fromResults, scripted } from "./patterns/scripted";
import { hostServices } from "./services/server";

/**
 * Human approval in every pattern: a run with `approval: "book"` stops before booking, the hold is a
 * row in the database, and the owner's decision (through the route, as the browser sends it)
 * resumes it from the stored state alone — the pattern keeps nothing of it in memory.
 */
hostServices();

const asMember = (member: string, init: RequestInit = {}) => ({
  ...init,
  headers: { cookie: `${SESSION_COOKIE}=${sign(member)}`, "content-type": "application/json", ...init.headers },
});

async function decide(member: string, approvalId: string, body: unknown) {
  const res = await decideRoute.POST(
    new Request(`http://club.test/api/approvals/${approvalId}`, asMember(member, { method: "POST", body: JSON.stringify(body) })),
    { params: Promise.resolve({ id: approvalId }) } as never,
  );
  if (!res.headers.get("content-type")?.startsWith("text/event-stream"))
    return { status: res.status, events: [] as TraceEvent[], body: await res.json() };
  const text = await res.text();
  const events = text
    .split("\n\n")
    .filter((chunk) => chunk.startsWith("data: "))
    .map((chunk) => TraceEvent.parse(JSON.parse(chunk.slice(6))));
  return { status: res.status, events, body: null };
}

async function pending(member: string) {
  const res = await listRoute.GET(new Request("http://club.test/api/approvals", asMember(member)), {
    params: Promise.resolve({}),
  } as never);
  return (
    (await res.json()) as {
      approvals: { id: string; pattern: string; tool: string; summary: string; heldBy: string; stateBytes: number }[];
    }
  ).approvals;
}

const BOOK = "Book court A tomorrow at 3pm";
const SLOT = "2026-12-02_CourtA_1500";

async function pausedTurn(pattern: PatternId, member: string) {
  const t = await turn(pattern, BOOK, { userId: member, options: { approval: "book", simLatency: "off" } });
  const request = t.events.find((e) => e.type === "approval.request");
  expect(request, `${pattern} asked for approval`).toBeDefined();
  expect(t.events.at(-1)).toMatchObject({ type: "run.end", status: "paused" });
  expect(t.events.some((e) => e.type === "tool.call" && e.tool === "book_slot")).toBe(false);
  expect(await bookingsOf(member)).toEqual([]);
  return { t, request: request as Extract<TraceEvent, { type: "approval.request" }> };
}

const PATTERNS: PatternId[] = ["A", "B", "C", "D", "E", "F", "G", "H"];

describe.each(PATTERNS)("approval in pattern %s", (pattern) => {
  it("holds the booking until the owner approves, then books and confirms", async () => {
    await freshDb();
    const member = `approver-${pattern}`;
    const { t, request } = await pausedTurn(pattern, member);
    expect(request).toMatchObject({ tool: "book_slot", summary: expect.stringMatching(/Court A/) });
    const listed = await pending(member);
    expect(listed.map((a) => a.id)).toEqual([request.approvalId]);
    expect(listed[0].stateBytes).toBeGreaterThan(0);

    const resumed = await decide(member, request.approvalId, { decision: "approve" });
    expect(resumed.status).toBe(200);
    assertProtocol(pattern, resumed.events);
    expect(resumed.events[0]).toMatchObject({ type: "run.start", resumes: t.runId, sessionId: t.sessionId });
    expect(resumed.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect((await bookingsOf(member)).map((b) => b.slot_id)).toEqual([SLOT]);
    const reply = resumed.events.findLast((e) => e.type === "message");
    expect(reply?.type === "message" && reply.text).toMatch(/Court A/);
    expect(reply?.type === "message" && reply.text).not.toMatch(/nothing was booked|declined|couldn't/i);
    expect(await pending(member)).toEqual([]);
    expect((await decide(member, request.approvalId, { decision: "approve" })).status).toBe(409);
  });

  it("books nothing when the owner rejects, and the reply says so", async () => {
    await freshDb();
    const member = `rejecter-${pattern}`;
    const { request } = await pausedTurn(pattern, member);
    const resumed = await decide(member, request.approvalId, { decision: "reject", reason: "changed my mind" });
    expect(resumed.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect(await bookingsOf(member)).toEqual([]);
    expect(resumed.events.some((e) => e.type === "tool.call" && e.tool === "book_slot")).toBe(false);
    const reply = resumed.events.findLast((e) => e.type === "message");
    expect(reply?.type === "message" && reply.text).toMatch(/nothing was booked|not booked|didn.t book|did not book|couldn.t book/i);
  });

  it("refuses another member's decision as not found, and lets the owner decide after", async () => {
    await freshDb();
    const member = `owner-${pattern}`;
    const { request } = await pausedTurn(pattern, member);
    const intruder = await decide("intruder", request.approvalId, { decision: "approve" });
    expect(intruder).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(await pending("intruder")).toEqual([]);
    expect(await bookingsOf("intruder")).toEqual([]);
    expect((await decide(member, request.approvalId, { decision: "reject" })).status).toBe(200);
  });

  it("decides an approval nobody answered in time as rejected with reason expired", async () => {
    await freshDb();
    const member = `late-${pattern}`;
    const { request } = await pausedTurn(pattern, member);
    await (await db()).approval.update({ where: { id: request.approvalId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pending(member)).toEqual([]);
    const resumed = await decide(member, request.approvalId, { decision: "approve" });
    expect(resumed.status).toBe(200);
    expect(await bookingsOf(member)).toEqual([]);
    expect(await (await db()).approval.findUniqueOrThrow({ where: { id: request.approvalId } })).toMatchObject({
      status: "expired",
      reason: "expired",
    });
    const reply = resumed.events.findLast((e) => e.type === "message");
    expect(reply?.type === "message" && reply.text).toMatch(/nothing was booked|not booked|didn.t book|did not book|couldn.t book/i);
  });
});

/**
 * F's and G's simulated managers do not route a cancellation to the booking specialist on their own,
 * so here the models are scripted: the manager delegates, the specialist lists and cancels.
 */
const MANAGERS: PatternId[] = ["F", "G"];
const managerCancels = () =>
  scripted(
    call("booking_agent", { input: "Cancel the member's booking tomorrow at 15:00." }),
    call("my_bookings"),
    fromResults((results) =>
      call("cancel_booking", { booking_id: (results.at(-1) as { bookings: { booking_id: string }[] }).bookings[0].booking_id }),
    ),
    brain(),
    brain(),
    brain(),
  );

describe.each(PATTERNS)("approval of a cancellation in pattern %s", (pattern) => {
  it("holds cancel_booking: rejected keeps the booking, approved cancels it", async () => {
    await freshDb();
    const member = `canceller-${pattern}`;
    await turn(pattern, BOOK, { userId: member, options: { simLatency: "off" } });
    expect((await bookingsOf(member)).map((b) => b.slot_id)).toEqual([SLOT]);
    for (const decision of ["reject", "approve"] as const) {
      const t = await turn(pattern, "Cancel my booking tomorrow at 3pm", {
        userId: member,
        options: { approval: "book", simLatency: "off" },
        script: MANAGERS.includes(pattern) ? managerCancels() : undefined,
      });
      const request = t.events.find((e) => e.type === "approval.request");
      expect(request, JSON.stringify(t.events.filter((e) => e.type === "message"))).toMatchObject({ tool: "cancel_booking" });
      expect(t.events.some((e) => e.type === "tool.call" && e.tool === "cancel_booking")).toBe(false);
      const resumed = await decide(member, (request as { approvalId: string }).approvalId, { decision });
      expect(resumed.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
      expect((await bookingsOf(member)).map((b) => b.slot_id)).toEqual(decision === "reject" ? [SLOT] : []);
    }
  });
});

describe("approval requests", () => {
  it("closes a paused turn's approval when the member moves the conversation on", async () => {
    await freshDb();
    const { t, request } = await pausedTurn("D", "mover");
    await turn("D", "What is free on Friday?", { userId: "mover", sessionId: t.sessionId, options: { simLatency: "off" } });
    expect(await pending("mover")).toEqual([]);
    expect(await decide("mover", request.approvalId, { decision: "approve" })).toMatchObject({ status: 409 });
    expect(await bookingsOf("mover")).toEqual([]);
  });

  it("refuses bad decisions with a clear 400", async () => {
    await freshDb();
    expect(await decide("someone", "apr_x", { decision: "maybe" })).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request" } },
    });
    expect(await decide("someone", "apr_x", { decision: "reject", reason: "x".repeat(301) })).toMatchObject({ status: 400 });
    expect(await decide("someone", "apr_nope", { decision: "reject" })).toMatchObject({ status: 404 });
  });
});
