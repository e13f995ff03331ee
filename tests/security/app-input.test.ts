import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as bookingById from "@/app/api/bookings/[id]/route";
import * as bookings from "@/app/api/bookings/route";
import * as patternChat from "@/app/api/patterns/[id]/chat/route";
import { db } from "@/lib/db/client";
import { listBookings } from "@/lib/domain/bookings";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "../helpers";
import { answer, noParams, request, withId } from "./requests";

/** Issue 10, items 5, 12 and 13: hostile text, reused idempotency keys and probing cancels. */
describe("text is normalised at the boundary and errors tell the truth (item 5)", () => {
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a lone surrogate in a message books, answers 200 and stores the whole run", async () => {
    // JSON.stringify would escape it too; written by hand so the wire carries exactly "\ud800".
    const body = '{"message":"Book court B tomorrow at 3pm \\ud800 please"}';
    const res = await answer(
      await patternChat.POST(request("/api/patterns/d/chat", { as: "surrogate", method: "POST", body }), withId("d")),
    );
    expect(res).toMatchObject({ status: 200, json: { status: "ok" } });
    expect((await listBookings("surrogate")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtB_1500"]);
    const run = await loadRun(res.json.run_id, "surrogate");
    expect(run).toMatchObject({ status: "ok", input: "Book court B tomorrow at 3pm \uFFFD please" });
    expect(run?.events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
  });

  it("a failure after a booking says the booking stands, and the run still ends", async () => {
    // The conversation's state cannot be saved (a database fault): by then the booking has happened.
    const prisma = await db();
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION refuse_session_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_session_update BEFORE UPDATE ON "Session" FOR EACH ROW EXECUTE FUNCTION refuse_session_update()`,
    );
    onTestFinished(async () => {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_session_update ON "Session"`);
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await answer(
      await patternChat.POST(
        request("/api/patterns/d/chat", { as: "unlucky", method: "POST", body: { message: "Book court B tomorrow at 3pm" } }),
        withId("d"),
      ),
    );
    expect((await listBookings("unlucky")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtB_1500"]);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("error");
    expect(res.json.response).toMatch(/Court B on 2026-12-02 at 15:00 was booked for you; that booking stands/);
    expect(res.json.response).not.toMatch(/nothing (was|further)/i);
    expect(await loadRun(res.json.run_id, "unlucky")).toMatchObject({ status: "error" });
  });
});

describe("idempotency keys (item 12)", () => {
  beforeEach(async () => {
    await freshDb();
  });
  const post = (as: string, slot_id: string, headers: Record<string, string> = {}, key?: string) =>
    bookings.POST(
      request("/api/bookings", { as, method: "POST", body: { slot_id, ...(key ? { idempotency_key: key } : {}) }, headers }),
      noParams,
    );

  it("a key reused for another slot is refused, and books nothing more", async () => {
    expect((await post("keyed", "2026-12-03_CourtA_1000", { "idempotency-key": "k-1" })).status).toBe(201);
    expect((await post("keyed", "2026-12-03_CourtA_1000", { "idempotency-key": "k-1" })).status).toBe(201);
    const other = await answer(await post("keyed", "2026-12-04_CourtB_1100", { "idempotency-key": "k-1" }));
    expect(other).toMatchObject({ status: 422, json: { error: { code: "idempotency_conflict" } } });
    const body = await answer(await post("keyed", "2026-12-04_CourtB_1100", {}, "k-1"));
    expect(body.status).toBe(422);
    expect((await listBookings("keyed")).map((b) => b.slot_id)).toEqual(["2026-12-03_CourtA_1000"]);
  });

  it("the Idempotency-Key header is capped like the body field", async () => {
    const res = await answer(await post("long-key", "2026-12-03_CourtA_1000", { "idempotency-key": "k".repeat(129) }));
    expect(res).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    expect(await listBookings("long-key")).toHaveLength(0);
    expect((await post("long-key", "2026-12-03_CourtA_1000", { "idempotency-key": "k".repeat(128) })).status).toBe(201);
  });
});

describe("cancel does not reveal which booking ids exist (item 13)", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("someone else's booking and a missing one get the same answer", async () => {
    const made = await answer(
      await bookings.POST(request("/api/bookings", { as: "owner", method: "POST", body: { slot_id: "2026-12-03_CourtC_1100" } }), noParams),
    );
    const cancel = async (id: string) =>
      answer(await bookingById.DELETE(request(`/api/bookings/${id}`, { as: "prober", method: "DELETE" }), withId(id)));
    const missingId = `${made.json.booking_id.slice(0, -4)}zzzz`;
    const theirs = await cancel(made.json.booking_id);
    const missing = await cancel(missingId);
    expect(theirs.status).toBe(missing.status);
    expect(theirs.json.error.code).toBe(missing.json.error.code);
    expect(theirs.json.error.message.replace(made.json.booking_id, "ID")).toBe(missing.json.error.message.replace(missingId, "ID"));
    expect(await listBookings("owner")).toHaveLength(1);
  });
});
