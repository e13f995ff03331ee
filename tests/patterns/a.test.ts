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
    const first = await turn("A", "Book a court for tomorrow", { userId: "slot-filler" });
    expect(first.reply).toMatch(/what time/i);
    const second = await turn("A", "3pm", { userId: "slot-filler", sessionId: first.sessionId });
    expect(second.reply).toMatch(/Court A.*Court D.*which one/i);
    const third = await turn("A", "A", { userId: "slot-filler", sessionId: first.sessionId });
    expect(third.reply).toMatch(/Booked: Court A/);
    expect(await bookingsOf("slot-filler")).toMatchObject([{ slot_id: "2026-12-02_CourtA_1500" }]);
    const byWhom = [first, second, third].flatMap((t) => t.events.filter((e) => e.type === "decision").map((e) => (e as { by: string }).by));
    expect(new Set(byWhom)).toEqual(new Set(["code"]));
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
