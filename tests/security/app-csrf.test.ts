import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLUB_SCHEDULE } from "@/lib/domain/schedules";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
process.env.ALLOW_RESET = "1";
import * as reset from "@/app/api/admin/reset/route";
import * as bookingById from "@/app/api/bookings/[id]/route";
import * as bookings from "@/app/api/bookings/route";
import * as chat from "@/app/api/chat/route";
import * as patternChat from "@/app/api/patterns/[id]/chat/route";
import * as schedule from "@/app/api/schedule/route";
import { listBookings } from "@/lib/domain/bookings";
import { SESSION_COOKIE } from "@/lib/http/session";
import { issueServiceToken } from "@/lib/services/token";
import { freshDb } from "../helpers";
import { ORIGIN, answer, noParams, request, withId } from "./requests";

/**
 * Issue 10, items 3, 4 and 8: another site cannot change anything in a member's name (JSON only,
 * same origin only), cannot replace a member's identity, and a mangled cookie is no cookie.
 */
const SLOT = "2026-12-03_CourtC_1100";
const book = (headers: Record<string, string>, opts: { as?: string; body?: string } = {}) =>
  bookings.POST(
    request("/api/bookings", { as: opts.as ?? "victim", method: "POST", body: opts.body ?? JSON.stringify({ slot_id: SLOT }), headers }),
    noParams,
  );

describe("CSRF: state changes need JSON from this origin (item 3)", () => {
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(() => {
    delete process.env.ALLOWED_ORIGINS;
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["a form", { "content-type": "application/x-www-form-urlencoded" }],
    ["multipart", { "content-type": "multipart/form-data; boundary=x" }],
    ["no content type", { "content-type": "" }],
  ])("refuses a booking sent as %s with 415 and books nothing", async (_name, headers) => {
    const res = await answer(await book(headers));
    expect(res).toMatchObject({ status: 415, json: { error: { code: "unsupported_media_type" } } });
    expect(await listBookings("victim")).toHaveLength(0);
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example" }],
    ["another port on this host", { origin: "http://club.test:8080" }],
    ["an opaque origin", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ])("refuses a JSON booking from %s with 403 and books nothing", async (_name, headers) => {
    const res = await answer(await book({ "content-type": "application/json", ...headers }));
    expect(res).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
    expect(await listBookings("victim")).toHaveLength(0);
  });

  it("refuses cross-origin runs, cancels and resets too", async () => {
    const evil = { origin: "https://evil.example" };
    expect(
      (
        await chat.POST(
          request("/api/chat", {
            as: "victim",
            method: "POST",
            body: { pattern: "D", message: "Book court B tomorrow at 3pm" },
            headers: evil,
          }),
          noParams,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await patternChat.POST(
          request("/api/patterns/d/chat", {
            as: "victim",
            method: "POST",
            body: { message: "Book court B tomorrow at 3pm" },
            headers: evil,
          }),
          withId("d"),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await chat.POST(
          request("/api/chat", {
            as: "victim",
            method: "POST",
            body: JSON.stringify({ pattern: "D", message: "Book court B tomorrow at 3pm" }),
            headers: { "content-type": "text/plain" },
          }),
          noParams,
        )
      ).status,
    ).toBe(415);
    const made = await answer(await book({}));
    expect(
      (
        await bookingById.DELETE(
          request(`/api/bookings/${made.json.booking_id}`, { as: "victim", method: "DELETE", headers: evil }),
          withId(made.json.booking_id),
        )
      ).status,
    ).toBe(403);
    expect(
      (await reset.POST(request("/api/admin/reset", { method: "POST", headers: { "sec-fetch-site": "cross-site" } }), noParams)).status,
    ).toBe(403);
    expect(
      (
        await reset.POST(
          request("/api/admin/reset", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }),
          noParams,
        )
      ).status,
    ).toBe(415);
    expect(await listBookings("victim")).toHaveLength(1);
  });

  it("accepts the app's own pages, clients that say nothing (curl, SDKs) and configured origins", async () => {
    expect((await book({ origin: ORIGIN, "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await book({}, { as: "script", body: JSON.stringify({ slot_id: "2026-12-03_CourtD_1100" }) })).status).toBe(201);
    process.env.ALLOWED_ORIGINS = "https://club.example.org, https://other.example.org";
    expect(
      (await book({ origin: "https://club.example.org" }, { as: "proxied", body: JSON.stringify({ slot_id: "2026-12-03_CourtB_1100" }) }))
        .status,
    ).toBe(201);
    expect((await reset.POST(request("/api/admin/reset", { method: "POST" }), noParams)).status).toBe(200);
    const made = await answer(await book({}, { as: "canceller", body: JSON.stringify({ slot_id: "2026-12-03_CourtA_1200" }) }));
    expect(
      (
        await bookingById.DELETE(
          request(`/api/bookings/${made.json.booking_id}`, { as: "canceller", method: "DELETE" }),
          withId(made.json.booking_id),
        )
      ).status,
    ).toBe(200);
  });

  it("keeps the server-to-server service routes working with their caller token, JSON only", async () => {
    const { POST } = await import("@/app/api/services/parse/route");
    const token = issueServiceToken({ userId: "svc-member", runId: "run_svc", scheduleId: CLUB_SCHEDULE });
    const body = JSON.stringify({
      input: { messages: [{ role: "user", text: "Book court B tomorrow at 3pm" }] },
      options: { simLatency: "off" },
    });
    const ok = await POST(
      new Request("http://127.0.0.1/api/services/parse", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body,
      }),
    );
    expect(ok.status).toBe(200);
    const plain = await POST(
      new Request("http://127.0.0.1/api/services/parse", {
        method: "POST",
        headers: { "content-type": "text/plain", authorization: `Bearer ${token}` },
        body,
      }),
    );
    expect(plain.status).toBe(415);
  });
});

describe("identity: never issued to a refused or cross-site request (item 4)", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("a cross-site POST without the member's cookie gets no cookie, whatever it asked", async () => {
    const forged = await bookings.POST(
      request("/api/bookings", {
        method: "POST",
        body: { slot_id: SLOT },
        headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
      }),
      noParams,
    );
    expect(forged.headers.get("set-cookie")).toBeNull();
    const plain = await bookings.POST(
      request("/api/bookings", { method: "POST", body: JSON.stringify({ slot_id: SLOT }), headers: { "content-type": "text/plain" } }),
      noParams,
    );
    expect(plain.headers.get("set-cookie")).toBeNull();
  });

  it("a cross-site read (an image tag, a link) gets no cookie either", async () => {
    const res = await schedule.GET(request("/api/schedule?date=2026-12-02", { headers: { "sec-fetch-site": "cross-site" } }), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("first contact from this site or from a script still gets a cookie", async () => {
    const page = await schedule.GET(request("/api/schedule?date=2026-12-02", { headers: { "sec-fetch-site": "same-origin" } }), noParams);
    expect(page.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=m_`));
    const script = await bookings.POST(request("/api/bookings", { method: "POST", body: { slot_id: SLOT } }), noParams);
    expect(script.status).toBe(201);
    expect(script.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=m_`));
  });
});

describe("a malformed member cookie is no cookie (item 8)", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it.each(["%E0", "%", "%E0%A4%A", "m_x.%ZZ"])("csp_member=%s answers like a first visit", async (value) => {
    const res = await answer(await bookings.GET(request("/api/bookings", { cookie: `${SESSION_COOKIE}=${value}` }), noParams));
    expect(res).toMatchObject({ status: 200, json: { bookings: [] } });
    expect(res.cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=m_`));
  });
});
