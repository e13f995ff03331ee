import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { hostServices } from "../services/server";
import { patternContract } from "./contract";

hostServices();
patternContract("C");

describe("pattern C: fixed steps, each a service", () => {
  it("calls parse, availability and booking in order, each service's model inside its own group", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    const { patternC } = await import("@/lib/patterns/c/orchestrator");
    await freshDb();
    const t = await turn("C", "Book an indoor court tomorrow at 3pm", { userId: "stepper" });
    expect(t.events.filter((e) => e.type === "http.request").map((e) => e.service)).toEqual(["parse", "availability", "booking"]);
    const groupOf = new Map(patternC.graph.nodes.map((n) => [n.id, n.group]));
    expect(t.events.filter((e) => e.type === "llm.request").map((e) => [e.node, groupOf.get(e.node), e.vendor])).toEqual([
      ["parse-llm", "svc-parse", "openai"],
      ["availability-llm", "svc-availability", "anthropic"],
      ["booking-llm", "svc-booking", "bedrock"],
    ]);
    expect(
      t.events.filter((e) => e.type === "decision" && e.node === "orchestrator").every((e) => e.type === "decision" && e.by === "code"),
    ).toBe(true);
  });

  it("refuses a slot the booking model made up, and books nothing", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("C", "Book a court tomorrow at 3pm", { userId: "dreamer", options: { chaos: { hallucinatedSlot: true } } });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not among the free slots/);
    expect(await bookingsOf("dreamer")).toHaveLength(0);
  });
});

describe("pattern C: its own guards, against a scripted model", () => {
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

  it("the booking service refuses a slot its model was not offered, and books nothing", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, json, call } = await import("./scripted");
    const model = scripted(
      json(request("book")),
      call("check_availability", { date: TOMORROW, time: "15:00" }),
      call("book_slot", { slot_id: "2026-12-02_CourtA_0900" }),
    );
    const t = await turn("C", "Book a court tomorrow at 3pm", { userId: "c-guard", script: model });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not among the free slots/);
    expect(t.events.find((e) => e.type === "decision" && e.node === "booking")).toMatchObject({
      by: "code",
      choice: "reject 2026-12-02_CourtA_0900: not offered",
    });
    expect(t.events.some((e) => e.type === "tool.call" && e.tool === "book_slot")).toBe(false);
    expect(await bookingsOf("c-guard")).toHaveLength(0);
  });

  it("the availability service refuses a passed hour before its model runs", async () => {
    const { turn } = await import("./harness");
    const { scripted, json } = await import("./scripted");
    const model = scripted(json(request("check", { date: "2026-12-01", time: "09:00" })));
    const t = await turn("C", "What's free today at 9?", { userId: "c-guard", script: model });
    expect(t.events.find((e) => e.type === "decision" && e.node === "availability")).toMatchObject({
      by: "code",
      choice: "refuse: slot_in_past",
    });
    expect(model.seen).toHaveLength(1);
    expect(t.reply).toMatch(/in the past/);
  });
});
