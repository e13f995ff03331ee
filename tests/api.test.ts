import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "api-test-secret-long-enough";
import * as availability from "@/app/api/availability/route";
import * as bookingById from "@/app/api/bookings/[id]/route";
import * as bookings from "@/app/api/bookings/route";
import * as reset from "@/app/api/admin/reset/route";
import * as schedule from "@/app/api/schedule/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { freshDb } from "./helpers";

const ORIGIN = "http://club.test";
const noParams = { params: Promise.resolve({}) } as never;

function req(path: string, init: RequestInit & { as?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.method === "POST") headers.set("content-type", "application/json");
  if (init.as) headers.set("cookie", `${SESSION_COOKIE}=${sign(init.as)}`);
  return new Request(ORIGIN + path, { ...init, headers });
}

async function body(res: Response) {
  return { status: res.status, json: await res.json() };
}

describe("REST API", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("issues a signed, httpOnly member cookie on first contact and keeps it after", async () => {
    const first = await bookings.GET(req("/api/bookings"), noParams);
    const cookie = first.headers.get("set-cookie")!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=m_[\\w-]+\\.[\\w-]+; Path=/; HttpOnly; SameSite=Lax`));
    const again = await bookings.GET(req("/api/bookings", { headers: { cookie: cookie.split(";")[0] } }), noParams);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("treats a forged cookie as a stranger", async () => {
    const forged = `${SESSION_COOKIE}=alice.${"x".repeat(43)}`;
    const res = await bookings.GET(req("/api/bookings", { headers: { cookie: forged } }), noParams);
    expect(res.headers.get("set-cookie")).toMatch(/^csp_member=m_/);
  });

  it("lists free slots for a date and hour", async () => {
    const { status, json } = await body(await availability.GET(req("/api/availability?date=2026-12-02&time=09:00"), noParams));
    expect(status).toBe(200);
    expect(json.slots.map((s: { slot_id: string }) => s.slot_id)).toEqual([
      "2026-12-02_CourtB_0900",
      "2026-12-02_CourtC_0900",
      "2026-12-02_CourtD_0900",
    ]);
  });

  it.each([
    ["/api/availability", "bad_request", 400],
    ["/api/availability?date=tomorrow", "bad_request", 400],
    ["/api/availability?date=2026-02-30", "invalid_date", 400],
    ["/api/availability?date=2026-12-02&time=23:00", "outside_hours", 409],
    ["/api/availability?date=2026-12-31&time=10:00", "beyond_horizon", 409],
  ])("refuses %s with %s", async (path, code, status) => {
    const res = await body(await availability.GET(req(path), noParams));
    expect(res).toMatchObject({ status, json: { error: { code } } });
    expect(typeof res.json.error.message).toBe("string");
  });

  it("books, lists and cancels a member's own booking", async () => {
    const made = await body(
      await bookings.POST(
        req("/api/bookings", { as: "alice", method: "POST", body: JSON.stringify({ slot_id: "2026-12-03_CourtC_1100" }) }),
        noParams,
      ),
    );
    expect(made).toMatchObject({ status: 201, json: { slot_id: "2026-12-03_CourtC_1100", court: "Court C" } });
    const mine = await body(await bookings.GET(req("/api/bookings", { as: "alice" }), noParams));
    expect(mine.json.bookings).toHaveLength(1);
    const theirs = await body(await bookings.GET(req("/api/bookings", { as: "bob" }), noParams));
    expect(theirs.json.bookings).toHaveLength(0);

    const params = { params: Promise.resolve({ id: made.json.booking_id }) };
    expect(
      await body(await bookingById.DELETE(req(`/api/bookings/${made.json.booking_id}`, { as: "bob", method: "DELETE" }), params)),
    ).toMatchObject({ status: 404, json: { error: { code: "booking_not_found" } } });
    expect((await bookingById.DELETE(req(`/api/bookings/${made.json.booking_id}`, { as: "alice", method: "DELETE" }), params)).status).toBe(
      200,
    );
    expect(
      await body(await bookingById.DELETE(req(`/api/bookings/${made.json.booking_id}`, { as: "alice", method: "DELETE" }), params)),
    ).toMatchObject({ status: 404, json: { error: { code: "booking_not_found" } } });
  });

  it.each([
    ["2026-12-02_CourtA_0900", "slot_taken", 409],
    ["2026-12-01_CourtA_0900", "slot_in_past", 409],
    ["2026-12-02_CourtA_0630", "outside_hours", 409],
    ["2026-12-02_CourtE_1000", "slot_not_found", 404],
    ['\'; DROP TABLE "Booking"; --', "slot_not_found", 404],
    ["2026-12-20_CourtA_1000", "beyond_horizon", 409],
  ])("refuses to book %s with %s", async (slot_id, code, status) => {
    const res = await body(
      await bookings.POST(req("/api/bookings", { as: "alice", method: "POST", body: JSON.stringify({ slot_id }) }), noParams),
    );
    expect(res).toMatchObject({ status, json: { error: { code } } });
  });

  it("enforces six upcoming bookings in all", async () => {
    const slots = ["2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07", "2026-12-08"].map(
      (d) => `${d}_CourtB_1100`,
    );
    const codes = [];
    for (const slot_id of slots)
      codes.push(
        (await bookings.POST(req("/api/bookings", { as: "carol", method: "POST", body: JSON.stringify({ slot_id }) }), noParams)).status,
      );
    expect(codes).toEqual([201, 201, 201, 201, 201, 201, 409]);
  });

  it("returns the first result for a retried Idempotency-Key", async () => {
    const send = () =>
      bookings.POST(
        req("/api/bookings", {
          as: "dave",
          method: "POST",
          headers: { "idempotency-key": "k-1" },
          body: JSON.stringify({ slot_id: "2026-12-04_CourtA_0800" }),
        }),
        noParams,
      );
    const a = await body(await send());
    const b = await body(await send());
    expect(b.json.booking_id).toBe(a.json.booking_id);
  });

  it("refuses malformed and oversized bodies without touching the schedule", async () => {
    expect(await body(await bookings.POST(req("/api/bookings", { method: "POST", body: "{nope" }), noParams))).toMatchObject({
      status: 400,
      json: { error: { code: "bad_request" } },
    });
    expect(
      await body(await bookings.POST(req("/api/bookings", { method: "POST", body: JSON.stringify({ slot: 1 }) }), noParams)),
    ).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    const huge = JSON.stringify({ slot_id: "2026-12-04_CourtA_0800", pad: "x".repeat(17_000) });
    expect(await body(await bookings.POST(req("/api/bookings", { method: "POST", body: huge }), noParams))).toMatchObject({
      status: 413,
      json: { error: { code: "payload_too_large" } },
    });
  });

  it("shows the day with free, taken, yours and past cells", async () => {
    await bookings.POST(
      req("/api/bookings", { as: "erin", method: "POST", body: JSON.stringify({ slot_id: "2026-12-01_CourtB_1500" }) }),
      noParams,
    );
    const { json } = await body(await schedule.GET(req("/api/schedule?date=2026-12-01", { as: "erin" }), noParams));
    const state = (id: string) => json.cells.find((c: { slot: { slot_id: string } }) => c.slot.slot_id === id).state;
    expect([
      state("2026-12-01_CourtA_0900"),
      state("2026-12-01_CourtA_1800"),
      state("2026-12-01_CourtB_1500"),
      state("2026-12-01_CourtC_1500"),
    ]).toEqual(["past", "taken", "yours", "free"]);
    expect(json.cells).toHaveLength(15 * 4);
  });

  it("allows the demo reset only in development or with ALLOW_RESET=1", async () => {
    const before = process.env.ALLOW_RESET;
    delete process.env.ALLOW_RESET;
    expect((await reset.POST(req("/api/admin/reset", { method: "POST" }), noParams)).status).toBe(403);
    process.env.ALLOW_RESET = "1";
    expect((await reset.POST(req("/api/admin/reset", { method: "POST" }), noParams)).status).toBe(200);
    process.env.ALLOW_RESET = before;
  });
});
