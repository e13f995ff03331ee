import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "compare-test-secret-long-enough";
import * as compare from "@/app/api/compare/route";
import { book, checkAvailability, listBookings } from "@/lib/domain/bookings";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "./helpers";
import { hostServices } from "./services/server";

hostServices();

const post = (member: string, body: unknown) =>
  compare.POST(
    new Request("http://club.test/api/compare", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign(member)}` },
    }),
    { params: Promise.resolve({}) } as never,
  );

describe("compare: one message through every pattern, each in a sandbox of the schedule", () => {
  it("runs every pattern at once, each booking the same slot in its own sandbox, leaving the club's schedule and the member's bookings alone", async () => {
    await freshDb();
    await book("comparer", "2026-12-03_CourtA_1000");
    const results = await Promise.all(
      PATTERN_IDS.map(async (pattern) => {
        const res = await post("comparer", { pattern, message: "Book court B tomorrow at 3pm", options: { simLatency: "off" } });
        expect(res.status).toBe(200);
        return res.json();
      }),
    );
    for (const [i, result] of results.entries()) {
      const pattern = PATTERN_IDS[i];
      expect(result, `pattern ${pattern}`).toMatchObject({
        pattern,
        status: "ok",
        booked: ["2026-12-02_CourtB_1500"],
        run_id: expect.stringMatching(/^run_/),
        sandbox_id: expect.stringMatching(/^sbx_/),
      });
      expect(result.bookings[0]).toMatchObject({ court: "Court B", date: "2026-12-02", time: "15:00" });
      expect(result.metrics.toolCalls).toBeGreaterThanOrEqual(2);
      expect((await loadRun(result.run_id, "comparer~compare"))?.status).toBe("ok");
    }
    expect(new Set(results.map((r) => r.sandbox_id)).size).toBe(PATTERN_IDS.length);
    expect((await checkAvailability("2026-12-02", "15:00")).map((s) => s.court)).toContain("Court B");
    expect((await listBookings("comparer")).map((b) => b.slot_id)).toEqual(["2026-12-03_CourtA_1000"]);
  });

  it("continues a pattern's conversation with a follow-up in the same sandbox", async () => {
    await freshDb();
    const first = await (await post("follower", { pattern: "A", message: "Book a court tomorrow", options: { simLatency: "off" } })).json();
    expect(first).toMatchObject({ status: "ok", booked: [] });
    expect(first.reply).toMatch(/time/i);
    const next = await (
      await post("follower", {
        pattern: "A",
        message: "6pm",
        sessionId: first.session_id,
        sandboxId: first.sandbox_id,
        options: { simLatency: "off" },
      })
    ).json();
    expect(next).toMatchObject({ status: "ok", sandbox_id: first.sandbox_id, session_id: first.session_id });
    expect(next.booked).toHaveLength(1);
    expect(next.booked[0]).toMatch(/^2026-12-02_Court[AC]_1800$/);
    expect(await listBookings("follower")).toEqual([]);
    const stranger = await post("stranger", { pattern: "A", message: "6pm", sessionId: "ses_other123", sandboxId: first.sandbox_id });
    expect(stranger.status).toBe(404);
  });

  it("reports a question that books nothing as booking nothing", async () => {
    await freshDb();
    const result = await (
      await post("asker", { pattern: "F", message: "What is free tomorrow at 4pm?", options: { simLatency: "off" } })
    ).json();
    expect(result).toMatchObject({ status: "ok", booked: [], reply: expect.stringMatching(/Court/) });
    expect(result.metrics.decisions.llm).toBeGreaterThan(0);
  });

  it("refuses a body that is not a comparison", async () => {
    const res = await post("asker", { pattern: "Z", message: "hi" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
    const sessionOnly = await post("asker", { pattern: "A", message: "hi", sessionId: "ses_12345678" });
    expect(sessionOnly.status).toBe(400);
  });
});
