import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "compare-test-secret-long-enough";
import * as compare from "@/app/api/compare/route";
import { book, checkAvailability, listBookings } from "@/lib/domain/bookings";
import { SESSION_COOKIE, sign } from "@/lib/http/session";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "./helpers";
import { hostServices } from "./services/server";

hostServices();

const post = (member: string, body: unknown) =>
  compare.POST(new Request("http://club.test/api/compare", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign(member)}` } }), { params: Promise.resolve({}) } as never);

describe("compare: one message through every pattern, each in a sandbox of the schedule", () => {
  it("lets every pattern book the same slot, then releases it, leaving the member's own bookings alone", async () => {
    await freshDb();
    await book("comparer", "2026-12-03_CourtA_1000");
    for (const pattern of PATTERN_IDS) {
      const res = await post("comparer", { pattern, message: "Book court B tomorrow at 3pm", options: { simLatency: "off" } });
      expect(res.status).toBe(200);
      const result = await res.json();
      expect(result, `pattern ${pattern}`).toMatchObject({ pattern, status: "ok", booked: ["2026-12-02_CourtB_1500"], run_id: expect.stringMatching(/^run_/) });
      expect(result.metrics.toolCalls).toBeGreaterThanOrEqual(2);
      expect((await loadRun(result.run_id, "comparer~compare"))?.status).toBe("ok");
    }
    expect((await checkAvailability("2026-12-02", "15:00")).map((s) => s.court)).toContain("Court B");
    expect((await listBookings("comparer")).map((b) => b.slot_id)).toEqual(["2026-12-03_CourtA_1000"]);
  });

  it("reports a question that books nothing as booking nothing", async () => {
    await freshDb();
    const result = await (await post("asker", { pattern: "F", message: "What is free tomorrow at 4pm?", options: { simLatency: "off" } })).json();
    expect(result).toMatchObject({ status: "ok", booked: [], reply: expect.stringMatching(/Court/) });
    expect(result.metrics.decisions.llm).toBeGreaterThan(0);
  });

  it("refuses a body that is not a comparison", async () => {
    const res = await post("asker", { pattern: "Z", message: "hi" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
    const withSession = await post("asker", { pattern: "A", message: "hi", sessionId: "ses_12345678" });
    expect(withSession.status).toBe(400);
  });
});
