import { beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { sign } from "@/lib/signing";
import { CONTRACTS, SERVICES, type ServiceName } from "@/lib/patterns/services";
import { issueServiceToken } from "@/lib/services/token";
import { parseTraceparent, traceIdOf } from "@/lib/services/traceparent";
import { db } from "@/lib/db/client";
import { SEED_USER } from "@/lib/db/seed";
import { book } from "@/lib/domain/bookings";
import { freshDb } from "../helpers";

const caller = { userId: "member-svc", runId: "run_contract", scheduleId: "club" };
const VALID: Record<ServiceName, unknown> = {
  parse: { messages: [{ role: "user", text: "Book a court tomorrow at 3pm" }] },
  availability: { date: "2026-12-02", time: "15:00", court: null },
  booking: {
    date: "2026-12-02",
    time: "15:00",
    court: null,
    preferences: [],
    free_slots: [
      {
        slot_id: "2026-12-02_CourtA_1500",
        court: "Court A",
        date: "2026-12-02",
        time: "15:00",
        duration_minutes: 60,
        surface: "hard",
        indoor: false,
      },
    ],
  },
  "availability-agent": { task: "Check availability for 2026-12-02 at 15:00" },
  "booking-agent": { task: "Book slot 2026-12-02_CourtA_1500" },
};

function call(name: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${issueServiceToken(caller)}` }) {
  const req = new Request(`http://127.0.0.1/api/services/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return SERVICES[name as ServiceName]!(req);
}

// The database starts once, under the hook's longer timeout, not inside the first test that needs it.
beforeAll(async () => {
  await freshDb();
});

describe.each(Object.keys(SERVICES))("the %s service's contract", (name) => {
  it("is what the app serves at /api/services/" + name, async () => {
    const route = await import(`@/app/api/services/${name}/route`);
    expect(route.POST).toBe(SERVICES[name as ServiceName]);
  });

  it("refuses a missing, forged, expired or foreign token with 401", async () => {
    const forged = issueServiceToken(caller).replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const expired = issueServiceToken(caller, Date.now() - 120_000);
    const cookie = sign("m_someone");
    for (const headers of [
      {},
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${cookie}` },
      { authorization: "Basic abc" },
    ] as Record<string, string>[]) {
      const res = await call(name, { input: VALID[name as ServiceName] }, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });

  it("refuses input outside its contract with 400 and {error: {code, message}}", async () => {
    for (const body of [
      "not json",
      { input: {} },
      { input: { ...(VALID[name as ServiceName] as object), date: "tomorrow", messages: [], task: "" } },
      { input: VALID[name as ServiceName], options: { forceSim: "yes" } },
    ]) {
      const res = await call(name, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    }
  });

  it("answers valid input with output in its contract, its events, and the caller's trace continued", async () => {
    await freshDb();
    const sent = `00-${traceIdOf(caller.runId)}-00f067aa0ba902b7-01`;
    const res = await call(
      name,
      { input: VALID[name as ServiceName], options: { forceSim: true } },
      { authorization: `Bearer ${issueServiceToken(caller)}`, traceparent: sent },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(CONTRACTS[name as ServiceName].output.safeParse(body.output).success).toBe(true);
    expect(body.events.length).toBeGreaterThan(0);
    const answered = parseTraceparent(res.headers.get("traceparent"));
    expect(answered?.traceId).toBe(traceIdOf(caller.runId));
    expect(answered?.spanId).not.toBe("00f067aa0ba902b7");
  });
});

describe("the booking service's operations on the caller's own bookings", () => {
  it("lists the bookings of the member in the token, and cancels only theirs", async () => {
    await freshDb();
    const mine = await book(caller.userId, "2026-12-02_CourtB_1500");
    const listed = await (await call("booking", { input: { action: "list" } })).json();
    expect(listed.output).toEqual({ bookings: [mine] });
    const theirs = (await (await db()).booking.findFirst({ where: { userId: SEED_USER } }))!;
    const refused = await (await call("booking", { input: { action: "cancel", booking_id: theirs.id } })).json();
    expect(refused.output).toEqual({
      refused: { code: expect.stringMatching(/^(not_yours|booking_not_found)$/), message: expect.any(String) },
    });
    expect(await (await db()).booking.findUnique({ where: { id: theirs.id } })).not.toBeNull();
    const cancelled = await (await call("booking", { input: { action: "cancel", booking_id: mine.booking_id } })).json();
    expect(cancelled.output).toEqual({ cancelled: mine });
    expect(listed.events.map((e: { type: string; node?: string }) => e.type === "tool.call" && e.node).filter(Boolean)).toEqual(["mine"]);
  });
});

describe("a service's recording in its reply", () => {
  it("comes back as the exchanges the hop made, and a reply whose recording does not add up is refused", async () => {
    const { ServiceReply } = await import("@/lib/services/contract");
    const reply = await (await call("parse", { input: VALID.parse })).json();
    const parsed = ServiceReply.parse(reply);
    expect(parsed.tape?.exchanges.map((e) => [e.seq, e.node, e.protocol])).toEqual([[1, "parse-llm", "openai.chat"]]);

    const bytes = Buffer.from(reply.tape, "base64");
    const tampered = {
      "a byte too many": Buffer.concat([bytes, Buffer.from([0])]),
      "a byte too few": bytes.subarray(0, bytes.length - 1),
      "an index that is not JSON": Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(bytes.length - 4, 0x7b)]),
    };
    for (const [what, wrong] of Object.entries(tampered)) {
      const refused = ServiceReply.safeParse({ ...reply, tape: wrong.toString("base64") });
      expect(refused.success, what).toBe(false);
      expect(refused.error?.issues[0]).toMatchObject({ path: ["tape"], message: expect.stringMatching(/^not a recording/) });
    }
  });
});
