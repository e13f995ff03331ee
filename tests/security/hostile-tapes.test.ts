import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as fork from "@/app/api/runs/[id]/fork/route";
import * as tapes from "@/app/api/tapes/route";
import { db } from "@/lib/db/client";
import { book } from "@/lib/domain/bookings";
import { MAX_SCHEDULE_BOOKINGS } from "@/lib/domain/slots";
import { tapeDocument } from "@/lib/tapes/store";
import { packRecording } from "@/lib/tapes/recording";
import type { Tape } from "@/lib/tapes/format";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { call, say, ScriptedModel } from "../patterns/scripted";
import { answer, noParams, request, withId } from "./requests";

/** A genuine tape to tamper with: a D run that checked a day and answered. */
async function recordedTape(): Promise<Tape> {
  const run = await turn("D", "What is free tomorrow at 3pm?", { userId: "recorder" });
  return (await tapeDocument(run.runId, "recorder"))!;
}

const upload = async (tape: unknown) =>
  answer(await tapes.POST(request("/api/tapes", { as: "uploader", method: "POST", body: JSON.stringify(tape) }), noParams));

const lastMark = async () =>
  (await (await db()).$queryRaw<{ mark: bigint | null }[]>`SELECT pg_sequence_last_value('"ScheduleChange"') AS mark`)[0].mark;

describe("item 8: internal errors stay in the server log, never in a public trace", () => {
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a NUL in a model's cancel_booking argument is refused as bad arguments, with no database words", async () => {
    const model = new ScriptedModel([call("cancel_booking", { booking_id: "bk\u0000x" }), say("Could not cancel that.")]);
    const run = await turn("D", "Cancel my booking", { userId: "nul-member", script: model });
    expect(run.status).toBe("ok");
    expect(run.events.find((e) => e.type === "tool.result")).toMatchObject({
      tool: "cancel_booking",
      error: { code: "invalid_arguments" },
    });
    expect(JSON.stringify(run.events)).not.toMatch(/22021|Database error|Prisma/i);
  });

  it("an unexpected failure inside a step reads as a generic message; the details go to the log with the run id", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const prisma = await db();
    await prisma.$executeRawUnsafe(`ALTER TABLE "Booking" RENAME COLUMN "userId" TO "ownerGone"`);
    try {
      const run = await turn("D", "What are my bookings?", { userId: "broken-db", script: new ScriptedModel([call("my_bookings")]) });
      expect(run.status).toBe("error");
      const published = JSON.stringify(run.events);
      expect(published).not.toMatch(/userId|does not exist|column|Prisma|Raw query/i);
      expect(run.events.find((e) => e.type === "node.end" && !e.ok)).toMatchObject({ error: "Something went wrong on our side." });
      expect(logged.mock.calls.some((args) => String(args[0]).includes(run.runId))).toBe(true);
    } finally {
      await prisma.$executeRawUnsafe(`ALTER TABLE "Booking" RENAME COLUMN "ownerGone" TO "userId"`);
    }
  });

  it("a tape upload with duplicate or huge seq, or a NUL, is a 400 naming the problem, and stores nothing", async () => {
    const tape = await recordedTape();
    const runsBefore = await (await db()).run.count();
    const events = tape.run.events;
    const cases: [unknown, RegExp][] = [
      [
        { ...tape, run: { ...tape.run, events: [events[0], events[0], ...events.slice(1)] } },
        /events must be numbered in increasing order/,
      ],
      [{ ...tape, run: { ...tape.run, events: [{ ...events[0], seq: 2 ** 40 }] } }, /seq at most 5000/],
      [{ ...tape, exchanges: [tape.exchanges[0], tape.exchanges[0]] }, /two exchanges have the same seq/],
      [{ ...tape, exchanges: [{ ...tape.exchanges[0], seq: 2 ** 40 }] }, /seq is at most 200/],
      [{ ...tape, run: { ...tape.run, input: "hi\u0000there" } }, /NUL character/],
    ];
    for (const [body, problem] of cases) {
      const res = await upload(body);
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(problem);
    }
    expect(await (await db()).run.count()).toBe(runsBefore);
  });

  it("a fork of a stored tape naming a court the club has not is a 400 naming the court", async () => {
    const tape = await recordedTape();
    const prisma = await db();
    const runId = "run_badcourt-0000";
    await prisma.session.create({ data: { id: "ses_badcourt-0000", userId: "forker" } });
    await prisma.run.create({
      data: {
        id: runId,
        sessionId: "ses_badcourt-0000",
        pattern: "D",
        input: tape.run.input,
        status: "ok",
        tape: packRecording({
          parentRunId: null,
          forkedAt: null,
          stateBefore: tape.stateBefore,
          options: tape.run.options,
          schedule: { bookings: [{ courtId: "Z", date: "2026-12-02", time: "15:00", startsAt: "2026-12-02T14:00:00.000Z", mine: false }] },
          exchanges: tape.exchanges,
          toolResults: tape.toolResults,
        }),
      },
    });
    const res = await answer(
      await fork.POST(request(`/api/runs/${runId}/fork`, { as: "forker", method: "POST", body: { at: 1 } }), withId(runId)),
    );
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/no court "Z"/);
  });
});

describe("item 3: forks cannot burn the schedule's change sequence", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("the sequence and its marks are 64-bit: booking goes on past the 32-bit maximum", async () => {
    const prisma = await db();
    await prisma.$executeRawUnsafe(`SELECT setval('"ScheduleChange"', 2147483647)`);
    const booked = await book("past-int32", "2026-12-02_CourtA_1500");
    expect(booked.slot_id).toBe("2026-12-02_CourtA_1500");
    expect(await lastMark()).toBeGreaterThan(2147483647n);
  });

  it("a snapshot with a slot booked twice, an impossible slot or more bookings than a schedule holds is refused at upload, consuming no mark", async () => {
    const tape = await recordedTape();
    const before = await lastMark();
    const slot = { courtId: "A", date: "2026-12-02", time: "15:00", startsAt: "2026-12-02T14:00:00.000Z", mine: false };
    const cases: [unknown[], RegExp][] = [
      [[slot, slot], /2026-12-02 15:00 on court A is booked twice/],
      [[{ ...slot, time: "15:30" }], /15:30 is not a start time/],
      [[{ ...slot, time: "23:00" }], /23:00 is not a start time/],
      [[{ ...slot, courtId: "Q" }], /no court "Q"/],
      [
        Array.from({ length: MAX_SCHEDULE_BOOKINGS + 1 }, (_, i) => ({
          ...slot,
          date: `2026-12-${String((i % 28) + 1).padStart(2, "0")}`,
        })),
        /at most \d+ bookings/,
      ],
    ];
    for (const [bookings, problem] of cases) {
      const res = await upload({ ...tape, schedule: { bookings } });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(problem);
    }
    expect(await lastMark()).toBe(before);
  });
});
