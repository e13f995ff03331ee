import { beforeAll, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "tapes-format-secret-long-enough";
import * as tapeRoute from "@/app/api/runs/[id]/tape/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import type { Tape } from "@/lib/tapes/format";
import type { TraceEvent } from "@/lib/trace/events";

const get = async (runId: string, as: string) => {
  const res = await tapeRoute.GET(
    new Request(`http://club.test/api/runs/${runId}/tape`, { headers: { cookie: `${SESSION_COOKIE}=${sign(as)}` } }),
    { params: Promise.resolve({ id: runId }) },
  );
  return { status: res.status, body: await res.json() };
};

describe("a run's tape", () => {
  beforeAll(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("holds each exchange with its node, protocol, request and timed stream frames, and the tool results", async () => {
    const { turn } = await import("../patterns/harness");
    const run = await turn("D", "Book court A tomorrow at 4pm", { userId: "taper", options: { vendors: { llm: "bedrock" } } });
    const { status, body } = await get(run.runId, "taper");
    expect(status).toBe(200);
    const tape = body as Tape;
    expect(tape).toMatchObject({
      format: "csp-tape/1",
      run: { id: run.runId, pattern: "D", options: { vendors: { llm: "bedrock" } } },
      stateBefore: { messages: [] },
    });
    expect(tape.run.events).toEqual(run.events);
    expect(tape.exchanges.map((e) => [e.seq, e.node, e.vendor, e.protocol])).toEqual([
      [1, "llm", "bedrock", "bedrock.converse-stream"],
      [2, "llm", "bedrock", "bedrock.converse-stream"],
      [3, "llm", "bedrock", "bedrock.converse-stream"],
    ]);
    const first = tape.exchanges[0];
    expect(first.request).toMatchObject({
      method: "POST",
      body: { messages: [{ role: "user", content: [{ text: "Book court A tomorrow at 4pm" }] }] },
    });
    // AWS event stream frames, decoded: each with its event type and JSON body, in time order.
    expect(first.response.frames!.map((f) => f.headers?.[":event-type"])).toEqual(
      expect.arrayContaining(["messageStart", "contentBlockStart", "messageStop", "metadata"]),
    );
    expect(first.response.frames!.every((f, i, all) => i === 0 || f.t >= all[i - 1].t)).toBe(true);
    expect(tape.toolResults.map((t) => [t.tool, t.afterSeq, t.outcome.ok])).toEqual([
      ["check_availability", 1, true],
      ["book_slot", 2, true],
    ]);
    // The schedule as the run found it: the seed's bookings, none of them the member's, no member ids.
    expect(tape.schedule.bookings.length).toBeGreaterThan(5);
    expect(tape.schedule.bookings.every((b) => b.mine === false && !("userId" in b))).toBe(true);
  });

  it("keeps SSE frames for the OpenAI and Anthropic protocols, and Bedrock agent chunks decoded", async () => {
    const { turn } = await import("../patterns/harness");
    const b = await turn("B", "Book an indoor court tomorrow at 5pm", { userId: "taper-b" });
    const tapeB = (await get(b.runId, "taper-b")).body as Tape;
    expect(tapeB.exchanges.map((e) => [e.node, e.protocol])).toEqual([
      ["parse-llm", "openai.chat"],
      ["select-llm", "anthropic.messages"],
      ["confirm-llm", "openai.chat"],
    ]);
    expect(tapeB.exchanges[1].response.frames!.map((f) => f.event)).toEqual(
      expect.arrayContaining(["message_start", "content_block_delta", "message_stop"]),
    );
    expect(tapeB.exchanges[0].response.frames!.at(-1)).toMatchObject({ data: "[DONE]" });
    const h = await turn("H", "Book court B tomorrow at 5pm", { userId: "taper-h" });
    const tapeH = (await get(h.runId, "taper-h")).body as Tape;
    expect(tapeH.exchanges.every((e) => e.protocol === "bedrock-agent.invoke")).toBe(true);
    expect(tapeH.exchanges[0].response.frames!.some((f) => f.headers?.[":event-type"] === "returnControl")).toBe(true);
  });

  it("is readable by whoever may read the run, and 404 for a run without one", async () => {
    const { turn } = await import("../patterns/harness");
    const run = await turn("A", "Book court A tomorrow at 5pm", { userId: "sharer" });
    expect((await get(run.runId, "someone-else")).status).toBe(200);
    expect(await get("run_missing", "sharer")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("a fork that injects broken JSON at the parse call shows how pattern A copes: it names it and asks again", async () => {
    const { turn } = await import("../patterns/harness");
    const { planFork } = await import("@/lib/tapes/replay");
    const parent = await turn("A", "Book court C tomorrow at 6pm", { userId: "breaker" });
    expect(parent.status).toBe("ok");
    const fork = await planFork({
      runId: parent.runId,
      userId: "breaker",
      origin: "http://127.0.0.1:1",
      at: 1,
      replace: { raw: 'Sure! {"intent": "book", "date": "2026-' },
    });
    const events: TraceEvent[] = [];
    const outcome = await fork(new AbortController().signal, (e) => events.push(e));
    expect(events.find((e) => e.type === "llm.response")).toMatchObject({
      node: "parse-llm",
      text: 'Sure! {"intent": "book", "date": "2026-',
    });
    // A's guard: invalid JSON is named, and the parse is asked once more — for real, after the fork point.
    expect(events.find((e) => e.type === "error")).toMatchObject({ node: "parse-llm", message: expect.stringMatching(/not valid JSON/) });
    expect(events.filter((e) => e.type === "llm.request" && e.node === "parse-llm")).toHaveLength(2);
    expect(events.find((e) => e.type === "tool.result" && e.tool === "book_slot")).toMatchObject({
      result: { booked: { slot_id: "2026-12-02_CourtC_1800" } },
    });
    expect(outcome.reply).toBe(parent.reply);
  });

  it("holds the schedule as the run found it, though bookings are made and cancelled after it started", async () => {
    const { turn } = await import("../patterns/harness");
    const { db } = await import("@/lib/db/client");
    const { book, cancel } = await import("@/lib/domain/bookings");
    const { clubToday } = await import("@/lib/domain/clock");
    const { loadTape } = await import("@/lib/tapes/store");
    const prisma = await db();
    const mine = await book("finder", "2026-12-03_CourtD_0900");
    const gone = await book("someone-else", "2026-12-03_CourtD_1000");
    const found = await prisma.booking.findMany({
      where: { scheduleId: "club", date: { gte: clubToday() } },
      orderBy: [{ date: "asc" }, { time: "asc" }, { courtId: "asc" }],
    });
    const run = await turn("D", "What courts are free tomorrow at 4pm?", { userId: "finder" });
    // The run's row is closed with its tape: there is nothing left to wait for.
    expect((await prisma.run.findUniqueOrThrow({ where: { id: run.runId } })).tape).toEqual(expect.any(String));

    // After it: one booking it saw is cancelled, one it could not have seen is made, and the member's own is cancelled too.
    await cancel("someone-else", gone.booking_id);
    await book("someone-else", "2026-12-03_CourtD_1100");
    await cancel("finder", mine.booking_id);

    const tape = await loadTape(run.runId, "finder");
    expect(tape?.schedule.bookings).toEqual(
      found.map((b) => ({
        courtId: b.courtId,
        date: b.date,
        time: b.time,
        startsAt: b.startsAt.toISOString(),
        mine: b.userId === "finder",
      })),
    );
    expect(tape?.schedule.bookings.filter((b) => b.mine)).toHaveLength(1);
  });

  it("still closes its run when the tape cannot be stored", async () => {
    const { db } = await import("@/lib/db/client");
    const { RunStore } = await import("@/lib/trace/store");
    const prisma = await db();
    await prisma.session.create({ data: { id: "ses_unstorable", userId: "closer" } });
    const store = RunStore.open({ id: "run_unstorable", sessionId: "ses_unstorable", pattern: "D", input: "Book court A" });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // PostgreSQL text cannot hold U+0000: the statement with the tape fails. A tape that fails to pack is the same.
    await store.finish("ok", { ms: 1 } as never, () => "not\u0000storable");
    const packFails = RunStore.open({ id: "run_unpackable", sessionId: "ses_unstorable", pattern: "D", input: "Book court A" });
    await packFails.finish("ok", { ms: 1 } as never, () => {
      throw new Error("cannot pack");
    });
    expect(logged).toHaveBeenCalledTimes(2);
    logged.mockRestore();
    for (const id of ["run_unstorable", "run_unpackable"])
      expect(await prisma.run.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ok", tape: null });
  });
});
