import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "pattern-f-test-secret";
import { patternContract } from "./contract";

patternContract("F");

describe("pattern F: a manager routes to specialist agents", () => {
  it("nests each specialist's run under the manager, with handoffs and the manager's decisions", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("F", "Book court D tomorrow at 8pm", { userId: "routed" });
    expect((await bookingsOf("routed")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);

    const lit = t.events.flatMap((e) =>
      e.type === "node.start" || e.type === "node.end" ? [`${e.type === "node.start" ? "+" : "-"}${e.node}`] : [],
    );
    expect(lit).toEqual([
      "+manager",
      "+availability-agent",
      "+check",
      "+db",
      "-db",
      "-check",
      "-availability-agent",
      "+booking-agent",
      "+book",
      "+db",
      "-db",
      "-book",
      "-booking-agent",
      "-manager",
    ]);
    expect(t.events.filter((e) => e.type === "handoff")).toMatchObject([
      {
        from: "manager",
        to: "availability-agent",
        task: "Which courts are free on Wednesday 2 December 2026 at 20:00? Please list them with their slot_id.",
      },
      { from: "manager", to: "booking-agent", task: "Please book slot 2026-12-02_CourtD_2000 for the member." },
    ]);
    const managerChoices = t.events.flatMap((e) => (e.type === "decision" && e.node === "manager" ? [`${e.by}: ${e.choice}`] : []));
    expect(managerChoices).toEqual([
      'llm: availability_agent({"input":"Which courts are free on Wednesday 2 December 2026 at 20:00? Please list them with their slot_id."})',
      'llm: booking_agent({"input":"Please book slot 2026-12-02_CourtD_2000 for the member."})',
      "llm: answer the member",
    ]);
    expect(t.events.filter((e) => e.type === "llm.request").map((e) => e.type === "llm.request" && e.node)).toEqual([
      "manager",
      "availability-agent",
      "availability-agent",
      "manager",
      "booking-agent",
      "booking-agent",
      "manager",
    ]);
    expect(t.events.find((e) => e.type === "llm.request" && e.node === "booking-agent")).toMatchObject({
      tools: ["book_slot", "my_bookings", "cancel_booking"],
      messages: [expect.objectContaining({ content: "Please book slot 2026-12-02_CourtD_2000 for the member." })],
    });
    expect(t.events.filter((e) => e.type === "edge" && e.label === "task").map((e) => e.type === "edge" && e.to)).toEqual([
      "availability-agent",
      "booking-agent",
    ]);
  });

  it("only asks the availability specialist when the member only asks what is free", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    await freshDb();
    const t = await turn("F", "Which courts are free on Thursday evening?", { userId: "browser" });
    expect(t.events.filter((e) => e.type === "handoff").map((e) => e.type === "handoff" && e.to)).toEqual(["availability-agent"]);
    expect(t.events.some((e) => e.type === "node.start" && e.node === "booking-agent")).toBe(false);
  });

  it("sends the member's own bookings to the booking specialist: it lists them, and cancels the one described in words", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    const { book } = await import("@/lib/domain/bookings");
    await freshDb();
    await book("owner", "2026-12-04_CourtC_1000");
    await book("owner", "2026-12-05_CourtA_1100");
    const listed = await turn("F", "what bookings do I have?", { userId: "owner" });
    expect(listed.events.filter((e) => e.type === "handoff").map((e) => e.type === "handoff" && e.to)).toEqual(["booking-agent"]);
    expect(listed.reply).toMatch(/Friday 4 December at 10:00 on Court C.*Saturday 5 December at 11:00 on Court A/);
    const cancelled = await turn("F", "cancel my booking on saturday", { userId: "owner" });
    expect(cancelled.events.find((e) => e.type === "handoff")).toMatchObject({
      to: "booking-agent",
      task: expect.stringMatching(/^Cancel the member's booking on Saturday 5 December 2026\b/),
    });
    expect(cancelled.reply).toMatch(/Cancelled: Saturday 5 December at 11:00 on Court A/);
    expect((await bookingsOf("owner")).map((b) => b.slot_id)).toEqual(["2026-12-04_CourtC_1000"]);
  });
});

describe("pattern F: a made-up slot", () => {
  it("books no court the member did not ask for when the booking specialist invents a slot id", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("F", "Book court B tomorrow at 3pm", { userId: "made-up-f", options: { chaos: { hallucinatedSlot: true } } });
    const booked = t.events.flatMap((e) => (e.type === "tool.call" && e.tool === "book_slot" ? [JSON.stringify(e.args)] : []));
    expect(booked.length).toBeGreaterThan(0);
    expect((await bookingsOf("made-up-f")).map((b) => b.slot_id).filter((id) => id !== "2026-12-02_CourtB_1500")).toEqual([]);
    // The member hears one apology with the specialist's reason, not the tool's hint on slot ids meant for the model.
    expect(t.reply.match(/Sorry/g) ?? []).toHaveLength(1);
    expect(t.reply).not.toMatch(/slot ids look like|\d{4}-\d{2}-\d{2}_Court/i);
  });
});

describe("pattern F: its own guards, against a scripted model", () => {
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("the SDK stops a manager that keeps sending work to a specialist after the turn limit", async () => {
    const { turn } = await import("./harness");
    const { forever, call, say } = await import("./scripted");
    const { MAX_TURNS } = await import("@/lib/patterns/kit/agents/runner");
    const model = forever((conv) =>
      conv.tools.some((t) => t.name === "availability_agent")
        ? call("availability_agent", { input: "Check tomorrow at 15:00" })
        : say("Court B is free."),
    );
    const t = await turn("F", "What is free tomorrow at 3pm?", { userId: "f-guard", script: model });
    expect(t.status).toBe("error");
    expect(t.events.filter((e) => e.type === "handoff" && e.to === "availability-agent")).toHaveLength(MAX_TURNS);
    expect(t.events.find((e) => e.type === "error" && e.code === "loop_cap")).toBeDefined();
  });
});
