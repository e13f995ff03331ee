import { afterEach, beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as reset from "@/app/api/admin/reset/route";
import * as bookingById from "@/app/api/bookings/[id]/route";
import * as bookings from "@/app/api/bookings/route";
import * as sandboxes from "@/app/api/sandboxes/route";
import * as schedule from "@/app/api/schedule/route";
import { sweep } from "@/lib/db/retention";
import { seedRows } from "@/lib/db/seed";
import { createSandbox, MAX_SANDBOXES_PER_MEMBER } from "@/lib/domain/schedules";
import { freshDb } from "../helpers";
import { answer, noParams, request, withId } from "./requests";

/**
 * Issue 26, item 4: anonymous requests do not grow the database. A look never creates a sandbox;
 * sandboxes and demo resets are rate limited and capped per member; expired sandboxes go in the
 * background in bounded batches; runs, tapes and released bookings have a retention.
 */
describe("the database does not grow without bound", () => {
  beforeEach(async () => {
    const prisma = await freshDb();
    await prisma.schedule.deleteMany({ where: { kind: { not: "club" } } });
  });
  afterEach(() => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "0";
    delete process.env.RETENTION_DAYS;
  });

  it("answers cookieless looks at a demo sandbox from the seed without creating one", async () => {
    const prisma = await freshDb();
    const before = { schedules: await prisma.schedule.count(), bookings: await prisma.booking.count() };
    for (let i = 0; i < 5; i++) {
      const day = await answer(await schedule.GET(request("/api/schedule?demo=1&date=2026-12-02"), noParams));
      expect(day.status).toBe(200);
      expect(day.json.schedule).toEqual({ id: null, kind: "demo" });
      const taken = day.json.cells
        .filter((c: { state: string }) => c.state === "taken")
        .map((c: { slot: { slot_id: string } }) => c.slot.slot_id);
      const seeded = seedRows().filter((row) => row.date === "2026-12-02");
      expect(taken).toHaveLength(seeded.length);
      expect((await answer(await bookings.GET(request("/api/bookings?demo=1"), noParams))).json).toEqual({ bookings: [] });
      const cancel = await bookingById.DELETE(request("/api/bookings/nothing?demo=1", { method: "DELETE" }), withId("nothing"));
      expect(cancel.status).toBe(404);
      const long = "x".repeat(5000);
      expect((await bookingById.DELETE(request(`/api/bookings/${long}?demo=1`, { method: "DELETE" }), withId(long))).status).toBe(400);
    }
    expect({ schedules: await prisma.schedule.count(), bookings: await prisma.booking.count() }).toEqual(before);
  });

  it("rate limits sandbox creation and demo resets per member", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "3";
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await sandboxes.POST(request("/api/sandboxes", { as: "hoarder", method: "POST", body: { kind: "compare" } }), noParams)).status,
      );
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    const resets = [];
    for (let i = 0; i < 5; i++)
      resets.push(
        (await reset.POST(request("/api/admin/reset", { as: "resetter", method: "POST", body: { schedule: "demo" } }), noParams)).status,
      );
    expect(resets).toEqual([200, 200, 200, 429, 429]);
  });

  it("caps the sandboxes one member holds: a new one past the cap replaces the least recently used", async () => {
    const prisma = await freshDb();
    const first = await createSandbox("collector", "compare");
    for (let i = 0; i < MAX_SANDBOXES_PER_MEMBER + 10; i++) await createSandbox("collector", "compare");
    expect(await prisma.schedule.count({ where: { ownerId: "collector" } })).toBe(MAX_SANDBOXES_PER_MEMBER);
    expect(await prisma.schedule.findUnique({ where: { id: first.id } })).toBeNull();
  });

  it("leaves expired sandboxes to the background sweep, which removes them in bounded batches", async () => {
    const prisma = await freshDb();
    const expired = new Date(Date.now() - 60_000);
    await prisma.schedule.createMany({
      data: Array.from({ length: 450 }, (_, i) => ({ id: `sbx_expired_${i}`, kind: "compare", ownerId: `gone-${i}`, expiresAt: expired })),
    });
    await createSandbox("newcomer", "compare");
    expect(await prisma.schedule.count({ where: { expiresAt: { lt: new Date() } } })).toBe(450);
    expect((await sweep()).sandboxes).toBe(450);
    expect(await prisma.schedule.count({ where: { expiresAt: { lt: new Date() } } })).toBe(0);
  });

  it("keeps runs, tapes and released bookings RETENTION_DAYS, and what a remaining run needs", async () => {
    const prisma = await freshDb();
    process.env.RETENTION_DAYS = "7";
    const old = new Date(Date.now() - 8 * 24 * 60 * 60_000);
    await prisma.session.create({ data: { id: "s_old", userId: "m", updatedAt: old } });
    await prisma.session.create({ data: { id: "s_new", userId: "m" } });
    const sandbox = await createSandbox("m", "compare");
    // A booking made and released before the remaining run started, and one released after it.
    const early = await prisma.booking.create({
      data: { scheduleId: sandbox.id, courtId: "A", date: "2026-12-03", time: "11:00", startsAt: new Date(), userId: "m" },
    });
    await prisma.booking.delete({ where: { id: early.id } });
    await prisma.$executeRaw`INSERT INTO "Run" ("id", "sessionId", "pattern", "input", "status", "createdAt", "scheduleMark", "tape")
      VALUES ('run_old', 's_old', 'A', 'hi', 'ok', ${old}, 1, 'tape'), ('run_new', 's_new', 'A', 'hi', 'ok', now(), pg_sequence_last_value('"ScheduleChange"'), 'tape')`;
    const late = await prisma.booking.create({
      data: { scheduleId: sandbox.id, courtId: "B", date: "2026-12-03", time: "11:00", startsAt: new Date(), userId: "m" },
    });
    await prisma.booking.delete({ where: { id: late.id } });

    const swept = await sweep();
    expect(swept).toMatchObject({ runs: 1, sessions: 1 });
    expect((await prisma.run.findMany({ select: { id: true } })).map((r) => r.id)).toEqual(["run_new"]);
    expect(await prisma.session.findUnique({ where: { id: "s_old" } })).toBeNull();
    expect(await prisma.releasedBooking.findUnique({ where: { id: early.id } })).toBeNull();
    expect(await prisma.releasedBooking.findUnique({ where: { id: late.id } })).not.toBeNull();
  });
});
