import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { patternContract } from "./contract";

patternContract("A");

describe("pattern A: code owns the conversation", () => {
  it("fills date, time and court over several turns, then books", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const first = await turn("A", "Book court B for tomorrow", { userId: "slot-filler" });
    expect(first.reply).toMatch(/what time/i);
    const second = await turn("A", "6pm", { userId: "slot-filler", sessionId: first.sessionId });
    expect(second.reply).toMatch(/Court B is taken at 18:00\. Court A and Court C are free — which one\?/);
    const third = await turn("A", "C", { userId: "slot-filler", sessionId: first.sessionId });
    expect(third.reply).toMatch(/Booked: Court C/);
    expect(await bookingsOf("slot-filler")).toMatchObject([{ slot_id: "2026-12-02_CourtC_1800" }]);
    const byWhom = [first, second, third].flatMap((t) => t.events.filter((e) => e.type === "decision").map((e) => (e as { by: string }).by));
    expect(new Set(byWhom)).toEqual(new Set(["code"]));
  });

  it("picks the court by the member's stated preference when none is named", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("A", "Book an indoor court tomorrow at 3pm", { userId: "indoor-fan" });
    expect(await bookingsOf("indoor-fan")).toMatchObject([{ slot_id: "2026-12-02_CourtD_1500" }]);
    expect(t.events).toContainEqual(expect.objectContaining({ type: "decision", by: "code", choice: expect.stringMatching(/no court named.*CourtD/) }));
  });

  it("answers malformed model JSON with a clear message, never a crash", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("A", "Book a court tomorrow at 3pm", { userId: "garbled", options: { chaos: { malformedJson: true } } });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not valid JSON|could not read/i);
    expect(t.events.filter((e) => e.type === "error").map((e) => (e as { code: string }).code)).toContain("model_output_invalid");
    expect(await bookingsOf("garbled")).toHaveLength(0);
  });
});
