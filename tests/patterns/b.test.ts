import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { patternContract } from "./contract";

patternContract("B");

describe("pattern B: fixed steps", () => {
  it("runs Parse → Validate → Check → Select → Book → Confirm in order", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    await freshDb();
    const t = await turn("B", "Book an indoor court tomorrow at 3pm", { userId: "stepper" });
    const order = t.events
      .filter((e) => e.type === "node.start")
      .map((e) => (e as { node: string }).node)
      .filter((n) => !n.endsWith("-llm") && n !== "db");
    expect(order).toEqual(["parse", "validate", "check", "select", "book", "confirm"]);
    expect(t.events.find((e) => e.type === "decision" && e.by === "llm")).toMatchObject({ node: "select" });
  });

  it("ends after Validate when the day is missing, and after Check when only asking", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    await freshDb();
    const noDay = await turn("B", "Book a court please", { userId: "asker" });
    expect(noDay.events.some((e) => e.type === "node.start" && e.node === "check")).toBe(false);
    const onlyAsking = await turn("B", "What's free on Friday?", { userId: "asker" });
    expect(onlyAsking.events.some((e) => e.type === "node.start" && e.node === "select")).toBe(false);
  });

  it("answers malformed model JSON with a clear message and books nothing", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("B", "Book a court tomorrow at 3pm", { userId: "garbled", options: { chaos: { malformedJson: true } } });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not valid JSON|could not read/i);
    expect(await bookingsOf("garbled")).toHaveLength(0);
  });

  it("refuses a slot the selection model made up", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("B", "Book a court tomorrow at 3pm", { userId: "dreamer", options: { chaos: { hallucinatedSlot: true } } });
    expect(t.reply).toMatch(/not among the free slots/);
    expect(await bookingsOf("dreamer")).toHaveLength(0);
  });
});

describe("pattern B: its own guards, against a scripted model", () => {
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

  it("Select: refuses a slot the selection model was not offered, and books nothing", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const t = await turn("B", "Book a court tomorrow at 3pm", {
      userId: "b-guard",
      script: scripted(json(request("book")), json({ slot_id: "2026-12-02_CourtA_0900", reason: "made up" })),
    });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not among the free slots/);
    expect(t.events.find((e) => e.type === "decision" && e.node === "select")).toMatchObject({
      by: "code",
      choice: "reject 2026-12-02_CourtA_0900: not offered",
    });
    expect(t.events.some((e) => e.type === "tool.call" && e.tool === "book_slot")).toBe(false);
    expect(await bookingsOf("b-guard")).toHaveLength(0);
  });

  it("Validate: stops a request for a closed hour before any check, whatever the parse says", async () => {
    const { turn } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const t = await turn("B", "Book a court tomorrow at 11pm", {
      userId: "b-guard",
      script: scripted(json(request("book", { time: "23:00" }))),
    });
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
    expect(t.events.find((e) => e.type === "decision" && e.node === "validate")).toMatchObject({
      by: "code",
      choice: expect.stringMatching(/^stop: Courts are booked by the hour/),
    });
  });
});
