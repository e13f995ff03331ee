import { beforeEach, describe, expect, it } from "vitest";
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
    const byWhom = [first, second, third].flatMap((t) =>
      t.events.filter((e) => e.type === "decision").map((e) => (e as { by: string }).by),
    );
    expect(new Set(byWhom)).toEqual(new Set(["code"]));
  });

  it("picks the court by the member's stated preference when none is named", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("A", "Book an indoor court tomorrow at 3pm", { userId: "indoor-fan" });
    expect(await bookingsOf("indoor-fan")).toMatchObject([{ slot_id: "2026-12-02_CourtD_1500" }]);
    expect(t.events).toContainEqual(
      expect.objectContaining({ type: "decision", by: "code", choice: expect.stringMatching(/no court named.*CourtD/) }),
    );
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

describe("pattern A: its own guards, against a scripted model", () => {
  const TOMORROW = "2026-12-02";
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });
  const request = (intent: string, more: Record<string, unknown> = {}) => ({
    intent,
    date: TOMORROW,
    time: "15:00",
    court: null,
    slot_id: null,
    preferences: [],
    ...more,
  });

  it("asks for the time instead of checking or booking when the parse leaves it out", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const t = await turn("A", "Book a court tomorrow", { userId: "a-guard", script: scripted(json(request("book", { time: null }))) });
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
    expect(t.events.find((e) => e.type === "decision")).toMatchObject({ by: "code", choice: "ask for time" });
    expect(t.reply).toMatch(/What time/);
    expect(await bookingsOf("a-guard")).toHaveLength(0);
  });

  it("books the named court or none: a taken court gets a question, not another court", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const t = await turn("A", "Court A tomorrow at 9", {
      userId: "a-guard",
      script: scripted(json(request("book", { time: "09:00", court: "A" }))),
    });
    expect(t.events.filter((e) => e.type === "tool.call").map((e) => e.type === "tool.call" && e.tool)).toEqual(["check_availability"]);
    expect(t.reply).toMatch(/Court A is taken/);
    expect(await bookingsOf("a-guard")).toHaveLength(0);
  });

  it("gives up clearly on a parse model that keeps answering broken JSON, having run nothing", async () => {
    const { turn } = await import("./harness");
    const { scripted, malformedJson } = await import("./scripted");
    const model = scripted(malformedJson(), malformedJson());
    const t = await turn("A", "Book a court tomorrow at 3pm", { userId: "a-guard", script: model });
    expect(t.status).toBe("error");
    expect(t.events.filter((e) => e.type === "error").map((e) => e.type === "error" && e.code)).toEqual([
      "model_output_invalid",
      "model_output_invalid",
      "model_output_invalid",
    ]);
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
    expect(model.left).toBe(0);
  });

  it("asks which booking to cancel when several fit, then cancels the one named", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const { book } = await import("@/lib/domain/bookings");
    await book("a-two", "2026-12-04_CourtC_1000");
    await book("a-two", "2026-12-04_CourtB_1800");
    const ask = await turn("A", "Cancel my booking on Friday", {
      userId: "a-two",
      script: scripted(json(request("cancel", { date: "2026-12-04", time: null }))),
    });
    expect(ask.reply).toBe("Which one should I cancel: Friday 4 December at 10:00 on Court C or Friday 4 December at 18:00 on Court B?");
    expect(ask.events.some((e) => e.type === "tool.call" && e.tool === "cancel_booking")).toBe(false);
    const done = await turn("A", "the one at 6pm", {
      userId: "a-two",
      sessionId: ask.sessionId,
      script: scripted(json(request("other", { date: null, time: "18:00" }))),
    });
    expect(done.reply).toBe("Cancelled: Friday 4 December at 18:00 on Court B.");
    expect((await bookingsOf("a-two")).map((b) => b.slot_id)).toEqual(["2026-12-04_CourtC_1000"]);
  });
});
